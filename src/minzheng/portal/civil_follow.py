"""Citizens hear of the changes staff make to the civil bookings they made on the site: a marriage appointment
cancelled or moved, a 清明 booking cancelled or moved to another time, a 代祭扫 done or not taken.

The domains (marriage, funeral) know nothing of the site. The site follows each record a citizen made here
(``CivilFollow``: the state and time the citizen last knew) and compares with the domain's record when the citizen
opens the home page or their bookings, and daily (the ``civil_changes`` reminder): a difference the citizen did
not make on the site is one inbox notice (and a text without personal data), once (``notify``'s key). A change
the citizen makes on the site themself (cancelling) is recorded as known (``follow_seen``), and a step that
needs no word (registered at the office, checked in at the gate) is recorded silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from minzheng.casework.models import CaseEvent
from minzheng.funeral.models import Booking, ProxyOrder
from minzheng.marriage.models import Appointment
from minzheng.portal.models import Citizen, CitizenSession
from minzheng.portal.models_apply import ApplyDraft
from minzheng.portal.models_civil import CivilFollow
from minzheng.portal.models_report import CitizenReport
from minzheng.portal.notify import notify
from minzheng.portal.reminders import reminder_register

Record = Appointment | Booking | ProxyOrder
OPEN = (Appointment.Status.BOOKED, Booking.Status.BOOKED, ProxyOrder.Status.ORDERED)


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


def _state(record: Record) -> tuple[str, str]:
    """(status, when) as the follow keeps them: the day, or for a 清明 booking the day and time of its slot."""
    if isinstance(record, Booking):
        slot = record.slot
        return record.status, f"{slot.day.isoformat()} {slot.starts:%H:%M}-{slot.ends:%H:%M}"
    return record.status, record.day.isoformat()


def _field(record: Record) -> str:
    if isinstance(record, Appointment):
        return "appointment"
    return "booking" if isinstance(record, Booking) else "proxy_order"


def follow_start(citizen: Citizen, record: Record) -> None:
    """The citizen made ``record`` on the site: follow it from its state now."""
    status, when = _state(record)
    CivilFollow.objects.get_or_create(
        citizen=citizen, **{_field(record): record}, defaults={"status": status, "when": when}
    )


def follow_seen(citizen: Citizen, record: Record) -> None:
    """The citizen changed ``record`` on the site themself (cancelled it): they know; nothing to tell them."""
    status, when = _state(record)
    CivilFollow.objects.filter(citizen=citizen, **{_field(record): record}).update(status=status, when=when)


def _when_words(when: str) -> str:
    """ "2026-04-03 08:00-10:00" → "4月3日 08:00-10:00"."""
    day, _, time = when.partition(" ")
    return f"{_md(date.fromisoformat(day))} {time}".strip()


def _notice(record: Record, status: str, before: str, when: str) -> tuple[str, str, str] | None:
    """(title, body, url) telling the change from ``before`` (the time the citizen knew) to the record's state
    now; None for a step that needs no word."""
    moved = f"由{_when_words(before)}改为{_when_words(when)}"
    if isinstance(record, Appointment):
        what = f"{record.office.name}{_md(record.day)}的{record.get_kind_display()}登记预约"
        url = reverse("portal:marriage_detail", args=[record.pk])
        if status == Appointment.Status.CANCELLED:
            return "您的婚姻登记预约已取消", f"{what}已取消。如需办理，请重新预约。", url
        if status == Appointment.Status.BOOKED and when != before:
            return "您的婚姻登记预约已改期", f"{record.office.name}的预约{moved}，请按新日期到场。", url
        return None
    if isinstance(record, Booking):
        url = reverse("portal:qingming_detail", args=[record.pk])
        if status == Booking.Status.CANCELLED:
            return (
                "您的清明祭扫预约已取消",
                f"{record.cemetery.name}{_when_words(before)}的祭扫预约已取消，名额已退回。如需祭扫，请重新预约。",
                url,
            )
        if status == Booking.Status.BOOKED and when != before:
            return "您的清明祭扫预约已改期", f"{record.cemetery.name}的祭扫预约{moved}，请按新时段入园。", url
        return None
    url = reverse("portal:proxy_detail", args=[record.pk])
    if status == ProxyOrder.Status.DONE:
        return "您委托的代祭扫已完成", f"{record.cemetery.name}已完成代祭扫，祭扫照片已回传，请查看。", url
    if status == ProxyOrder.Status.CANCELLED:
        return (
            "您委托的代祭扫未能办理",
            f"{record.cemetery.name}{_md(record.day)}的代祭扫已取消，如有疑问请联系墓园。",
            url,
        )
    if status == ProxyOrder.Status.ORDERED and when != before:
        return "您委托的代祭扫已改期", f"{record.cemetery.name}的代祭扫{moved}。", url
    return None


def changes_notify(*, citizen: Citizen | None = None) -> int:
    """Tell each citizen (or only ``citizen``) of the changes to their followed bookings since they last knew:
    one query reads the open follows with their records; a write only for a change. Returns notices sent."""
    follows = (
        CivilFollow.objects.filter(status__in=OPEN)
        .select_related(
            "citizen", "appointment__office", "booking__slot", "booking__cemetery", "proxy_order__cemetery"
        )
        .order_by("pk")
    )  # the notices in the order the citizen made the records, whatever plan the join takes
    if citizen is not None:
        follows = follows.filter(citizen=citizen)
    sent = 0
    now = timezone.now()
    for follow in follows:
        record: Record | None = follow.appointment or follow.booking or follow.proxy_order
        if record is None:
            continue
        status, when = _state(record)
        if (status, when) == (follow.status, follow.when):
            continue
        notice = _notice(record, status, follow.when, when)
        changed: dict[str, Any] = {"status": status, "when": when}
        if notice is not None:
            title, body, url = notice
            key = f"civil:{_field(record)}:{record.pk}:{status}:{when}"
            sent += notify(follow.citizen, title=title, body=body, url=url, key=key)
            changed["changed_at"] = now
        CivilFollow.objects.filter(pk=follow.pk).update(**changed)
    return sent


@reminder_register("civil_changes")
def civil_changes_reminder(day: date) -> int:
    return changes_notify()


# --- the home page: what changed since the citizen's last visit ---------------------------------------------


@dataclass(frozen=True)
class Progress:
    label: str
    url: str
    count: int


def last_visit(session: CitizenSession) -> datetime:
    """The end of the citizen's previous visit (their previous sign-in's last page), else this visit's start."""
    previous = (
        CitizenSession.objects.filter(citizen_id=session.citizen_id, created_at__lt=session.created_at)
        .order_by("-created_at")
        .values_list("last_seen", flat=True)
        .first()
    )
    return previous or session.created_at


def _moves_since(since: datetime) -> Any:
    """Changes of state of a case after ``since`` (not its opening, not a note)."""
    return CaseEvent.objects.filter(at__gt=since).exclude(action="open").exclude(from_state=F("to_state"))


def progress_since(citizen: Citizen, since: datetime) -> list[Progress]:
    """The citizen's items whose state changed after ``since``, by service: reports and help requests, applications,
    the civil bookings (told first: ``changes_notify``). A handful of queries, none per item."""
    changes_notify(citizen=citizen)
    reports = (
        CitizenReport.objects.filter(citizen=citizen, event__isnull=False)
        .filter(Exists(_moves_since(since).filter(case__grid_event=OuterRef("event_id"))))
        .aggregate(
            report=Count("pk", filter=Q(kind=CitizenReport.Kind.REPORT)),
            help=Count("pk", filter=Q(kind=CitizenReport.Kind.HELP)),
        )
    )
    applications = (
        ApplyDraft.objects.filter(citizen=citizen, application__isnull=False)
        .filter(Exists(_moves_since(since).filter(case_id=OuterRef("application__case_id"))))
        .count()
    )
    civil = CivilFollow.objects.filter(citizen=citizen, changed_at__gt=since).aggregate(
        marriage=Count("pk", filter=Q(appointment__isnull=False)),
        qingming=Count("pk", filter=Q(booking__isnull=False)),
        proxy=Count("pk", filter=Q(proxy_order__isnull=False)),
    )
    counts = [
        ("我反映的问题", "portal:report_mine", reports["report"]),
        ("12349求助", "portal:help_list", reports["help"]),
        ("救助申请", "portal:applications", applications),
        ("婚姻登记预约", "portal:marriage_mine", civil["marriage"]),
        ("清明祭扫预约", "portal:qingming_mine", civil["qingming"]),
        ("代祭扫", "portal:proxy_sweep", civil["proxy"]),
    ]
    return [Progress(label, reverse(name), count) for label, name, count in counts if count]
