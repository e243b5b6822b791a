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
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from minzheng.assistance import rules
from minzheng.assistance.models import Application
from minzheng.assistance.rules import IncomeType, Program
from minzheng.assistance.services import assessments as assessment_services
from minzheng.assistance.services.applications import application_create
from minzheng.assistance.services.parameters import cpi_set, parameters_demo_load
from minzheng.assistance.services.reserve import reserve_top_up
from minzheng.casework.services import case_transition
from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.registry.models import Household, Membership, Person

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
CPI_SOURCE = "演示数据：参照2020—2021年全国居民消费价格指数，非海南发布数 [U]"

HAIKOU_DIBAO_RURAL = 5060
HAIKOU_TEKUN = 3064
HAIKOU_TEMPORARY = 4578


@dataclass
class SeedTally:
    enrolled: dict[str, int]
    temporary: int = 0

    def line(self) -> str:
        parts = "，".join(f"{rules.program_label(p)}{n}" for p, n in self.enrolled.items())
        return f"纳入：{parts}；临时救助{self.temporary}人次（演示数据）"


def _seed_actor(region: Region, role: str) -> User:
    user = User.objects.filter(username=f"seed_{region.code}").first()
    if user is None:
        user = User.objects.create_user(
            username=f"seed_{region.code}", password=None, role=role, region=region,
            display_name=f"演示数据（{region.name}）",
        )  # fmt: skip
    return user


def _town_of(region: Region) -> Region:
    return next(r for r in [*region.ancestors(), region] if r.level == Region.Level.TOWN)


def _district_of(region: Region) -> Region:
    return next(r for r in [*region.ancestors(), region] if r.level == Region.Level.DISTRICT)


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
            cpi_set(actor=None, month=month, cpi_yoy=cpi, food_yoy=food, source=CPI_SOURCE, demo=True)
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


def _heads(kind: str, rng: random.Random, n: int, taken: set[int]) -> list[Person]:
    """``n`` household heads of ``kind`` (城镇/农村) households registered in Haikou, at random."""
    ids = list(
        Household.objects.filter(kind=kind, head__isnull=False, head__status=Person.Status.NORMAL)
        .values_list("head_id", flat=True)
        .order_by("id")
    )
    rng.shuffle(ids)
    chosen = [pk for pk in ids if pk not in taken][:n]
    taken.update(chosen)
    return list(Person.objects.filter(pk__in=chosen).select_related("hukou_region", "region").order_by("id"))


def _elders(rng: random.Random, n: int, taken: set[int], year: int) -> list[Person]:
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
    return list(Person.objects.filter(pk__in=chosen).order_by("id"))


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


def _enrol_household(
    person: Person,
    *,
    kind: str,
    rng: random.Random,
    start: date,
    standard_yuan: int,
    band: tuple[float, float],
) -> bool:
    town_region = _town_of(person.hukou_region or person.region)
    town = _seed_actor(town_region, Role.TOWN_CASEWORKER)
    district = _seed_actor(_district_of(town_region), Role.DISTRICT_REVIEWER)
    app = application_create(actor=town, kind=kind, applicant=person, at=_at(start, 9))
    members = list(app.assessment.members.all())
    total = int(standard_yuan * len(members) * rng.uniform(*band)) * 100
    if total:
        assessment_services.income_add(actor=town, member=members[0], income_type=IncomeType.WAGE, monthly_fen=total,
                                       note="演示数据")  # fmt: skip
    if rng.random() < 0.3:
        assessment_services.assessment_update(actor=town, assessment=app.assessment, unstable_income=True)
    _flow(app, town=town, district=district, start=start)
    return True


def _enrol_tekun(person: Person, *, rng: random.Random, start: date) -> None:
    region = person.hukou_region or person.region
    town = _seed_actor(_town_of(region), Role.TOWN_CASEWORKER)
    district = _seed_actor(_district_of(region), Role.DISTRICT_REVIEWER)
    support = rng.choice([rules.TekunSupport.DISPERSED] * 3 + [rules.TekunSupport.CENTRALIZED])
    app = application_create(actor=town, kind="tekun", applicant=person, support=support, at=_at(start, 9))
    member = app.assessment.members.get(is_applicant=True)
    assessment_services.income_add(actor=town, member=member, income_type=IncomeType.BASIC_PENSION, monthly_fen=17800,
                                   note="演示数据")  # fmt: skip
    assessment_services.assessment_update(actor=town, assessment=app.assessment, no_supporter=True,
                                          care_items_failed=rng.choice([0, 0, 0, 2, 3, 4, 6]))  # fmt: skip
    _flow(app, town=town, district=district, start=start)


def _temporary(person: Person, *, rng: random.Random, day: date) -> None:
    region = person.hukou_region or person.region
    town_region = _town_of(region)
    town = _seed_actor(town_region, Role.TOWN_CASEWORKER)
    amount = rng.choice([500, 800, 1000, 1500, 2000]) * 100
    if rng.random() < 0.3:  # 急难型: 先行救助 from the town's reserve
        district = _seed_actor(_district_of(town_region), Role.DISTRICT_REVIEWER)
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


def assistance_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    """The seed step: reference data, then cases. Skipped when the registry is empty or cases exist."""
    if not Person.objects.exists():
        return "人房信息为空，未生成社会救助数据"
    reference = assistance_reference_load()
    if Application.objects.exists():
        return f"{reference}；已有救助申请，未重复生成"
    year = year or 2020
    rng = random.Random(random_seed + 30)
    tally = SeedTally(enrolled={})
    taken: set[int] = set()
    with transaction.atomic():
        plans = (
            (Program.DIBAO_RURAL, "rural", round(HAIKOU_DIBAO_RURAL * scale), 530, (0.0, 0.7)),
            (Program.DIBAO_URBAN, "urban", round(HAIKOU_DIBAO_RURAL * scale / 2), 610, (0.0, 0.7)),
            (Program.LOW_INCOME, "urban", round(HAIKOU_DIBAO_RURAL * scale / 5), 610, (1.05, 1.4)),
        )
        for program, kind, count, standard, band in plans:
            apply_kind = "low_income" if program == Program.LOW_INCOME else "dibao"
            done = 0
            for person in _heads(kind, rng, count, taken):
                start = date(year, 1, 2) + timedelta(days=rng.randrange(0, 80))
                _enrol_household(
                    person, kind=apply_kind, rng=rng, start=start, standard_yuan=standard, band=band
                )
                done += 1
            tally.enrolled[program] = done
        tekun = 0
        for person in _elders(rng, round(HAIKOU_TEKUN * scale), taken, year):
            _enrol_tekun(person, rng=rng, start=date(year, 1, 2) + timedelta(days=rng.randrange(0, 80)))
            tekun += 1
        tally.enrolled[Program.TEKUN] = tekun
        for person in _heads("rural", rng, round(HAIKOU_TEMPORARY * scale), set()):
            _temporary(person, rng=rng, day=date(year, 1, 6) + timedelta(days=rng.randrange(0, 320)))
            tally.temporary += 1
    return f"{reference}；{tally.line()}"
