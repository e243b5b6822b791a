"""The station's work beyond one stay: the minors' 第二课堂, the seasonal campaigns (夏季送清凉/寒冬送温暖) and the
visits to minors in difficulty (困境未成年人走访帮扶)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import region_within_scope
from minzheng.registry.models import Person
from minzheng.rescue import rules
from minzheng.rescue.errors import RescueError
from minzheng.rescue.models import Campaign, ClassSession, Intake, MinorVisit, Station
from minzheng.rescue.rules import CampaignKind


def _station_check(actor: User, station: Station) -> None:
    if not region_within_scope(actor, station.region):
        raise RescueError(f"{station.name}不在您的管辖范围内", field="station")


def _present_on(intake: Intake, day: date) -> bool:
    arrived = timezone.localtime(intake.arrived_at).date()
    left = timezone.localtime(intake.left_at).date() if intake.left_at else None
    return arrived <= day and (left is None or left >= day)


def class_session_record(
    *, actor: User, station: Station, held_on: date, topic: str, teacher: str, attendees: Sequence[Intake]
) -> ClassSession:
    """站内“第二课堂” for the minors at the station that day (国办发〔2011〕39号 on the education of minors in
    rescue care [U: the document's wording not checked]); every attendee is a minor of this station present on the
    day."""
    require(actor, "rescue.activity")
    _station_check(actor, station)
    if not topic.strip() or not teacher.strip():
        raise RescueError("请填写第二课堂的主题和授课人", field="topic")
    if not attendees:
        raise RescueError("请选择参加的未成年人", field="attendees")
    attendees = list(
        Intake.objects.select_related("rescuee").filter(pk__in=[i.pk for i in attendees])
    )  # as stored
    for intake in attendees:
        if intake.station_id != station.pk or not intake.minor:
            raise RescueError(f"{intake.rescuee.name}不是本站救助的未成年人", field="attendees")
        if not _present_on(intake, held_on):
            raise RescueError(f"{intake.rescuee.name}在{held_on:%Y年%m月%d日}不在站内", field="attendees")
    with transaction.atomic():
        session = ClassSession.objects.create(
            station=station, region=station.region, held_on=held_on, topic=topic.strip()[:100],
            teacher=teacher.strip()[:50], created_by=actor,
        )  # fmt: skip
        session.attendees.set(attendees)
    return session


def campaign_record(
    *, actor: User, kind: str, region: Region, held_on: date, place: str, person_times: int, items: str = ""
) -> Campaign:
    """One outing of 夏季送清凉 or 寒冬送温暖 with the person-times it reached (the seed document counts 4.17万)."""
    require(actor, "rescue.activity")
    if kind not in CampaignKind.values:
        raise RescueError(f"未知的专项活动“{kind}”", field="kind")
    if not region_within_scope(actor, region):
        raise RescueError(f"{region.name}不在您的管辖范围内", field="region")
    if person_times is None or person_times <= 0:
        raise RescueError("惠及人次须为正整数", field="person_times")
    if not place.strip():
        raise RescueError("请填写活动地点", field="place")
    return Campaign.objects.create(
        kind=kind, region=region, held_on=held_on, place=place.strip()[:200], person_times=person_times,
        items=items.strip()[:200], created_by=actor,
    )  # fmt: skip


def minor_visit_record(
    *,
    actor: User,
    station: Station,
    child: Person,
    visited_on: date,
    situation: str,
    help_given: str,
    visitor: str,
) -> MinorVisit:
    """走访帮扶困境未成年人: the child is a registry person under 18 on the day of the visit."""
    require(actor, "rescue.activity")
    _station_check(actor, station)
    if not rules.is_minor(rules.age_on(child.birth_date, visited_on)):
        raise RescueError(f"{child.name}在走访之日已满18周岁，不是未成年人", field="child")
    for name, value, label in (("situation", situation, "困境情况"), ("help_given", help_given, "帮扶措施"),
                               ("visitor", visitor, "走访人")):  # fmt: skip
        if not value.strip():
            raise RescueError(f"请填写{label}", field=name)
    return MinorVisit.objects.create(
        station=station, region=station.region, child=child, visited_on=visited_on, situation=situation.strip()[:300],
        help_given=help_given.strip()[:300], visitor=visitor.strip()[:50], created_by=actor,
    )  # fmt: skip
