"""Synthetic grid governance for ``minzheng seed`` / ``minzheng demo`` (order 40, after the registry).

At scale S, on the grids already loaded (4,667·S, at least one per community):

* a profile for every grid, with a generated rectangular boundary on a lattice over Haikou's extent
  (marked ``boundary_generated``: real boundaries are drawn by the districts), so Open311 locations resolve;
* the classification (categories.py), one unit per function in every district and at the city, each with
  one 机构经办人 account, and a 网格化服务管理中心 account (镇街经办人) per town;
* round(1,864·S) 社区网格员 on the urban grids and round(467·S) 农村网格员 on the rural grids (of 2,331
  workers for 2,465 urban and 2,202 rural grids), at least one of each type where grids of that type exist;
  a worker's grids are all of one type, so the report's 社区/农村网格员 split comes out as the seed document's.
  Each type's workers are shared out to the towns having grids of that type in proportion to those grids
  (the towns are where grid work is organised), and each takes a run of neighbouring grids of its type in
  its town; when a type has fewer workers than towns (small scales), each worker takes all that type's
  grids of a run of neighbouring towns. Every grid is covered; the account sits at the lowest region
  holding all of a worker's grids;
* round(2,500·S) training person-times in the year;
* a sample of events — round(3,600·S), at least 30, a third of them in the first town where the demo
  logins work — filed through the services by the seeded accounts and carried along the flow to a spread
  of states (some overdue, some reworked, most evaluated);
* one newcomer-screening campaign over the first district's grids, with visits to part of their
  registry households, and a few home medical observations with their check-ins.

Accounts created here have unusable passwords (``minzheng demo`` creates the logins). Re-running adds
only what is missing; the events, campaign and roster are created once.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Case, Count, Q, When
from django.utils import timezone

from minzheng.core.audit import Action, audit_append
from minzheng.core.models import Region, User
from minzheng.core.roles import Role, can
from minzheng.grid import services
from minzheng.grid.categories import categories_load
from minzheng.grid.geo import rectangle
from minzheng.grid.models import (
    Campaign,
    CampaignGrid,
    Department,
    Event,
    EventCategory,
    GridAssignment,
    GridProfile,
    GridWorker,
    PerformanceWeights,
    TrainingRecord,
    Visit,
)

HAIKOU_WORKERS = 2331
URBAN_WORKERS = 1864  # 社区网格员, on urban grids (2,465 of them)
RURAL_WORKERS = 467  # 农村网格员, on rural grids (2,202 of them)
HAIKOU_TRAINING = 2500
EVENTS_AT_FULL_SCALE = 3600  # a 1 % sample of the 360,000 events of 2020
# Haikou's extent (WGS84), for the generated lattice of demo boundaries.
HAIKOU_BOX = {"min_lat": 19.53, "max_lat": 20.08, "min_long": 110.12, "max_long": 110.70}
UNIT_NAMES = {
    Department.Function.URBAN_MANAGEMENT: "综合行政执法局",
    Department.Function.SANITATION: "环境卫生管理局",
    Department.Function.MUNICIPAL: "市政管理局",
    Department.Function.GREENING: "园林管理局",
    Department.Function.HOUSING: "住房和城乡建设局",
    Department.Function.PUBLIC_SECURITY: "公安分局",
    Department.Function.EMERGENCY: "应急管理局",
    Department.Function.CIVIL_AFFAIRS: "民政局",
    Department.Function.MEDIATION: "司法局",
    Department.Function.OTHER: "政务服务中心",
}
TRAINING_TITLES = (
    "网格员岗位职责",
    "事件上报规范",
    "人口信息采集",
    "矛盾纠纷排查化解",
    "疫情防控入户排查",
    "消防安全巡查",
)
SURNAMES = "王陈李林吴符黄张刘周郑冯邢蔡梁何杨许钟韩曾潘邓谢云羊卢莫"
GIVEN = "伟志建国海明文华家俊秀美丽玉春晓雪慧静思雅梦翠金婷欣佳英兰芳娟萍红霞燕玲琴"
DESCRIPTIONS = (
    "现场发现{name}，影响居民出行，请尽快处理。",
    "群众反映{name}问题，已现场核实。",
    "巡查中发现{name}，已拍照取证。",
)


def grid_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    rng = random.Random(random_seed)
    categories = categories_load()
    profiles = grid_profiles_generate()
    units = _units()
    if not PerformanceWeights.objects.exists():
        PerformanceWeights.objects.create(effective_from=date(2020, 1, 1), note="默认权重（演示值）")
    if GridWorker.objects.exists():
        return f"分类新增{categories}个，网格档案新增{profiles}个，处置单位新增{units}个（网格员与事件已生成，跳过）"
    centres = _centres()
    workers = _workers(rng, scale)
    training = _training(rng, scale, year)
    events = _events(rng, scale, year, centres)
    visits, observations = _campaign(rng, scale, year)
    return (
        f"网格档案{GridProfile.objects.count()}个（新增{profiles}），网格员{workers}人，培训{training}人次，"
        f"处置单位{Department.objects.count()}个，事件{events}件，走访{visits}户次，医学观察{observations}人"
    )


# --- grids, units, accounts ------------------------------------------------------------------------------


def grid_profiles_generate() -> int:
    """Profiles for grids that lack one, and a boundary for profiles that lack one: each grid gets a cell
    of a lattice over the city (``boundary_generated``; real boundaries are drawn by the districts).
    Returns how many profiles were created."""
    grids = list(Region.objects.filter(level=Region.Level.GRID).order_by("code").values_list("pk", "kind"))
    existing = {p.region_id: p for p in GridProfile.objects.filter(boundary__isnull=True)}
    have = set(GridProfile.objects.values_list("region_id", flat=True))
    if not grids:
        return 0
    cols = math.ceil(math.sqrt(len(grids)))
    rows = math.ceil(len(grids) / cols)
    dlat = (HAIKOU_BOX["max_lat"] - HAIKOU_BOX["min_lat"]) / rows
    dlong = (HAIKOU_BOX["max_long"] - HAIKOU_BOX["min_long"]) / cols
    new, changed = [], []
    for i, (pk, kind) in enumerate(grids):
        if pk in have and pk not in existing:
            continue
        r, c = divmod(i, cols)
        box = {
            "min_lat": round(HAIKOU_BOX["min_lat"] + r * dlat, 6),
            "max_lat": round(HAIKOU_BOX["min_lat"] + (r + 1) * dlat, 6),
            "min_long": round(HAIKOU_BOX["min_long"] + c * dlong, 6),
            "max_long": round(HAIKOU_BOX["min_long"] + (c + 1) * dlong, 6),
        }
        profile = existing.get(pk) or GridProfile(
            region_id=pk,
            grid_type=GridProfile.Type.RURAL if kind == Region.Kind.RURAL else GridProfile.Type.URBAN,
        )
        profile.boundary, profile.boundary_generated = rectangle(**box), True
        for key, value in box.items():
            setattr(profile, key, value)
        (changed if pk in existing else new).append(profile)
    GridProfile.objects.bulk_create(new, batch_size=1000)
    GridProfile.objects.bulk_update(
        changed,
        ["boundary", "boundary_generated", "min_lat", "max_lat", "min_long", "max_long"],
        batch_size=500,
    )
    if new or changed:
        audit_append(
            action=Action.BULK,
            object_type="grid.gridprofile",
            detail=f"演示数据：新建网格档案{len(new)}个，生成边界{len(new) + len(changed)}个",
        )
    return len(new)


def _account(username: str, role: str, region: Region, name: str) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"role": role, "region": region, "display_name": name, "password": make_password(None)},
    )
    return user


def _units() -> int:
    """One unit per function in every district and at the city, each with one operator account."""
    created = 0
    places = list(
        Region.objects.filter(level__in=[Region.Level.CITY, Region.Level.DISTRICT]).order_by("code")
    )
    for place in places:
        for n, (function, suffix) in enumerate(UNIT_NAMES.items(), start=1):
            unit, made = Department.objects.get_or_create(
                region=place, name=f"{place.name}{suffix}", defaults={"function": function}
            )
            if made:
                created += 1
                unit.users.add(
                    _account(f"bm{place.code}{n:02d}", Role.INSTITUTION_OPERATOR, place, unit.name)
                )
    return created


def _centres() -> dict[int, User]:
    """A 网格化服务管理中心 account (镇街经办人) per town: it files, dispatches and calls back."""
    return {
        town.pk: _account(f"zx{town.code}", Role.TOWN_CASEWORKER, town, f"{town.name}网格中心")
        for town in Region.objects.filter(level=Region.Level.TOWN)
    }


def _share(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights``, at least 1 each (largest remainders)."""
    n = len(weights)
    total = max(total, n)
    whole = sum(weights)
    exact = [1 + (total - n) * w / whole for w in weights]
    out = [int(x) for x in exact]
    for i in sorted(range(n), key=lambda i: exact[i] - out[i], reverse=True)[: total - sum(out)]:
        out[i] += 1
    return out


def _lowest_common(regions: list[Region], by_code: dict[str, Region]) -> Region:
    paths = [r.path for r in regions]
    prefix = paths[0]
    while not all(p.startswith(prefix) for p in paths):
        prefix = prefix[: prefix[:-1].rfind("/") + 1]
    return by_code[[c for c in prefix.split("/") if c][-1]]


def _runs(grids: list[Region], count: int) -> list[list[Region]]:
    """Split code-ordered ``grids`` into ``count`` runs of neighbouring grids, sizes differing by at most
    one; if there are more workers than grids, the extra ones share a grid already taken."""
    size, extra = divmod(len(grids), count)
    out, start = [], 0
    for k in range(count):
        take = size + (1 if k < extra else 0)
        out.append(grids[start : start + take] if take else [grids[(start - 1) % len(grids)]])
        start += take
    return out


def _town_groups(towns: list[list[Region]], count: int) -> list[list[Region]]:
    """Fewer workers than towns: group runs of neighbouring towns (their grids of one type), ``count``
    groups of about equal grids, none empty (``count`` <= len(towns))."""
    total = sum(len(t) for t in towns)
    groups: list[list[Region]] = []
    current: list[Region] = []
    done = 0
    for i, grids in enumerate(towns):
        current += grids
        done += len(grids)
        towns_left, groups_left = len(towns) - i - 1, count - len(groups) - 1
        if groups_left > 0 and (done >= total * (len(groups) + 1) / count or towns_left == groups_left):
            groups.append(current)
            current = []
    groups.append(current)
    return groups


def roster_plan(grids: list[tuple[Region, str]], *, scale: float) -> list[list[Region]]:
    """The seeded roster: for each grid type, round(N·S) workers (N = 1,864 urban, 467 rural; at least one
    where grids of the type exist), each with a run of neighbouring grids of that type — within one town
    when there are at least as many workers as towns with that type, else over a run of whole towns.

    ``grids`` are (grid, grid_type) pairs; a grid's town is the third code of its path. Returns the grids
    of each worker, ordered by the first grid's code; deterministic (no randomness)."""
    by_type: dict[str, dict[str, list[Region]]] = defaultdict(lambda: defaultdict(list))
    for grid, grid_type in sorted(grids, key=lambda pair: pair[0].code):
        town = [c for c in grid.path.split("/") if c][2]
        by_type[grid_type][town].append(grid)
    plans: list[list[Region]] = []
    for grid_type, full in (
        (GridProfile.Type.URBAN, URBAN_WORKERS),
        (GridProfile.Type.RURAL, RURAL_WORKERS),
    ):
        towns = [by_type[grid_type][code] for code in sorted(by_type[grid_type])]
        if not towns:
            continue
        count = max(round(full * scale), 1)
        if count < len(towns):
            plans += _town_groups(towns, count)
            continue
        for town_grids, n in zip(towns, _share(count, [len(t) for t in towns]), strict=True):
            plans += _runs(town_grids, n)
    return sorted(plans, key=lambda mine: mine[0].code)


@transaction.atomic
def _workers(rng: random.Random, scale: float) -> int:
    by_code = {r.code: r for r in Region.objects.all()}
    kinds = dict(GridProfile.objects.values_list("region_id", "grid_type"))
    profiles = dict(GridProfile.objects.values_list("region_id", "pk"))
    grids = [(r, kinds[r.pk]) for r in by_code.values() if r.level == Region.Level.GRID and r.pk in profiles]
    plans = roster_plan(grids, scale=scale)
    users = [
        User(
            username=f"wgy{n:05d}",
            role=Role.GRID_WORKER,
            region=_lowest_common(mine, by_code),
            display_name=rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
            password=make_password(None),
        )
        for n, mine in enumerate(plans, start=1)
    ]
    User.objects.bulk_create(users, batch_size=1000)
    users = list(User.objects.filter(username__in=[u.username for u in users]).order_by("username"))
    workers = GridWorker.objects.bulk_create(
        [
            GridWorker(
                user=u,
                employee_no=u.username.upper(),
                hired_on=date(2019, 1, 1) + timedelta(days=rng.randrange(700)),
            )
            for u in users
        ]
    )
    workers = list(GridWorker.objects.filter(user__in=users).order_by("user__username"))
    GridAssignment.objects.bulk_create(
        [
            GridAssignment(grid_id=profiles[g.pk], worker=w, since=date(2020, 1, 1))
            for w, mine in zip(workers, plans, strict=True)
            for g in mine
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    audit_append(
        action=Action.BULK,
        object_type="grid.gridworker",
        detail=f"演示数据：网格员{len(workers)}人及网格分配",
    )
    return len(workers)


def _training(rng: random.Random, scale: float, year: int | None) -> int:
    workers = list(GridWorker.objects.values_list("pk", flat=True))
    year = year or timezone.localdate().year - 1
    rows = [
        TrainingRecord(
            worker_id=rng.choice(workers),
            title=rng.choice(TRAINING_TITLES),
            held_on=date(year, 1, 1) + timedelta(days=rng.randrange(365)),
            hours=Decimal(rng.choice(("2.0", "4.0", "8.0"))),
            organiser="海口市民政局" if rng.random() < 0.3 else "镇街网格化服务管理中心",
            passed=rng.random() > 0.03,
        )
        for _ in range(round(HAIKOU_TRAINING * scale))
    ]
    TrainingRecord.objects.bulk_create(rows, batch_size=2000)
    if rows:
        audit_append(
            action=Action.BULK, object_type="grid.trainingrecord", detail=f"演示数据：培训{len(rows)}人次"
        )
    return len(rows)


# --- events through the services ----------------------------------------------------------------------------


def _work_moment(rng: random.Random, day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(8, 30)) + timedelta(minutes=rng.randrange(0, 540)))


def _events(rng: random.Random, scale: float, year: int | None, centres: dict[int, User]) -> int:
    leaves = list(EventCategory.objects.filter(parent__isnull=False, active=True))
    assignments = list(GridAssignment.objects.select_related("grid__region", "worker__user"))
    if not leaves or not assignments:
        return 0
    towns = {
        r.pk: r.parent.parent_id
        for r in Region.objects.filter(level=Region.Level.GRID).select_related("parent")
    }
    city = Region.objects.get(parent__isnull=True)
    hotline = _account("hotline12345", Role.HOTLINE_OPERATOR, city, "12345热线话务台")
    now = timezone.now()
    if year and year < now.year:
        first, days = date(year, 1, 1), 365
    else:
        first, days = timezone.localdate() - timedelta(days=45), 45
    total = max(30, round(EVENTS_AT_FULL_SCALE * scale))
    # a third in the first town, where the demo logins (first district, town, community, grid) work
    first_town = (
        Region.objects.filter(pk__in=set(towns.values())).order_by("code").values_list("pk", flat=True)[0]
    )
    nearby = [a for a in assignments if towns[a.grid.region_id] == first_town] or assignments
    for n in range(total):
        a = rng.choice(nearby if n % 3 == 0 else assignments)
        at = _work_moment(rng, first + timedelta(days=rng.randrange(days)))
        _one_event(rng, a, rng.choice(leaves), at, centres[towns[a.grid.region_id]], hotline, now)
    return total


def _attribute_values(category: EventCategory) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for a in category.attributes:
        if a.get("values"):
            out[a["code"]] = a["values"][0]["key"]
    return out


def _one_event(
    rng: random.Random,
    a: GridAssignment,
    category: EventCategory,
    at: datetime,
    centre: User,
    operator: User,
    now: datetime,
) -> None:
    worker, grid = a.worker.user, a.grid
    hotline = rng.random() < 0.2
    lat = (grid.min_lat + grid.max_lat) / 2 if grid.min_lat is not None else None
    long = (grid.min_long + grid.max_long) / 2 if grid.min_long is not None else None
    event = services.event_report(
        actor=operator if hotline else worker,
        category=category,
        description=rng.choice(DESCRIPTIONS).format(name=category.name),
        source=Event.Source.HOTLINE if hotline else Event.Source.GRID_WORKER,
        grid=None if hotline and lat is not None else grid.region,
        lat=lat,
        long=long,
        address=f"{grid.region.name}{rng.randrange(1, 200)}号附近",
        attributes=_attribute_values(category),
        at=at,
    )
    if event.case.region_id != grid.region_id:
        return  # a hotline event placed in another grid by its coordinates: left for its own centre

    fate = rng.random()
    step = iter(_steps(rng, at))

    def act(actor: User, action: str, **kw: Any) -> bool:
        moment = next(step)
        if moment >= now:
            return False
        services.event_act(actor=actor, event=event, action=action, at=moment, **kw)
        return True

    if fate < 0.08:
        return  # 待受理
    if fate < 0.12:
        act(centre, "void", comment="重复上报")
        return
    if not act(centre, "file") or fate < 0.18:
        return
    unit = None
    if rng.random() < 0.7:
        units = Department.objects.filter(
            function=category.handler_function, region__path__in=_ancestors(grid.region.path)
        ).order_by("-region__depth")
        unit = units.first()
    if unit is not None:
        if not act(centre, "dispatch", department=unit):
            return
        handler = unit.users.first()
    else:
        if not act(centre, "dispatch_grid"):
            return
        handler = worker
    if fate < 0.30 or not act(handler, "feedback", comment="已处置完毕"):
        return
    reworked = rng.random() < 0.15
    if reworked and not (
        act(worker, "rework", comment="现场核查未处置到位") and act(handler, "feedback", comment="已返工处置")
    ):
        return
    if fate < 0.40 or not act(worker, "verify", comment="核查属实，予以结案"):
        return
    if fate < 0.50:
        return
    satisfaction = rng.choices(list(Event.Satisfaction.values), weights=(80, 15, 5))[0]
    act(centre, "evaluate", satisfaction=satisfaction, comment="电话回访")


def _steps(rng: random.Random, at: datetime) -> list[datetime]:
    """Moments of the successive steps: mostly within their limits, sometimes late."""
    moments, t = [], at
    for _ in range(10):
        t += timedelta(minutes=rng.choice((20, 45, 90, 180, 600, 1500, 3000)))
        moments.append(t)
    return moments


def _ancestors(path: str) -> list[str]:
    codes = [c for c in path.split("/") if c]
    return ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]


# --- campaign -----------------------------------------------------------------------------------------------


def _campaign(rng: random.Random, scale: float, year: int | None) -> tuple[int, int]:
    from minzheng.registry.models import Household, Person

    district = Region.objects.filter(level=Region.Level.DISTRICT).order_by("code").first()
    if district is None:
        return 0, 0
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        title="新到人员入户排查",
        kind=Campaign.Kind.NEWCOMER,
        description="对辖区内各户逐户走访，登记新到人员（演示数据）",
        region=district,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=30),
    )
    grids = list(Region.objects.filter(level=Region.Level.GRID, path__startswith=district.path))
    counts: dict[int, int] = defaultdict(int)
    for region_id in Household.objects.filter(region__in=grids).values_list("region", flat=True):
        counts[region_id] += 1
    rows = CampaignGrid.objects.bulk_create(
        [CampaignGrid(campaign=campaign, grid=g, households_target=counts[g.pk]) for g in grids]
    )
    rows = {r.grid_id: r for r in CampaignGrid.objects.filter(campaign=campaign)}
    workers = defaultdict(list)
    for grid_region, user in GridAssignment.objects.filter(grid__region__in=grids).values_list(
        "grid__region", "worker__user"
    ):
        workers[grid_region].append(user)
    visits = []
    for household_id, region_id in Household.objects.filter(
        region__in=[g for g in grids if workers[g.pk]]
    ).values_list("pk", "region"):
        if rng.random() > 0.6:
            continue
        result = rng.choices(list(Visit.Result.values), weights=(85, 12, 3))[0]
        seen = rng.randint(1, 5) if result == Visit.Result.MET else 0
        visits.append(
            Visit(
                campaign_grid=rows[region_id],
                household_id=household_id,
                worker_id=rng.choice(workers[region_id]),
                visited_at=_work_moment(rng, today - timedelta(days=rng.randrange(30))),
                result=result,
                people_seen=seen,
                newcomers=rng.randint(0, min(seen, 2)) if seen and rng.random() < 0.2 else 0,
            )
        )
    Visit.objects.bulk_create(visits, batch_size=2000)
    if visits:
        audit_append(
            action=Action.BULK, object_type="grid.visit", detail=f"演示数据：入户走访{len(visits)}户次"
        )
    observed = 0
    people = list(
        Person.objects.filter(region__in=[g for g in grids if workers[g.pk]]).order_by("pk")[
            : max(3, round(60 * scale))
        ]
    )
    for person in people:
        actor = User.objects.get(pk=workers[person.region_id][0])
        start = today - timedelta(days=rng.randrange(0, 10))
        observation = services.observation_start(
            actor=actor,
            person=person,
            place="居家",
            reason="外省返琼人员",
            starts_on=start,
            campaign=campaign,
        )
        day = start
        while day <= today:
            if rng.random() < 0.9:
                services.checkin_record(
                    actor=actor,
                    observation=observation,
                    day=day,
                    temperature=rng.choice(("36.4", "36.6", "36.8")),
                )
            day += timedelta(days=1)
        observed += 1
    return len(visits), observed


def grid_demo_attach(*, users: dict[str, User]) -> str:
    """``minzheng demo``: the demo accounts take their places in grid governance, through the services and
    acting as the demo 市局 account, so that their pages show work:

    - each demo 机构经办人 (``jigou``) joins a responsible unit of its own region — the one with the most
      events waiting in its queue, else the 民政局 (部门待办);
    - each demo 网格员 (``wangge``, ``wangge2``) goes on the roster for its grid and, if nothing there waits on
      a grid worker or on the community, reports two events: one left 待受理 (the community's and the
      town's work), one filed and handed to the grid by the town centre (the grid worker's work)."""
    manager = next(
        (
            u
            for u in users.values()
            if can(u, "department.manage")
            and can(u, "grid.manage")
            and u.region
            and u.region.parent_id is None
        ),
        None,
    )
    if manager is None:
        return "无市局演示账号，未关联"
    done: list[str] = []
    for user in users.values():
        if user.region_id is None:
            continue
        if can(user, "department.handle"):
            done += _demo_unit_join(manager, user)
        elif can(user, "grid.serve") and user.region.level == Region.Level.GRID:
            done += _demo_grid_work(manager, user)
    return "；".join(done) if done else "无可关联的演示账号"


def _demo_unit_join(manager: User, user: User) -> list[str]:
    civil_affairs_first = Case(When(function=Department.Function.CIVIL_AFFAIRS, then=0), default=1)
    unit = (
        Department.objects.filter(region=user.region, active=True)
        .annotate(waiting=Count("events", filter=Q(events__case__state="to_department")))
        .order_by("-waiting", civil_affairs_first, "pk")
        .first()
    )
    if unit is None or unit.users.filter(pk=user.pk).exists():
        return []
    services.department_users_set(actor=manager, department=unit, users=[*unit.users.all(), user])
    return [f"{user.username}加入{unit.name}"]


def _demo_grid_work(manager: User, user: User) -> list[str]:
    profile = GridProfile.objects.filter(region=user.region).first()
    if profile is None:
        return []
    worker = GridWorker.objects.filter(user=user).first() or services.grid_worker_register(
        actor=manager, user=user, employee_no=user.username.upper()
    )
    if not GridAssignment.objects.filter(grid=profile, worker=worker).exists():
        services.grid_worker_assign(actor=manager, worker=worker, grid=profile)
    waiting = ("reported", "to_grid", "handled_grid", "handled_department")
    if Event.objects.filter(case__region=user.region, case__state__in=waiting).exists():
        return [f"{user.username}上岗{user.region.name}"]
    centre = (
        User.objects.filter(role=Role.TOWN_CASEWORKER, region__code=user.region.code[:9], is_active=True)
        .order_by("pk")
        .first()
    )
    category = EventCategory.objects.filter(active=True, parent__isnull=False).order_by("code").first()
    if centre is None or category is None:
        return [f"{user.username}上岗{user.region.name}"]
    events = [
        services.event_report(
            actor=user,
            category=category,
            description=DESCRIPTIONS[n].format(name=category.name),
            source=Event.Source.GRID_WORKER,
            grid=user.region,
            address=f"{user.region.name}{n + 1}号附近",
            attributes=_attribute_values(category),
        )
        for n in range(2)
    ]
    services.event_act(actor=centre, event=events[1], action="file")
    services.event_act(actor=centre, event=events[1], action="dispatch_grid")
    return [f"{user.username}上岗{user.region.name}，上报事件2件（1件待受理，1件交网格处置）"]
