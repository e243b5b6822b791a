"""Statistics pages: dashboards, indicator tables and the annual summary. Scope by region (a region outside
the user's subtree is the 404 page, raised by the selectors); capabilities from core/roles.py's reports
section. A page opened without a year opens on the latest year that has data."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from minzheng.core.audit import Action, audit_append
from minzheng.core.excel import xlsx_response
from minzheng.core.models import Region
from minzheng.core.roles import can
from minzheng.core.web import staff_view
from minzheng.reports import annual as annual_mod
from minzheng.reports.dashboards import (
    dashboard_build,
    dashboard_children_warm_schedule,
    dashboard_domains,
    dashboard_indicators,
    dashboard_year,
    region_trail,
    region_visible,
    table_build,
    trend_values,
)
from minzheng.reports.figures import FIGURES
from minzheng.reports.forms import AnnualTemplateForm, TableForm, YearForm
from minzheng.reports.registry import figures_held_notes
from minzheng.reports.services import annual_template_save
from minzheng.reports.snapshots import REFRESH_AFTER


def _home(request: HttpRequest) -> Region:
    """The region a user's statistics open on: their own."""
    if request.user.region is None:
        raise PermissionDenied("您的账号尚未分配所属区划，不能“查看统计报表”")
    return request.user.region


def _domain(request: HttpRequest) -> str:
    return request.GET.get("domain", "overview")


@staff_view("report.view")
def dashboard_home(request: HttpRequest) -> HttpResponse:
    return redirect("reports:dashboard", code=_home(request).code)


@staff_view("report.view")
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    _home(request)
    region = region_visible(user=request.user, code=code)
    domain, today = _domain(request), timezone.localdate()
    form = YearForm.for_query(
        request.GET, default_year=lambda: dashboard_year(region=region, domain=domain, today=today)
    )
    context = dashboard_build(
        user=request.user, region=region, year=form.chosen_year(), domain=domain, today=today
    )
    dashboard_children_warm_schedule(region=region, domain=domain, year=context["year"], today=today)
    query = f"?year={context['year']}&domain={domain}"
    urls = {
        "drill": f"{reverse('reports:dashboard', args=['CODE'])}{query}",
        "trend": f"{reverse('reports:dashboard_trend', args=[region.code])}{query}",
    }
    context |= {"form": form, "urls": urls, "refresh_minutes": int(REFRESH_AFTER.total_seconds() // 60)}
    return render(request, "reports/dashboard.html", context)


@staff_view("report.view")
def dashboard_trend(request: HttpRequest, code: str) -> JsonResponse:
    """One trend chart's monthly values, fetched by the dashboard when the chart is chosen."""
    _home(request)
    region = region_visible(user=request.user, code=code)
    form = YearForm(request.GET)
    if not form.is_valid() or not request.GET.get("group", "").isdigit():
        raise Http404("趋势图参数无效")
    group = trend_values(
        region=region, year=form.cleaned_data["year"], domain=_domain(request),
        group=int(request.GET["group"]), today=timezone.localdate(),
    )  # fmt: skip
    return JsonResponse(group)


@staff_view("report.view")
def table_home(request: HttpRequest) -> HttpResponse:
    return redirect("reports:table", code=_home(request).code)


def _table_for(request: HttpRequest, code: str) -> tuple[Region, TableForm, Any, str]:
    _home(request)
    region = region_visible(user=request.user, code=code)
    domain = _domain(request)
    form = TableForm.for_query(
        request.GET,
        default_year=lambda: dashboard_year(region=region, domain=domain, today=timezone.localdate()),
        first=1,
        last=12,
        by="regions",
    )
    year = form.chosen_year()
    first, last = (form.cleaned_data["first"], form.cleaned_data["last"]) if form.is_valid() else (1, 12)
    by = form.cleaned_data["by"] if form.is_valid() else "regions"
    start, end = date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
    table = table_build(user=request.user, region=region, domain=domain, start=start, end=end, by=by)
    return region, form, table, f"{start.isoformat()}—{end.isoformat()}"


@staff_view("report.view")
def table(request: HttpRequest, code: str) -> HttpResponse:
    region, form, table, period = _table_for(request, code)
    domain = _domain(request)
    context = {
        "region": region,
        "trail": region_trail(user=request.user, region=region),
        "form": form,
        "table": table,
        "period": period,
        "domain": domain,
        "domains": dashboard_domains(),
        "query": form.data.urlencode(),  # the page's query with the year and months it opened on
        "year": form.chosen_year(),
        "rows": list(zip(table.row_links, table.display_rows, strict=True)),
        "can_export": can(request.user, "report.export"),
        "held": figures_held_notes(dashboard_indicators(domain)),
    }
    return render(request, "reports/table.html", context)


@staff_view("report.export")
def table_export(request: HttpRequest, code: str) -> HttpResponse:
    region, _form, table, period = _table_for(request, code)
    audit_append(
        action=Action.EXPORT, obj=region, detail=f"导出指标表：{table.title}，{period}，{len(table.rows)}行"
    )
    return xlsx_response(f"{table.title}.xlsx", sheet="指标", headers=table.headers, rows=table.rows)


def _annual_params(request: HttpRequest) -> tuple[YearForm, Region]:
    region = region_visible(user=request.user, code=request.GET.get("region") or _home(request).code)
    form = YearForm.for_query(request.GET, default_year=lambda: annual_mod.annual_default_year(region=region))
    return form, region


@staff_view("report.view")
def annual(request: HttpRequest) -> HttpResponse:
    form, region = _annual_params(request)
    year = form.chosen_year()
    try:
        report = annual_mod.annual_report_build(year=year, region=region)
    except annual_mod.TemplateError as exc:
        messages.error(request, str(exc))
        report = None
    context = {
        "form": form,
        "report": report,
        "region": region,
        "year": year,
        "query": f"year={year}&region={region.code}",
        "can_edit": can(request.user, "report.template_edit"),
        "appendix_headers": annual_mod.APPENDIX_HEADERS,
        "appendix_rows": annual_mod.appendix_rows(report) if report else [],
        "held": figures_held_notes(annual_mod.annual_indicators()),
    }
    return render(request, "reports/annual.html", context)


_CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@staff_view("report.view")
def annual_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in _CONTENT_TYPES:
        raise Http404("不支持的格式")
    form, region = _annual_params(request)
    year = form.chosen_year()
    report = annual_mod.annual_report_build(year=year, region=region)
    content = annual_mod.annual_render(report, fmt)
    audit_append(
        action=Action.EXPORT,
        obj=region,
        detail=f"下载{year}年度工作总结（{fmt}），{report.computed_count}/{len(report.figures)}处数字已计算",
    )
    response = HttpResponse(content, content_type=_CONTENT_TYPES[fmt])
    filename = f"{report.title}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@staff_view("report.template_edit")
def annual_template(request: HttpRequest) -> HttpResponse:
    form_year = YearForm.for_query(
        request.GET, default_year=lambda: annual_mod.annual_default_year(region=_home(request))
    )
    year = form_year.chosen_year()
    if request.method == "POST":
        form = AnnualTemplateForm(request.POST)
        if form.is_valid():
            annual_template_save(actor=request.user, year=year, text=form.cleaned_data["text"])
            messages.success(request, f"{year}年度总结模板已保存。")
            return redirect(f"{reverse('reports:annual')}?year={year}")
    else:
        form = AnnualTemplateForm(initial={"text": annual_mod.template_text(year=year)})
    figures = [{"figure": f, "source": annual_mod.figure_source(f)} for f in FIGURES]
    return render(request, "reports/annual_template.html", {"form": form, "year": year, "figures": figures})
