"""Synthetic social assistance for the demo (``minzheng seed`` step 30, after the registry).

Everything goes through the real services: the demo standards into the ledger (``standard_create``,
labelled 演示数据), the parameters and a CPI table (演示数据), then applications taken through their cases
— 受理, 调查 with recorded incomes, 公示 7 days, 区县审核确认 — by system accounts of the towns and
districts (``seed_<code>``, no password: nobody can log in with them), so the enrollments, timelines,
review plans and audit entries are the ones real work would leave.

Sizes follow the seed document at scale 1.0: 5,060 农村低保 households, 3,064 特困 persons, 4,578 临时救助
person-times; 城市低保 and 低收入家庭 are not in it and are taken as half and a fifth of the rural figure
[U]. Applications fall in January–March of ``year`` (临时救助 through the year), so the figures "截止11月底"
can be read on 30 November.

At Haikou's full size that is about 16,000 applications. The step first draws its whole plan (who applies
for what, on which day, with which random facts) from the random seed alone, then makes each application
in its own transaction: an interruption loses at most the application in hand, and running the step again
continues the same plan to the targets — what exists is counted by program, so a re-run never makes more
than the targets. Progress is logged every ``PROGRESS_EVERY`` applications (``MINZHENG_LOG_LEVEL=INFO``).
"""

from __future__ import annotations

import logging
import random
import time as clock
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count

from minzheng.assistance import rules
from minzheng.assistance.models import Application
from minzheng.assistance.rules import IncomeType, Program
from minzheng.assistance.selectors import parameters_memoized
from minzheng.assistance.services import assessments as assessment_services
from minzheng.assistance.services.applications import application_create
from minzheng.assistance.services.parameters import cpi_load_as_system, parameters_demo_load
from minzheng.assistance.services.reserve import reserve_top_up
from minzheng.casework.services import case_transition
from minzheng.core.bulk import chunked
from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.registry.models import Household, Membership, Person

logger = logging.getLogger(__name__)

TZ = ZoneInfo("Asia/Shanghai")

# Demo CPI, year on year % (CPI, food): roughly the national series of 2020–2021, not Hainan's [U].
DEMO_CPI: tuple[tuple[date, str, str], ...] = tuple(
    (date(2020 + i // 12, i % 12 + 1, 1), cpi, food)
    for i, (cpi, food) in enumerate(
        [("5.4", "20.6"), ("5.2", "21.9"), ("4.3", "18.3"), ("3.3", "14.8"), ("2.4", "10.6"), ("2.5", "11.1"),
         ("2.7", "13.2"), ("2.4", "11.2"), ("1.7", "7.9"), ("0.5", "2.2"), ("-0.5", "-2.0"), ("0.2", "1.2"),
         ("-0.3", "1.6"), ("-0.2", "-0.2"), ("0.4", "-0.7"), ("0.9", "-0.7"), ("1.3", "0.3"), ("1.1", "-1.7"),
         ("1.0", "-3.7"), ("0.8", "-4.1"), ("0.7", "-5.2"), ("1.5", "-2.4"), ("2.3", "1.6"), ("1.5", "-1.2")]
    )
)  # fmt: skip
CPI_SOURCE = "演示数据：参照2020—2021年全国居民消费价格指数，非海南发布数"

HAIKOU_DIBAO_RURAL = 5060
HAIKOU_TEKUN = 3064
HAIKOU_TEMPORARY = 4578
HAIKOU_TEMPORARY_FEN = 390_830_000  # 发放救助金390.83万元 (seed, 2020)

PROGRESS_EVERY = 1000
PERSON_BATCH = 500


@dataclass
class SeedTally:
    enrolled: dict[str, int]
    temporary: int = 0

    def line(self) -> str:
        parts = "，".join(f"{rules.program_label(p)}{n}" for p, n in self.enrolled.items())
        return f"纳入：{parts}；临时救助{self.temporary}人次（演示数据）"


def standards_demo_load() -> int:
    """The ledger's demo standards (城乡低保 2020/2021, 特困照料护理; ``benefits.seeding``, 演示数据), after
    making sure the programs exist (a flushed test database has lost the ledger's data migration)."""
    from minzheng.benefits.seeding import standards_demo_load as ledger_standards_demo_load
    from minzheng.benefits.services import program_ensure

    for code, name, unit, periodic in (
        (Program.DIBAO_URBAN, "城市低保", "household", True), (Program.DIBAO_RURAL, "农村低保", "household", True),
        (Program.TEKUN, "特困人员供养", "person", True), (Program.TEMPORARY, "临时救助", "household", False),
        (Program.LOW_INCOME, "低收入家庭专项救助", "household", False),
        (Program.PRICE_SUBSIDY, "价格临时补贴", "person", True),
    ):  # fmt: skip
        program_ensure(code=code, name=name, unit=unit, periodic=periodic)
    return ledger_standards_demo_load()


def cpi_demo_load() -> int:
    from minzheng.assistance.models import CpiMonth

    created = 0
    for month, cpi, food in DEMO_CPI:
        if not CpiMonth.objects.filter(month=month).exists():
            cpi_load_as_system(month=month, cpi_yoy=cpi, food_yoy=food, source=CPI_SOURCE)
            created += 1
    return created


def assistance_reference_load() -> str:
    """Standards, parameters and CPI (demo values): what the rules need before any case."""
    city = Region.objects.get(parent__isnull=True)
    standards = standards_demo_load()
    params = parameters_demo_load(city=city)
    cpi = cpi_demo_load()
    return f"演示标准{standards}项、参数{params}项、CPI{cpi}个月"


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


# --- the plan: every random draw, taken from the seed alone ------------------------------------------


@dataclass(frozen=True)
class PlannedApplication:
    """One application the step makes, with all its random facts drawn in advance, so that making it
    (or finding it made by an earlier, interrupted run) does not move the random sequence."""

    program: str
    person_id: int
    day: date  # the application's day (低保/低收入/特困: 申请; 临时救助: the day of need)
    kind: str = ""  # application_create's kind: dibao, low_income, tekun, temporary_expense/_emergency
    standard_yuan: int = 0  # 低保/低收入: the standard the recorded income is drawn against
    income_factor: float = 0.0  # 低保/低收入: monthly income = standard × members × factor
    unstable_income: bool = False
    support: str = ""  # 特困: 集中/分散供养
    care_items_failed: int = 0  # 特困
    amount_fen: int = 0  # 临时救助


@dataclass(frozen=True)
class SeedPlan:
    targets: dict[str, int]  # program → applications wanted (round(seed figure × scale))
    items: list[PlannedApplication]


def _head_ids(kind: str, rng: random.Random, n: int, taken: set[int]) -> list[int]:
    """``n`` household heads of ``kind`` (城镇/农村) households registered in Haikou, at random (by id)."""
    ids = list(
        Household.objects.filter(kind=kind, head__isnull=False, head__status=Person.Status.NORMAL)
        .values_list("head_id", flat=True)
        .order_by("id")
    )
    rng.shuffle(ids)
    chosen = [pk for pk in ids if pk not in taken][:n]
    taken.update(chosen)
    return sorted(chosen)


def _elder_ids(rng: random.Random, n: int, taken: set[int], year: int) -> list[int]:
    born_by = date(year - 62, 1, 1)
    ids = list(
        Membership.objects.filter(
            end_date__isnull=True, person__birth_date__lt=born_by, person__status="normal"
        )
        .values_list("person_id", flat=True)
        .order_by("id")
    )
    rng.shuffle(ids)
    chosen = [pk for pk in ids if pk not in taken][:n]
    taken.update(chosen)
    return sorted(chosen)


def seed_plan(*, scale: float, random_seed: int, year: int) -> SeedPlan:
    """The step's applications in the order they are made. The draws follow one sequence from
    ``random_seed`` (heads, then each application's day and facts), so the plan depends only on the seed,
    the scale, the year and the registry."""
    rng = random.Random(random_seed + 30)
    taken: set[int] = set()
    targets: dict[str, int] = {}
    items: list[PlannedApplication] = []
    for program, kind, count, standard, band in (
        (Program.DIBAO_RURAL, "rural", round(HAIKOU_DIBAO_RURAL * scale), 530, (0.0, 0.7)),
        (Program.DIBAO_URBAN, "urban", round(HAIKOU_DIBAO_RURAL * scale / 2), 610, (0.0, 0.7)),
        (Program.LOW_INCOME, "urban", round(HAIKOU_DIBAO_RURAL * scale / 5), 610, (1.05, 1.4)),
    ):
        targets[program] = count
        apply_kind = "low_income" if program == Program.LOW_INCOME else "dibao"
        for person_id in _head_ids(kind, rng, count, taken):
            start = date(year, 1, 2) + timedelta(days=rng.randrange(0, 80))
            factor = rng.uniform(*band)
            unstable = rng.random() < 0.3
            items.append(
                PlannedApplication(
                    program=program,
                    person_id=person_id,
                    day=start,
                    kind=apply_kind,
                    standard_yuan=standard,
                    income_factor=factor,
                    unstable_income=unstable,
                )
            )
    targets[Program.TEKUN] = round(HAIKOU_TEKUN * scale)
    for person_id in _elder_ids(rng, targets[Program.TEKUN], taken, year):
        start = date(year, 1, 2) + timedelta(days=rng.randrange(0, 80))
        support = rng.choice([rules.TekunSupport.DISPERSED] * 3 + [rules.TekunSupport.CENTRALIZED])
        care = rng.choice([0, 0, 0, 2, 3, 4, 6])
        items.append(
            PlannedApplication(
                program=Program.TEKUN,
                person_id=person_id,
                day=start,
                kind="tekun",
                support=support,
                care_items_failed=care,
            )
        )
    targets[Program.TEMPORARY] = round(HAIKOU_TEMPORARY * scale)
    for person_id in _head_ids("rural", rng, targets[Program.TEMPORARY], set()):
        day = date(year, 1, 6) + timedelta(days=rng.randrange(0, 320))
        amount = rng.choice([500, 600, 800, 1000, 1200]) * 100  # 元, calibrated below
        emergency = rng.random() < 0.3  # 急难型: 先行救助 from the town's reserve
        items.append(
            PlannedApplication(
                program=Program.TEMPORARY,
                person_id=person_id,
                day=day,
                amount_fen=amount,
                kind="temporary_emergency" if emergency else "temporary_expense",
            )
        )
    items = _temporary_amounts_calibrate(
        items, total_fen=round(HAIKOU_TEMPORARY_FEN * scale), rng=random.Random(random_seed + 31)
    )
    return SeedPlan(targets=targets, items=items)


def _temporary_amounts_calibrate(
    items: list[PlannedApplication], *, total_fen: int, rng: random.Random
) -> list[PlannedApplication]:
    """Shift the drawn 临时救助 amounts so that they add up to the seed's 390.83万元 × S: each by the same
    number of steps of 10 元 (1 元, or 1 分, when the total is not a multiple of it), the remainder one
    step more on items picked at random. The shift is small (the draws average 820 元, the seed ~854 元),
    so every amount stays within the 乡镇's delegated limit (4 × 530 元 in the demo parameters)."""
    at = [n for n, item in enumerate(items) if item.program == Program.TEMPORARY]
    if not at:
        return items
    drawn = sum(items[n].amount_fen for n in at)
    step = next(unit for unit in (1000, 100, 1) if total_fen % unit == 0)
    each, extra = divmod((total_fen - drawn) // step, len(at))
    lucky = set(rng.sample(range(len(at)), extra))
    calibrated = list(items)
    for k, n in enumerate(at):
        shift = (each + (k in lucky)) * step
        calibrated[n] = replace(items[n], amount_fen=items[n].amount_fen + shift)
    return calibrated


# --- who acts: the towns' and districts' system accounts, looked up once -----------------------------


class SeedActors:
    """The 镇街 and 区县 of a region and their ``seed_<code>`` accounts, loaded once for the whole step."""

    def __init__(self) -> None:
        levels = (Region.Level.TOWN, Region.Level.DISTRICT)
        self.regions = {r.code: r for r in Region.objects.filter(level__in=levels)}
        self.users = {
            u.username: u for u in User.objects.filter(username__startswith="seed_").select_related("region")
        }

    def _above(self, region: Region, level: str) -> Region:
        for code in [c for c in region.path.split("/") if c]:
            found = self.regions.get(code)
            if found is not None and found.level == level:
                return found
        raise LookupError(f"{region.name}（{region.code}）没有上级{Region.Level(level).label}")

    def town_of(self, region: Region) -> Region:
        return self._above(region, Region.Level.TOWN)

    def district_of(self, region: Region) -> Region:
        return self._above(region, Region.Level.DISTRICT)

    def user(self, region: Region, role: str) -> User:
        """The account ``seed_<code>`` (made on first use; call outside an application's transaction, so a
        rolled-back application never leaves a cached account that is not in the database)."""
        username = f"seed_{region.code}"
        user = self.users.get(username)
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=None,
                role=role,
                region=region,
                display_name=f"演示数据（{region.name}）",
            )
            self.users[username] = user
        return user


# --- one application through its case -----------------------------------------------------------------


def _flow(app: Application, *, town: User, district: User, start: date, approve: bool = True) -> None:
    """受理 → 调查完毕 → 公示 → 公示期满 → 区县审核确认, on plausible days."""
    case = app.case
    for action, actor, day in (
        ("accept", town, start),
        ("submit", town, start + timedelta(days=6)),
        ("publish", town, start + timedelta(days=7)),
        ("publicity_end", town, start + timedelta(days=15)),
        ("approve" if approve else "reject", district, start + timedelta(days=20)),
    ):
        comment = "" if approve or action != "reject" else "家庭月人均收入不低于保障标准"
        case_transition(actor=actor, case=case, action=action, at=_at(day, 10), comment=comment)


def _enrol_household(item: PlannedApplication, person: Person, *, town: User, district: User) -> None:
    app = application_create(actor=town, kind=item.kind, applicant=person, at=_at(item.day, 9))
    members = list(app.assessment.members.all())
    total = int(item.standard_yuan * len(members) * item.income_factor) * 100
    if total:
        assessment_services.income_add(actor=town, member=members[0], income_type=IncomeType.WAGE, monthly_fen=total,
                                       note="演示数据")  # fmt: skip
    if item.unstable_income:
        assessment_services.assessment_update(actor=town, assessment=app.assessment, unstable_income=True)
    _flow(app, town=town, district=district, start=item.day)


def _enrol_tekun(item: PlannedApplication, person: Person, *, town: User, district: User) -> None:
    app = application_create(
        actor=town, kind="tekun", applicant=person, support=item.support, at=_at(item.day, 9)
    )
    member = app.assessment.members.get(is_applicant=True)
    assessment_services.income_add(actor=town, member=member, income_type=IncomeType.BASIC_PENSION, monthly_fen=17800,
                                   note="演示数据")  # fmt: skip
    assessment_services.assessment_update(actor=town, assessment=app.assessment, no_supporter=True,
                                          care_items_failed=item.care_items_failed)  # fmt: skip
    _flow(app, town=town, district=district, start=item.day)


def _temporary(
    item: PlannedApplication, person: Person, *, town: User, district: User, town_region: Region
) -> None:
    day, amount = item.day, item.amount_fen
    if item.kind == "temporary_emergency":  # 急难型: 先行救助 from the town's reserve
        reserve_top_up(
            actor=district, town=town_region, amount_fen=amount, note="演示数据：拨付备用金", at=_at(day, 8)
        )
        app = application_create(actor=town, kind="temporary_emergency", applicant=person, requested_fen=amount,
                                 comment="突发疾病（演示数据）", at=_at(day, 9))  # fmt: skip
        case_transition(actor=town, case=app.case, action="advance_pay", at=_at(day, 15), amount_fen=amount)
        case_transition(
            actor=town, case=app.case, action="paperwork_done", at=_at(day + timedelta(days=3), 10)
        )
        case_transition(
            actor=town, case=app.case, action="publicity_end", at=_at(day + timedelta(days=11), 10)
        )
        return
    app = application_create(actor=town, kind="temporary_expense", applicant=person, requested_fen=amount,
                             comment="医疗支出大（演示数据）", at=_at(day, 9))  # fmt: skip
    assessment_services.assessment_update(actor=town, assessment=app.assessment, rigid_expenses_fen=200000)
    case = app.case
    for action, offset in (("accept", 0), ("submit", 3), ("publish", 4), ("town_approve", 12)):
        case_transition(actor=town, case=case, action=action, at=_at(day + timedelta(days=offset), 10))


def seed_application_make(item: PlannedApplication, person: Person, *, actors: SeedActors) -> None:
    """Make one planned application, start to decision, in one transaction of its own."""
    town_region = actors.town_of(person.hukou_region or person.region)
    town = actors.user(town_region, Role.TOWN_CASEWORKER)
    district = actors.user(actors.district_of(town_region), Role.DISTRICT_REVIEWER)
    with transaction.atomic():
        if item.program == Program.TEKUN:
            _enrol_tekun(item, person, town=town, district=district)
        elif item.program == Program.TEMPORARY:
            _temporary(item, person, town=town, district=district, town_region=town_region)
        else:
            _enrol_household(item, person, town=town, district=district)


# --- the step ---------------------------------------------------------------------------------------


def _existing_by_program(programs: list[str]) -> Counter[str]:
    rows = Application.objects.filter(program__in=programs).values("program").annotate(n=Count("id"))
    return Counter({r["program"]: r["n"] for r in rows})


def _to_make(plan: SeedPlan, have: Counter[str]) -> Iterator[PlannedApplication]:
    """The planned applications still missing, in plan order, up to each program's target: one already made
    (same applicant, same program) is passed over, and so is everything once a program has its count."""
    made = set(
        Application.objects.filter(program__in=list(plan.targets)).values_list("applicant_id", "program")
    )
    room = {p: max(plan.targets[p] - have[p], 0) for p in plan.targets}
    for item in plan.items:
        if room[item.program] > 0 and (item.person_id, item.program) not in made:
            room[item.program] -= 1
            yield item


def assistance_seed(
    *,
    scale: float,
    random_seed: int = 2020,
    year: int | None = None,
    echo: Callable[[str], None] | None = None,
) -> str:
    """The seed step: reference data, then the planned cases still missing (resumable: see the module).
    ``echo`` gets a progress line every ``PROGRESS_EVERY`` applications (they are also logged)."""
    if not Person.objects.exists():
        return "人房信息为空，未生成社会救助数据"
    reference = assistance_reference_load()
    year = year or 2020
    plan = seed_plan(scale=scale, random_seed=random_seed, year=year)
    have = _existing_by_program(list(plan.targets))
    todo = list(_to_make(plan, have))
    actors = SeedActors()
    started, made = clock.perf_counter(), 0
    with parameters_memoized():
        for batch in chunked(todo, PERSON_BATCH):
            persons = Person.objects.select_related("hukou_region", "region").in_bulk(
                [i.person_id for i in batch]
            )
            for item in batch:
                seed_application_make(item, persons[item.person_id], actors=actors)
                made += 1
                if made % PROGRESS_EVERY == 0 or made == len(todo):
                    _progress(made, len(todo), started, echo)
    have = _existing_by_program(list(plan.targets))
    tally = SeedTally(enrolled={p: have[p] for p in plan.targets if p != Program.TEMPORARY})
    tally.temporary = have[Program.TEMPORARY]
    if not made and any(have.values()):
        return f"{reference}；已有救助申请，已达目标数量，未重复生成（{tally.line()}）"
    return f"{reference}；{tally.line()}；本次新增申请{made}件"


def _progress(made: int, total: int, started: float, echo: Callable[[str], None] | None) -> None:
    elapsed = clock.perf_counter() - started
    line = f"社会救助：已办理申请{made}/{total}件，用时{elapsed:.0f}秒（每件{elapsed / made * 1000:.0f}毫秒）"
    logger.info(line)
    if echo is not None:
        echo(line)
