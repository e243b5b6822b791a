"""Grid governance's share of a synthetic year (``minzheng seed --scale S --year YYYY``, order 84): what the
grid's own seed step (order 40) leaves out, made through the grid's services so that the figures the annual
report computes from the records come out as the seed document writes them, × S:

* the epidemic screening of the year: a campaign put to round(4,479·S) grids (``campaign_create``,
  ``campaign_grids_assign``) and door-to-door visits that see round(33,600·S) people (``visit_record``, by
  each grid's own worker);
* events reported and taken to 核查结案 in the year (上报 by the grid's worker → 受理立案 and 交网格处置 by
  the town's grid centre → 处置反馈 and 核查结案 by the worker) until round(360,000·S) are closed, recorded
  as past history by the grid's bulk service (``services.events_history_record``, 历史事件迁移: the
  engine's and the grid's checks of every step, the same fields as ``event_report`` + ``event_act`` would
  leave, written with COPY) — all 360,000 of scale 1.0 in one run; ``MINZHENG_SEED_YEAR_EVENTS`` caps a
  run only when set (a safety valve, not needed at any scale).

Re-running adds only what is missing (the campaign once, events up to the target). Without ``--year`` (the
demo) the step makes this year's epidemic screening only, from 25 January (early in January: the year's first
day) up to today: the demo's annual summary opens on this year, the year its events are dated, and counts the
grids screened.

The seed document's figures (《海口市民政局2020年工作总结》, as quoted in the annual report's catalogue):
"对全市4479个网格实行划片包干", "排查新增人员3.36万余人", "累计总处置办件36万件".
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.grid import services
from minzheng.grid.indicators import events_closed
from minzheng.grid.models import Campaign, Event, EventCategory, GridAssignment, Visit
from minzheng.grid.services import EventHistory, EventStep
from minzheng.registry.models import Household

# The seed document's figures this step reproduces at scale S as round(figure × S).
EPIDEMIC_GRIDS = 4479  # 对全市4479个网格实行划片包干
EPIDEMIC_SCREENED = 33600  # 排查新增人员3.36万余人
EVENTS_CLOSED = 360000  # 累计总处置办件36万件
# A positive MINZHENG_SEED_YEAR_EVENTS caps the events made in one run (a safety valve for a constrained
# machine); unset or 0: no cap.
EVENTS_PER_RUN = int(os.environ.get("MINZHENG_SEED_YEAR_EVENTS", "0"))


def at_scale(figure: int, scale: float) -> int:
    """A seed figure × scale, rounded as the annual report's comparison rounds it."""
    return round(Decimal(figure) * Decimal(str(scale)))


def grid_year_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    """The seed step (registered from ``grid/contributions.py``); returns its one line of summary."""
    rng = random.Random(random_seed + 90)
    if year is None:
        today = timezone.localdate()
        starts = max(date(today.year, 1, 1), min(date(today.year, 1, 25), today - timedelta(days=1)))
        campaign_text = _epidemic_campaign(rng=rng, scale=scale, year=today.year, starts=starts, ends=today)
        return f"本年度{campaign_text}（年度事件只在 minzheng seed --year YYYY 时生成）"
    campaign_text = _epidemic_campaign(rng=rng, scale=scale, year=year)
    events_text = _events_closed(rng=rng, scale=scale, year=year)
    return f"{campaign_text}，{events_text}"


def _account(username: str, role: str, region: Region, name: str) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"role": role, "region": region, "display_name": name, "password": make_password(None)},
    )
    return user


def _moment(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(8, 30)) + timedelta(minutes=rng.randrange(0, 480)))


def _grid_workers() -> dict[int, User]:
    """Each grid's worker (the first assigned), by grid region id."""
    out: dict[int, User] = {}
    for a in GridAssignment.objects.select_related("grid", "worker__user").order_by("since", "pk"):
        out.setdefault(a.grid.region_id, a.worker.user)
    return out


def _epidemic_campaign(
    *, rng: random.Random, scale: float, year: int, starts: date | None = None, ends: date | None = None
) -> str:
    if Campaign.objects.filter(kind=Campaign.Kind.EPIDEMIC, starts_on__year=year).exists():
        return "疫情排查任务已存在"
    city = Region.objects.get(parent__isnull=True)
    actor = _account("seed_year_city", Role.CITY_MANAGER, city, "年度合成数据（市局）")
    workers = _grid_workers()
    grids = [g for g in Region.objects.filter(level=Region.Level.GRID).order_by("code") if g.pk in workers]
    if not grids:
        return "无网格员，未生成疫情排查"
    wanted = min(len(grids), at_scale(EPIDEMIC_GRIDS, scale))
    chosen = sorted(rng.sample(grids, wanted), key=lambda g: g.code)
    starts, ends = starts or date(year, 1, 25), ends or date(year, 4, 30)
    with transaction.atomic():  # the campaign and its grids together
        campaign = services.campaign_create(
            actor=actor, title=f"{year}年新冠肺炎疫情防控入户排查", kind=Campaign.Kind.EPIDEMIC, region=city,
            starts_on=starts, ends_on=ends, description="依托网格划片包干，逐户排查新增人员（年度合成数据）",
        )  # fmt: skip
        assigned = services.campaign_grids_assign(actor=actor, campaign=campaign, grids=chosen)
    rows = {row.grid_id: row for row in assigned}
    households = list(
        Household.objects.filter(region__in=chosen).order_by("pk").values_list("pk", "region_id")
    )
    people = at_scale(EPIDEMIC_SCREENED, scale)
    visits = min(len(households), max(1, -(-people // 3)))
    picked = sorted(rng.sample(households, visits)) if visits else []
    seen = _spread(people, len(picked), cap=50)
    by_pk = Household.objects.in_bulk([pk for pk, _ in picked])
    # The visits one by one, each in its own transaction: each is an audited create, and on PostgreSQL a
    # transaction appending thousands of audit entries slows down as the chain head's row versions pile up.
    for (pk, region_id), n in zip(picked, seen, strict=True):
        services.visit_record(
            actor=workers[region_id], campaign_grid=rows[region_id], household=by_pk[pk],
            result=Visit.Result.MET if n else Visit.Result.ABSENT, people_seen=n,
            newcomers=min(n, 1 if rng.random() < 0.3 else 0),
            at=_moment(starts + timedelta(days=rng.randrange(max(1, (ends - starts).days))), rng),
        )  # fmt: skip
    return f"疫情排查覆盖网格{len(chosen)}个、入户{len(picked)}户次、排查{sum(seen)}人"


def _spread(total: int, n: int, *, cap: int) -> list[int]:
    """``total`` shared over ``n`` as evenly as possible, none above ``cap`` (the rest is dropped)."""
    if n == 0:
        return []
    base, extra = divmod(min(total, n * cap), n)
    return [base + (1 if i < extra else 0) for i in range(n)]


def event_attribute_values(category: EventCategory) -> dict[str, Any]:
    """Answers to the category's Open311 attributes: the first listed value, or a plain one if required."""
    out: dict[str, Any] = {}
    for a in category.attributes or []:
        if a.get("values"):
            out[a["code"]] = a["values"][0]["key"]
        elif a.get("required"):
            out[a["code"]] = "1" if a.get("datatype") == "number" else "年度合成数据"
    return out


def _events_closed(*, rng: random.Random, scale: float, year: int) -> str:
    city = Region.objects.get(parent__isnull=True)
    start, end = date(year, 1, 1), date(year, 12, 31)
    have = events_closed(city, start, end)
    missing = at_scale(EVENTS_CLOSED, scale) - have
    leaves = list(EventCategory.objects.filter(parent__isnull=False, active=True).order_by("code"))
    workers = _grid_workers()
    if missing <= 0 or not leaves or not workers:
        return f"结案事件{have}件（无需补充）"
    grids = {g.pk: g for g in Region.objects.filter(pk__in=workers).select_related("parent__parent")}
    towns = {g.parent.parent for g in grids.values()}
    centres = {u.username: u for u in User.objects.filter(username__in=[f"zx{t.code}" for t in towns])}
    centre_of = {
        t.pk: centres.get(f"zx{t.code}")
        or _account(f"seed_year_{t.code}", Role.TOWN_CASEWORKER, t, f"{t.name}网格中心")
        for t in sorted(towns, key=lambda t: t.code)
    }
    answers = {c.pk: event_attribute_values(c) for c in leaves}
    keys = sorted(grids)
    count = min(missing, EVENTS_PER_RUN) if EVENTS_PER_RUN > 0 else missing
    flow = (("centre", "file", ""), ("centre", "dispatch_grid", ""), ("worker", "feedback", "已处置完毕"),
            ("worker", "verify", "核查属实，予以结案"))  # fmt: skip

    def histories() -> Iterator[EventHistory]:
        """上报 → 受理立案 → 交网格处置 → 处置反馈 → 核查结案, three hours apart, on a working-hours moment of
        one of the year's first 350 days; made one at a time (memory flat at any scale)."""
        for k in range(count):
            grid = grids[rng.choice(keys)]
            actors = {"centre": centre_of[grid.parent.parent_id].pk, "worker": workers[grid.pk].pk}
            at = _moment(start + timedelta(days=rng.randrange(350)), rng)
            category = rng.choice(leaves)
            yield EventHistory(
                grid=grid.pk, category=category.pk, description="巡查发现问题，已拍照取证（年度合成数据）",
                opened_at=at, source=Event.Source.GRID_WORKER, reporter=actors["worker"],
                attributes=answers[category.pk], address=f"{grid.name}{k % 200 + 1}号附近",
                steps=[
                    EventStep(action, actors[who], at + timedelta(hours=3 * n), comment)
                    for n, (who, action, comment) in enumerate(flow, start=1)
                ],
            )  # fmt: skip

    made = services.events_history_record(actor=None, events=histories())
    capped = (
        ""
        if made == missing
        else f"（MINZHENG_SEED_YEAR_EVENTS限定单次{EVENTS_PER_RUN}件，尚差{missing - made}件）"
    )
    return f"补充事件{made}件并结案，年内结案共{have + made}件{capped}"
