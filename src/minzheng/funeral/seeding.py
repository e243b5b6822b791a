"""The synthetic year of funeral work (``minzheng seed`` step 60, after the programs made their enrollments and
before the ledger's payroll history). Made through the rules, the facts chosen so that the computed figures land
near the seed document's × S, never an amount written:

- deaths of elderly residents (户籍 in the city) through ``services.death_register`` (the registry's status change and
  the ledger's death rule), as the district's ``seed_<code>`` account — people without any benefit, so the other
  programs' planned years stay as planned; each is cremated at a funeral home and granted the 惠民殡葬 subsidy
  (one-off ledger line at the demo standard, to the informant, a relative in the registry) — as many as the seed's
  98.1万元 × S allows at the standard in force; the rest of the seed's 3,049 × S cremations are bodies of
  non-residents or unknown identity (公安移交), who have no registry death and no subsidy;
- the season (sweeping 3-18 to 4-05, bookings from 3-10, up to 10 people: domain.md §8), slots with quotas at the
  five sites, and the bookings (valid ID numbers, one per ID and cemetery, within quota, visitors ≤ 10) checked in so
  that visitors and vehicles land on 17.7万 × S and 5.18万 × S — inserted set-based, slots' ``left`` recomputed from
  the bookings in one UPDATE; a few no-shows stay 已预约;
- online memorials with their daily visits (38万 × S), proxy sweepings done with a photo (3.7万 × S), outreach
  (16,000 booklets and 300 banners × S) in the 殡葬改革宣传月.

Resumable: every part checks what exists and makes only what is missing of the same plan.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Q

from minzheng.benefits.models import Enrollment, Standard
from minzheng.benefits.selectors import standard_amount
from minzheng.benefits.services import standard_load_as_system
from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region, User
from minzheng.core.roles import Role, can
from minzheng.funeral import rules
from minzheng.funeral.booking import season_set, slots_open
from minzheng.funeral.models import (
    Booking,
    Cemetery,
    Cremation,
    Death,
    FuneralHome,
    Memorial,
    MemorialMessage,
    MemorialVisitDay,
    Outreach,
    Plot,
    ProxyOrder,
    ProxyPhoto,
    Season,
    Slot,
    Subsidy,
)
from minzheng.funeral.services import (
    cemetery_add,
    cremation_record,
    death_register,
    funeral_home_add,
    plot_assign,
    subsidy_grant,
    subsidy_program,
)
from minzheng.registry.models import Membership, Person
from minzheng.reports.figures import seed_target
from minzheng.reports.registry import data_changed

TZ = ZoneInfo("Asia/Shanghai")

# 惠民殡葬 basic-service subsidy per deceased resident, 元 — a demo value (Haikou's 2020 amount was not found,
# domain.md §8 [U]), chosen so that the seed's 3,049 cremations and 98.1万元 fit: 981,000 / 360 ≈ 2,725 residents.
DEMO_SUBSIDY_YUAN = 360
DEMO_FROM = date(2016, 1, 1)

# The sites of domain.md §8 (Haikou's 清明 booking, 2023 practice) and the district each lies in [U: districts
# are the demo's choice].
HOME = ("海口市殡仪馆", "460105")
SITES = (
    ("海口市殡仪馆骨灰堂", Cemetery.Kind.FUNERAL_HOME, "460105"),
    ("颜春岭公墓", Cemetery.Kind.COMMERCIAL, "460107"),
    ("富山公墓", Cemetery.Kind.COMMERCIAL, "460107"),
    ("吉荫贤公墓", Cemetery.Kind.COMMERCIAL, "460106"),
    ("浮陵水公墓", Cemetery.Kind.PUBLIC_WELFARE, "460108"),
)
TIMES = ((time(8), time(10)), (time(10), time(12)), (time(14), time(16)), (time(16), time(18)))
NO_SHOW_SHARE = 0.05
PHOTO_NAME = "funeral/proxy/seed/demo.png"
# a 1×1 grey PNG: the seed's proxy sweepings share one placeholder photo
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5d4e55c0000000049454e44ae426082"
)


def subsidy_standard_demo_load() -> int:
    program = subsidy_program()
    city = Region.objects.get(parent__isnull=True)
    if Standard.objects.filter(program=program, region=city, category=rules.SUBSIDY_CATEGORY).exists():
        return 0
    standard_load_as_system(
        program=program, region=city, effective_from=DEMO_FROM, amount_fen=DEMO_SUBSIDY_YUAN * 100,
        category=rules.SUBSIDY_CATEGORY,
    )  # fmt: skip
    return 1


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


def _seed_user(district: Region) -> User:
    username = f"seed_{district.code}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username, password=None, role=Role.DISTRICT_REVIEWER, region=district,
            display_name=f"演示数据（{district.name}）",
        )  # fmt: skip
    return user


def _district_of(region: Region, districts: dict[str, Region]) -> Region:
    return next(districts[c] for c in region.path.split("/") if c in districts)


# --- deaths, cremations, subsidies -----------------------------------------------------------------------------


def _candidates(year: int, city: Region) -> list[tuple[Person, Person]]:
    """Elderly residents without any benefit (nor their household), each with a relative of the same household as
    informant and payee: (deceased, relative) pairs in id order."""
    on_benefit = Enrollment.objects.values("person_id")
    in_benefit_household = Membership.objects.filter(
        household_id__in=Enrollment.objects.filter(household__isnull=False).values("household_id")
    ).values("person_id")
    old = (
        Person.objects.filter(
            status=Person.Status.NORMAL, birth_date__lte=date(year - 65, 1, 1),
            hukou_region__path__startswith=city.path, memberships__end_date__isnull=True,
        )
        .exclude(id__in=on_benefit)
        .exclude(id__in=in_benefit_household)
        .values_list("id", "memberships__household_id")
        .order_by("id")
    )  # fmt: skip
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    households = dict(old[:5000])
    relatives: dict[int, int] = {}
    for person_id, household_id in (
        Membership.objects.filter(household_id__in=set(households.values()), end_date__isnull=True)
        .exclude(person_id__in=households.keys())
        .filter(person__status=Person.Status.NORMAL)
        .exclude(person_id__in=on_benefit)
        .values_list("person_id", "household_id")
        .order_by("person_id")
    ):
        relatives.setdefault(household_id, person_id)
    for person_id, household_id in households.items():
        relative = relatives.get(household_id)
        if relative is not None and relative not in used and household_id not in used:
            pairs.append((person_id, relative))
            used.update({relative, household_id})
    people = Person.objects.select_related("region", "hukou_region").in_bulk(
        [p for pair in pairs for p in pair]
    )
    return [(people[a], people[b]) for a, b in pairs]


def _deaths(*, scale: float, rng: random.Random, year: int, home: FuneralHome, plots: list[Plot]) -> int:
    city = Region.objects.get(parent__isnull=True)
    amount = standard_amount(program=subsidy_program(), region=city, on=date(year, 6, 30))
    wanted = round(seed_target("funeral_subsidy_paid", scale) / amount)
    done = Subsidy.objects.filter(granted_at__year=year).count()
    if done >= wanted:
        return 0
    districts = {r.code: r for r in Region.objects.filter(level=Region.Level.DISTRICT)}
    made = 0
    seq = Cremation.objects.filter(cremated_on__year=year).count()
    free_plots = iter([p for p in plots if p.status == Plot.Status.AVAILABLE])
    for deceased, relative in _candidates(year, city)[: wanted - done]:
        district = _district_of(deceased.region, districts)
        actor = _seed_user(district)
        died_on = date(year, 1, 1) + timedelta(days=rng.randrange(0, 358))
        cause = rng.choice([Death.Cause.DISEASE] * 8 + [Death.Cause.ACCIDENT])
        seq += 1
        with transaction.atomic():
            death = death_register(
                actor=actor, person=deceased, died_on=died_on, place=rng.choice(["hospital", "hospital", "home"]),
                cause=cause, certificate_kind="medical" if cause == Death.Cause.DISEASE else "police",
                certificate_number=f"460100-{year}-{seq:06d}", reporter_name=relative.name, reporter_relation="亲属",
                reporter=relative, at=_at(died_on + timedelta(days=1)),
            )  # fmt: skip
            cremation = cremation_record(
                actor=None, funeral_home=home, number=f"HZ{year}-{seq:06d}", cremated_on=died_on + timedelta(days=3),
                body_source="hospital" if death.place == "hospital" else "home", death=death,
            )  # fmt: skip
            subsidy_grant(
                actor=actor, cremation=cremation, payee=relative, at=_at(died_on + timedelta(days=5))
            )
            plot = next(free_plots, None)
            if plot is not None:
                plot_assign(
                    actor=None, plot=plot, holder=relative, death=death, at=_at(died_on + timedelta(days=7))
                )
        made += 1
    return made


def _unlinked_cremations(*, scale: float, rng: random.Random, year: int, home: FuneralHome) -> int:
    """The rest of the year's cremations: non-residents and unknown bodies (no registry death, no subsidy)."""
    missing = seed_target("cremations", scale) - Cremation.objects.filter(cremated_on__year=year).count()
    rows = []
    for n in range(max(0, missing)):
        day = date(year, 1, 1) + timedelta(days=rng.randrange(0, 362))
        unknown = rng.random() < 0.1
        rows.append(
            Cremation(
                funeral_home=home, number=f"HZ{year}-W{rng.randrange(10**8):08d}{n}", cremated_on=day,
                body_source=Cremation.Source.POLICE if unknown else rng.choice(["hospital", "home"]),
                deceased_name="无名氏" if unknown else f"外地户籍{n + 1}号",
                deceased_id_number="" if unknown else make_citizen_id(
                    region_code=rng.choice(["440106", "450102", "430102", "510104"]),
                    birth_date=date(1935, 1, 1) + timedelta(days=rng.randrange(0, 12000)), sequence=n % 998 + 1,
                ),
                region=home.region,
            )
        )  # fmt: skip
    Cremation.objects.bulk_create(rows, batch_size=1000)
    if rows:
        data_changed("funeral.cremation")
    return len(rows)


# --- 清明 ------------------------------------------------------------------------------------------------------


def _season(year: int, cemeteries: list[Cemetery], bookings: int) -> Season:
    season = Season.objects.filter(year=year).first() or season_set(
        actor=None, year=year, sweep_from=date(year, 3, 18), sweep_to=date(year, 4, 5),
        booking_opens=_at(date(year, 3, 10), 8), booking_closes=_at(date(year, 4, 4), 20), max_visitors=10,
        source="海口市清明预约祭扫（domain.md §8）；演示数据",
    )  # fmt: skip
    days = (season.sweep_to - season.sweep_from).days + 1
    quota = max(5, math.ceil(bookings * 1.2 / (len(cemeteries) * days * len(TIMES))))
    for cemetery in cemeteries:
        slots_open(actor=None, season=season, cemetery=cemetery, times=list(TIMES), quota=quota)
    return season


def _bookings(*, scale: float, rng: random.Random, season: Season) -> int:
    if Booking.objects.filter(season=season).exists():
        return 0
    visitors = seed_target("qingming_visitors", scale)
    vehicles = seed_target("qingming_vehicles", scale)
    count = max(vehicles, math.ceil(visitors / 4), 1)
    no_shows = round(count * NO_SHOW_SHARE)
    slots = list(Slot.objects.filter(season=season).order_by("id"))
    capacity = {s.pk: s.quota for s in slots}
    rows: list[Booking] = []
    base, extra = divmod(visitors, count)
    for n in range(count + no_shows):
        slot = rng.choice(slots)
        while capacity[slot.pk] == 0:  # never beyond the quota
            slot = rng.choice(slots)
        capacity[slot.pk] -= 1
        shown = n < count
        booked_at = season.booking_opens + timedelta(minutes=rng.randrange(0, 60 * 24 * 20))
        booked_at = min(booked_at, season.booking_closes)
        rows.append(
            Booking(
                season=season, cemetery_id=slot.cemetery_id, slot=slot,
                id_number=make_citizen_id(
                    region_code=rng.choice(["460105", "460106", "460107", "460108"]),
                    birth_date=date(1950, 1, 1) + timedelta(days=n // 990), sequence=n % 990 + 1,
                ),
                name=f"祭扫群众{n + 1}", phone="", visitors=(base + (1 if n < extra else 0)) if shown else 2,
                plate=f"琼A{n:05d}" if n < vehicles else "", code=f"S{season.year}{n:07d}",
                status=Booking.Status.CHECKED_IN if shown else Booking.Status.BOOKED, booked_at=booked_at,
                checked_in_at=_at(slot.day, slot.starts.hour) if shown else None,
            )
        )  # fmt: skip
    Booking.objects.bulk_create(rows, batch_size=2000)
    q = connection.ops.quote_name("left")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Slot._meta.db_table} SET {q} = quota - (SELECT COUNT(*) FROM {Booking._meta.db_table} b "
            f"WHERE b.slot_id = {Slot._meta.db_table}.id AND b.status <> 'cancelled') WHERE season_id = %s",
            [season.pk],
        )
    data_changed("funeral.booking")
    return len(rows)


def _memorials(*, scale: float, rng: random.Random, season: Season, deaths: list[Death]) -> int:
    if MemorialVisitDay.objects.filter(day__year=season.year).exists():
        return 0
    visits = seed_target("online_memorials", scale)
    districts = list(Region.objects.filter(level=Region.Level.DISTRICT).order_by("code"))
    count = max(5, round(4000 * scale))
    memorials = Memorial.objects.bulk_create(
        [
            Memorial(
                name=deaths[n].person.name if n < len(deaths) else f"先人{n + 1}",
                death=deaths[n] if n < len(deaths) else None,
                died_on=deaths[n].died_on if n < len(deaths) else date(season.year - 1 - n % 20, 1 + n % 12, 1),
                region=deaths[n].region if n < len(deaths) else districts[n % len(districts)],
            )
            for n in range(count)
        ]
    )  # fmt: skip
    days = [
        season.sweep_from + timedelta(days=d) for d in range((season.sweep_to - season.sweep_from).days + 1)
    ]
    cells: dict[tuple[int, date], int] = {}
    for _ in range(visits):
        key = (rng.choice(memorials).pk, rng.choice(days))
        cells[key] = cells.get(key, 0) + 1
    MemorialVisitDay.objects.bulk_create(
        [MemorialVisitDay(memorial_id=m, day=d, visits=v) for (m, d), v in cells.items()], batch_size=2000
    )
    MemorialMessage.objects.bulk_create(
        [
            MemorialMessage(
                memorial=memorials[n % len(memorials)], author=f"亲友{n + 1}", text="清明时节，深切缅怀。",
                status=MemorialMessage.Status.PENDING if n % 3 == 0 else MemorialMessage.Status.APPROVED,
                created_at=_at(rng.choice(days), 20),
            )
            for n in range(max(3, count // 2))
        ]
    )  # fmt: skip
    data_changed("funeral.memorialvisitday")
    return visits


def _proxies(*, scale: float, rng: random.Random, season: Season, cemeteries: list[Cemetery]) -> int:
    if ProxyOrder.objects.filter(day__year=season.year).exists():
        return 0
    count = seed_target("proxy_tending", scale)
    if not default_storage.exists(PHOTO_NAME):
        default_storage.save(PHOTO_NAME, ContentFile(PNG_1X1))
    days = [
        season.sweep_from + timedelta(days=d) for d in range((season.sweep_to - season.sweep_from).days + 1)
    ]
    orders = []
    for n in range(count):
        day = rng.choice(days)
        orders.append(
            ProxyOrder(
                cemetery=rng.choice(cemeteries), deceased_name=f"先人{n + 1}", requester_name=f"委托人{n + 1}",
                requester_id_number=make_citizen_id(region_code="460106", birth_date=date(1970, 1, 1) + timedelta(
                    days=n // 990), sequence=n % 990 + 1),
                requester_phone="13800000000", day=day, status=ProxyOrder.Status.DONE,
                ordered_at=_at(day - timedelta(days=3)), done_at=_at(day, 11), note="已代为清扫、献花（演示数据）",
            )
        )  # fmt: skip
    made = ProxyOrder.objects.bulk_create(orders, batch_size=2000)
    ProxyPhoto.objects.bulk_create([ProxyPhoto(order=o, image=PHOTO_NAME) for o in made], batch_size=2000)
    data_changed("funeral.proxyorder")
    return count


def _outreach(*, scale: float, year: int) -> int:
    if Outreach.objects.filter(day__year=year).exists():
        return 0
    booklets, banners = seed_target("funeral_booklets", scale), seed_target("funeral_banners", scale)
    districts = list(Region.objects.filter(level=Region.Level.DISTRICT).order_by("code"))
    rows = []
    for i, district in enumerate(districts):
        share_b = booklets // len(districts) + (1 if i < booklets % len(districts) else 0)
        share_h = banners // len(districts) + (1 if i < banners % len(districts) else 0)
        rows.append(Outreach(day=date(year, 3, 10 + i), region=district, booklets=share_b, banners=share_h,
                             note="殡葬改革宣传月（演示数据）"))  # fmt: skip
    Outreach.objects.bulk_create(rows)
    data_changed("funeral.outreach")
    return len(rows)


def funeral_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    if not Person.objects.exists():
        return "人房信息为空，未生成殡葬数据"
    year = year or 2020
    rng = random.Random(f"{random_seed}-funeral-{year}")
    subsidy_standard_demo_load()
    home = funeral_home_add(name=HOME[0], region=Region.objects.get(code=HOME[1]), address="海口市")
    cemeteries = [
        cemetery_add(name=name, kind=kind, region=Region.objects.get(code=code)) for name, kind, code in SITES
    ]
    for cemetery in cemeteries:
        if not Plot.objects.filter(cemetery=cemetery).exists():
            Plot.objects.bulk_create(
                [Plot(cemetery=cemetery, code=f"A-{n // 50 + 1:02d}-{n % 50 + 1:03d}") for n in range(max(20, round(3000 * scale)))]
            )  # fmt: skip
    plots = list(Plot.objects.filter(cemetery__in=cemeteries[1:]).order_by("id"))
    deaths = _deaths(scale=scale, rng=rng, year=year, home=home, plots=plots)
    others = _unlinked_cremations(scale=scale, rng=rng, year=year, home=home)
    bookings_wanted = max(
        seed_target("qingming_vehicles", scale), math.ceil(seed_target("qingming_visitors", scale) / 4)
    )
    season = _season(year, cemeteries, bookings_wanted)
    bookings = _bookings(scale=scale, rng=rng, season=season)
    registered = list(Death.objects.filter(died_on__year=year).select_related("person").order_by("id"))
    visits = _memorials(scale=scale, rng=rng, season=season, deaths=registered)
    proxies = _proxies(scale=scale, rng=rng, season=season, cemeteries=cemeteries)
    _outreach(scale=scale, year=year)
    linked = Q(death__isnull=False)
    total = Cremation.objects.filter(cremated_on__year=year)
    return (
        f"死亡登记{deaths}人（本次），火化{total.count()}具（关联死亡登记{total.filter(linked).count()}具，本次非户籍/无名{others}具），"
        f"惠民殡葬补助{Subsidy.objects.filter(granted_at__year=year).count()}人；清明预约{bookings}单、网上祭祀{visits}人次、"
        f"代祭扫{proxies}单（演示数据）"
    )


def funeral_demo_attach(*, users: dict[str, User]) -> str:
    """``minzheng demo``: each demo 机构经办人 (``jigou``) acts for the funeral home and the cemeteries of its region (the
    home in any case), so its pages — cremations, check-in, proxy sweeping, moderation — show work."""
    linked = 0
    for user in users.values():
        if not can(user, "funeral.cremation") or user.region is None:
            continue
        for home in FuneralHome.objects.all():
            home.operators.add(user)
        for cemetery in Cemetery.objects.filter(region__path__startswith=user.region.path):
            cemetery.operators.add(user)
        linked += 1
    return f"殡葬：{linked}个机构经办人账号关联殡仪馆和辖区公墓"
