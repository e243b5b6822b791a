"""Writes of door-to-door campaigns (排查任务): the campaign, its grids, household visits, and home
medical observations (居家医学观察) with their daily check-ins."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import access_scoped, region_within_scope
from minzheng.grid.models import Campaign, CampaignGrid, CheckIn, MedicalObservation, Visit
from minzheng.grid.services._common import GridError, check_text, day_label
from minzheng.registry.models import Household, Person

# 居家医学观察 lasts 14 days unless the health authority says otherwise. [U] — the period changed with
# each edition of the national prevention plan; it is only the form's default here.
OBSERVATION_DAYS = 14
# A body temperature outside this range is a typing error, not a reading.
TEMPERATURE_RANGE = (Decimal("34.0"), Decimal("43.0"))


def campaign_create(
    *,
    actor: User,
    title: str,
    kind: str,
    region: Region | None,
    starts_on: date | None,
    ends_on: date | None,
    description: str = "",
) -> Campaign:
    require(actor, "campaign.manage")
    if kind not in Campaign.Kind.values:
        raise GridError(f"任务类型“{kind}”无效", field="kind")
    if region is None or not region_within_scope(actor, region):
        raise GridError("发起区划须在您的管辖范围内", field="region")
    if starts_on is None or ends_on is None or ends_on < starts_on:
        raise GridError("请填写开始和截止日期，截止不早于开始", field="ends_on")
    return Campaign.objects.create(
        title=check_text(title, field="title", label="任务名称", max_length=100, required=True),
        kind=kind,
        description=check_text(description, field="description", label="任务要求", max_length=2000),
        region=region,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )


def campaign_grids_assign(*, actor: User, campaign: Campaign, grids: list[Region]) -> list[CampaignGrid]:
    """下达 the campaign to grids; each grid's target is the number of registry households it manages
    (counted at this moment, in one query)."""
    require(actor, "campaign.manage")
    campaign = access_scoped(actor, Campaign, campaign.pk, label="排查任务")
    for grid in grids:
        if grid.level != Region.Level.GRID or not grid.path.startswith(campaign.region.path):
            raise GridError(f"“{grid.name}”不是该任务区划内的网格", field="grids")
        if not region_within_scope(actor, grid):
            raise GridError(f"网格“{grid.name}”不在您的管辖范围内", field="grids")
    have = set(campaign.grids.values_list("grid_id", flat=True))
    new = [g for g in grids if g.pk not in have]
    counts = {
        row["region"]: row["n"]
        for row in Household.objects.filter(region__in=new).values("region").annotate(n=Count("pk"))
    }
    rows = [CampaignGrid(campaign=campaign, grid=g, households_target=counts.get(g.pk, 0)) for g in new]
    with transaction.atomic():
        for row in rows:
            row.save()
    return rows


def campaign_close(*, actor: User, campaign: Campaign) -> Campaign:
    require(actor, "campaign.manage")
    campaign = access_scoped(actor, Campaign, campaign.pk, label="排查任务")
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    return campaign


def visit_record(
    *,
    actor: User,
    campaign_grid: CampaignGrid,
    household: Household,
    result: str,
    people_seen: int = 0,
    newcomers: int = 0,
    note: str = "",
    at: datetime | None = None,
) -> Visit:
    """入户走访 of one registry household of the grid, during the campaign."""
    require(actor, "campaign.visit")
    campaign_grid = access_scoped(
        actor, CampaignGrid.objects.select_related("campaign", "grid"), campaign_grid.pk, label="排查网格"
    )
    campaign = campaign_grid.campaign
    at = at or timezone.now()
    if (
        campaign.status != Campaign.Status.ACTIVE
        or not campaign.starts_on <= timezone.localdate(at) <= campaign.ends_on
    ):
        raise GridError(
            f"排查任务“{campaign.title}”不在进行期间（{day_label(campaign.starts_on)}～{day_label(campaign.ends_on)}）"
        )
    if household.region_id != campaign_grid.grid_id:
        raise GridError(f"{household}不属于网格“{campaign_grid.grid.name}”", field="household")
    if result not in Visit.Result.values:
        raise GridError("请选择走访结果", field="result")
    if not (0 <= people_seen <= 50 and 0 <= newcomers <= people_seen):
        raise GridError("见面人数须为0～50，新到人员数不超过见面人数", field="newcomers")
    return Visit.objects.create(
        campaign_grid=campaign_grid,
        household=household,
        worker=actor,
        visited_at=at,
        result=result,
        people_seen=people_seen if result == Visit.Result.MET else 0,
        newcomers=newcomers if result == Visit.Result.MET else 0,
        note=check_text(note, field="note", label="情况说明", max_length=300),
    )


def observation_start(
    *,
    actor: User,
    person: Person,
    place: str,
    reason: str,
    starts_on: date | None,
    ends_on: date | None = None,
    grid: Region | None = None,
    campaign: Campaign | None = None,
) -> MedicalObservation:
    """居家医学观察 of a registry person in a grid, from ``starts_on`` to ``ends_on`` (default 14 days)."""
    require(actor, "observation.record")
    grid = grid or (person.region if person.region.level == Region.Level.GRID else None)
    if grid is None or grid.level != Region.Level.GRID or not region_within_scope(actor, grid):
        raise GridError("请选择您辖区内的观察网格", field="grid")
    if starts_on is None:
        raise GridError("请填写开始日期", field="starts_on")
    ends_on = ends_on or starts_on + timedelta(days=OBSERVATION_DAYS - 1)
    if ends_on < starts_on:
        raise GridError("解除日期不能早于开始日期", field="ends_on")
    try:
        with transaction.atomic():
            return MedicalObservation.objects.create(
                campaign=campaign,
                person=person,
                grid=grid,
                place=check_text(place, field="place", label="观察地点", max_length=200, required=True),
                reason=check_text(reason, field="reason", label="观察原因", max_length=200, required=True),
                starts_on=starts_on,
                ends_on=ends_on,
                created_by=actor,
            )
    except IntegrityError:
        raise GridError(f"{person.name}已在居家医学观察中", field="person") from None


def checkin_record(
    *,
    actor: User,
    observation: MedicalObservation,
    day: date | None,
    temperature: Any,
    symptoms: bool = False,
    note: str = "",
) -> CheckIn:
    """The day's check-in: one per day, within the observation period, not in the future."""
    require(actor, "observation.record")
    observation = access_scoped(actor, MedicalObservation, observation.pk, label="医学观察")
    if observation.status != MedicalObservation.Status.ACTIVE:
        raise GridError("该观察已解除或转送，不能再打卡")
    if day is None or not observation.starts_on <= day <= observation.ends_on or day > timezone.localdate():
        raise GridError(
            f"打卡日期须在观察期（{day_label(observation.starts_on)}～{day_label(observation.ends_on)}）内且不晚于今天",
            field="day",
        )
    try:
        value = Decimal(str(temperature)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise GridError("体温须为数字，如36.5", field="temperature") from None
    if not TEMPERATURE_RANGE[0] <= value <= TEMPERATURE_RANGE[1]:
        raise GridError("体温须在34.0～43.0℃之间", field="temperature")
    try:
        with transaction.atomic():
            return CheckIn.objects.create(
                observation=observation,
                day=day,
                temperature=value,
                symptoms=symptoms,
                note=check_text(note, field="note", label="说明", max_length=200),
                recorded_by=actor,
            )
    except IntegrityError:
        raise GridError(f"{day_label(day)}已打卡", field="day") from None


def observation_end(
    *, actor: User, observation: MedicalObservation, ended_on: date | None, status: str, note: str = ""
) -> MedicalObservation:
    """解除 (ended) or 转送 (transferred) an observation."""
    require(actor, "observation.record")
    if status not in (MedicalObservation.Status.ENDED, MedicalObservation.Status.TRANSFERRED):
        raise GridError("请选择解除或转送", field="status")
    with transaction.atomic():
        observation = access_scoped(actor, MedicalObservation, observation.pk, lock=True, label="医学观察")
        if observation.status != MedicalObservation.Status.ACTIVE:
            raise GridError("该观察已结束")
        if ended_on is None or ended_on < observation.starts_on or ended_on > timezone.localdate():
            raise GridError("解除日期须在开始日期之后且不晚于今天", field="ended_on")
        observation.status, observation.ended_on = status, ended_on
        observation.end_note = check_text(note, field="note", label="说明", max_length=200)
        observation.save()
    return observation
