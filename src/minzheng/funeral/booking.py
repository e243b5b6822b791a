"""清明预约祭扫: the season's parameters, the slots and their quotas, bookings that cannot overbook, check-in at the gate,
cancellation. The booking path is the bureau's highest public load of the year, so on PostgreSQL it is ONE statement
(one round trip, its own transaction — ``_BOOK_PG``), and the same two writes in one transaction elsewhere:

1. ``UPDATE slot SET left = left - 1 WHERE id = … AND left > 0`` (and the season's window and visitor limit, and the
   cemetery open) — the database decides, one row lock per slot, no read-then-write race: when it changes no row
   the slot is full (or the request is refused, and the row the statement read says why);
2. ``INSERT`` the booking — the partial unique index (season, cemetery, ID number) among bookings not cancelled
   refuses a second booking of the same person for the same cemetery, whichever slot, however concurrent; the
   statement (the transaction) then fails as a whole, and the decrement with it.

The request's own fields (name, ID number, phone, plate) are checked first, without the database; then the slot: a
missing slot, the visitor limit, the window, a closed cemetery, full, duplicate — the same Chinese messages on every
path (the portal, the staff pages, the channels' API and its lean WSGI route, ``funeral.api``).

domain.md §8 (Haikou's practice): one booking per person per cemetery, up to 10 people a booking, timed slots
between 3-18 and 4-05; the window and the limits are parameters of the ``Season``.
"""

from __future__ import annotations

import hashlib
import secrets
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from time import monotonic as time_monotonic
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from minzheng.core import inputs
from minzheng.core.audit import Action, audit_append
from minzheng.core.models import User
from minzheng.core.prepared import prepared_cursor
from minzheng.core.roles import require
from minzheng.core.values import phone_clean
from minzheng.funeral import rules
from minzheng.funeral.errors import DuplicateBookingError, FuneralError, SlotFullError
from minzheng.funeral.models import Booking, Cemetery, Channel, Season, Slot
from minzheng.reports.registry import data_changed, data_version_sequenced

SLOT = Slot._meta.db_table
SEASON = Season._meta.db_table
CEMETERY = Cemetery._meta.db_table
BOOKING = Booking._meta.db_table
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at the gate
# The figures counting bookings: on PostgreSQL their version is a sequence advanced as a booking commits (migration
# 0003), not a cache file written per booking. Declared here, imported at start-up by every process
# (contributions → bench → booking), so the booking path and every reader of the figures agree.
data_version_sequenced(Booking._meta.label)


def _code() -> str:
    """12 characters of the 32-letter alphabet, each from 5 random bits (32 = 2⁵: uniform)."""
    return "".join(CODE_ALPHABET[b & 31] for b in secrets.token_bytes(12))


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


def _clean(request: BookingRequest) -> BookingRequest:
    """The request's own fields, checked without the database (the season's limit on visitors is checked with the
    slot, in the same statement that books it)."""
    name = (request.name or "").strip()
    if not name:
        raise FuneralError("请填写预约人姓名", field="name")
    # control characters, bidi overrides (core.inputs)
    refused = inputs.text_refusal(name, label="预约人姓名")
    if refused is not None:
        raise FuneralError(refused, field="name")
    id_number = rules.id_number_clean(request.id_number)
    if request.visitors < 1:
        rules.visitors_check(request.visitors, max_visitors=1)  # the rule's own message
    return BookingRequest(
        slot_id=request.slot_id,
        id_number=id_number,
        name=name[:50],
        visitors=request.visitors,
        phone=phone_clean(request.phone) if (request.phone or "").strip() else "",
        plate=rules.plate_clean(request.plate),
    )


@dataclass(frozen=True)
class _SlotFacts:
    """The slot as the booking statement read it: what the refusals name and check."""

    season_id: int
    cemetery_id: int
    day: date
    starts: time
    ends: time
    year: int
    opens: datetime
    closes: datetime
    max_visitors: int
    cemetery_name: str
    active: bool

    def label(self) -> str:  # Slot.__str__, without loading the cemetery again
        return f"{self.cemetery_name} {self.day:%m月%d日} {self.starts:%H:%M}-{self.ends:%H:%M}"


def _refuse(facts: _SlotFacts, request: BookingRequest, now: datetime) -> FuneralError:
    """Why the slot took no booking: the season's limit, its window, the cemetery closed, else the slot is full —
    the rules of ``rules``, in that order, on the values the statement read."""
    try:
        rules.visitors_check(request.visitors, max_visitors=facts.max_visitors)
        rules.booking_window_check(now, opens=facts.opens, closes=facts.closes)
        if not facts.active:
            raise FuneralError(f"{facts.cemetery_name}暂停开放预约", field="slot")
    except FuneralError as exc:
        return exc
    return SlotFullError(f"{facts.label()}已约满，请选择其他时段", field="slot")


def _duplicate(facts: _SlotFacts) -> DuplicateBookingError:
    return DuplicateBookingError(
        f"该身份证号已预约{facts.year}年{facts.cemetery_name}的祭扫，每人每个公墓每季只能预约一次",
        field="id_number",
    )


def _is_code_clash(exc: IntegrityError) -> bool:
    """The (astronomically rare) clash of a new booking code with an existing one — not the person's duplicate."""
    diag = getattr(exc.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None) or ""
    return name == f"{BOOKING}_code_key" or f"{BOOKING}.code" in str(exc)  # PostgreSQL, SQLite


_Q = connection.ops.quote_name
# The slot, its season and its cemetery, read by the booking statement (both paths): one row, or none.
_FACTS = (
    f"SELECT sl.id, sl.season_id, sl.cemetery_id, sl.day, sl.starts, sl.ends, se.year, se.booking_opens, "
    f"se.booking_closes, se.max_visitors, ce.name, ce.active FROM {SLOT} sl "
    f"JOIN {SEASON} se ON se.id = sl.season_id JOIN {CEMETERY} ce ON ce.id = sl.cemetery_id WHERE sl.id = %(slot)s"
)
_INSERT_COLUMNS = "season_id, cemetery_id, slot_id, id_number, name, phone, visitors, plate, code, status, booked_at, reason"
_INSERT_VALUES = (
    "%(id_number)s, %(name)s, %(phone)s, %(visitors)s, %(plate)s, %(code)s, 'booked', %(now)s, ''"
)
# PostgreSQL: the whole booking in one statement, hence one round trip and its own transaction. The slot's place is
# taken only when the season's limit, its window and the cemetery allow it and a place is left (row lock; a waiting
# UPDATE re-checks ``left`` and the joined rows on the row version it finally gets); the UPDATE returns the facts
# (the slot, its season, its cemetery) it decided on, and the booking row is inserted only when a place was taken.
# The slot row is read once on the way to a booking: it is the row every booking of the slot updates, so under load
# it carries a chain of row versions that every read walks; the facts are read again only for a refusal (the
# ``NOT EXISTS`` is a one-time filter: skipped when the UPDATE took a place). The partial unique index (season,
# cemetery, ID number) refuses a second booking of the person: the statement fails as a whole, the place with it.
# No row: no such slot; a row without a booking: refused, ``_refuse`` says why.
_BOOK_PG = (
    f"WITH u AS (UPDATE {SLOT} t SET {_Q('left')} = t.{_Q('left')} - 1 FROM {SEASON} se, {CEMETERY} ce "
    f"WHERE t.id = %(slot)s AND se.id = t.season_id AND ce.id = t.cemetery_id AND t.{_Q('left')} > 0 "
    f"AND ce.active AND se.booking_opens <= %(now)s AND %(now)s <= se.booking_closes "
    f"AND %(visitors)s <= se.max_visitors RETURNING t.id, t.season_id, t.cemetery_id, t.day, t.starts, t.ends, "
    f"se.year, se.booking_opens, se.booking_closes, se.max_visitors, ce.name, ce.active), "
    f"b AS (INSERT INTO {BOOKING} ({_INSERT_COLUMNS}) SELECT u.season_id, u.cemetery_id, u.id, {_INSERT_VALUES} "
    f"FROM u RETURNING id) "
    f"SELECT u.*, (SELECT id FROM b) FROM u "
    f"UNION ALL SELECT f.*, NULL FROM ({_FACTS}) f WHERE NOT EXISTS (SELECT FROM u)"
)


_FACT_FIELDS = (
    "pk", "season_id", "cemetery_id", "day", "starts", "ends", "season__year", "season__booking_opens",
    "season__booking_closes", "season__max_visitors", "cemetery__name", "cemetery__active",
)  # fmt: skip


def _facts(row: tuple[Any, ...]) -> _SlotFacts:
    return _SlotFacts(
        season_id=row[1], cemetery_id=row[2], day=row[3], starts=row[4], ends=row[5], year=row[6],
        opens=row[7], closes=row[8], max_visitors=row[9], cemetery_name=row[10], active=bool(row[11]),
    )  # fmt: skip


def booking_create(
    *, request: BookingRequest, actor: User | None = None, now: datetime | None = None
) -> Booking:
    """Book a slot for a person (the citizen's own booking: ``actor=None``; a booking taken by phone: the staff
    member, who needs the capability). Refused when the slot is full, outside the window, or the person already
    holds a booking for this cemetery this season — exactly, under any concurrency (see the module). The one booking
    path of the portal, the staff pages and the channels' API."""
    if actor is not None:
        require(actor, "funeral.booking")
    request = _clean(request)
    now = now or timezone.now()
    for _attempt in range(3):  # a new code on the (astronomically rare) clash of two codes
        params = {
            "slot": request.slot_id, "id_number": request.id_number, "name": request.name, "phone": request.phone,
            "visitors": request.visitors, "plate": request.plate, "code": _code(), "now": now,
        }  # fmt: skip
        try:
            if connection.vendor == "postgresql":
                booking = _book_one_statement(request, params)
            else:
                booking = _book_portable(request, params)
        except _CodeClashError:
            continue
        return booking
    raise FuneralError("预约码生成冲突，请重新提交", field="slot")


class _CodeClashError(Exception):
    """The new booking's code clashed with an existing one: try again with another code."""


_BOOKING_FIELDS = [f.attname for f in Booking._meta.concrete_fields]


def _made(facts: _SlotFacts, request: BookingRequest, params: dict[str, Any], pk: int) -> Booking:
    """The booking as stored, built as a query's row is (``from_db``: positional, no per-field defaults)."""
    values = {
        "id": pk, "season_id": facts.season_id, "cemetery_id": facts.cemetery_id, "slot_id": request.slot_id,
        "id_number": request.id_number, "name": request.name, "phone": request.phone, "visitors": request.visitors,
        "plate": request.plate, "code": params["code"], "status": Booking.Status.BOOKED.value,
        "booked_at": params["now"], "checked_in_at": None, "checked_in_by_id": None, "handled_at": None,
        "reason": "",
    }  # fmt: skip
    return Booking.from_db(connection.alias, _BOOKING_FIELDS, [values[name] for name in _BOOKING_FIELDS])


def _book_one_statement(request: BookingRequest, params: dict[str, Any]) -> Booking:
    """PostgreSQL: ``_BOOK_PG``, in autocommit its own transaction (inside a caller's transaction, a savepoint)."""
    outer = connection.in_atomic_block
    try:
        with transaction.atomic() if outer else nullcontext():
            # a server-side prepared statement on this connection: parsed and planned once, not per booking
            cursor = prepared_cursor(connection)
            cursor.execute(_BOOK_PG, params)
            row = cursor.fetchone()
    except IntegrityError as exc:
        if _is_code_clash(exc):
            raise _CodeClashError from None
        with connection.cursor() as cursor:  # the refused statement left nothing: read what the message names
            cursor.execute(_FACTS, params)
            row = cursor.fetchone()
        raise _duplicate(_facts(row)) from None
    if row is None:
        raise FuneralError("预约时段不存在", field="slot")
    facts = _facts(row)
    if row[12] is None:
        raise _refuse(facts, request, params["now"])
    data_changed(Booking._meta.label)  # the figures counting bookings: the raw statement sends no post_save
    return _made(facts, request, params, row[12])


def _book_portable(request: BookingRequest, params: dict[str, Any]) -> Booking:
    """Other databases (SQLite: one writer at a time): the same checks and the same conditional UPDATE, then the
    booking row, in one transaction (the refused duplicate rolls the place back with it)."""
    q = _Q("left")
    with transaction.atomic():
        row = Slot.objects.filter(pk=request.slot_id).values_list(*_FACT_FIELDS).first()
        if row is None:
            raise FuneralError("预约时段不存在", field="slot")
        facts = _facts(row)
        now = params["now"]
        allowed = (
            facts.active and facts.opens <= now <= facts.closes and request.visitors <= facts.max_visitors
        )
        taken = False
        if allowed:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {SLOT} SET {q} = {q} - 1 WHERE id = %s AND {q} > 0", [request.slot_id]
                )
                taken = cursor.rowcount == 1
        if not taken:
            raise _refuse(facts, request, now)
        try:
            with transaction.atomic():
                return Booking.objects.create(
                    season_id=facts.season_id, cemetery_id=facts.cemetery_id, slot_id=request.slot_id,
                    id_number=request.id_number, name=request.name, phone=request.phone, visitors=request.visitors,
                    plate=request.plate, code=params["code"], booked_at=now,
                )  # fmt: skip
        except IntegrityError as exc:
            if _is_code_clash(exc):
                raise _CodeClashError from None
            raise _duplicate(facts) from None


def booking_cancel(*, code: str, id_number: str) -> Booking:
    """The person cancels (by the code and their ID number): the place goes back to the slot."""
    number = rules.id_number_clean(id_number)
    with transaction.atomic():
        booking = Booking.objects.select_for_update().filter(code=(code or "").strip().upper()).first()
        if booking is None or booking.id_number != number:
            raise FuneralError("预约码与身份证号不符", field="code")
        if booking.status != Booking.Status.BOOKED:
            raise FuneralError(f"该预约状态为“{booking.get_status_display()}”，不能取消", field="code")
        booking.status, booking.reason, booking.handled_at = (
            Booking.Status.CANCELLED,
            "本人取消",
            timezone.now(),
        )
        booking.save(update_fields=["status", "reason", "handled_at"])
        _give_back(booking.slot_id)
    return booking


# --- staff changes on the day -------------------------------------------------------------------------------

REASON_MAX = 200


def _reason_clean(reason: str, *, what: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise FuneralError(f"请填写{what}原因", field="reason")
    refused = inputs.text_refusal(text, label=f"{what}原因")
    if refused is not None:
        raise FuneralError(refused, field="reason")
    if len(text) > REASON_MAX:
        raise FuneralError(f"{what}原因不能超过{REASON_MAX}字", field="reason")
    return text


def _slot_label(slot: Slot) -> str:
    return f"{slot.day:%m月%d日} {slot.starts:%H:%M}-{slot.ends:%H:%M}"


def _give_back(slot_id: int) -> None:
    """The place of a booking leaving ``slot_id`` goes back to the slot (never above its quota)."""
    q = _Q("left")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {SLOT} SET {q} = {q} + 1 WHERE id = %s AND {q} < quota", [slot_id])


def _open_for_change(booking: Booking, *, what: str) -> Booking:
    """The booking locked (``select_for_update``: two staff changes of one booking run one after the other) and
    still booked: a booking checked in or cancelled is not changed."""
    locked = Booking.objects.select_for_update(of=("self",)).select_related("cemetery").get(pk=booking.pk)
    if locked.status != Booking.Status.BOOKED:
        raise FuneralError(
            f"预约{locked.code}状态为“{locked.get_status_display()}”，不能{what}", field="booking"
        )
    return locked


def booking_reschedule(
    *, actor: User, booking: Booking, slot_id: int, reason: str, now: datetime | None = None
) -> Booking:
    """改期: staff move a booking to another slot of the same cemetery and season (a slot not yet past) — the
    citizen's code kept, the old place returned, the reason recorded and audited. Quota-exact under concurrency:
    the new place is taken by the same conditional ``UPDATE … AND left > 0`` as a booking; the two slot rows are
    locked in the order of their ids first, so two changes crossing between the same slots never deadlock."""
    require(actor, "funeral.booking_change")
    reason = _reason_clean(reason, what="改期")
    now = now or timezone.now()
    with transaction.atomic():
        current = _open_for_change(booking, what="改期")
        target = Slot.objects.filter(pk=slot_id).first()
        if target is None or (target.season_id, target.cemetery_id) != (
            current.season_id,
            current.cemetery_id,
        ):
            raise FuneralError(f"只能改到{current.cemetery.name}本季的其他时段", field="slot")
        if target.pk == current.slot_id:
            raise FuneralError("新时段与原时段相同", field="slot")
        if target.day < timezone.localdate(now):
            raise FuneralError(f"{_slot_label(target)}已过，不能改到该时段", field="slot")
        old = current.slot_id
        # both slot rows locked in the order of their ids (crossing changes never deadlock); the old one for its label
        locked = Slot.objects.select_for_update().filter(pk__in=[old, target.pk]).order_by("pk")
        before = {slot.pk: slot for slot in locked}[old]
        q = _Q("left")
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {SLOT} SET {q} = {q} - 1 WHERE id = %s AND {q} > 0", [target.pk])
            taken = cursor.rowcount == 1
        if not taken:
            raise SlotFullError(
                f"{current.cemetery.name} {_slot_label(target)}已约满，请选择其他时段", field="slot"
            )
        _give_back(old)
        current.slot_id, current.reason, current.handled_at = target.pk, reason, now
        current.save(update_fields=["slot", "reason", "handled_at"])
        audit_append(
            action=Action.UPDATE, obj=current, actor=actor,
            before={"slot": old, "时段": _slot_label(before)}, after={"slot": target.pk, "时段": _slot_label(target)},
            detail=f"祭扫预约改期：{_slot_label(before)}改为{_slot_label(target)}。原因：{reason}",
        )  # fmt: skip
    current.slot = target
    return current


def booking_refuse(*, actor: User, booking: Booking, reason: str, now: datetime | None = None) -> Booking:
    """取消: staff cancel a booking with a reason (the cemetery closed for a storm, a booking made in error): the
    place goes back to the slot, the citizen's page shows 已取消 and the reason; audited."""
    require(actor, "funeral.booking_change")
    reason = _reason_clean(reason, what="取消")
    now = now or timezone.now()
    with transaction.atomic():
        current = _open_for_change(booking, what="取消")
        current.status, current.reason, current.handled_at = Booking.Status.CANCELLED, reason, now
        current.save(update_fields=["status", "reason", "handled_at"])
        _give_back(current.slot_id)
        audit_append(
            action=Action.UPDATE, obj=current, actor=actor, before={"status": Booking.Status.BOOKED.value},
            after={"status": Booking.Status.CANCELLED.value}, detail=f"工作人员取消祭扫预约。原因：{reason}",
        )  # fmt: skip
    return current


def slots_for_change(booking: Booking, *, today: date | None = None) -> list[Slot]:
    """The slots a booking may move to: its cemetery's other slots this season, not past, with a place left."""
    today = today or timezone.localdate()
    return list(
        Slot.objects.filter(
            season_id=booking.season_id, cemetery_id=booking.cemetery_id, day__gte=today, left__gt=0
        )
        .exclude(pk=booking.slot_id)
        .order_by("day", "starts")
    )


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


# A channel presents its key with every booking: the digest's channel is kept in this process for CHANNEL_TTL seconds
# (a channel switched off or a key revoked stops booking within that time, or at once by ``channel_cache_clear``).
CHANNEL_TTL = 10.0
_CHANNEL_CACHE_MAX = 256
_channels: dict[str, tuple[float, Channel]] = {}


def channel_for_key(key: str) -> Channel | None:
    if not key:
        return None
    digest = hashlib.sha256(key.encode()).hexdigest()
    held = _channels.get(digest)
    now = time_monotonic()
    if held is not None and held[0] > now:
        return held[1]
    channel = Channel.objects.filter(key_digest=digest, active=True).first()
    if channel is None:
        _channels.pop(digest, None)
        return None
    if len(_channels) >= _CHANNEL_CACHE_MAX:
        _channels.clear()
    _channels[digest] = (now + CHANNEL_TTL, channel)
    return channel


def channel_cache_clear() -> None:
    """Forget the channels this process holds (after switching a channel off here, and in tests)."""
    _channels.clear()
