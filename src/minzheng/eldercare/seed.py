"""Synthetic elderly care for the demo and benchmarks, written through the real services.

At scale ``S`` (the seed document's 2020 figures × S, at least one of each): round(50·S) 长者饭堂,
round(14·S) care homes (7 敬老院 + 7 养老院), round(7·S) 日间照料中心, round(12·S) home-care providers; staff
and round(581·S) trained caregivers; residents filling about 60 % of the beds, each assessed (GB/T
42195); round(30,000·S) meals (≥ 100) settled month by month; round(2,000·S) 12349 requests (≥ 10) taken
through to their end; a service-quality and a fire-safety inspection of every care home. Subsidy
amounts are demo values, marked ``is_demo`` and never Haikou's official standard.

The services need acting accounts: the step keeps its own, with unusable passwords (usernames
``yl_seed_*``), each named after the office or unit it acts for — the name the pages show.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from minzheng.core.models import Region, User
from minzheng.core.roles import Role, can, roles_with
from minzheng.eldercare import rules, selectors, services, settlement
from minzheng.eldercare.eligibility import enrolled_statuses
from minzheng.eldercare.models import (
    AssessmentStandard,
    CareLevel,
    Finding,
    HelpCategory,
    HelpRequest,
    Institution,
    InstitutionKind,
    MealType,
    Ownership,
    Satisfaction,
    Staff,
    StaffPost,
    SubsidyCategory,
    Training,
)
from minzheng.registry.models import Person

DEMO_AMOUNTS_FEN = {  # demo values per meal, not Haikou's standard (domain.md: amounts are [U])
    SubsidyCategory.AGE_60: 300,
    SubsidyCategory.AGE_70: 400,
    SubsidyCategory.AGE_80: 500,
    SubsidyCategory.DISABLED: 600,
    SubsidyCategory.DIBAO: 600,
    SubsidyCategory.TEKUN: 800,
}
HELP_MIX = (
    (HelpCategory.MEALS, 25), (HelpCategory.CLEANING, 20), (HelpCategory.MEDICAL, 15), (HelpCategory.BATHING, 8),
    (HelpCategory.CONSULTATION, 18), (HelpCategory.COMPLAINT, 4), (HelpCategory.EMERGENCY, 5), (HelpCategory.OTHER, 5),
)  # fmt: skip


def _account(username: str, role: str, region: Region, name: str) -> User:
    """The step's acting account ``username``, named ``name`` (the office or unit; an account made by an
    earlier version of the step, named after its username, is renamed)."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"role": role, "region": region, "display_name": name}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    elif user.display_name != name:
        user.display_name = name
        user.save(update_fields=["display_name"])
    return user


def _office(city: Region) -> User:
    return _account("yl_seed_city", Role.CITY_MANAGER, city, f"{city.name}民政局养老服务科")


def _hotline(city: Region) -> User:
    return _account("yl_seed_12349", Role.HOTLINE_OPERATOR, city, f"{city.name}12349养老服务热线")


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(7, 19), rng.randint(0, 59)), tzinfo=_tz())


def eldercare_seed(*, scale: float, random_seed: int, year: int | None = None) -> str:
    if Institution.objects.exists():
        return _staff_top_up(scale=scale, random_seed=random_seed, year=year or 2020)
    year = year or 2020
    rng = random.Random(random_seed + 6)
    city = Region.objects.get(parent__isnull=True)
    office = _office(city)
    hotline = _hotline(city)
    districts = list(Region.objects.filter(level=Region.Level.DISTRICT).order_by("code"))
    communities = list(Region.objects.filter(level=Region.Level.COMMUNITY).order_by("code"))
    towns = list(Region.objects.filter(level=Region.Level.TOWN).order_by("code"))
    rural_towns = [t for t in towns if t.code[6] == "1"] or towns

    for category, amount in DEMO_AMOUNTS_FEN.items():
        services.meal_subsidy_rule_set(
            actor=office, region=city, category=category, amount_fen=amount, effective_from=date(year, 1, 1),
            is_demo=True, note="演示值，非海口市正式标准",
        )  # fmt: skip

    def make(kind: str, name: str, region: Region, ownership: str) -> Institution:
        return services.institution_create(
            actor=office,
            name=name,
            kind=kind,
            ownership=ownership,
            region=region,
            opened_on=date(year - 1, 6, 1),
        )

    n_canteens = max(1, round(50 * scale))
    canteens = [
        make(InstitutionKind.CANTEEN, f"{c.name}长者饭堂", c, Ownership.PUBLIC_PRIVATE)
        for c in rng.sample(communities, min(n_canteens, len(communities)))
    ]
    homes = []
    for i in range(max(1, round(14 * scale))):
        town = rural_towns[i % len(rural_towns)] if i % 2 == 0 else towns[(i * 7) % len(towns)]
        kind = InstitutionKind.TOWN_HOME if i % 2 == 0 else InstitutionKind.NURSING_HOME
        ownership = (
            Ownership.PUBLIC if kind == InstitutionKind.TOWN_HOME else rng.choice(list(Ownership.values))
        )
        label = "敬老院" if kind == InstitutionKind.TOWN_HOME else f"第{i // 2 + 1}养老院"
        homes.append(make(kind, f"{town.name}{label}", town, ownership))
    for i in range(max(1, round(7 * scale))):
        c = communities[(i * 13) % len(communities)]
        make(InstitutionKind.DAY_CARE, f"{c.name}日间照料中心", c, Ownership.PUBLIC_PRIVATE)
    providers = []
    for i in range(max(1, round(12 * scale))):
        district = districts[i % len(districts)]
        providers.append(make(InstitutionKind.HOME_CARE, f"{district.name}颐康居家养老服务中心{i // len(districts) + 1}",
                              district, Ownership.PRIVATE))  # fmt: skip
    for provider in providers:
        op = _account(f"yl_seed_op_{provider.region.code}", Role.INSTITUTION_OPERATOR, provider.region,
                      f"{provider.region.name}颐康居家养老服务中心")  # fmt: skip
        services.institution_operator_attach(actor=office, institution=provider, user=op)
        operators = User.objects.filter(
            role__in=roles_with("eldercare.institution_own"), is_active=True, region__isnull=False
        )
        for demo in operators:
            if provider.region.path.startswith(demo.region.path) and not demo.username.startswith("yl_seed"):
                services.institution_operator_attach(actor=office, institution=provider, user=demo)

    elderly = _elderly_by_district(year, rng)
    working = _working_age(year, taken=set())
    residents = 0
    used: set[int] = set()
    for home in homes:
        for level, beds in ((CareLevel.SELF_CARE, 30), (CareLevel.SEMI, 20), (CareLevel.FULL, 10)):
            services.institution_beds_set(actor=office, institution=home, care_level=level, beds=beds)
        pool = [p for p in elderly.get(home.region.path.split("/")[2], []) if p not in used]
        for person_id in pool[:36]:
            used.add(person_id)
            person = Person.objects.get(pk=person_id)
            assessment = services.assessment_record(
                actor=office, person=person, standard=AssessmentStandard.GBT_42195_2022,
                assessed_on=date(year, 1, 1) + timedelta(days=rng.randint(0, 60)), items=_random_items(rng),
            )  # fmt: skip
            free = {r.care_level: r.free for r in _beds(home)}
            level = assessment.care_level if free.get(assessment.care_level) else max(free, key=free.get)
            services.resident_admit(actor=office, institution=home, person=person, care_level=level,
                                    admitted_on=assessment.assessed_on, tekun=_tekun(home, person, assessment.assessed_on))  # fmt: skip
            residents += 1
    staff_count, trained = _seed_staff(office, homes + providers, working, year=year, scale=scale, rng=rng)

    meals = _seed_meals(office, canteens, elderly, year, scale, rng)
    helps = _seed_helps(hotline, providers, elderly, year, scale, rng)
    inspections = _seed_inspections(office, homes, year, rng)
    return (
        f"长者饭堂 {len(canteens)} 家，养老机构 {len(homes)} 家，服务商 {len(providers)} 家，在院老人 {residents}，"
        f"工作人员 {staff_count}（培训合格 {trained}），助餐 {meals} 餐次，12349求助 {helps} 件，检查 {inspections} 次"
    )


def _working_age(year: int, *, taken: set[int]) -> list[int]:
    """People of working age (25–55) to staff the places with, the first 4,000 by id not yet on a staff."""
    ids = (
        Person.objects.filter(
            status=Person.Status.NORMAL, birth_date__range=(date(year - 55, 1, 1), date(year - 25, 1, 1))
        )
        .order_by("pk")
        .values_list("pk", flat=True)[: 4000 + len(taken)]
    )
    return [pk for pk in ids if pk not in taken][:4000]


def _seed_staff(
    office: User,
    places: list[Institution],
    working: list[int],
    *,
    year: int,
    scale: float,
    rng: random.Random,
) -> tuple[int, int]:
    """Caregivers for the care homes and home-care providers, and their training in ``year``: the seed's
    "完成对全市581名养老护理（管理）人员培训" × S. Each place gets at least 6 caregivers, more when the places
    are too few for the trainees (Haikou at 1.0: 26 places, 23 each). Resumable: a place keeps the staff
    it has and gets only the missing ones; training stops at the target counted in the records. Returns
    (caregivers added, trained in the year)."""
    target_trained = round(581 * scale)
    per_place = max(6, -(-target_trained // max(len(places), 1)))
    trained = (
        Training.objects.filter(staff__institution__in=places, end_on__year=year, passed=True)
        .values("staff__person_id")
        .distinct()
        .count()
    )
    added = 0
    for place in places:
        for _ in range(per_place - Staff.objects.filter(institution=place).count()):
            if not working:
                break
            person = Person.objects.get(pk=working.pop())
            staff = services.staff_add(actor=office, institution=place, person=person, post=StaffPost.CAREGIVER,
                                       hired_on=date(year - 2, 3, 1))  # fmt: skip
            added += 1
            if trained < target_trained:
                start = date(year, rng.randint(3, 10), rng.randint(1, 20))
                services.training_record(actor=office, staff=staff, course="养老护理员职业技能培训", start_on=start,
                                         end_on=start + timedelta(days=5), hours=40, organiser="海口市民政局")  # fmt: skip
                trained += 1
    return added, trained


def _staff_top_up(*, scale: float, random_seed: int, year: int) -> str:
    """A seeded dataset is not made again; what earlier versions of this step left short is made good: the
    caregivers and trainees the seed asks for (they were capped at 6 a place), the 12349 requests of the
    year left open (:func:`_helps_close`) and the names of the step's accounts."""
    places = list(
        Institution.objects.filter(
            kind__in=(InstitutionKind.TOWN_HOME, InstitutionKind.NURSING_HOME, InstitutionKind.HOME_CARE)
        ).order_by("pk")
    )
    city = Region.objects.get(parent__isnull=True)
    office = _office(city)
    if User.objects.filter(username="yl_seed_12349").exists():  # named after its username by earlier versions
        _hotline(city)
    for op in User.objects.filter(username__startswith="yl_seed_op_", region__isnull=False).select_related(
        "region"
    ):
        _account(op.username, op.role, op.region, f"{op.region.name}颐康居家养老服务中心")
    closed = _helps_close(year=year)
    taken = set(Staff.objects.values_list("person_id", flat=True))
    added, trained = _seed_staff(office, places, _working_age(year, taken=taken), year=year, scale=scale,
                                 rng=random.Random(random_seed + 7))  # fmt: skip
    return (
        "已有养老服务数据，跳过"
        + (f"（补充护理员{added}名，{year}年培训合格共{trained}名）" if added else "")
        + (f"（{year}年未办结的12349求助{closed}件已办结）" if closed else "")
    )


def _tekun(home: Institution, person: Person, on: date) -> bool:
    """A 敬老院 resident on 特困 in the ledger (seeded by assistance) lives there as 集中供养."""
    return home.kind == InstitutionKind.TOWN_HOME and "tekun" in enrolled_statuses(person_id=person.pk, on=on)


def _beds(home: Institution):  # noqa: ANN202
    from minzheng.eldercare.selectors import institution_beds

    return institution_beds(institution=home)


def _elderly_by_district(year: int, rng: random.Random) -> dict[str, list[int]]:
    """Up to 400 elderly people (60+ at the start of ``year``, Haikou hukou) per district, shuffled."""
    out: dict[str, list[int]] = {}
    qs = Person.objects.filter(
        Q(status=Person.Status.NORMAL), birth_date__lte=date(year - 60, 1, 1), hukou_region__isnull=False
    ).values_list("pk", "region__path")
    for pk, path in qs.iterator(chunk_size=5000):
        bucket = out.setdefault(path.split("/")[2], [])
        if len(bucket) < 400:
            bucket.append(pk)
    for bucket in out.values():
        rng.shuffle(bucket)
    return out


def _random_items(rng: random.Random) -> dict[str, int]:
    frail = rng.random()
    items = {}
    for _code, _label, domain_items in rules.GBT42195_DOMAINS:
        for item in domain_items:
            drop = (
                0
                if frail < 0.5
                else rng.randint(0, len(item.scores) - 1)
                if frail < 0.85
                else len(item.scores) - 1
            )
            items[item.code] = item.scores[min(drop, len(item.scores) - 1)]
    return items


# the city's canteen lunches of a year at scale 1 (the demo's assumption, not a seed figure)
MEALS_A_YEAR = 30_000


def _seed_meals(office: User, canteens: list[Institution], elderly: dict[str, list[int]], year: int,
                scale: float, rng: random.Random) -> int:  # fmt: skip
    """Lunches at each canteen by up to 20 diners of its district on days spread over the year; then each
    month settled, every month but the last confirmed.

    One lunch per person per day (the ``eldercare_meal_once`` key, ``services.meal_record``): canteens of
    one district take disjoint blocks of 20 diners from the end of its elderly list while it lasts, then
    share the last block on days shifted by the canteen's rank in the district; a (person, day) already
    served is skipped, so no scale, year or registry can record the same lunch twice."""
    per_canteen = max(1, max(100, round(MEALS_A_YEAR * scale)) // len(canteens))
    last_day = date(year, 12, 31)
    count = 0
    months: set[date] = set()
    served_days: set[tuple[int, date]] = set()
    rank_in_district: dict[str, int] = {}
    for canteen in canteens:
        district = canteen.region.path.split("/")[2]
        rank = rank_in_district.get(district, 0)
        rank_in_district[district] = rank + 1
        pool = elderly.get(district, [])
        block = pool[max(0, len(pool) - 20 * (rank + 1)) : max(0, len(pool) - 20 * rank)]
        diners = list(Person.objects.filter(pk__in=block or pool[-20:]).order_by("pk"))
        served = 0
        if diners:  # meal days spread over the year, so that several months are settled
            days = -(-per_canteen // len(diners))
            step = max(1, 360 // days)
            for k in range(min(days, 360)):
                day = date(year, 1, 2) + timedelta(days=(rank + k * step) % 360)
                for person in diners:
                    if served >= per_canteen:
                        break
                    if (person.pk, day) in served_days:
                        continue
                    services.meal_record(actor=office, canteen=canteen, person=person, served_on=day,
                                         meal_type=MealType.LUNCH, price_fen=rng.choice((1000, 1200, 1500)),
                                         today=last_day)  # fmt: skip
                    served_days.add((person.pk, day))
                    served += 1
                    months.add(day.replace(day=1))
        count += served
    for month in sorted(months):
        for row in settlement.settlement_run(actor=office, month=month, today=date(year + 1, 1, 31)):
            if month != max(months):
                settlement.settlement_confirm(actor=office, settlement=row)
    return count


# The usual next step from each open state of a 12349 request: the move, who takes it, and the minutes
# after the previous step. Every step leads to a later state, so a request reaches 回访办结 in at most five.
HELP_NEXT = {
    "received": ("dispatch", "hotline", 10),
    "dispatched": ("accept", "provider", 20),
    "accepted": ("arrive", "provider", 60),
    "arrived": ("finish", "provider", 90),
    "finished": ("callback", "hotline", 20 * 60),
}


def _satisfaction(rng: random.Random) -> str:
    return rng.choice((Satisfaction.SATISFIED,) * 8 + (Satisfaction.BASIC, Satisfaction.DISSATISFIED))


def _help_drive(
    help: HelpRequest, *, hotline: User, provider: Institution, at: datetime, rng: random.Random,
    until: str = "closed",
) -> tuple[HelpRequest, datetime]:  # fmt: skip
    """Take ``help`` by the usual steps (``HELP_NEXT``) from its state to ``until`` (default: 回访办结), through
    the services, each step ``at`` the previous one plus its minutes. Returns the request and the last step's
    moment."""
    operator = provider.operators.order_by("pk").first()
    while help.case.state != until and help.case.state in HELP_NEXT:
        action, who, minutes = HELP_NEXT[help.case.state]
        at += timedelta(minutes=minutes)
        help = services.help_request_move(actor=hotline if who == "hotline" else operator, help=help,
                                          action=action, provider=provider, satisfaction=_satisfaction(rng),
                                          at=at)  # fmt: skip
    return help, at


# the city's 12349 requests of a year at scale 1 (the demo's assumption)
HELP_REQUESTS_A_YEAR = 2_000


def _seed_helps(hotline: User, providers: list[Institution], elderly: dict[str, list[int]], year: int,
                scale: float, rng: random.Random) -> int:  # fmt: skip
    """round(HELP_REQUESTS_A_YEAR·S) (≥ 10) 12349 requests taken in ``year``, every one taken through the
    services to its end on dates of that year (a request of a past year left open would be 超时 for ever):
    政策咨询 and 投诉建议 answered on the spot; the others dispatched to the district's provider and worked to
    回访办结, about one in ten by a longer road — 退单 and dispatched again, 回访不满意 and 返工, or 撤销 when
    the caller has sorted it out."""
    categories = [c for c, w in HELP_MIX for _ in range(w)]
    by_district = {p.region.path.split("/")[2]: p for p in providers}
    n = max(10, round(HELP_REQUESTS_A_YEAR * scale))
    done = 0
    for i in range(n):
        district = rng.choice(sorted(by_district))
        pool = elderly.get(district) or []
        if not pool:
            continue
        person = Person.objects.get(pk=pool[i % len(pool)])
        category = rng.choice(categories)
        at = _moment(date(year, 1, 1) + timedelta(days=rng.randint(0, 360)), rng)
        help = services.help_request_open(
            actor=hotline, caller_name=f"{person.name[0]}先生" if i % 2 else person.name, caller_phone="0898-66668888",
            category=category, description=f"{HelpCategory(category).label}服务需求", elderly=person, at=at,
        )  # fmt: skip
        done += 1
        if category in (HelpCategory.CONSULTATION, HelpCategory.COMPLAINT):
            services.help_request_move(actor=hotline, help=help, action="answer", comment="已当场答复",
                                       at=at + timedelta(minutes=8))  # fmt: skip
            continue
        provider = by_district[district]
        operator = provider.operators.order_by("pk").first()
        road = rng.choice(("refuse", "rework", "cancel")) if rng.random() >= 0.9 else "usual"
        if road == "cancel":
            services.help_request_move(actor=hotline, help=help, action="cancel", comment="来电人告知已自行解决",
                                       at=at + timedelta(minutes=15))  # fmt: skip
            continue
        if road == "refuse":
            help, at = _help_drive(
                help, hotline=hotline, provider=provider, at=at, rng=rng, until="dispatched"
            )
            at += timedelta(minutes=15)
            help = services.help_request_move(actor=operator, help=help, action="refuse",
                                              comment="服务人员临时不足，请改派", at=at)  # fmt: skip
        if road == "rework":
            help, at = _help_drive(help, hotline=hotline, provider=provider, at=at, rng=rng, until="finished")
            at += timedelta(hours=2)
            help = services.help_request_move(actor=hotline, help=help, action="rework", provider=provider,
                                              satisfaction=Satisfaction.DISSATISFIED, comment="老人反映未打扫干净",
                                              at=at)  # fmt: skip
        _help_drive(help, hotline=hotline, provider=provider, at=at, rng=rng)
    return done


def _helps_close(*, year: int) -> int:
    """Requests of ``year`` taken by the step's hotline account and still open (an earlier version of the step
    left about one in ten half-way) are taken to 回访办结 through the services, from their last step on."""
    left = HelpRequest.objects.filter(
        case__opened_by__username="yl_seed_12349", case__opened_at__year=year, case__closed_at__isnull=True
    ).select_related("case", "case__region", "provider")
    hotline = User.objects.filter(username="yl_seed_12349").first()
    if hotline is None:
        return 0
    rng = random.Random(year)
    closed = 0
    for help in left.order_by("pk"):
        provider = help.provider or next(
            (p for p in selectors.providers_for(region=help.case.region) if p.operators.exists()), None
        )
        if provider is None:
            continue
        _help_drive(help, hotline=hotline, provider=provider, at=help.case.state_entered_at, rng=rng)
        closed += 1
    return closed


def _seed_inspections(office: User, homes: list[Institution], year: int, rng: random.Random) -> int:
    count = 0
    for home in homes:
        for kind in rules.CHECKLISTS:
            items = rules.checklist_items(kind)
            failing = rng.sample([c for c, _ in items], k=rng.randint(0, 2))
            checklist = {c: ("fail" if c in failing else "pass") for c, _ in items}
            findings = [
                {
                    "item": c,
                    "description": f"{dict(items)[c]}不符合要求",
                    "severity": Finding.Severity.GENERAL,
                }
                for c in failing
            ]
            inspection = services.inspection_record(
                actor=office, institution=home, kind=kind, inspected_on=date(year, rng.randint(3, 11), 10),
                checklist=checklist, findings=findings, team="市局养老服务科",
            )  # fmt: skip
            count += 1
            for finding in inspection.findings.all()[:1]:
                services.finding_submit(actor=office, finding=finding, note="已整改到位")
                services.finding_verify(actor=office, finding=finding, passed=True, note="复查合格")
    return count


def eldercare_demo_attach(*, users: dict[str, User]) -> str:
    """``minzheng demo``: each demo 机构经办人 (``jigou``) acts for the first institution of every kind in its
    region — a home-care provider (12349 requests), a 长者饭堂 (meals, settlements), a care home
    (residents, inspections), a day-care centre — attached through the service by the city office, as a
    manager would, so that its pages show work."""
    city = Region.objects.filter(parent__isnull=True).order_by("code").first()
    operators = [u for u in users.values() if can(u, "eldercare.institution_own") and u.region_id]
    if city is None or not operators:
        return "无机构经办人演示账号"
    office = _office(city)
    attached: list[str] = []
    for user in operators:
        first: dict[str, Institution] = {}
        institutions = Institution.objects.filter(region__path__startswith=user.region.path, active=True)
        for inst in institutions.order_by("region__code", "name"):
            first.setdefault(inst.kind, inst)
        for inst in first.values():
            services.institution_operator_attach(actor=office, institution=inst, user=user)
            attached.append(f"{user.username}→{inst.name}")
    return "；".join(attached) if attached else "辖区内没有养老机构，未关联"
