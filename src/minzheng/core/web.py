"""The one web layer every app's pages use: the view decorator, running a service from a form, and the
handling of refusals.

- ``staff_view(capability)``: the page needs a staff login (the middleware) and the capability (403 page saying
  which, in Chinese). Records outside the user's region raise ``OutOfScopeError`` in the selectors and become the
  404 page — once, in ``ErrorPagesMiddleware``, never in a view.
- ``act_and_back(request, fn, success=…, back=…)``: run a write from a small POST form; its ``DomainError``
  becomes a message; back to the page either way (a double click runs the service twice, and the service
  refuses the second time).
- ``form_refuse(form, exc)``: show a ``DomainError`` on the form, on its field when it names one.
- A ``DomainError`` that escapes a view is handled by the middleware: a message and back (POST), a 400 page (GET),
  the message partial for an HTMX request.
- List pages, in three steps: ``list_filters(request, "kind", "status")`` reads the filters from the query string,
  the view passes them to its scoped selector, then ``list_page(request, qs, template=…, filters=…)`` renders one
  page of it (``page``, ``filters``) or ``list_export(request, qs, filename=…, headers=…, row=…, audit=…)`` answers
  the whole of it as an XLSX file.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from minzheng.core.errors import DomainError
from minzheng.core.excel import xlsx_response
from minzheng.core.roles import require
from minzheng.core.scope import OutOfScopeError

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from minzheng.core.models import User

View = Callable[..., HttpResponseBase]  # a page: HTML, a redirect or a file download


class StaffRequest(HttpRequest):
    """The request a staff page or API operation receives (for type checking only): the login middleware
    (pages), ``django_auth`` (the API) and ``staff_view`` guarantee a logged-in staff account, so
    ``request.user`` is a ``User``, never ``AnonymousUser``; ``HtmxMiddleware`` adds ``request.htmx``."""

    user: User
    htmx: HtmxDetails


def staff_view(capability: str | None = None) -> Callable[[View], View]:
    """Decorate a staff page: the user must hold ``capability`` (None: any logged-in staff user)."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if capability is not None:
                require(request.user, capability)
            return view(request, *args, **kwargs)

        wrapper.capability = capability  # type: ignore[attr-defined]  # read by the navigation and tests
        return wrapper

    return decorator


def safe_back(request: HttpRequest, fallback: str = "/") -> str:
    """Where to go back after a POST: ``next`` or the referring page of this site, else ``fallback``."""
    for candidate in (request.POST.get("next"), request.GET.get("next"), request.META.get("HTTP_REFERER")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(candidate)
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return fallback


def act_and_back(request: HttpRequest, fn: Callable[[], Any], *, success: str, back: str) -> HttpResponse:
    """Run a write; show its Chinese refusal if refused; go back to ``back`` either way."""
    try:
        fn()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return HttpResponseRedirect(back)


def form_errors_text(form: forms.Form) -> str:
    """A form's errors as one Chinese sentence, each led by its field's label."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = "；".join(str(e) for e in errors)
        parts.append(f"{label}：{text}" if label else text)
    return "；".join(parts)


def form_refuse(form: forms.Form, exc: DomainError) -> None:
    """Attach a service's refusal to the form: on its field when the form has it, else to the whole form."""
    form.add_error(exc.field if exc.field and exc.field in form.fields else None, exc.message)


PAGE_SIZE = 50  # rows of a list page


def list_filters(
    request: HttpRequest, *names: str, defaults: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The list's filters from the query string, trimmed: each of ``names``, else its default (else ""). A filter
    sent empty stays empty ("全部"), whatever its default."""
    defaults = defaults or {}
    return {name: request.GET.get(name, defaults.get(name, "")).strip() for name in names}


def list_page(
    request: HttpRequest,
    queryset: Any,
    *,
    template: str,
    filters: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
    per_page: int = PAGE_SIZE,
) -> HttpResponse:
    """One page (``?page=``; a page past the end is the last) of a scoped queryset or list, rendered with
    ``page``, ``filters`` and ``context``."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, "filters": dict(filters or {}), **(context or {})})


def list_export(
    request: HttpRequest,
    queryset: Any,
    *,
    filename: str,
    headers: Sequence[str],
    row: Callable[[Any], Sequence[Any]],
    audit: Callable[[], Any] | None,
    sheet: str | None = None,
) -> HttpResponseBase:
    """The whole scoped queryset (or iterable) as an XLSX file ``<filename>-<today>.xlsx``, a row per record.
    ``audit`` records the export (a service's ``…_export_log``) before anything is read; None only for lists
    without personal data, said so by the caller."""
    if audit is not None:
        audit()
    records: Iterable[Any] = queryset.iterator(chunk_size=2000) if hasattr(queryset, "iterator") else queryset
    return xlsx_response(
        f"{filename}-{timezone.localdate():%Y%m%d}.xlsx", sheet=sheet or filename, headers=headers,
        rows=(row(record) for record in records),
    )  # fmt: skip


def refusal_response(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """A ``DomainError`` that reached the top of a page request."""
    if getattr(request, "htmx", False):
        response = render(request, "errors/_message.html", {"message": exc.message})
        response["HX-Retarget"] = "#page-messages"
        response["HX-Reswap"] = "innerHTML"
        return response
    if request.method == "POST":
        messages.error(request, exc.message)
        return HttpResponseRedirect(safe_back(request, request.path if request.method == "GET" else "/"))
    return render(request, "400.html", {"exception": exc.message}, status=400)


class ErrorPagesMiddleware:
    """Refusals that escape a page, handled once: out of scope → 404, ``DomainError`` → message or 400.
    (``PermissionDenied`` and ``Http404`` go to Django's handlers, which render our 403/404 templates.)
    The API under /api/ has its own handlers (config/api.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if request.path_info.startswith("/api/"):
            return None
        if isinstance(exc, OutOfScopeError):
            return render(request, "404.html", {"exception": str(exc)}, status=404)
        if isinstance(exc, DomainError):
            return refusal_response(request, exc)
        return None
