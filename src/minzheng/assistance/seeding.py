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

The money is made through the rules, never written afterwards (issue 14: "a report that equals the seed
because the data was overwritten proves nothing"). The plan *chooses the facts* the rules then decide on:
which rural households apply (by size, so that the people covered land on the seed's 12,252 × S), the
income each household declares (so that what Art. 12's formula gives over January–November lands near
the seed's 5,383.8万元 × S), the self-care ability of each 特困 applicant (so that 基本生活 + 照料护理 over
the year lands near 3,242.86万元 × S) and each 临时救助's amount (390.83万元 × S). The standards and the
parameters are the ledger's demo values in force; every amount is the one the means test computes on
the day of the decision, and nothing changes it afterwards. Where the facts cannot hit a figure exactly
(whole 元 incomes, care levels in steps of the care standards) the report shows the difference.

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
from django.db.models import Count, F

from minzheng.assistance import ledger, rules
from minzheng.assistance.evaluation import standard_optional
from minzheng.assistance.models import Application
from minzheng.assistance.rules import IncomeType, Program
from minzheng.assistance.selectors import parameter_value, parameters_memoized
from minzheng.assistance.services import assessments as assessment_services
from minzheng.assistance.services.applications import application_create
from minzheng.assistance.services.parameters import cpi_load_as_system, parameters_demo_load
from minzheng.assistance.services.reserve import reserve_top_up
from minzheng.casework.services import case_transition
from minzheng.core.bulk import chunked
from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.registry.models import Household, Membership, Person
from minzheng.reports.figures import seed_target

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
    income_fen: int = (
        0  # 低保/低收入: the household's monthly wage income the investigation records (whole 元)
    )
    unstable_income: bool = False
    support: str = ""  # 特困: 集中/分散供养
    care_items_failed: int = 0  # 特困
    amount_fen: int = 0  # 临时救助


@dataclass(frozen=True)
class SeedPlan:
    targets: dict[str, int]  # program → applications wanted (round(seed figure × scale))
    items: list[PlannedApplication]


def _head_ids(kind: str, rng: random.Random, taken: set[int]) -> list[int]:
    """The heads of ``kind`` (城镇/农村) households registered in Haikou, shuffled (by id), without ``taken``."""
    ids = list(
        Household.objects.filter(kind=kind, head__isnull=False, head__status=Person.Status.NORMAL)
        .values_list("head_id", flat=True)
        .order_by("id")
    )
    rng.shuffle(ids)
    return [pk for pk in ids if pk not in taken]


def _household_sizes(head_ids: list[int]) -> dict[int, int]:
    """共同生活人口 the investigation will list for each head's household: the head and the other current
    members of normal status (``applications._members_snapshot``)."""
    sizes = {pk: 1 for pk in head_ids}
    for chunk in chunked(head_ids, 5000):
        rows = (
            Membership.objects.filter(
                end_date__isnull=True, household__head_id__in=chunk, person__status=Person.Status.NORMAL
            )
            .exclude(person_id=F("household__head_id"))
            .values("household__head_id")
            .annotate(n=Count("id"))
        )
        for row in rows:
            sizes[row["household__head_id"]] += row["n"]
    return sizes


def _choose_households(candidates: list[int], sizes: dict[int, int], *, n: int, persons: int) -> list[int]:
    """``n`` households (the first ``n`` of the shuffled ``candidates``) whose sizes add up to ``persons``
    as closely as the registry allows: households are swapped, one at a time, for one of the next
    candidates whose size brings the sum closer (the seed's "5060户12252人" is 2.42 people a household,
    fewer than the registry's average)."""
    chosen, pool = candidates[:n], candidates[n:]
    total = sum(sizes[pk] for pk in chosen)
    by_size: dict[int, list[int]] = {}
    for pk in reversed(pool):
        by_size.setdefault(sizes[pk], []).append(pk)
    for index in range(len(chosen)):
        gap = persons - total
        if gap == 0:
            break
        size = sizes[chosen[index]]
        # the replacement size closest to size + gap that the pool still has
        options = [k for k, ids in by_size.items() if ids and abs(size + gap - k) < abs(gap)]
        if not options:
            continue
        best = min(options, key=lambda k: (abs(size + gap - k), k))
        by_size.setdefault(size, []).append(chosen[index])
        chosen[index] = by_size[best].pop()
        total += best - size
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


def _paid_months(day: date, *, through: date) -> int:
    """Months paid from the decision 20 days after ``day`` (``_flow``) through ``through``: payment starts
    the month after the decision (``rules.payment_start_month``)."""
    first = rules.payment_start_month(day + timedelta(days=20))
    return max(0, (through.year - first.year) * 12 + through.month - first.month + 1)


@dataclass
class _Draft:
    person_id: int
    day: date
    members: int
    months: int
    income_fen: int = 0


def _incomes_aimed(drafts: list[_Draft], *, standard_fen: int, target_fen: int, rng: random.Random) -> None:
    """Choose each household's monthly income (whole 元, below standard × members, so each is eligible)
    so that Art. 12's amounts, ``standard × members − income`` (``rules.dibao_gap``), paid over each
    household's months, add up to ``target_fen`` as closely as whole 元 allow: one common share of the
    standard, each household's own spread around it (drawn), then 元 by 元 on the households paid longest.
    A target above what households with no income at all would get is out of reach: incomes stay 0."""
    spread = [rng.uniform(-0.2, 0.2) for _ in drafts]

    def incomes(share: float) -> list[int]:
        return [
            min(
                max(0, int(standard_fen * d.members * (share + j) / 100)), standard_fen * d.members // 100 - 1
            )
            * 100
            for d, j in zip(drafts, spread, strict=True)
        ]

    def paid(values: list[int]) -> int:
        return sum((standard_fen * d.members - v) * d.months for d, v in zip(drafts, values, strict=True))

    low, high = -0.3, 1.3  # paid() falls as the share rises
    for _ in range(50):
        mid = (low + high) / 2
        low, high = (mid, high) if paid(incomes(mid)) > target_fen else (low, mid)
    values = incomes(high)
    rest = target_fen - paid(values)  # ≤ 0: paid a little less than the target; raise it by lowering incomes
    for n in sorted(range(len(drafts)), key=lambda k: -drafts[k].months):
        months = drafts[n].months
        if months == 0 or abs(rest) < 100 * months:
            continue
        step = min(values[n] // 100, abs(rest) // (100 * months)) if rest > 0 else 0
        values[n] -= step * 100
        rest -= step * 100 * months
    for d, v in zip(drafts, values, strict=True):
        d.income_fen = v


def _tekun_aimed(
    items: list[tuple[int, date, int]],
    *,
    basic_fen: dict[int, int],
    care_fen: dict[str, int],
    target_fen: int,
    through: date,
    rng: random.Random,
) -> list[tuple[int, date]]:
    """Each 特困 applicant's self-care items failed (the assessment's six items, domain.md §2) and day of
    application, drawn, then moved one applicant at a time (two passes, in a drawn order) to the care level
    and the month of January–March (same day of the month) that bring the year's 基本生活 + 照料护理
    (``tekun_test``, paid from the month after the decision) closest to ``target_fen``.
    ``items``: (person, day, items failed) as drawn; returns (items failed, day) for each."""
    level_items = {
        rules.CareLevel.SELF_CARE: 0,
        rules.CareLevel.PARTIAL_CARE: 2,
        rules.CareLevel.FULL_CARE: 5,
    }
    chosen = [(failed, day) for _, day, failed in items]

    def paid(n: int, failed: int, day: date) -> int:
        monthly = basic_fen[items[n][0]] + care_fen[rules.care_level(items_failed=failed)]
        return monthly * _paid_months(day, through=through)

    total = sum(paid(n, *chosen[n]) for n in range(len(items)))
    order = list(range(len(items)))
    rng.shuffle(order)
    for n in order * 2:
        now = paid(n, *chosen[n])
        best, best_gap = chosen[n], abs(target_fen - total)
        day = chosen[n][1]
        for month in (1, 2, 3):
            moved = day.replace(month=month, day=min(day.day, 28))
            if moved < day.replace(month=1, day=2):
                continue
            for level, failed in level_items.items():
                keep = failed if rules.care_level(items_failed=chosen[n][0]) != level else chosen[n][0]
                gap = abs(target_fen - (total - now + paid(n, keep, moved)))
                if gap < best_gap:
                    best, best_gap = (keep, moved), gap
        if best != chosen[n]:
            total += paid(n, *best) - now
            chosen[n] = best
    return chosen


def _standard_fen(program: str, *, on: date) -> int:
    city = Region.objects.get(parent__isnull=True)
    return ledger.standard_amount(program=program, region=city, on=on)


def seed_plan(*, scale: float, random_seed: int, year: int) -> SeedPlan:
    """The step's applications in the order they are made. The draws follow one sequence from
    ``random_seed`` (heads, then each application's day and facts), so the plan depends only on the seed,
    the scale, the year, the registry and the standards in force (loaded first if missing)."""
    assistance_reference_load()
    city = Region.objects.get(parent__isnull=True)
    rng = random.Random(random_seed + 30)
    taken: set[int] = set()
    targets: dict[str, int] = {}
    items: list[PlannedApplication] = []
    november, december = date(year, 11, 1), date(year, 12, 1)
    for program, kind, count, band in (
        (Program.DIBAO_RURAL, "rural", round(HAIKOU_DIBAO_RURAL * scale), None),
        (Program.DIBAO_URBAN, "urban", round(HAIKOU_DIBAO_RURAL * scale / 2), (0.0, 0.7)),
        (Program.LOW_INCOME, "urban", round(HAIKOU_DIBAO_RURAL * scale / 5), (1.05, 1.4)),
    ):
        targets[program] = count
        apply_kind = "low_income" if program == Program.LOW_INCOME else "dibao"
        candidates = _head_ids(kind, rng, taken)
        if program == Program.DIBAO_RURAL:  # as many people as the seed's 12,252 × S, the sizes permitting
            sizes = _household_sizes(candidates[: count * 4])
            heads = _choose_households(
                candidates[: count * 4], sizes, n=count, persons=seed_target("dibao_rural_persons", scale)
            )
        else:
            heads = sorted(candidates[:count])
            sizes = _household_sizes(heads)
        taken.update(heads)
        standard = _standard_fen(
            Program.DIBAO_URBAN if kind == "urban" else Program.DIBAO_RURAL, on=date(year, 1, 1)
        )
        drafts = []
        for person_id in heads:
            # 农村低保: early in the year (decided by the end of February, paid from March at the latest), so
            # that the seed's money per person (≈ 87 % of the demo standard a month) is within the formula's reach
            days = 38 if band is None else 80
            start = date(year, 1, 2) + timedelta(days=rng.randrange(0, days))
            factor = rng.uniform(*band) if band else 0.0
            unstable = rng.random() < 0.3
            draft = _Draft(person_id, start, sizes[person_id], _paid_months(start, through=november))
            draft.income_fen = int(standard * sizes[person_id] * factor / 100) * 100
            drafts.append((draft, unstable))
        if band is None:  # 农村低保: incomes chosen so that January–November pays the seed's 5,383.8万元 × S
            _incomes_aimed([d for d, _ in drafts], standard_fen=standard,
                           target_fen=seed_target("dibao_rural_paid", scale), rng=rng)  # fmt: skip
        for draft, unstable in drafts:
            items.append(
                PlannedApplication(
                    program=program,
                    person_id=draft.person_id,
                    day=draft.day,
                    kind=apply_kind,
                    income_fen=draft.income_fen,
                    unstable_income=unstable,
                )
            )
    targets[Program.TEKUN] = round(HAIKOU_TEKUN * scale)
    elders = _elder_ids(rng, targets[Program.TEKUN], taken, year)
    drawn = []
    for person_id in elders:
        start = date(year, 1, 2) + timedelta(days=rng.randrange(0, 80))
        support = rng.choice([rules.TekunSupport.DISPERSED] * 3 + [rules.TekunSupport.CENTRALIZED])
        care = rng.choice([0, 0, 0, 2, 3, 4, 6])
        drawn.append((person_id, start, care, support))
    basic_fen = _tekun_basic(elders, year=year, city=city)
    care_fen = {level: ledger.standard_amount(program=Program.TEKUN, region=city, on=date(year, 1, 1),
                                              category=level) for level in rules.CareLevel}  # fmt: skip
    aimed = _tekun_aimed(
        [(p, d, c) for p, d, c, _ in drawn], basic_fen=basic_fen, care_fen=care_fen,
        target_fen=seed_target("tekun_paid", scale), through=december, rng=rng,
    )  # fmt: skip
    for (person_id, _, _, support), (care, start) in zip(drawn, aimed, strict=True):
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
    for person_id in sorted(_head_ids("rural", rng, set())[: targets[Program.TEMPORARY]]):
        day = date(year, 1, 6) + timedelta(days=rng.randrange(0, 320))
        amount = rng.choice([500, 600, 800, 1000, 1200]) * 100  # 元, brought to the seed's total below
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


def _tekun_basic(person_ids: list[int], *, year: int, city: Region) -> dict[int, int]:
    """特困基本生活标准 of each applicant (``rules.tekun_basic_standard``: ≥ 1.3 × the 低保 standard of the
    household's kind, 国发〔2016〕14号), as the means test will find it."""
    on = date(year, 1, 1)
    multiple = parameter_value("tekun_basic_multiple", region=city, on=on).value
    table = standard_optional(program=Program.TEKUN, region=city, on=on, category="basic")
    basic = {
        kind: rules.tekun_basic_standard(
            dibao_standard_fen=_standard_fen(rules.dibao_program_for(kind), on=on),
            table_fen=table,
            multiple=multiple,
        )
        for kind in ("urban", "rural")
    }
    kinds = dict(
        Membership.objects.filter(end_date__isnull=True, person_id__in=person_ids).values_list(
            "person_id", "household__kind"
        )
    )
    return {pk: basic[kinds.get(pk) or "urban"] for pk in person_ids}


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
    total = item.income_fen
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
