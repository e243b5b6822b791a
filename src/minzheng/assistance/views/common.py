"""What every assistance page shares: who may open it, and out-of-scope records as 404."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.registration import CASE_ROLES
from minzheng.casework.services import CaseError
from minzheng.core.scope import OutOfScopeError

View = Callable[..., HttpResponse]


def assistance_view(roles: Iterable[str] = CASE_ROLES, perm: str = "") -> Callable[[View], View]:
    """Only the roles that handle assistance (or holders of ``perm``); a record outside the user's
    region is not found (404), as everywhere."""
    allowed = frozenset(roles)

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if perm and not user.has_role_perm(perm):
                raise PermissionDenied("您的角色没有该权限")
            if not perm and user.role not in allowed:
                raise PermissionDenied("您的角色不办理社会救助业务")
            try:
                return view(request, *args, **kwargs)
            except OutOfScopeError as exc:
                raise Http404(str(exc)) from exc

        return wrapper

    return decorator


def act_and_back(request: HttpRequest, back: str, fn: Callable[[], Any], *, success: str) -> HttpResponse:
    """Run a write; show its Chinese refusal if refused; go back to the page either way."""
    try:
        fn()
        messages.success(request, success)
    except (AssistanceError, CaseError) as exc:
        messages.error(request, exc.message)
    return redirect(back)
