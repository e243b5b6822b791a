"""The web layer of the citizens' site: ``citizen_view`` guards a page, ``CitizenRequest`` types it.

- ``citizen_view()``: a signed-in citizen is needed; else the sign-in page, then back here.
- ``citizen_view(verified=True)``: the page shows records the bureau holds about the person (payments, reviews,
  household): the sign-in must have gone to the mobile number on record (``portal.signin``); else a page in the
  site's layout says how to get verified.
Refusals (``DomainError``) and out-of-scope records are handled by the shared ``ErrorPagesMiddleware``; its pages
take the site's layout from ``portal.context``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from minzheng.portal.models import Citizen, CitizenSession

View = Callable[..., HttpResponseBase]


class CitizenRequest(HttpRequest):
    """A request to a ``citizen_view`` page (for type checking): the citizen is signed in."""

    citizen_session: CitizenSession


def citizen_of(request: HttpRequest) -> Citizen:
    return request.citizen_session.citizen  # type: ignore[attr-defined]


def citizen_view(*, verified: bool = False) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            session = getattr(request, "citizen_session", None)
            if session is None:
                return HttpResponseRedirect(
                    f"{reverse('portal:login')}?next={quote(request.get_full_path())}"
                )
            if verified and not session.verified:
                return render(request, "portal/need_verified.html", status=403)
            return view(request, *args, **kwargs)

        wrapper.citizen_required = True  # type: ignore[attr-defined]  # read by the leak-matrix test
        wrapper.verified_required = verified  # type: ignore[attr-defined]
        return wrapper

    return decorator
