"""The citizens' site keeps its own sign-in: under ``PORTAL_PREFIX`` the staff login is set aside (a staff
account is an anonymous visitor there) and the citizen's session is read from its own cookie, whose path
limits it to the site — a staff page never receives it, and would not read it if it did. Requests per address
are limited here (``PORTAL_REQUESTS_PER_MINUTE``), and every audit entry written while a citizen's request runs
names the citizen."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from minzheng.core.audit import acting_as
from minzheng.core.middleware import client_ip
from minzheng.portal.signin import session_for


def _over_limit(ip: str | None) -> bool:
    key = f"portal-rate:{ip or '-'}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > settings.PORTAL_REQUESTS_PER_MINUTE


class PortalMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(settings.PORTAL_PREFIX):
            return self.get_response(request)
        request.user = AnonymousUser()
        ip = client_ip(request)
        request.citizen_session = None  # type: ignore[attr-defined]
        if _over_limit(ip):
            response = render(request, "portal/429.html", status=429)
            response["Retry-After"] = "60"
            return response
        token = request.COOKIES.get(settings.PORTAL_COOKIE_NAME, "")
        session = session_for(token)
        request.citizen_session = session  # type: ignore[attr-defined]
        name = session.citizen.audit_name if session is not None else "公众访客"
        with acting_as(None, ip=ip, name=name):
            response = self.get_response(request)
        if token and session is None and settings.PORTAL_COOKIE_NAME not in response.cookies:
            response.delete_cookie(settings.PORTAL_COOKIE_NAME, path=settings.PORTAL_PREFIX)
        return response
