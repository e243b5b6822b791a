"""The citizen's side of marriage and funeral services on /m/: marriage appointments, 清明 booking, proxy sweeping,
online memorials and the verification of a certificate.

Every write goes through the domain's own service (``marriage.services.appointment_from_citizen``,
``funeral.booking.booking_create``/``booking_cancel``, ``funeral.remembrance``), with its validation and its Chinese
refusals. A citizen reaches only their own records: appointments where they are a party, bookings and proxy
sweepings under their ID number, messages they left (``MemorialMessageAuthor``) — looked up by (pk AND owner),
404 otherwise. Memorial pages and the verification page are public.
"""

from __future__ import annotations

import mimetypes
import re
from datetime import date, timedelta
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from minzheng.core.errors import DomainError
from minzheng.core.ids import CitizenIdError, parse_citizen_id
from minzheng.core.qr import qr_svg
from minzheng.core.values import phone_clean
from minzheng.core.web import form_refuse
from minzheng.core.workdays import is_workday
from minzheng.funeral import booking as qingming_booking
from minzheng.funeral import remembrance
from minzheng.funeral.errors import DuplicateBookingError
from minzheng.funeral.models import (
    Booking,
    Cemetery,
    Memorial,
    MemorialMessage,
    MemorialVisitDay,
    ProxyOrder,
    ProxyPhoto,
    Slot,
)
from minzheng.funeral.selectors import season_current
from minzheng.marriage import selectors as marriage_selectors
from minzheng.marriage import services as marriage_services
from minzheng.marriage.models import Appointment, Office
from minzheng.portal import civil_follow
from minzheng.portal.forms_civil import MarriageBookingForm, MessageForm, ProxyForm, QingmingForm, VerifyForm
from minzheng.portal.models import Citizen
from minzheng.portal.models_civil import MemorialMessageAuthor
from minzheng.portal.web import CitizenRequest, citizen_of, citizen_view
from minzheng.registry.models import Person

WEEKDAYS = "一二三四五六日"
MARRIAGE_DAYS_AHEAD = 30  # calendar days a citizen may book ahead, from tomorrow
MEMORIALS_PER_PAGE = 20
# the memorials this browser has visited today: a visit is counted once a day per browser
VISITED_COOKIE = "mz_mv"
VISITED_MAX = 50


def _weekday(day: date) -> str:
    return f"{day.month}月{day.day}日 周{WEEKDAYS[day.weekday()]}"


# --- 婚姻登记预约 -------------------------------------------------------------------------------------------


def _my_appointments(citizen: Citizen) -> QuerySet[Appointment]:
    """Appointments the citizen is a party of (whoever of the two booked it)."""
    return Appointment.objects.filter(
        Q(man__id_number=citizen.id_number) | Q(woman__id_number=citizen.id_number)
    ).select_related("office", "man", "woman")


def _marriage_days(office: Office, today: date) -> list[tuple[str, str]]:
    days = [today + timedelta(days=n) for n in range(1, MARRIAGE_DAYS_AHEAD + 1)]
    days = [d for d in days if is_workday(d)]
    left = marriage_selectors.places_left(office=office, days=days)
    return [
        (d.isoformat(), f"{_weekday(d)}（{'余' + str(left[d]) + '个' if left[d] > 0 else '已约满'}）")
        for d in days
    ]


@citizen_view(verified=True)
@require_GET
def marriage_booking(request: CitizenRequest) -> HttpResponse:
    citizen = citizen_of(request)
    upcoming = _my_appointments(citizen).filter(
        status=Appointment.Status.BOOKED, day__gte=timezone.localdate()
    )
    return render(request, "portal/civil/marriage_offices.html", {
        "offices": Office.objects.order_by("code"), "upcoming": list(upcoming),
    })  # fmt: skip


def _other_party(form: MarriageBookingForm) -> Person | None:
    """The other party by the ID number and name typed: a wrong name and an unknown number get the same
    answer (the registry is not an oracle)."""
    try:
        number = parse_citizen_id(form.cleaned_data["other_id_number"].strip()).number
    except CitizenIdError as exc:
        form.add_error("other_id_number", f"对方身份证号码不正确：{exc}")
        return None
    other = Person.objects.filter(
        id_number=number,
        name=form.cleaned_data["other_name"].strip(),
        status__in=[Person.Status.NORMAL, Person.Status.MOVED_OUT],
    ).first()
    if other is None:
        form.add_error(
            "other_id_number",
            "对方的姓名与身份证号码不符或未在人口信息中登记，请核对；如有疑问请到婚姻登记处咨询",
        )
    return other


@citizen_view(verified=True)
def marriage_office(request: CitizenRequest, pk: int) -> HttpResponse:
    citizen = citizen_of(request)
    office = get_object_or_404(Office, pk=pk)
    today = timezone.localdate()
    form = MarriageBookingForm(
        request.POST or None, days=_marriage_days(office, today), initial={"phone": citizen.phone}
    )
    if request.method == "POST" and form.is_valid():
        other = _other_party(form)
        if citizen.person is None:
            form.add_error(None, "您的身份信息未在人口库中登记，请携带身份证件到婚姻登记处现场预约")
        elif other is not None:
            data = form.cleaned_data
            try:
                appointment = marriage_services.appointment_from_citizen(
                    office=office, day=date.fromisoformat(data["day"]), applicant=citizen.person, other=other,
                    kind=data["kind"], party=data["party"], phone=phone_clean(data["phone"]), today=today,
                )  # fmt: skip
            except DomainError as exc:
                form_refuse(form, exc)
            else:
                civil_follow.follow_start(citizen, appointment)
                messages.success(
                    request,
                    f"已预约{office.name}{_weekday(appointment.day)}办理{appointment.get_kind_display()}。",
                )
                return redirect("portal:marriage_detail", pk=appointment.pk)
    return render(request, "portal/civil/marriage_form.html", {"office": office, "form": form})


@citizen_view(verified=True)
@require_GET
def marriage_mine(request: CitizenRequest) -> HttpResponse:
    civil_follow.changes_notify(citizen=citizen_of(request))
    items = _my_appointments(citizen_of(request)).order_by("-day", "-id")
    return render(request, "portal/civil/marriage_mine.html", {"items": items})


@citizen_view(verified=True)
@require_GET
def marriage_detail(request: CitizenRequest, pk: int) -> HttpResponse:
    citizen = citizen_of(request)
    appointment = get_object_or_404(_my_appointments(citizen), pk=pk)
    other = appointment.woman if appointment.man.id_number == citizen.id_number else appointment.man
    return render(request, "portal/civil/marriage_detail.html", {
        "a": appointment, "other": other,
        "can_cancel": appointment.status == Appointment.Status.BOOKED and appointment.day >= timezone.localdate(),
    })  # fmt: skip


@citizen_view(verified=True)
def marriage_cancel(request: CitizenRequest, pk: int) -> HttpResponse:
    """GET: a confirmation (a tap on a phone is easily made); POST: cancel, the place going back to the day."""
    citizen = citizen_of(request)
    appointment = get_object_or_404(_my_appointments(citizen), pk=pk)
    if request.method != "POST":
        return render(request, "portal/civil/cancel_confirm.html", {
            "what": f"{appointment.office.name}{_weekday(appointment.day)}的{appointment.get_kind_display()}预约",
            "back": reverse("portal:marriage_detail", args=[appointment.pk]),
        })  # fmt: skip
    try:
        if appointment.day < timezone.localdate():
            raise DomainError("预约日期已过，不能取消")
        cancelled = marriage_services.appointment_cancel(actor=None, appointment=appointment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        civil_follow.follow_seen(citizen, cancelled)
        messages.success(request, "预约已取消。")
    return redirect("portal:marriage_detail", pk=appointment.pk)


# --- 清明祭扫预约 -------------------------------------------------------------------------------------------


def _my_bookings(citizen: Citizen) -> QuerySet[Booking]:
    return Booking.objects.filter(id_number=citizen.id_number).select_related("slot", "cemetery", "season")


@citizen_view()
@require_GET
def qingming(request: CitizenRequest) -> HttpResponse:
    season, today = season_current(), timezone.localdate()
    cemeteries = []
    if season is not None:
        open_slots = Q(slots__season=season, slots__day__gte=today)
        cemeteries = list(
            Cemetery.objects.filter(active=True)
            .annotate(places=Sum("slots__left", filter=open_slots))
            .filter(places__isnull=False)
            .order_by("name")
        )
    now = timezone.now()
    return render(request, "portal/civil/qingming.html", {
        "season": season, "cemeteries": cemeteries,
        "window_open": season is not None and season.booking_opens <= now <= season.booking_closes,
        "mine": _my_bookings(citizen_of(request)).filter(status=Booking.Status.BOOKED).count(),
    })  # fmt: skip


def _slot_label(slot: Slot) -> str:
    left = f"余{slot.left}个" if slot.left > 0 else "已约满"
    return f"{_weekday(slot.day)} {slot.starts:%H:%M}-{slot.ends:%H:%M}（{left}）"


@citizen_view()
def qingming_cemetery(request: CitizenRequest, pk: int) -> HttpResponse:
    citizen = citizen_of(request)
    cemetery = get_object_or_404(Cemetery, pk=pk, active=True)
    season = season_current()
    if season is None:
        return redirect("portal:qingming")
    slots = Slot.objects.filter(season=season, cemetery=cemetery, day__gte=timezone.localdate()).order_by(
        "day", "starts"
    )
    form = QingmingForm(
        request.POST or None,
        slots=[(str(s.pk), _slot_label(s)) for s in slots],
        max_visitors=season.max_visitors,
    )
    duplicate = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = qingming_booking.booking_create(
                request=qingming_booking.BookingRequest(
                    slot_id=int(data["slot"]), id_number=citizen.id_number, name=citizen.name,
                    visitors=data["visitors"], phone=citizen.phone, plate=data["plate"],
                )
            )  # fmt: skip
        except DuplicateBookingError as exc:
            form_refuse(form, exc)
            duplicate = True
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            civil_follow.follow_start(citizen, made)
            messages.success(request, "预约成功，请在祭扫当天出示预约码入园。")
            return redirect("portal:qingming_detail", pk=made.pk)
    return render(request, "portal/civil/qingming_form.html", {
        "cemetery": cemetery, "season": season, "form": form, "duplicate": duplicate,
    })  # fmt: skip


@citizen_view()
@require_GET
def qingming_mine(request: CitizenRequest) -> HttpResponse:
    civil_follow.changes_notify(citizen=citizen_of(request))
    items = _my_bookings(citizen_of(request)).order_by("-booked_at", "-id")
    return render(request, "portal/civil/qingming_mine.html", {"items": items})


def _svg_inline(text: str) -> str:
    """``core.qr``'s SVG document without its XML declaration, to sit inside the page."""
    svg = qr_svg(text, size_mm=45)
    return svg[svg.index("<svg") :]


@citizen_view()
@require_GET
def qingming_detail(request: CitizenRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_my_bookings(citizen_of(request)), pk=pk)
    booked = item.status == Booking.Status.BOOKED
    return render(request, "portal/civil/qingming_detail.html", {
        "b": item, "qr": _svg_inline(item.code) if booked else "",
        "can_cancel": booked and item.slot.day >= timezone.localdate(),
    })  # fmt: skip


@citizen_view()
def qingming_cancel(request: CitizenRequest, pk: int) -> HttpResponse:
    """GET: a confirmation; POST: cancel, the place going back to the slot."""
    citizen = citizen_of(request)
    item = get_object_or_404(_my_bookings(citizen), pk=pk)
    if request.method != "POST":
        return render(request, "portal/civil/cancel_confirm.html", {
            "what": f"{item.cemetery.name}{_weekday(item.slot.day)} {item.slot.starts:%H:%M}的祭扫预约",
            "back": reverse("portal:qingming_detail", args=[item.pk]),
        })  # fmt: skip
    try:
        if item.slot.day < timezone.localdate():
            raise DomainError("祭扫日期已过，不能取消")
        cancelled = qingming_booking.booking_cancel(code=item.code, id_number=citizen.id_number)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        civil_follow.follow_seen(citizen, cancelled)
        messages.success(request, "预约已取消，名额已退回。")
    return redirect("portal:qingming_detail", pk=item.pk)


# --- 代祭扫 -----------------------------------------------------------------------------------------------


def _my_orders(citizen: Citizen) -> QuerySet[ProxyOrder]:
    return ProxyOrder.objects.filter(requester_id_number=citizen.id_number).select_related("cemetery")


@citizen_view()
@require_GET
def proxy_sweep(request: CitizenRequest) -> HttpResponse:
    civil_follow.changes_notify(citizen=citizen_of(request))
    items = _my_orders(citizen_of(request)).order_by("-ordered_at", "-id")
    return render(request, "portal/civil/proxy_list.html", {"items": items})


@citizen_view()
def proxy_new(request: CitizenRequest) -> HttpResponse:
    citizen = citizen_of(request)
    form = ProxyForm(request.POST or None, initial={"phone": citizen.phone})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        same = _my_orders(citizen).filter(
            cemetery=data["cemetery"], deceased_name=data["deceased_name"].strip(), day=data["day"],
            status=ProxyOrder.Status.ORDERED,
        ).first()  # fmt: skip
        if same is not None:  # a second tap of the same order
            messages.info(request, "您已委托过这次代祭扫，无需重复提交。")
            return redirect("portal:proxy_detail", pk=same.pk)
        try:
            order = remembrance.proxy_order_create(
                cemetery=data["cemetery"], deceased_name=data["deceased_name"], requester_name=citizen.name,
                requester_id_number=citizen.id_number, requester_phone=data["phone"], day=data["day"],
            )  # fmt: skip
        except DomainError as exc:
            if exc.field == "requester_phone":
                exc.field = "phone"
            form_refuse(form, exc)
        else:
            civil_follow.follow_start(citizen, order)
            messages.success(request, "已委托代祭扫，完成后墓园将回传照片。")
            return redirect("portal:proxy_detail", pk=order.pk)
    return render(request, "portal/civil/proxy_form.html", {"form": form})


@citizen_view()
@require_GET
def proxy_detail(request: CitizenRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(_my_orders(citizen_of(request)), pk=pk)
    return render(request, "portal/civil/proxy_detail.html", {"o": order, "photos": list(order.photos.all())})


@citizen_view()
@require_GET
def proxy_photo(request: CitizenRequest, pk: int, photo: int) -> HttpResponse:
    """A returned photo, only to the family who ordered the sweeping (never a public media address)."""
    citizen = citizen_of(request)
    item = get_object_or_404(ProxyPhoto, pk=photo, order__pk=pk, order__requester_id_number=citizen.id_number)
    content_type = mimetypes.guess_type(item.image.name or "")[0] or "application/octet-stream"
    with item.image.open("rb") as f:  # at most 8 MB (funeral.remembrance.PHOTO_MAX_BYTES)
        response = HttpResponse(f.read(), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- 网上祭奠 ---------------------------------------------------------------------------------------------


@require_GET
def memorials(request: HttpRequest) -> HttpResponse:
    """Public: the open memorial pages, searchable by name."""
    q = request.GET.get("q", "").strip()[:50]
    qs = Memorial.objects.filter(active=True).order_by("-id")
    if q:
        qs = qs.filter(name__contains=q)
    page = Paginator(qs, MEMORIALS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/civil/memorials.html", {"page": page, "q": q})


def _visited_today(request: HttpRequest, today: date) -> list[str]:
    raw = request.COOKIES.get(VISITED_COOKIE, "")
    stamp, _, ids = raw.partition(":")
    return ids.split(",") if stamp == f"{today:%Y%m%d}" and ids else []


def memorial_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: a memorial, its approved messages and the online visits; opening it is one visit (once a day per
    browser), the figure the funeral app reports. A signed-in citizen also sees their messages awaiting approval."""
    memorial = get_object_or_404(Memorial, pk=pk, active=True)
    today = timezone.localdate()
    visited = _visited_today(request, today)
    counted = str(memorial.pk) not in visited
    if counted:
        remembrance.memorial_visit(memorial=memorial, day=today)
    session = getattr(request, "citizen_session", None)
    own: list[MemorialMessage] = []
    form = None
    if session is not None:
        mine = MemorialMessageAuthor.objects.filter(citizen=session.citizen).values("message_id")
        own = list(
            MemorialMessage.objects.filter(memorial=memorial, pk__in=mine)
            .exclude(status=MemorialMessage.Status.APPROVED)
            .order_by("-created_at")
        )
        form = MessageForm(initial={"author": session.citizen.name})
    visits = MemorialVisitDay.objects.filter(memorial=memorial).aggregate(n=Sum("visits"))["n"] or 0
    response = render(request, "portal/civil/memorial.html", {
        "m": memorial, "shown": remembrance.memorial_messages_shown(memorial=memorial), "own": own,
        "form": form, "visits": visits,
        "login_url": f"{reverse('portal:login')}?next={quote(request.get_full_path())}",
    })  # fmt: skip
    if counted:
        ids = [*visited, str(memorial.pk)][-VISITED_MAX:]
        response.set_cookie(
            VISITED_COOKIE, f"{today:%Y%m%d}:{','.join(ids)}", max_age=86400, path=settings.PORTAL_PREFIX,
            httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
        )  # fmt: skip
    return response


@citizen_view()
def memorial_message(request: CitizenRequest, pk: int) -> HttpResponse:
    memorial = get_object_or_404(Memorial, pk=pk, active=True)
    if request.method != "POST":
        return redirect("portal:memorial_page", pk=memorial.pk)
    citizen = citizen_of(request)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                message = remembrance.message_post(
                    memorial=memorial, author=form.cleaned_data["author"], text=form.cleaned_data["text"]
                )
                MemorialMessageAuthor.objects.create(citizen=citizen, message=message)
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, "留言已提交，工作人员审核通过后公开显示。")
            return redirect("portal:memorial_page", pk=memorial.pk)
    return render(request, "portal/civil/memorial_message.html", {"m": memorial, "form": form})


# --- 证照核验 ---------------------------------------------------------------------------------------------

_MARRIAGE_TOKEN = re.compile(r"[A-Za-z0-9_-]{24}")
_COMMUNITY_CODE = re.compile(r"[0-9a-f]{16}")
_MARRIAGE_PATH = re.compile(r"/marriage/verify/([A-Za-z0-9_-]{1,40})/?$")
_COMMUNITY_PATH = re.compile(r"/verify/certificates/([A-Za-z0-9_-]{1,40})/?$")
_CERTIFICATE_NUMBER = re.compile(r"(J|L|BJ|BL)\d{6}-\d{4}-\d{6}", re.IGNORECASE)


def verify_target(raw: str) -> str:
    """The verification page a typed or scanned code leads to, decided by its form alone (no look-up here: the
    target page answers as it always does, so this page discloses nothing new); "" when not recognised."""
    text = (raw or "").strip()
    if "/" in text:
        path = urlsplit(text).path
        if found := _MARRIAGE_PATH.search(path):
            return reverse("marriage:verify", args=[found[1]])
        if found := _COMMUNITY_PATH.search(path):
            return reverse("community_public:verify", args=[found[1]])
        return ""
    if _COMMUNITY_CODE.fullmatch(text.lower()):
        return reverse("community_public:verify", args=[text.lower()])
    if _MARRIAGE_TOKEN.fullmatch(text):
        return reverse("marriage:verify", args=[text])
    return ""


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    """Public: type or scan the code printed by a certificate's QR code, and go to its verification page."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        code = form.cleaned_data["code"]
        target = verify_target(code)
        if target:
            return redirect(target)
        if _CERTIFICATE_NUMBER.fullmatch(code.strip()):
            form.add_error(
                "code", "为保护当事人信息，不能凭证书字号核验，请扫描证书上的二维码或输入二维码旁的核验网址"
            )
        else:
            form.add_error("code", "无法识别该核验码，请核对证书、证明上印制的核验网址或核验码")
    return render(request, "portal/civil/verify.html", {"form": form})
