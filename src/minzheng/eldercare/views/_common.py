"""What every eldercare page shares: the role/scope wrapper and small helpers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from minzheng.casework.services import CaseError
from minzheng.core.masking import mask_citizen_id
from minzheng.core.roles import Role
from minzheng.core.scope import OutOfScopeError
from minzheng.eldercare import selectors
from minzheng.eldercare.services import EldercareError

View = Callable[..., HttpResponse]


def eldercare_view(view: View | None = None, *, roles: frozenset[str] = selectors.ELDERCARE_ROLES) -> Any:
    """Eldercare pages: only the roles that work with elderly care (``roles`` narrows it for a page), and
    out-of-scope records are not found."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.role not in roles:
                raise PermissionDenied("您的角色不办理此项养老服务业务")
            try:
                return view(request, *args, **kwargs)
            except OutOfScopeError as exc:
                raise Http404(str(exc)) from exc

        return wrapper

    return decorate(view) if view is not None else decorate


# The 12349 operators take calls and call back; they do not open meal, settlement, assessment or
# inspection records of the city.
NOT_HOTLINE = selectors.ELDERCARE_ROLES - {Role.HOTLINE_OPERATOR}


def fail(request: HttpRequest, exc: EldercareError | CaseError) -> None:
    messages.error(request, exc.message)


def person_or_error(request: HttpRequest, raw: str, label: str = "人员") -> Any:
    person = selectors.person_by_id_number(user=request.user, raw=raw)
    if person is None:
        raise EldercareError(
            f"人员库中（您的管辖范围内）未找到身份证号码为{mask_citizen_id(raw or '')}的{label}"
        )
    return person


def this_month() -> date:
    return timezone.localdate().replace(day=1)
