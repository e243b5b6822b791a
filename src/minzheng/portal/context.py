from typing import Any

from django.conf import settings
from django.http import HttpRequest

ELDER_COOKIE = "mz_elder"  # 适老化 mode: large text, high contrast


def portal(request: HttpRequest) -> dict[str, Any]:
    """On the citizens' site: its layout for the shared error pages, the citizen, the elder-friendly switch."""
    if not request.path_info.startswith(settings.PORTAL_PREFIX):
        return {}
    session = getattr(request, "citizen_session", None)
    return {
        "site_base": "portal/base.html",
        "site_home": settings.PORTAL_PREFIX,
        "citizen": session.citizen if session is not None else None,
        "citizen_verified": bool(session is not None and session.verified),
        "elder": request.COOKIES.get(ELDER_COOKIE) == "1",
    }
