from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from minzheng.core.roles import Perm
from minzheng.core.web import StaffRequest


def require_perm(perm: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: StaffRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_role_perm(perm):
                raise PermissionDenied(f"您的角色没有“{Perm(perm).label}”权限")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
