"""Synthetic child welfare for a year (``minzheng seed`` step 55, after the registry and the other domains).

Everything goes through the services and the rules, nothing is written after the fact:

- the standards into the ledger: 集中养育 1,450 and 散居 1,050 元/月 from 1 January of ``year`` (the seed document's
  2020 values; the date is not in it [U]), and the year before 1,300 / 900 元 — derived from the seed's rises
  (11.5 %, 16.7 %), demo values; 事实无人抚养儿童 at the 散居 standard (domain.md §5 [U wording]);
- children chosen in the registry (aged 1–17), each with the parents' facts that make them an orphan or a de
  facto child, taken through the 认定 case by the towns' and districts' ``seed_<code>`` accounts (as social
  assistance's seed does) — most decided in December of the year before, some through the year; a few
  reach 18 in the year, a few are adopted or return to their parents (``support_end``);
- the year's payroll of both programs computed by the ledger (``payroll_run_run_as_system``) and closed as
  demo history, like the ledger's own history step;
- 儿童主任 per community and 儿童督导员 per town (民发〔2019〕34号), their visits, the intake of abandoned infants
  and the 宣讲 events.

How many: children are added one by one, each with the amount the rules will pay it in the year (the standard of
each month it is entitled to), until the sum reaches the seed's 1,221.39万元 × scale; infants 7 × scale and 宣讲
180 × scale, rounded, at least one. The step is resumable: the plan is drawn from the random seed alone, what
exists is skipped, and a re-run goes on to the same targets. Each child (its application, case moves and a planned
end) and each visit is one transaction, so a kill -9 leaves whole ones only; a closed payroll month is skipped
(``tests/test_seed_kill.py`` kills it inside a child's transaction and resumes it).
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from minzheng.benefits.models import PayrollRun, Standard
from minzheng.benefits.rules import month_add
from minzheng.benefits.selectors import standard_amount
from minzheng.benefits.services import (
    payroll_run_run_as_system,
    program_ensure,
    standard_load_as_system,
)
from minzheng.benefits.services._common import city_root
from minzheng.children import rules
from minzheng.children.errors import ChildrenError
from minzheng.children.models import InfantIntake, Outreach, Support, Visit, WelfareHome, Worker
from minzheng.children.services import records, supports
from minzheng.core.models import Region, User
from minzheng.core.money import format_wan_yuan
from minzheng.core.roles import Role
from minzheng.registry.models import Person

logger = logging.getLogger(__name__)
TZ = ZoneInfo("Asia/Shanghai")
HOME_NAME = "海口市社会福利院"

# (category, yuan a month the year before, yuan a month from 1 January of the year)
STANDARDS = (
    (rules.ORPHAN_PROGRAM, rules.CATEGORY_INSTITUTION, 1300, 1450),
    (rules.ORPHAN_PROGRAM, rules.CATEGORY_DISPERSED, 900, 1050),
    (rules.DE_FACTO_PROGRAM, rules.CATEGORY_DE_FACTO, 900, 1050),
)
# shares of the caseload [U]: 集中养育 orphans, 散居 orphans, de facto children
MIX = ((rules.Kind.ORPHAN, rules.Placement.INSTITUTION, 0.2), (rules.Kind.ORPHAN, rules.Placement.DISPERSED, 0.35),
       (rules.Kind.DE_FACTO, rules.Placement.DISPERSED, 0.45))  # fmt: skip
ORPHAN_PARENTS = (rules.ParentSituation.DECEASED, rules.ParentSituation.DECEASED)
DE_FACTO_PARENTS = (
    (rules.ParentSituation.DECEASED, rules.ParentSituation.IMPRISONED, 36),
    (rules.ParentSituation.SEVERE_DISABILITY, rules.ParentSituation.LOST_CONTACT, 12),
    (rules.ParentSituation.MISSING, rules.ParentSituation.SEVERE_ILLNESS, 0),
)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


class Actors:
    """The ``seed_<code>`` accounts of towns, districts and the city (no password: nobody logs in with them)."""

    ROLE = {Region.Level.TOWN: Role.TOWN_CASEWORKER, Region.Level.DISTRICT: Role.DISTRICT_REVIEWER,
            Region.Level.CITY: Role.CITY_MANAGER}  # fmt: skip

    def __init__(self) -> None:
        self.regions = {r.code: r for r in Region.objects.filter(level__in=list(self.ROLE))}
        self.users = {u.username: u for u in User.objects.filter(username__startswith="seed_")}

    def above(self, region: Region, level: str) -> Region:
        for code in [c for c in region.path.split("/") if c]:
            found = self.regions.get(code)
            if found is not None and found.level == level:
                return found
        raise LookupError(f"{region.name}没有上级{Region.Level(level).label}")

    def user(self, region: Region) -> User:
        username = f"seed_{region.code}"
        if username not in self.users:
            self.users[username] = User.objects.filter(username=username).first() or User.objects.create_user(
                username=username, password=None, role=self.ROLE[region.level], region=region,
                display_name=f"演示数据（{region.name}）",
            )  # fmt: skip
        return self.users[username]

    def town(self, region: Region) -> User:
        return self.user(self.above(region, Region.Level.TOWN))

    def district(self, region: Region) -> User:
        return self.user(self.above(region, Region.Level.DISTRICT))


def standards_load(year: int) -> int:
    root, added = city_root(), 0
    for program, name in rules.PROGRAM_NAMES.items():
        program_ensure(code=program, name=name)
    for program, category, before, now in STANDARDS:
        for start, yuan in ((date(year - 1, 1, 1), before), (date(year, 1, 1), now)):
            if Standard.objects.filter(
                program__code=program, region=root, category=category, effective_from=start
            ):
                continue
            if Standard.objects.filter(program__code=program, region=root, category=category,
                                       effective_from__gt=start).exists():  # fmt: skip
                continue  # a later standard is there already (a manager's): never slip one in before it
            standard_load_as_system(
                program=program, region=root, category=category, effective_from=start, amount_fen=yuan * 100
            )
            added += 1
    return added


@dataclass(frozen=True)
class Planned:
    person_id: int
    kind: str
    placement: str
    decided_on: date
    end_reason: str = ""
    end_on: date | None = None


def _paid_in_year(plan: Planned, birth: date, year: int, root: Region) -> int:
    """What the rules will pay this child for ``year``: the standard of each month it is entitled to."""
    program, category = rules.program_for(plan.kind), rules.category_for(plan.kind, plan.placement)
    first = max(rules.start_month(plan.decided_on), date(year, 1, 1))
    last = min(rules.age_last_month(birth), date(year, 12, 1))
    if plan.end_on is not None:
        last = min(last, rules.event_last_month(plan.end_on))
    total, month = 0, first
    while month <= last:
        total += standard_amount(program=program, region=root, on=month, category=category)
        month = month_add(month, 1)
    return total


def _draw(rng: random.Random, year: int) -> tuple[str, str, date, str, date | None]:
    roll, acc = rng.random(), 0.0
    kind, placement = MIX[-1][0], MIX[-1][1]
    for k, p, share in MIX:
        acc += share
        if roll < acc:
            kind, placement = k, p
            break
    if rng.random() < 0.8:  # the caseload: decided before the year, paid from January
        decided = date(year - 1, 12, rng.randint(1, 20))
    else:
        decided = date(year, rng.randint(1, 10), rng.randint(1, 25))
    end_reason, end_on = "", None
    if rng.random() < 0.04:
        end_reason = rng.choice([rules.EndReason.ADOPTED, rules.EndReason.RETURNED])
        end_on = max(decided + timedelta(days=40), date(year, rng.randint(3, 11), rng.randint(1, 28)))
        end_on = min(end_on, date(year, 12, 28))
    return kind, placement, decided, end_reason, end_on


def children_plan(*, scale: float, random_seed: int, year: int) -> list[Planned]:
    """The children and their dates, from the random seed: added until what the rules will pay in ``year``
    reaches the seed's 儿童保障金 × scale."""
    from minzheng.reports.figures import seed_target

    target = seed_target("child_welfare_paid", scale)
    rng = random.Random(f"children-{random_seed}-{year}")
    root = city_root()
    candidates = list(
        Person.objects.filter(
            status=Person.Status.NORMAL,
            birth_date__gt=date(year - 18, 1, 2),
            birth_date__lte=date(year - 2, 1, 1),
        )
        .order_by("id")
        .values_list("id", "birth_date")
    )
    rng.shuffle(candidates)
    plan: list[Planned] = []
    total = 0
    for person_id, birth in candidates:
        kind, placement, decided, end_reason, end_on = _draw(rng, year)
        if rules.age_last_month(birth) < rules.start_month(decided):
            continue
        item = Planned(person_id, kind, placement, decided, end_reason, end_on)
        amount = _paid_in_year(item, birth, year, root)
        if amount <= 0:
            continue
        if total + amount > target:
            # the last child: decided later in the year so that its months fill what is left (within a month)
            fits = [
                replace(item, decided_on=date(year, m, 15), end_reason="", end_on=None) for m in range(1, 12)
            ]
            fits = [(abs(target - total - _paid_in_year(f, birth, year, root)), f) for f in fits]
            gap, best = min([(abs(target - total - amount), item), *fits], key=lambda pair: pair[0])
            if gap < target - total:
                plan.append(best)
            break
        plan.append(item)
        total += amount
        if total >= target:
            break
    return plan


def _support_make(item: Planned, child: Person, *, actors: Actors, home: WelfareHome) -> None:
    town, district = actors.town(child.region), actors.district(child.region)
    applied = item.decided_on - timedelta(days=20)
    if item.kind == rules.Kind.ORPHAN:
        father, mother, months = *ORPHAN_PARENTS, 0
    else:
        father, mother, months = DE_FACTO_PARENTS[child.pk % len(DE_FACTO_PARENTS)]
    with transaction.atomic():
        support = supports.support_apply(
            actor=town, child=child, kind=item.kind, father_situation=father, mother_situation=mother,
            mother_months=months, applicant_name="演示监护人", applicant_relation="祖父母", applied_on=applied,
            placement=item.placement, home=home if item.placement == rules.Placement.INSTITUTION else None,
            guardians=[supports.GuardianInput(name="演示监护人", relation="祖父母")], at=_at(applied, 9),
        )  # fmt: skip
        for action, actor, day in (("accept", town, applied + timedelta(days=1)),
                                   ("report", town, applied + timedelta(days=10)),
                                   ("approve", district, item.decided_on)):  # fmt: skip
            supports.support_move(actor=actor, support=support, action=action, at=_at(day))
        if (
            item.end_on is not None
        ):  # in the child's transaction: a kill before it cannot leave the end undone
            supports.support_end(actor=district, support=support, reason=item.end_reason, on=item.end_on)


def _payroll(year: int) -> tuple[int, int]:
    """The year's runs of both programs, computed by the ledger and closed as demo history (months up to now)."""
    from minzheng.benefits.seeding import _close_as_history  # the ledger's own way of closing demo history

    today = timezone.localdate()
    made, amount = 0, 0
    for number in range(1, 13):
        month = date(year, number, 1)
        if month > today:
            break
        supports.supports_end_aged(month=month)  # 自动终止 recorded before the month is closed
        for program in rules.PROGRAMS:
            run = PayrollRun.objects.filter(
                program__code=program, month=month, kind=PayrollRun.Kind.REGULAR
            ).first()
            if run is not None and run.status != PayrollRun.Status.DRAFT:
                continue
            run = payroll_run_run_as_system(program=program, month=month)
            _close_as_history(run)
            run.refresh_from_db()
            made, amount = made + 1, amount + run.amount_fen
    return made, amount


def _adult_in(region: Region, year: int) -> Person | None:
    """The first adult of 25–60 living in ``region`` who has never held a post (a person is one region's
    儿童主任 or 督导员, not two): a NOT EXISTS over the workers, which the appointments of this run join."""
    qs = Person.objects.filter(region__path__startswith=region.path, status=Person.Status.NORMAL,
                               birth_date__lte=date(year - 25, 1, 1), birth_date__gt=date(year - 60, 1, 1))  # fmt: skip
    return qs.exclude(Exists(Worker.objects.filter(person=OuterRef("pk")))).order_by("id").first()


def _workers(year: int, actors: Actors) -> int:
    made = 0
    have = set(Worker.objects.filter(left_on__isnull=True).values_list("region_id", "post"))
    levels = {Region.Level.TOWN: Worker.Post.SUPERVISOR, Region.Level.COMMUNITY: Worker.Post.DIRECTOR}
    for region in Region.objects.filter(level__in=list(levels)).order_by("code"):
        post = levels[region.level]
        if (region.pk, post) in have:
            continue
        person = _adult_in(region, year)
        if person is None:
            continue
        actor = actors.district(region)
        records.worker_appoint(
            actor=actor, person=person, post=post, region=region, appointed_on=date(year - 1, 6, 1)
        )
        made += 1
    return made


def _visits(year: int, actors: Actors, rng: random.Random) -> int:
    """Two visits by each of the first 200 儿童主任, each visit (with its follow-up case) in one transaction. Every
    visit's values are drawn whether it exists or not, so a run resumed after a kill makes the missing visits with
    the values the uninterrupted run would have given them."""
    done = set(Visit.objects.filter(visited_on__year=year).values_list("worker_id", "child_id"))
    made = 0
    directors = list(
        Worker.objects.filter(post=Worker.Post.DIRECTOR, left_on__isnull=True).select_related("region")
    )
    for worker in directors[:200]:
        kids = list(
            Person.objects.filter(region__path__startswith=worker.region.path, status=Person.Status.NORMAL,
                                  birth_date__gt=date(year - 17, 1, 1), birth_date__lte=date(year - 3, 1, 1))
            .order_by("id")[:2]
        )  # fmt: skip
        for child in kids:
            day = date(year, rng.randint(2, 11), rng.randint(1, 28))
            risk = rng.choices(rules.Risk.values, weights=(80, 15, 5))[0]
            category = rng.choice([rules.ChildCategory.LEFT_BEHIND, rules.ChildCategory.PLIGHT])
            if (worker.pk, child.pk) in done:
                continue
            town = actors.town(worker.region)
            with transaction.atomic():
                visit = records.visit_record(
                    actor=town, worker=worker, child=child, category=category, visited_on=day, risk=risk,
                    findings="演示数据：入户了解儿童生活、就学和监护情况",
                    follow_up="联系监护人落实监护责任" if risk != rules.Risk.LOW else "", at=_at(day, 15),
                )  # fmt: skip
                if visit.case is not None:
                    from minzheng.casework.services import case_transition

                    case_transition(
                        actor=town, case=visit.case, action="take", at=_at(day + timedelta(days=1))
                    )
                    case_transition(actor=town, case=visit.case, action="close", comment="已协调监护人和学校落实照护",
                                    at=_at(day + timedelta(days=4)))  # fmt: skip
            made += 1
    return made


def _intakes(year: int, scale: float, home: WelfareHome, actors: Actors, rng: random.Random) -> int:
    from minzheng.reports.figures import seed_target

    target = max(1, seed_target("children_received", scale))
    have = InfantIntake.objects.filter(received_on__year=year).count()
    city = actors.user(city_root())
    for i in range(have, target):
        found = date(year, 1 + (i * 11) % 12, rng.randint(1, 27))
        records.infant_intake_record(
            actor=city, home=home, received_on=found + timedelta(days=1), found_on=found, found_place="演示数据：医院门口",
            gender=rng.choice("MF"), estimated_birth=found - timedelta(days=rng.randint(3, 300)),
            police_report=f"演示{year}{i + 1:04d}", disabled=rng.random() < 0.6,
        )  # fmt: skip
    return max(0, target - have)


def _outreach(year: int, scale: float, actors: Actors, rng: random.Random) -> int:
    from minzheng.reports.figures import seed_target

    target = max(1, seed_target("child_policy_talks", scale))
    have = Outreach.objects.filter(held_on__year=year).count()
    communities = list(Region.objects.filter(level=Region.Level.COMMUNITY).order_by("code"))
    for i in range(have, target):
        region = communities[(i * 7919) % len(communities)]
        records.outreach_record(
            actor=actors.town(region), region=region, held_on=date(year, rng.randint(3, 12), rng.randint(1, 28)),
            title="农村留守儿童和困境儿童关爱保护政策宣讲", speaker="市级宣讲团", audience=rng.randint(20, 80),
            children=rng.randint(5, 20),
        )  # fmt: skip
    return max(0, target - have)


def children_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    year = year or 2020
    rng = random.Random(f"children-records-{random_seed}-{year}")
    standards = standards_load(year)
    actors = Actors()
    home = records.welfare_home_ensure(name=HOME_NAME, region=city_root())
    plan = children_plan(scale=scale, random_seed=random_seed, year=year)
    done = set(
        Support.objects.filter(child_id__in=[p.person_id for p in plan]).values_list("child_id", flat=True)
    )
    people = Person.objects.in_bulk([p.person_id for p in plan if p.person_id not in done])
    made = 0
    for item in plan:
        child = people.get(item.person_id)
        if child is None:
            continue
        try:
            _support_make(item, child, actors=actors, home=home)
        except (
            ChildrenError
        ) as exc:  # a child the rules refuse (e.g. moved out since the plan): say so, go on
            logger.warning("演示儿童%s未纳入：%s", child.pk, exc.message)
            continue
        made += 1
    workers = _workers(year, actors)
    visits = _visits(year, actors, rng)
    infants = _intakes(year, scale, home, actors, rng)
    talks = _outreach(year, scale, actors, rng)
    runs, amount = _payroll(year)
    paying = Support.objects.filter(enrollment__isnull=False).filter(Q(ended_on__isnull=True)).count()
    return (
        f"标准新增{standards}条；认定儿童{made}人（计划{len(plan)}人，在保{paying}人）；儿童主任/督导员{workers}人；"
        f"走访{visits}次；接收弃婴{infants}人；宣讲{talks}场；工资单{runs}份，合计{format_wan_yuan(amount)}（演示数据）"
    )
