from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from minzheng.core.audit import acting_as


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Make the request's user and address the actor of every audit entry written while it runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(lambda: getattr(request, "user", None), ip=client_ip(request)):
            return self.get_response(request)


class LoginRequiredMiddleware:
    """Every page needs a login except the public prefixes; the JSON API answers 401 itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        public = path.startswith(settings.PUBLIC_URL_PREFIXES) or path.startswith("/api/")
        if not public and not request.user.is_authenticated:
            return HttpResponseRedirect(
                f"{reverse(settings.LOGIN_URL)}?next={quote(request.get_full_path())}"
            )
        return self.get_response(request)
