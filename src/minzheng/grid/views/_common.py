"""What the grid pages share: paging and small parsing helpers. Who may open a page is its
``core.web.staff_view(capability)``; out-of-scope records become the 404 page in the middleware."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils import timezone

from minzheng.core.errors import DomainError
from minzheng.core.values import month_parse

PAGE_SIZE = 50


def paginate(request: HttpRequest, items: Any, size: int = PAGE_SIZE) -> Page:
    return Paginator(items, size).get_page(request.GET.get("page"))


def int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def month_param(request: HttpRequest) -> tuple[int, int]:
    """``?month=YYYY-MM`` (default, or not a month: this month)."""
    try:
        month = month_parse(request.GET.get("month", ""))
    except DomainError:
        month = timezone.localdate()
    return month.year, month.month
