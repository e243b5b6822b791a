"""A synthetic year of activity whose totals reproduce the seed document's figures (issue 7, item 5).

``minzheng seed --scale S --year 2020`` runs every domain's seed step first; each of them already makes
its share of the year through its own services at the seed's size × S (the registry's 2,386,500 people
and 1,261,500 houses, the grids, assistance's 5,060 农村低保 households, 3,064 特困 persons and 4,578
临时救助 person-times, the grid roster of 2,331 workers and 2,500 training person-times, elderly care's 50
canteens, 7 day-care centres and 581 trained caregivers). This step adds, through the domains' services
as well, what they leave out, so that the figures the report computes from the records come out as the
seed writes them, × S:

* 网格治理 — the epidemic screening of 2020: a campaign put to round(4,479·S) grids (``campaign_create``,
  ``campaign_grids_assign``) and door-to-door visits that see round(33,600·S) people (``visit_record``,
  by each grid's own worker); events reported and taken to 核查结案 in the year (上报 by the grid's
  worker → 受理立案 and 交网格处置 by the town's grid centre → 处置反馈 and 核查结案 by the worker) until
  round(360,000·S) are closed, recorded as past history by the grid's bulk service
  (``grid.services.events_history_record``, 历史事件迁移: the engine's and the grid's checks of every
  step, the same fields as ``event_report`` + ``event_act`` would leave, written with COPY) — all
  360,000 of scale 1.0 in one run; ``MINZHENG_SEED_YEAR_EVENTS`` caps a run only when set (a safety
  valve, not needed at any scale).
* 社会救助/救助资金 — the ledger's enrollments as the assistance step left them, calibrated before the
  year's payrolls are run (by the ledger's own history step, order 90, which is why this step runs at
  85): 农村低保 covers round(12,252·S) people on 30 November (保障人数 adjusted by ±1 where needed) and
  pays round(53,838,000·S) 元 over January–November; 特困 pays round(32,428,600·S) 元 over the year. Both
  through ``enrollment_change_amount`` with the reason "合成年度数据：按种子文件总额校准", amounts in whole
  元 (in 分 at scales where the target has 分), a single later change of one unit absorbing the remainder.

临时救助's amount (390.83万元 × S) is reproduced by the assistance step itself: it draws each grant and
shifts the draws to add up to it before any case is made (amounts cannot change after approval).

Not reproduced, and said so by ``minzheng report figures``: 价格临时补贴 (paid by the CPI linkage rule on
the demo CPI table: its amount and person-times follow that rule, not the seed).

Re-running adds only what is missing (the campaign once, events up to the target); amounts are not
calibrated again once a payroll month of the year is approved.
"""

from __future__ import annotations

import os
import random
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from minzheng.core.models import Region, User
from minzheng.core.money import format_yuan
from minzheng.core.roles import Role
from minzheng.reports.figures import figure_get
from minzheng.reports.registry import data_changed, indicator_list

CALIBRATION_REASON = "合成年度数据：按种子文件总额校准"
# The figures a year seeded at scale S reproduces exactly as round(seed × S): by the domains' own steps
# (registry, grid roster and training, assistance counts, elderly care's trained caregivers) or by this
# one. Counts that the domains floor at one per community or per district (grids, canteens, day-care
# centres) match from the scale where round(seed × S) exceeds that floor, i.e. at 1.0.
REPRODUCED = (
    "persons_collected",
    "houses_collected",
    "grid_training_person_times",
    "epidemic_grids",
    "epidemic_screened",
    "events_handled",
    "dibao_rural_households",
    "dibao_rural_persons",
    "dibao_rural_paid",
    "tekun_persons",
    "tekun_paid",
    "temporary_person_times",
    "temporary_paid",
    "caregivers_trained",
)
REPRODUCED_AT_FULL_SCALE = ("grids", "grids_urban", "grids_rural", "canteens", "daycare_centres")
# The closed events of the year are recorded set-based by the grid's history service (services/history.py),
# Haikou's 360,000 (scale 1.0) in one run. A positive MINZHENG_SEED_YEAR_EVENTS caps the events made in
# one run (a safety valve for a constrained machine); unset or 0: no cap.
EVENTS_PER_RUN = int(os.environ.get("MINZHENG_SEED_YEAR_EVENTS", "0"))


def target(key: str, scale: float) -> int:
    """The seed's figure ``key`` × scale, in the indicator's unit (分 for money)."""
    return round(figure_get(key).seed_number() * Decimal(str(scale)))


def _account(username: str, role: str, region: Region, name: str) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"role": role, "region": region, "display_name": name, "password": make_password(None)},
    )
    return user


def _moment(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(8, 30)) + timedelta(minutes=rng.randrange(0, 480)))


def synthetic_year_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    if year is None:
        return "未指定 --year，跳过（年度业务只在 minzheng seed --year YYYY 时生成）"
    rng = random.Random(random_seed + 90)
    lines: list[str] = []
    if apps.is_installed("minzheng.grid"):
        lines.append(grid_year(rng=rng, scale=scale, year=year))
    if apps.is_installed("minzheng.benefits") and apps.is_installed("minzheng.assistance"):
        lines.append(ledger_year(scale=scale, year=year))
    for label in {label for i in indicator_list() for label in i.depends_on}:
        data_changed(label)  # the domains' bulk paths (bulk_create, COPY, update) send no signals
    return "；".join(lines) or "无可生成的业务域"


# --- grid governance ---------------------------------------------------------------------------------------


def grid_year(*, rng: random.Random, scale: float, year: int) -> str:
    campaign_text = _epidemic_campaign(rng=rng, scale=scale, year=year)
    events_text = _events_closed(rng=rng, scale=scale, year=year)
    return f"网格治理：{campaign_text}，{events_text}"


def _grid_workers() -> dict[int, User]:
    """Each grid's worker (the first assigned), by grid region id."""
    assignment = apps.get_model("grid", "GridAssignment")
    out: dict[int, User] = {}
    for a in assignment.objects.select_related("worker__user").order_by("since", "pk"):
        out.setdefault(a.grid.region_id, a.worker.user)
    return out


def _epidemic_campaign(*, rng: random.Random, scale: float, year: int) -> str:
    from minzheng.grid import services

    campaign_model = apps.get_model("grid", "Campaign")
    household_model = apps.get_model("registry", "Household")
    if campaign_model.objects.filter(kind="epidemic", starts_on__year=year).exists():
        return "疫情排查任务已存在"
    city = Region.objects.get(parent__isnull=True)
    actor = _account("seed_year_city", Role.CITY_MANAGER, city, "年度合成数据（市局）")
    workers = _grid_workers()
    grids = [g for g in Region.objects.filter(level=Region.Level.GRID).order_by("code") if g.pk in workers]
    if not grids:
        return "无网格员，未生成疫情排查"
    chosen = sorted(rng.sample(grids, min(len(grids), target("epidemic_grids", scale))), key=lambda g: g.code)
    starts, ends = date(year, 1, 25), date(year, 4, 30)
    with transaction.atomic():  # the campaign and its grids together
        campaign = services.campaign_create(
            actor=actor, title=f"{year}年新冠肺炎疫情防控入户排查", kind="epidemic", region=city,
            starts_on=starts, ends_on=ends, description="依托网格划片包干，逐户排查新增人员（年度合成数据）",
        )  # fmt: skip
        assigned = services.campaign_grids_assign(actor=actor, campaign=campaign, grids=chosen)
    rows = {row.grid_id: row for row in assigned}
    households = list(
        household_model.objects.filter(region__in=chosen).order_by("pk").values_list("pk", "region_id")
    )
    people = target("epidemic_screened", scale)
    visits = min(len(households), max(1, -(-people // 3)))
    picked = sorted(rng.sample(households, visits)) if visits else []
    seen = _spread(people, len(picked), cap=50)
    by_pk = household_model.objects.in_bulk([pk for pk, _ in picked])
    # The visits one by one, each in its own transaction: each is an audited create, and on PostgreSQL a
    # transaction appending thousands of audit entries slows down as the chain head's row versions pile up.
    for (pk, region_id), n in zip(picked, seen, strict=True):
        services.visit_record(
            actor=workers[region_id], campaign_grid=rows[region_id], household=by_pk[pk],
            result="met" if n else "absent", people_seen=n, newcomers=min(n, 1 if rng.random() < 0.3 else 0),
            at=_moment(starts + timedelta(days=rng.randrange((ends - starts).days)), rng),
        )  # fmt: skip
    return f"疫情排查覆盖网格{len(chosen)}个、入户{len(picked)}户次、排查{sum(seen)}人"


def _spread(total: int, n: int, *, cap: int) -> list[int]:
    """``total`` shared over ``n`` as evenly as possible, none above ``cap`` (the rest is dropped)."""
    if n == 0:
        return []
    base, extra = divmod(min(total, n * cap), n)
    return [base + (1 if i < extra else 0) for i in range(n)]


def event_attribute_values(category: Any) -> dict[str, Any]:
    """Answers to the category's Open311 attributes: the first listed value, or a plain one if required."""
    out: dict[str, Any] = {}
    for a in category.attributes or []:
        if a.get("values"):
            out[a["code"]] = a["values"][0]["key"]
        elif a.get("required"):
            out[a["code"]] = "1" if a.get("datatype") == "number" else "年度合成数据"
    return out


def _events_closed(*, rng: random.Random, scale: float, year: int) -> str:
    from minzheng.grid.services import EventHistory, EventStep, events_history_record
    from minzheng.reports.registry import indicator_exists, indicator_value

    if not indicator_exists("grid.events_closed"):
        return "网格治理未提供结案事件指标，未补充事件"
    city = Region.objects.get(parent__isnull=True)
    start, end = date(year, 1, 1), date(year, 12, 31)
    have = indicator_value("grid.events_closed", region=city, start=start, end=end)
    missing = target("events_handled", scale) - have
    category_model = apps.get_model("grid", "EventCategory")
    leaves = list(category_model.objects.filter(parent__isnull=False, active=True).order_by("code"))
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
                opened_at=at, source="grid_worker", reporter=actors["worker"], attributes=answers[category.pk],
                address=f"{grid.name}{k % 200 + 1}号附近",
                steps=[
                    EventStep(action, actors[who], at + timedelta(hours=3 * n), comment)
                    for n, (who, action, comment) in enumerate(flow, start=1)
                ],
            )  # fmt: skip

    made = events_history_record(actor=None, events=histories())
    capped = (
        ""
        if made == missing
        else f"（MINZHENG_SEED_YEAR_EVENTS限定单次{EVENTS_PER_RUN}件，尚差{missing - made}件）"
    )
    return f"补充事件{made}件并结案，年内结案共{have + made}件{capped}"


# --- social assistance and the ledger ---------------------------------------------------------------------


def ledger_year(*, scale: float, year: int) -> str:
    run_model = apps.get_model("benefits", "PayrollRun")
    closed = run_model.objects.filter(
        month__year=year,
        status__in=("approved", "exported", "reconciled"),
        program__code__in=("dibao_rural", "tekun"),
    )
    if closed.exists():
        return "救助资金：本年度工资单已审批，金额不再校准"
    parts = []
    persons = _dibao_rural_persons(target("dibao_rural_persons", scale), on=date(year, 11, 30))
    if persons is not None:
        parts.append(f"农村低保11月末保障{persons}人")
    for program, key, months, label in (
        ("dibao_rural", "dibao_rural_paid", (1, 11), "农村低保1-11月"),
        ("tekun", "tekun_paid", (1, 12), "特困供养全年"),
    ):
        total = _calibrate(program, target_fen=target(key, scale), year=year, months=months)
        if total is not None:
            parts.append(f"{label}应发{format_yuan(total)}")
    return "救助资金：" + ("，".join(parts) if parts else "无保障记录，未校准")


def _month(year: int, month: int) -> date:
    return date(year, month, 1)


def _active_months(
    e: Any, first: date, last: date, pauses: dict[int, list[tuple[date, date | None]]]
) -> list[date]:
    months = []
    m = max(e.start_month, first)
    stop = min(e.end_month, last) if e.end_month else last
    while m <= stop:
        if not any(a <= m and (b is None or m <= b) for a, b in pauses.get(e.pk, [])):
            months.append(m)
        m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return months


def _enrollments(
    program: str,
) -> tuple[list[Any], dict[int, list[Any]], dict[int, list[tuple[date, date | None]]]]:
    enrollment = apps.get_model("benefits", "Enrollment")
    amount = apps.get_model("benefits", "EnrollmentAmount")
    pause = apps.get_model("benefits", "EnrollmentPause")
    rows = list(enrollment.objects.filter(program__code=program).order_by("pk"))
    amounts: dict[int, list[Any]] = defaultdict(list)
    for a in amount.objects.filter(enrollment__in=rows).order_by("from_month"):
        amounts[a.enrollment_id].append(a)
    pauses: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for p in pause.objects.filter(enrollment__in=rows):
        pauses[p.enrollment_id].append((p.from_month, p.to_month))
    return rows, amounts, pauses


def _dibao_rural_persons(wanted: int, *, on: date) -> int | None:
    """Bring the people covered by 农村低保 on ``on`` to ``wanted`` by ±1 保障人数 on some households."""
    from minzheng.benefits.services import enrollment_change_amount

    rows, amounts, pauses = _enrollments("dibao_rural")
    month = on.replace(day=1)
    active = [e for e in rows if _active_months(e, month, month, pauses) and amounts.get(e.pk)]
    if not active:
        return None
    have = sum(e.members_count for e in active)
    step = 1 if wanted > have else -1
    candidates = [e for e in active if step > 0 and e.members_count < 8 or step < 0 and e.members_count > 1]
    for e in candidates[: abs(wanted - have)]:
        first = amounts[e.pk][0]
        enrollment_change_amount(
            actor=None, enrollment=e, from_month=first.from_month, amount_fen=first.amount_fen,
            reason=CALIBRATION_REASON, members_count=e.members_count + step,
        )  # fmt: skip
        have += step
    return have


def _calibrate(program: str, *, target_fen: int, year: int, months: tuple[int, int]) -> int | None:
    """Set the amounts of ``program``'s enrollments, in proportion to what the means test gave, so that
    what the payrolls of ``months`` will pay adds up to ``target_fen`` — in whole 元 when the target is
    (always at scale 1.0: the seed writes 万元 with two decimals), else in 分. Enrollments whose amount
    changed during the year keep it; the others get one amount from their first month, and one of them
    a single later change of one unit that absorbs the last remainder."""
    from minzheng.benefits.services import enrollment_change_amount

    unit = 100 if target_fen % 100 == 0 else 1
    wanted = target_fen // unit
    rows, amounts, pauses = _enrollments(program)
    first, last = _month(year, months[0]), _month(year, months[1])
    simple, fixed = [], 0
    for e in rows:
        history = amounts.get(e.pk, [])
        paid = _active_months(e, first, last, pauses)
        if not history or not paid:
            continue
        if len(history) == 1:
            simple.append((e, history[0], len(paid), paid))
        else:
            fixed += sum(next(a.amount_fen for a in reversed(history) if a.from_month <= m) for m in paid)
    if not simple:
        return None
    weight = sum(h.amount_fen * n for _, h, n, _ in simple)
    factor = (target_fen - fixed) / weight if weight else 0
    plan = {e.pk: max(1, round(h.amount_fen * factor / unit)) for e, h, _, _ in simple}
    remainder = wanted - fixed // unit - sum(plan[e.pk] * n for e, _, n, _ in simple)
    for e, _, n, _ in sorted(simple, key=lambda s: -s[2]):  # whole units per month where it divides
        if abs(remainder) < n:
            continue
        delta = int(remainder / n)
        if plan[e.pk] + delta >= 1:
            plan[e.pk] += delta
            remainder -= delta * n
    # One transaction per change (each is audited, see _epidemic_campaign). A run stopped half-way leaves
    # some amounts calibrated; running the step again calibrates from where they are.
    for e, h, _, _ in simple:
        if plan[e.pk] * unit != h.amount_fen:
            enrollment_change_amount(
                actor=None, enrollment=e, from_month=h.from_month, amount_fen=plan[e.pk] * unit,
                reason=CALIBRATION_REASON, basis={"calibrated_from_fen": h.amount_fen},
            )  # fmt: skip
    if remainder:  # the last few units: one enrollment paid one unit more (or less) for its last |r| months
        e, _, n, paid = next(s for s in simple if s[2] >= abs(remainder) and plan[s[0].pk] > 1)
        enrollment_change_amount(
            actor=None, enrollment=e, from_month=paid[-abs(remainder)],
            amount_fen=(plan[e.pk] + (1 if remainder > 0 else -1)) * unit, reason=CALIBRATION_REASON,
        )  # fmt: skip
    return target_fen
