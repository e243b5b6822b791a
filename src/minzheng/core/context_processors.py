from typing import Any

from django.http import HttpRequest

from minzheng.core.navigation import nav_menus


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav": nav_menus(user, request.path)}
