"""Reads of the rescue station, always scoped to the user's region (``visible_to``/``access_scoped``), and the
lists the rules make: notices overdue (24 hours), announcements overdue (24 hours), stays past their limit, and
long stays due for 安置 (over 3 months unidentified)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from minzheng.casework.models import Case
from minzheng.casework.topics import case_topic_filter
from minzheng.core.models import User
from minzheng.core.scope import OutOfScopeError, access_scoped
from minzheng.rescue import rules
from minzheng.rescue.casetypes import IN_STATION, OPEN
from minzheng.rescue.models import Campaign, ClassSession, Intake, MinorVisit, Notice, Rescuee, Station
from minzheng.rescue.rules import NoticeKind


def stations(*, user: User) -> QuerySet[Station]:
    return Station.objects.visible_to(user).filter(active=True).order_by("id")


def intake_list(*, user: User, state: str = "", q: str = "", minors: bool = False) -> QuerySet[Intake]:
    qs = Intake.objects.visible_to(user).select_related("case", "rescuee", "station")
    if state == "open":
        qs = qs.filter(case__state__in=OPEN)
    elif state:
        qs = qs.filter(case__state=state)
    if q:
        qs = qs.filter(Q(rescuee__name__startswith=q) | Q(case__number=q) | Q(rescuee__code=q))
    if minors:
        qs = qs.filter(minor=True)
    return qs.order_by("-arrived_at", "-id")


def intake_get(*, user: User, pk: Any) -> Intake:
    return access_scoped(
        user, Intake.objects.select_related("case", "rescuee", "rescuee__person", "station", "grid_case"), pk,
        label="救助登记",
    )  # fmt: skip


def rescuee_photo_get(*, user: User, intake_pk: Any) -> Rescuee:
    """The photo's owner of a stay the user may see (scope checked by ``intake_get``); a stay out of scope, or a person
    without a photo, is the same 404 (``OutOfScopeError``)."""
    rescuee = intake_get(user=user, pk=intake_pk).rescuee
    if not rescuee.photo:
        raise OutOfScopeError("照片")
    return rescuee


def _in_station(user: User) -> QuerySet[Intake]:
    return intake_list(user=user).filter(case__state__in=IN_STATION)


def notices_overdue(*, user: User, now: datetime | None = None) -> QuerySet[Intake]:
    """Identity known more than 24 hours ago and no one notified yet (family, or guardian for a minor)."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=rules.NOTICE_HOURS)
    return _in_station(user).filter(
        rescuee__identified_at__isnull=False, rescuee__identified_at__lt=cutoff,
        family_notified_at__isnull=True, guardian_notified_at__isnull=True,
    )  # fmt: skip


def announcements_overdue(*, user: User, now: datetime | None = None) -> QuerySet[Intake]:
    """Identity unknown, in the station more than 24 hours and no 寻亲公告 published (民发〔2015〕158号)."""
    now = now or timezone.now()
    announced = Notice.objects.filter(intake=OuterRef("pk"), kind=NoticeKind.ANNOUNCEMENT)
    return (
        _in_station(user)
        .filter(
            rescuee__identified_at__isnull=True, arrived_at__lt=now - timedelta(hours=rules.ANNOUNCE_HOURS)
        )
        .exclude(Exists(announced))
    )


def stays_overdue(*, user: User, on: date | None = None) -> QuerySet[Intake]:
    """Stays past their limit (10 days, or the approved extension) and still at the station."""
    on = on or timezone.localdate()
    return _in_station(user).filter(stay_until__lt=on, case__state__in=("sheltered", "extended"))


def long_stays(*, user: User, on: date | None = None) -> QuerySet[Intake]:
    """长期滞留人员: unidentified and at the station for more than 3 months — the list for the 安置 decision."""
    on = on or timezone.localdate()
    latest = rules.month_add(on, -rules.LONG_STAY_MONTHS) - timedelta(days=1)  # arrived on or before this day
    end = timezone.make_aware(datetime.combine(latest + timedelta(days=1), datetime.min.time()))
    return _in_station(user).filter(rescuee__identified_at__isnull=True, arrived_at__lt=end)


def outreach_events(*, user: User) -> QuerySet[Case]:
    """Open grid events of category 流浪乞讨 not yet taken up by the station (found through casework's topics)."""
    taken = Intake.objects.filter(grid_case=OuterRef("pk"))
    return (
        Case.objects.visible_to(user)
        .filter(case_topic_filter("grid_event", rules.OUTREACH_TOPIC), closed_at__isnull=True)
        .exclude(Exists(taken))
        .order_by("-opened_at")
    )


def class_sessions(*, user: User) -> QuerySet[ClassSession]:
    return (
        ClassSession.objects.visible_to(user).select_related("station").prefetch_related("attendees__rescuee")
    )


def campaigns(*, user: User, kind: str = "") -> QuerySet[Campaign]:
    qs = Campaign.objects.visible_to(user).select_related("region")
    return qs.filter(kind=kind) if kind else qs


def minor_visits(*, user: User) -> QuerySet[MinorVisit]:
    return MinorVisit.objects.visible_to(user).select_related("child", "station")


def minors_in_station(*, user: User, station: Station) -> QuerySet[Intake]:
    return _in_station(user).filter(station=station, minor=True)


def person_intakes(*, user: User, person: Any) -> list[Intake]:
    return list(intake_list(user=user).filter(rescuee__person=person)[:20])


def minors_recent(*, user: User) -> QuerySet[Intake]:
    """Minors at the station now or within the last 30 days (for a 第二课堂's attendance)."""
    since = timezone.now() - timedelta(days=30)
    return (
        intake_list(user=user)
        .filter(minor=True)
        .filter(Q(case__state__in=IN_STATION) | Q(left_at__gte=since))
        .select_related("case", "rescuee")
    )
