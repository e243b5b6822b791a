from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree as ET

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from minzheng.core import inputs
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


class SessionIdleMiddleware:
    """The idle timeout (等保 2.0: a session unused for ``SESSION_IDLE_MINUTES`` ends) without a session write on
    every request. ``SESSION_SAVE_EVERY_REQUEST`` saved the session — an UPDATE and a COMMIT (a WAL flush) — on
    every page, image-less htmx swap and search keystroke of every clerk; here a session in use is saved when
    its last save is older than ``SESSION_IDLE_RENEW_SECONDS``, which pushes its expiry (and its cookie's) a
    full ``SESSION_COOKIE_AGE`` ahead again. An idle session thus ends between ``SESSION_COOKIE_AGE`` minus the
    renewal interval and ``SESSION_COOKIE_AGE`` after its last request. Empty sessions (anonymous visitors,
    after a logout) are not saved, as before."""

    STAMP = "_idle_renewed"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.modified or session.is_empty():
            return response  # saved anyway (a login, a message, a change), or nothing to keep alive
        now = int(time.time())
        renewed = session.get(self.STAMP)
        if not isinstance(renewed, int) or now - renewed >= settings.SESSION_IDLE_RENEW_SECONDS:
            session[self.STAMP] = now  # modified: SessionMiddleware saves it with a fresh expiry
        return response


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


class InputBoundaryMiddleware:
    """Refuse a request whose path, query string, form fields or JSON strings hold control characters
    (the rule: ``core.inputs``; tab and line breaks pass, a text area sends them), before anything reads
    the database or the session. The answer is a Chinese 400 naming the field, in the caller's language:
    the 400 page (for htmx, the message partial into the page's messages); ``{"field", "message"}`` under
    /api/; GeoReport v2 ``[{"code": 400, "description"}]`` (XML for ``.xml``) under /open311/. Upload
    names need no check: Django drops their unprintable characters.

    Bidi characters pass here (a search for them finds nothing); the services refuse them in what they
    store (``inputs.text_check``)."""

    # A JSON body is parsed here only when its bytes could hold a refused character: a \u escape of
    # U+0000–U+00FF or of a surrogate, a raw C0 byte or DEL, or a UTF-8 encoded C1 character.
    _JSON_SUSPECT = re.compile(
        rb"\\u(?:00[0-9a-fA-F]{2}|[dD][89a-fA-F][0-9a-fA-F]{2})|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]"
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for field, label, value in self._values(request):
            reason = inputs.text_refusal(value, label=label, multiline=True, bidi=False)
            if reason is not None:
                return self._refuse(request, field, reason)
        return self.get_response(request)

    def _values(self, request: HttpRequest) -> Iterator[tuple[str, str, str]]:
        """(field, label, text) of everything the request carries as text, path first."""
        yield "", "网址路径", request.path_info
        for key, values in request.GET.lists():
            yield from self._pairs(key, values, "查询参数")
        content_type = request.content_type or ""
        if request.method == "POST" and content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            for key, values in request.POST.lists():
                yield from self._pairs(key, values, "表单字段")
        elif content_type == "application/json" or content_type.endswith("+json"):
            yield from self._json_strings(request)

    @staticmethod
    def _pairs(key: str, values: list[str], kind: str) -> Iterator[tuple[str, str, str]]:
        shown = inputs.visible(key, 40)
        yield shown, f"{kind}名“{shown}”", key
        for value in values:
            yield shown, f"{kind}“{shown}”", value

    def _json_strings(self, request: HttpRequest) -> Iterator[tuple[str, str, str]]:
        body = request.body
        if not self._JSON_SUSPECT.search(body):
            return
        try:
            document = json.loads(body, strict=False)
        except (ValueError, RecursionError):
            return  # not JSON: the view answers that
        stack: list[tuple[str, Any]] = [("", document)]
        while stack:
            path, node = stack.pop()
            if isinstance(node, str):
                yield path, f"JSON字段“{path or '（根）'}”", node
            elif isinstance(node, dict):
                for key, value in node.items():
                    inner = f"{path}.{inputs.visible(key, 40)}" if path else inputs.visible(key, 40)
                    yield inner, f"JSON字段名“{inner}”", key
                    stack.append((inner, value))
            elif isinstance(node, list):
                stack.extend((f"{path}[{i}]", value) for i, value in enumerate(node))

    @staticmethod
    def _refuse(request: HttpRequest, field: str, message: str) -> HttpResponse:
        path = request.path_info
        if path.startswith("/api/"):
            return JsonResponse(
                {"field": field or None, "message": message},
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        if path.startswith("/open311/"):
            errors = [{"code": 400, "description": message}]
            if path.lower().endswith(".json"):
                return JsonResponse(errors, status=400, safe=False, json_dumps_params={"ensure_ascii": False})
            root = ET.Element("errors")
            error = ET.SubElement(root, "error")
            ET.SubElement(error, "code").text = "400"
            ET.SubElement(error, "description").text = message
            body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
            return HttpResponse(body, status=400, content_type="text/xml; charset=utf-8")
        if request.headers.get("HX-Request") == "true":  # htmx swaps only a 2xx, as core.web's refusals
            response = render(request, "errors/_message.html", {"message": message})
            response["HX-Retarget"] = "#page-messages"
            response["HX-Reswap"] = "innerHTML"
            return response
        return render(request, "400.html", {"exception": message}, status=400)
