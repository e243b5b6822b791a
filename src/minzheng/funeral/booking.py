"""清明预约祭扫: the season's parameters, the slots and their quotas, bookings that cannot overbook, check-in at the gate,
cancellation. The booking path is the bureau's highest public load of the year, so it is two statements:

1. ``UPDATE slot SET left = left - 1 WHERE id = … AND left > 0`` — the database decides, one row lock per slot, no
   read-then-write race: when it changes no row the slot is full;
2. ``INSERT`` the booking — the partial unique index (season, cemetery, ID number) among bookings not cancelled
   refuses a second booking of the same person for the same cemetery, whichever slot, however concurrent; the
   transaction then rolls back, and the decrement with it.

domain.md §8 (Haikou's practice): one booking per person per cemetery, up to 10 people a booking, timed slots
between 3-18 and 4-05; the window and the limits are parameters of the ``Season``.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from minzheng.core.models import User
from minzheng.core.roles import require
from minzheng.core.values import phone_clean
from minzheng.funeral import rules
from minzheng.funeral.errors import DuplicateBookingError, FuneralError, SlotFullError
from minzheng.funeral.models import Booking, Cemetery, Channel, Season, Slot

SLOT = Slot._meta.db_table
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at the gate


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


# --- the season and its slots ------------------------------------------------------------------------------


def season_set(
    *,
    actor: User | None,
    year: int,
    sweep_from: date,
    sweep_to: date,
    booking_opens: datetime,
    booking_closes: datetime,
    max_visitors: int = 10,
    source: str = "",
) -> Season:
    """The year's 清明 season: the sweeping days, the booking window and the visitors a booking may cover."""
    if actor is not None:
        require(actor, "funeral.season")
    if sweep_to < sweep_from:
        raise FuneralError("祭扫结束日不能早于开始日", field="sweep_to")
    if booking_closes <= booking_opens:
        raise FuneralError("预约截止时间须晚于开放时间", field="booking_closes")
    if not 1 <= max_visitors <= 50:
        raise FuneralError("每单最多人数须在1至50之间", field="max_visitors")
    season, _ = Season.objects.update_or_create(
        year=year,
        defaults={
            "sweep_from": sweep_from, "sweep_to": sweep_to, "booking_opens": booking_opens,
            "booking_closes": booking_closes, "max_visitors": max_visitors, "source": (source or "")[:300],
        },
    )  # fmt: skip
    return season


def slots_open(
    *,
    actor: User | None,
    season: Season,
    cemetery: Cemetery,
    times: list[tuple[time, time]],
    quota: int,
    days: list[date] | None = None,
) -> int:
    """Open ``cemetery``'s slots (each of ``times`` on each day of the season, or of ``days``) with ``quota``
    bookings each, in one statement; a slot already open is left as it is. Returns the slots added."""
    if actor is not None:
        require(actor, "funeral.season")
    if quota < 1:
        raise FuneralError("每个时段的预约名额至少为1", field="quota")
    for starts, ends in times:
        if ends <= starts:
            raise FuneralError(f"时段{starts:%H:%M}-{ends:%H:%M}的结束时间须晚于开始时间", field="times")
    span = (season.sweep_to - season.sweep_from).days + 1
    days = days or [season.sweep_from + timedelta(days=n) for n in range(span)]
    for day in days:
        if not season.sweep_from <= day <= season.sweep_to:
            raise FuneralError(f"{day:%Y-%m-%d}不在{season}的祭扫日期内", field="days")
    before = Slot.objects.filter(season=season, cemetery=cemetery).count()
    Slot.objects.bulk_create(
        [
            Slot(season=season, cemetery=cemetery, day=day, starts=s, ends=e, quota=quota, left=quota)
            for day in days
            for s, e in times
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    return Slot.objects.filter(season=season, cemetery=cemetery).count() - before


# --- booking -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BookingRequest:
    """What a person asks for, checked before anything is written."""

    slot_id: int
    id_number: str
    name: str
    visitors: int
    phone: str = ""
    plate: str = ""


def _clean(request: BookingRequest, season: Season) -> BookingRequest:
    name = (request.name or "").strip()
    if not name:
        raise FuneralError("请填写预约人姓名", field="name")
    return BookingRequest(
        slot_id=request.slot_id,
        id_number=rules.id_number_clean(request.id_number),
        name=name[:50],
        visitors=rules.visitors_check(request.visitors, max_visitors=season.max_visitors),
        phone=phone_clean(request.phone) if (request.phone or "").strip() else "",
        plate=rules.plate_clean(request.plate),
    )


def booking_create(
    *, request: BookingRequest, actor: User | None = None, now: datetime | None = None
) -> Booking:
    """Book a slot for a person (the citizen's own booking: ``actor=None``; a booking taken by phone: the staff
    member, who needs the capability). Refused when the slot is full, outside the window, or the person already
    holds a booking for this cemetery this season — exactly, under any concurrency (see the module)."""
    if actor is not None:
        require(actor, "funeral.booking")
    slot = Slot.objects.select_related("season", "cemetery").filter(pk=request.slot_id).first()
    if slot is None:
        raise FuneralError("预约时段不存在", field="slot")
    season = slot.season
    request = _clean(request, season)
    now = now or timezone.now()
    rules.booking_window_check(now, opens=season.booking_opens, closes=season.booking_closes)
    if not slot.cemetery.active:
        raise FuneralError(f"{slot.cemetery.name}暂停开放预约", field="slot")
    with transaction.atomic():
        q = connection.ops.quote_name("left")
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {SLOT} SET {q} = {q} - 1 WHERE id = %s AND {q} > 0", [slot.pk])
            if cursor.rowcount != 1:
                raise SlotFullError(f"{slot}已约满，请选择其他时段", field="slot")
        try:
            with transaction.atomic():
                return Booking.objects.create(
                    season=season, cemetery=slot.cemetery, slot=slot, id_number=request.id_number,
                    name=request.name, phone=request.phone, visitors=request.visitors, plate=request.plate,
                    code=_code(), booked_at=now,
                )  # fmt: skip
        except IntegrityError:
            raise DuplicateBookingError(
                f"该身份证号已预约{season.year}年{slot.cemetery.name}的祭扫，每人每个公墓每季只能预约一次",
                field="id_number",
            ) from None


def booking_cancel(*, code: str, id_number: str) -> Booking:
    """The person cancels (by the code and their ID number): the place goes back to the slot."""
    number = rules.id_number_clean(id_number)
    with transaction.atomic():
        booking = Booking.objects.select_for_update().filter(code=(code or "").strip().upper()).first()
        if booking is None or booking.id_number != number:
            raise FuneralError("预约码与身份证号不符", field="code")
        if booking.status != Booking.Status.BOOKED:
            raise FuneralError(f"该预约状态为“{booking.get_status_display()}”，不能取消", field="code")
        booking.status = Booking.Status.CANCELLED
        booking.save(update_fields=["status"])
        q = connection.ops.quote_name("left")
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {SLOT} SET {q} = {q} + 1 WHERE id = %s AND {q} < quota", [booking.slot_id]
            )
    return booking


def booking_check_in(*, actor: User, code: str, at: datetime | None = None) -> Booking:
    """入园核验: the gate scans the booking's QR code (its ``code``) on the booked day; a booking is checked in once."""
    require(actor, "funeral.checkin")
    at = at or timezone.now()
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("slot", "cemetery")
            .filter(code=(code or "").strip().upper())
            .first()
        )
        if booking is None:
            raise FuneralError("预约码不存在", field="code")
        if not booking.cemetery.operators.filter(pk=actor.pk).exists():
            raise FuneralError(f"您不是{booking.cemetery.name}的经办人，不能核验其预约", field="code")
        if booking.status == Booking.Status.CHECKED_IN:
            raise FuneralError(
                f"该预约已于{timezone.localtime(booking.checked_in_at):%H:%M}入园", field="code"
            )
        if booking.status == Booking.Status.CANCELLED:
            raise FuneralError("该预约已取消", field="code")
        if timezone.localdate(at) != booking.slot.day:
            raise FuneralError(f"该预约的祭扫日期为{booking.slot.day:%Y-%m-%d}，不是今天", field="code")
        booking.status, booking.checked_in_at, booking.checked_in_by = Booking.Status.CHECKED_IN, at, actor
        booking.save(update_fields=["status", "checked_in_at", "checked_in_by"])
    return booking


# --- channels ------------------------------------------------------------------------------------------------


def channel_issue(*, name: str) -> tuple[Channel, str]:
    """A booking channel and its key (shown once; only its digest is kept)."""
    key = secrets.token_urlsafe(32)
    channel = Channel.objects.create(
        name=name.strip()[:50], key_digest=hashlib.sha256(key.encode()).hexdigest()
    )
    return channel, key


def channel_for_key(key: str) -> Channel | None:
    if not key:
        return None
    digest = hashlib.sha256(key.encode()).hexdigest()
    return Channel.objects.filter(key_digest=digest, active=True).first()
