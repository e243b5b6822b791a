"""The citizens' site: home, sign-in, the notice, my account and the inbox. The services' own pages live in
``views_<service>.py`` modules beside this one."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from minzheng.core.masking import mask_citizen_id
from minzheng.core.middleware import client_ip
from minzheng.core.web import form_refuse
from minzheng.portal import signin
from minzheng.portal.catalog import catalog_groups
from minzheng.portal.civil_follow import last_visit, progress_since
from minzheng.portal.context import ELDER_COOKIE
from minzheng.portal.forms import CodeForm, CodeRequestForm
from minzheng.portal.models import Notification
from minzheng.portal.notify import unread_count
from minzheng.portal.web import CitizenRequest, citizen_of, citizen_view

_CHALLENGE = "portal_challenge"  # the sign-in in progress: kept in a signed cookie between the two steps


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith(settings.PORTAL_PREFIX) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return reverse("portal:home")


def home(request: HttpRequest) -> HttpResponse:
    session = getattr(request, "citizen_session", None)
    unread = unread_count(session.citizen) if session is not None else 0
    progress = progress_since(session.citizen, last_visit(session)) if session is not None else []
    return render(
        request, "portal/home.html", {"groups": catalog_groups(), "unread": unread, "progress": progress}
    )


def login(request: HttpRequest) -> HttpResponse:
    form = CodeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = signin.code_request(
                id_number=data["id_number"],
                name=data["name"],
                phone=data["phone"],
                consent=data["consent"],
                ip=client_ip(request),
            )
        except signin.SignInError as exc:
            form_refuse(form, exc)
        else:
            response = HttpResponseRedirect(f"{reverse('portal:login_code')}?next={_next(request)}")
            response.set_signed_cookie(
                _CHALLENGE,
                f"{sent.challenge.pk}:{sent.phone_masked}:{int(sent.to_record)}",
                salt=_CHALLENGE,
                max_age=settings.PORTAL_CODE_MINUTES * 60,
                path=settings.PORTAL_PREFIX,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
            return response
    return render(request, "portal/login.html", {"form": form, "next": _next(request)})


def login_code(request: HttpRequest) -> HttpResponse:
    raw = request.get_signed_cookie(
        _CHALLENGE, default="", salt=_CHALLENGE, max_age=settings.PORTAL_CODE_MINUTES * 60
    )
    if not raw:
        return HttpResponseRedirect(reverse("portal:login"))
    challenge_id, phone_masked, to_record = raw.split(":")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            signed = signin.code_verify(
                challenge_id=int(challenge_id), code=form.cleaned_data["code"], ip=client_ip(request)
            )
        except signin.SignInError as exc:
            form_refuse(form, exc)
        else:
            response = HttpResponseRedirect(_next(request))
            response.delete_cookie(_CHALLENGE, path=settings.PORTAL_PREFIX)
            response.set_cookie(
                settings.PORTAL_COOKIE_NAME,
                signed.token,
                max_age=settings.PORTAL_SESSION_MAX_HOURS * 3600,
                path=settings.PORTAL_PREFIX,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
            return response
    context = {
        "form": form,
        "phone_masked": phone_masked,
        "to_record": to_record == "1",
        "next": _next(request),
    }
    return render(request, "portal/login_code.html", context)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    session = getattr(request, "citizen_session", None)
    if session is not None:
        signin.sign_out(session)
    response = HttpResponseRedirect(reverse("portal:home"))
    response.delete_cookie(settings.PORTAL_COOKIE_NAME, path=settings.PORTAL_PREFIX)
    return response


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html", {"version": signin.NOTICE_VERSION})


@require_POST
def elder_toggle(request: HttpRequest) -> HttpResponse:
    """适老化 mode on or off, for this browser."""
    response = HttpResponseRedirect(_next(request))
    if request.COOKIES.get(ELDER_COOKIE) == "1":
        response.delete_cookie(ELDER_COOKIE, path=settings.PORTAL_PREFIX)
    else:
        response.set_cookie(
            ELDER_COOKIE, "1", max_age=365 * 86400, path=settings.PORTAL_PREFIX, samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )  # fmt: skip
    return response


@citizen_view()
def me(request: CitizenRequest) -> HttpResponse:
    citizen = citizen_of(request)
    context = {
        "id_masked": mask_citizen_id(citizen.id_number),
        "consents": citizen.consents.order_by("-accepted_at"),
        "verified": request.citizen_session.verified,
    }
    return render(request, "portal/me.html", context)


@citizen_view()
def inbox(request: CitizenRequest) -> HttpResponse:
    messages = Notification.objects.filter(citizen=citizen_of(request))[:100]
    return render(request, "portal/inbox.html", {"items": messages})


@citizen_view()
def inbox_open(request: CitizenRequest, pk: int) -> HttpResponse:
    """Open one message: marked read, then on to what it is about (or the inbox)."""
    item = get_object_or_404(Notification, pk=pk, citizen=citizen_of(request))
    if item.read_at is None:
        Notification.objects.filter(pk=item.pk).update(read_at=timezone.now())
    target = item.url if item.url.startswith(settings.PORTAL_PREFIX) else reverse("portal:inbox")
    return HttpResponseRedirect(target)
