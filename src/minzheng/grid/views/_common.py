"""What the grid pages share: who may open them, out-of-scope → 404, small parsing helpers."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from minzheng.core.roles import Role
from minzheng.core.scope import OutOfScopeError

View = Callable[..., HttpResponse]
PAGE_SIZE = 50
# Everyone who works with events, grids and campaigns (not the auditor or the system administrator).
GRID_ROLES = frozenset(Role) - {Role.AUDITOR, Role.SYSADMIN}
MANAGER_ROLES = frozenset(
    {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER}
)
REPORTER_ROLES = frozenset(
    {Role.GRID_WORKER, Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.HOTLINE_OPERATOR}
)


def grid_view(roles: Iterable[str] = GRID_ROLES) -> Callable[[View], View]:
    allowed = frozenset(roles)

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.role not in allowed:
                raise PermissionDenied("您的角色不能使用此功能")
            try:
                return view(request, *args, **kwargs)
            except OutOfScopeError as exc:
                raise Http404(str(exc)) from exc

        return wrapper

    return decorator


def paginate(request: HttpRequest, items: Any, size: int = PAGE_SIZE) -> Page:
    return Paginator(items, size).get_page(request.GET.get("page"))


def int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def month_param(request: HttpRequest) -> tuple[int, int]:
    """``?month=YYYY-MM`` (default: this month)."""
    raw = request.GET.get("month", "")
    try:
        year, month = (int(p) for p in raw.split("-"))
        date(year, month, 1)
        return year, month
    except ValueError:
        today = timezone.localdate()
        return today.year, today.month
