"""The synthetic year of the two disability subsidies (``minzheng seed`` step 45, after social assistance made
the year's 低保 households, before the ledger's payroll history pays the year).

Everything through the services: demo standards into the ledger (labelled 演示数据: Hainan's amounts were not
found, domain.md §6 [U]; from 2016-01-01, when 国发〔2015〕52号 took effect), certificates (the 残联's data, as
the system), applications taken through their cases (受理初审 by the town's ``seed_<code>`` account, 审核确认 by
the district's), so the enrollments, timelines and audit entries are those real work leaves. The payroll history
then pays each month what the rules decide (``payroll.py``).

The facts are chosen, not the amounts: 生活补贴 goes to disabled members of the year's 低保 households, applying
the month after their household's 低保 began; 护理补贴 to 一、二级 certificate holders who applied in November
of the year before (paid all year), as many as the seed's 18.89万人次 × S leaves after 生活补贴, and the grades
(一级 or 二级, each with its own standard) so that the year's money lands near the seed's 3,582.2万元 × S.
Some holders of 三、四级 certificates get none (not eligible). Resumable: each application is made in its own
transaction; a re-run makes only what is missing of the same plan (``tests/test_seed_kill.py`` kills the step
with SIGKILL inside an application's transaction and resumes it).
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from minzheng.benefits.models import Enrollment, Standard
from minzheng.benefits.rules import month_add
from minzheng.benefits.selectors import enrollments_active, standard_amount
from minzheng.benefits.services import standard_load_as_system
from minzheng.casework.services import case_transition
from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.disability import rules
from minzheng.disability.models import Application, Certificate
from minzheng.disability.services import application_create, certificate_register, programs_ensure
from minzheng.registry.models import Membership, Person
from minzheng.reports.figures import seed_target

logger = logging.getLogger(__name__)
TZ = ZoneInfo("Asia/Shanghai")

# program, category, 元/月 — demo values (not Hainan's official standards), from 2016-01-01 (国发〔2015〕52号)
DEMO_STANDARDS: tuple[tuple[str, str, int], ...] = (
    (rules.LIVING, rules.LIVING_DIBAO, 150),
    (rules.CARE, rules.CARE_GRADE1, 220),
    (rules.CARE, rules.CARE_GRADE2, 180),
)
DEMO_FROM = date(2016, 1, 1)
LIVING_SHARE = (
    0.2  # of the seed's 人次 given to 生活补贴 (the rest 护理补贴), at most a third of 低保 persons [U]
)


def standards_demo_load() -> int:
    programs_ensure()
    city = Region.objects.get(parent__isnull=True)
    added = 0
    for program, category, yuan in DEMO_STANDARDS:
        if not Standard.objects.filter(program__code=program, region=city, category=category).exists():
            standard_load_as_system(program=program, region=city, category=category, effective_from=DEMO_FROM,
                                    amount_fen=yuan * 100)  # fmt: skip
            added += 1
    return added


@dataclass(frozen=True)
class Planned:
    person_id: int
    subsidy: str
    kind: int
    grade: int
    day: date  # the application's day (None: a certificate without application)
    apply: bool = True


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


def _months_in_year(start: date, year: int) -> int:
    first = max(start, date(year, 1, 1))
    return max(0, 12 - first.month + 1) if first.year == year else 0


def _dibao_members(year: int) -> list[tuple[int, date]]:
    """(person, the first day they are in a 低保 household) for the members of the year's 低保 households:
    the later of the month the household's 低保 began and the day the person joined the household."""
    rows = []
    dibao = enrollments_active(on=date(year, 6, 1)).filter(program__code__in=rules.DIBAO_PROGRAMS)
    starts = dict(dibao.values_list("household_id", "start_month"))
    members = Membership.objects.filter(
        household_id__in=list(starts), end_date__isnull=True, person__status=Person.Status.NORMAL
    ).values_list("person_id", "household_id", "start_date")
    for person_id, household_id, joined in members.order_by("person_id"):
        rows.append((person_id, max(starts[household_id], joined)))
    return rows


def _standard_fen(program: str, category: str, year: int) -> int:
    """The city's standard in force in the middle of ``year`` (the ledger's, loaded before the plan)."""
    city = Region.objects.get(parent__isnull=True)
    return standard_amount(program=program, region=city, on=date(year, 6, 1), category=category)


def seed_plan(*, scale: float, random_seed: int, year: int) -> list[Planned]:
    rng = random.Random(random_seed + 45)
    tekun = set(
        enrollments_active(on=date(year, 6, 1))
        .filter(program__code=rules.TEKUN)
        .values_list("person_id", flat=True)
    )
    person_times = seed_target("disability_person_times", scale)
    money = seed_target("disability_paid", scale)
    plan: list[Planned] = []
    taken = set(tekun)
    # 生活补贴: disabled members of 低保 households, the month after the household's 低保 began
    members = [(p, m) for p, m in _dibao_members(year) if p not in taken]
    rng.shuffle(members)
    living_lines, living_money = 0, 0
    living_fen = _standard_fen(rules.LIVING, rules.LIVING_DIBAO, year)
    for person_id, start in members[: len(members) // 3]:
        if living_lines >= person_times * LIVING_SHARE:
            break
        day = start + timedelta(days=rng.randrange(0, 12))
        months = _months_in_year(month_add((day + timedelta(days=8)).replace(day=1), 1), year)
        if not months:
            continue
        kind, grade = rng.choice(list(rules.KIND_LABELS)), rng.choice([2, 3, 3, 4, 4])
        plan.append(Planned(person_id, "living", kind, grade, day))
        taken.add(person_id)
        living_lines += months
        living_money += months * living_fen
    # 护理补贴: 一、二级 holders who applied in November of the year before (paid every month of the year)
    care_lines = max(0, person_times - living_lines)
    n_care, rest = divmod(care_lines, 12)
    care_target = max(0, money - living_money)
    fen = {
        1: _standard_fen(rules.CARE, rules.CARE_GRADE1, year),
        2: _standard_fen(rules.CARE, rules.CARE_GRADE2, year),
    }
    ids = list(Person.objects.filter(status=Person.Status.NORMAL).order_by("id").values_list("id", flat=True))
    rng.shuffle(ids)
    pool = (pk for pk in ids if pk not in taken)
    count = n_care + (1 if rest else 0)
    lines = [12] * n_care + ([rest] if rest else [])
    # grades: as many 一级 as bring Σ months × standard closest to the target (二级 the rest)
    base = sum(lines) * fen[2]
    step = fen[1] - fen[2]
    n_first = min(count, max(0, round((care_target - base) / (step * 12)))) if step else 0
    for n, months in enumerate(lines):
        person_id = next(pool)
        day = (
            date(year - 1, 11, 2) + timedelta(days=rng.randrange(0, 14))
            if months == 12
            else month_add(date(year, 12 - months + 1, 1), -1) + timedelta(days=rng.randrange(0, 12))
        )
        kind = rng.choice(list(rules.KIND_LABELS))
        plan.append(Planned(person_id, "care", kind, 1 if n < n_first else 2, day))
        taken.add(person_id)
    # 三、四级 holders who get neither (not 低保, not 重度): a quarter as many as the care recipients
    for _ in range(count // 4):
        person_id = next(pool)
        plan.append(Planned(person_id, "", rng.choice(list(rules.KIND_LABELS)), rng.choice([3, 4]),
                            date(year - 1, 6, 1), apply=False))  # fmt: skip
        taken.add(person_id)
    return plan


class _Actors:
    def __init__(self) -> None:
        self.regions = {
            r.code: r for r in Region.objects.filter(level__in=(Region.Level.TOWN, Region.Level.DISTRICT))
        }
        self.users = {u.username: u for u in User.objects.filter(username__startswith="seed_")}

    def of(self, region: Region, level: str, role: str) -> User:
        found = next(
            (
                self.regions[c]
                for c in region.path.split("/")
                if c in self.regions and self.regions[c].level == level
            ),
            None,
        )
        if found is None:
            raise LookupError(f"{region.name}没有上级{Region.Level(level).label}")
        username = f"seed_{found.code}"
        if username not in self.users:
            self.users[username] = User.objects.create_user(
                username=username,
                password=None,
                role=role,
                region=found,
                display_name=f"演示数据（{found.name}）",
            )
        return self.users[username]


def _make(item: Planned, person: Person, actors: _Actors) -> None:
    with transaction.atomic():
        certificate = Certificate.objects.filter(person=person, status=Certificate.Status.VALID).first()
        if certificate is None:
            certificate_register(actor=None, person=person, kind=item.kind, grade=item.grade,
                                 issued_on=item.day - timedelta(days=200))  # fmt: skip
        if not item.apply:
            return
        where = person.hukou_region or person.region
        town = actors.of(where, Region.Level.TOWN, Role.TOWN_CASEWORKER)
        district = actors.of(where, Region.Level.DISTRICT, Role.DISTRICT_REVIEWER)
        app = application_create(actor=town, person=person, subsidy=item.subsidy, comment="演示数据",
                                 at=_at(item.day, 9))  # fmt: skip
        case_transition(actor=town, case=app.case, action="accept", at=_at(item.day + timedelta(days=2)))
        case_transition(actor=district, case=app.case, action="approve", at=_at(item.day + timedelta(days=8)))


def disability_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    if not Person.objects.exists():
        return "人房信息为空，未生成残疾人两项补贴数据"
    added = standards_demo_load()
    year = year or 2020
    plan = seed_plan(scale=scale, random_seed=random_seed, year=year)
    done = set(Certificate.objects.values_list("person_id", flat=True))
    applied = set(Application.objects.values_list("person_id", "subsidy"))
    actors = _Actors()
    persons = Person.objects.select_related("hukou_region", "region").in_bulk([i.person_id for i in plan])
    made = 0
    for item in plan:
        if (item.person_id, item.subsidy) in applied or (not item.apply and item.person_id in done):
            continue
        _make(item, persons[item.person_id], actors)
        made += 1
    living = Enrollment.objects.filter(program__code=rules.LIVING).count()
    care = Enrollment.objects.filter(program__code=rules.CARE).count()
    certificates = Certificate.objects.count()
    return (
        f"演示标准新增{added}条；残疾人证{certificates}本，生活补贴{living}人、护理补贴{care}人纳入发放"
        f"（本次新增{made}件，演示数据）"
    )
