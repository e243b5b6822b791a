"""The eldercare overview page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from minzheng.core.web import staff_view


@staff_view("eldercare.overview")
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    from minzheng.eldercare import indicators

    region = request.user.region
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    figures = [
        ("长者饭堂", indicators.canteens(region, start, today), "家"),
        ("养老机构", indicators.care_homes(region, start, today), "家"),
        ("日间照料中心", indicators.day_care_centres(region, start, today), "家"),
        ("养老床位", indicators.beds(region, start, today), "张"),
        ("在院老人", indicators.beds_occupied(region, start, today), "人"),
        ("今年助餐人次", indicators.meals_served(region, start, today), "人次"),
        ("今年12349求助", indicators.help_requests(region, start, today), "件"),
        ("今年培训护理（管理）人员", indicators.caregivers_trained(region, start, today), "人"),
        ("逾期未整改问题", indicators.findings_overdue(region, start, today), "个"),
    ]
    return render(request, "eldercare/home.html", {"figures": figures, "year": today.year})
