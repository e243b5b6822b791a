"""The synthetic place names of the city (``minzheng seed`` step 85) — 演示数据.

- The register: existing standard names (既有地名登记, as a 地名普查 would have left them) — streets, bridges,
  residential areas — in the four districts, each passing the standard-name check (no duplicate, no homophone
  within its class), inserted set-based.
- The year: the seed's 37 × S new roads named through real applications (审查 → 专家论证 → 公示 → 批准, by the
  ``seed_<code>`` accounts), so their cases, timelines and register rows are those real work leaves; 669 × S
  路名牌 and 591 × S 村牌 set up in the year (and as many before it), 42 × S boundary markers found damaged at the
  year's joint inspections and repaired — the signs, markers, inspections and repairs inserted set-based.

Resumable: every row has a natural key (a name, a sign code, a marker number), a re-run inserts only what is
missing of the same plan (same random seed), and each application is made in its own transaction.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, models, transaction

from minzheng.casework.services import case_transition
from minzheng.core.bulk import chunked, copy_columns
from minzheng.core.models import Region, User
from minzheng.core.regions import short_name
from minzheng.core.roles import Role
from minzheng.placenames import rules
from minzheng.placenames.casetypes import NOTICE_DAYS
from minzheng.placenames.models import (
    BoundaryMarker,
    JointInspection,
    NamingApplication,
    PlaceName,
    Repair,
    Sign,
)
from minzheng.placenames.services import application_create
from minzheng.reports.figures import seed_target

TZ = ZoneInfo("Asia/Shanghai")
# characters of the synthetic 专名 (pairs of them): plain words of Hainan's place names
SYLLABLES = "椰海滨琼秀龙华美兰金盘新埠白沙红城湖南渡江长流永兴东山石山西秀丰谷云锦凤翔玉沙和平友谊文明振兴"
SHARES = ((rules.ROAD, 55), (rules.STREET, 15), (rules.LANE, 10), (rules.BRIDGE, 5), (rules.RESIDENTIAL, 15))
# Haikou's main urban area and around (WGS-84): where the synthetic points fall
LAT, LNG = (19.95, 20.06), (110.20, 110.55)


def _insert(model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]]) -> int:
    """INSERT the rows in one executemany per chunk (the model's defaults for the other columns)."""
    if not rows:
        return 0
    cols, extra = copy_columns(model, columns)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(c) for c in cols),
        ", ".join(["%s"] * len(cols)),
    )
    with connection.cursor() as cursor:
        for chunk in chunked(rows, 2000):
            cursor.executemany(sql, [(*row, *extra) for row in chunk])
    return len(rows)


def _point(rng: random.Random) -> tuple[Decimal, Decimal]:
    return (Decimal(f"{rng.uniform(*LAT):.6f}"), Decimal(f"{rng.uniform(*LNG):.6f}"))


def _line(rng: random.Random) -> str:
    lat, lng = _point(rng)
    return f'{{"type":"LineString","coordinates":[[{lng},{lat}],[{lng + Decimal("0.01")},{lat + Decimal("0.004")}]]}}'


def _names(rng: random.Random, count: int, taken: set[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """``count`` new (name, kind, pinyin) passing the check against ``taken`` ((class, sound key)), which grows."""
    kinds = [k for k, share in SHARES for _ in range(share)]
    out: list[tuple[str, str, str]] = []
    for _ in range(count * 50):
        if len(out) >= count:
            break
        kind = rng.choice(kinds)
        name = rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(rules.GENERICS[kind])
        if rules.check_form(name, kind):
            continue
        pinyin = rules.pinyin_of(name, kind)
        key = (rules.CLASS_OF[kind], rules.sound_key(pinyin))
        if key in taken or any(c == key[0] and n == name for c, n in taken):
            continue
        taken.add(key)
        out.append((name, kind, pinyin))
    return out


def _taken() -> set[tuple[str, str]]:
    return set(
        PlaceName.objects.filter(status=PlaceName.Status.IN_USE).values_list("name_class", "sound_key")
    )


def _register(rng: random.Random, scale: float, districts: list[Region]) -> int:
    target = max(40, round(2000 * scale))  # [U] a city of Haikou's size keeps a few thousand standard names
    have = PlaceName.objects.filter(origin=PlaceName.Origin.RECORDED).count()
    rows = []
    for name, kind, pinyin in _names(rng, max(0, target - have), _taken()):
        region = rng.choice(districts)
        geometry = _line(rng) if kind in rules.STREET_KINDS + (rules.BRIDGE,) else ""
        rows.append((kind, rules.CLASS_OF[kind], name, rules.generic_of(name, kind), pinyin, rules.sound_key(pinyin),
                     region.pk, geometry, PlaceName.Status.IN_USE, PlaceName.Origin.RECORDED,
                     date(rng.randint(1990, 2015), rng.randint(1, 12), 1), "地名普查（演示数据）"))  # fmt: skip
    cols = ["kind", "name_class", "name", "generic", "pinyin", "sound_key", "region_id", "geometry", "status",
            "origin", "valid_from", "approval"]  # fmt: skip
    return _insert(PlaceName, cols, rows)


def _actor(region: Region, role: str) -> User:
    username = f"seed_{region.code}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            password=None,
            role=role,
            region=region,
            display_name=f"演示数据（{region.name}）",
        )
    return user


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


SEED_REASON = "新建道路命名（演示数据）"


def _named(rng: random.Random, scale: float, year: int, districts: list[Region]) -> int:
    """The year's new roads, each through its application and case. Resumable: the seed's applications already
    made are taken on from where they stand; only the missing ones are made."""
    target = seed_target("roads_named", scale)
    city = Region.objects.get(parent__isnull=True)
    approver = _actor(city, Role.CITY_MANAGER)
    apps = list(
        NamingApplication.objects.filter(reason=SEED_REASON).select_related("case", "region").order_by("pk")
    )
    fresh = [(n, k) for n, k, _ in _names(rng, max(0, target - len(apps)) * 4, _taken()) if k == rules.ROAD]
    made = 0
    for i in range(target):
        day = date(year, 1, 6) + timedelta(days=(300 * i) // max(1, target))
        region = apps[i].region if i < len(apps) else districts[i % len(districts)]
        reviewer = _actor(region, Role.DISTRICT_REVIEWER)
        with transaction.atomic():
            if i < len(apps):
                app = apps[i]
            else:
                if not fresh:
                    break
                name, kind = fresh.pop(0)
                app = application_create(
                    actor=reviewer, action="name", kind=kind, name=name, region=region, geometry=_line(rng),
                    reason=SEED_REASON, applicant=f"{region.name}住房和城乡建设局", at=_at(day, 9),
                )  # fmt: skip
                made += 1
            steps = (
                ("review", reviewer, "名称符合命名规定，无重名同音", _at(day, 15)),
                ("expert", reviewer, "专家论证：名称规范，同意命名", _at(day + timedelta(days=3), 10)),
                ("notice_end", reviewer, "公示期内无异议", _at(day + timedelta(days=NOTICE_DAYS + 4), 10)),
                ("approve", approver, "", _at(day + timedelta(days=NOTICE_DAYS + 10), 10)),
            )
            for action, actor, comment, at in steps:
                app.case.refresh_from_db()
                if _open(app, action):
                    case_transition(actor=actor, case=app.case, action=action, comment=comment, at=at)
    return made


def _open(app: NamingApplication, action: str) -> bool:
    from minzheng.placenames.casetypes import NamingCase

    return app.case.closed_at is None and NamingCase.transition(app.case.state, action) is not None


def _signs(rng: random.Random, scale: float, year: int) -> int:
    """路名牌 on streets in use and 村牌 of rural villages, the year's (the seed's figures × S) and as many set up
    in earlier years; codes ``LP-`` / ``CP-`` numbered by the plan, so a re-run skips those made."""
    streets = list(
        PlaceName.objects.filter(kind__in=rules.STREET_KINDS, status=PlaceName.Status.IN_USE)
        .order_by("pk")
        .values_list("pk", "name", "region__path")
    )
    communities = list(
        Region.objects.filter(level=Region.Level.COMMUNITY)
        .order_by("code")
        .values_list("pk", "path", "name", "kind")
    )
    villages = [c for c in communities if c[3] == Region.Kind.RURAL] or communities
    have = set(Sign.objects.values_list("code", flat=True))
    rows = []
    for kind, prefix, key in (
        (Sign.Kind.ROAD, "LP", "road_signs"),
        (Sign.Kind.VILLAGE, "CP", "village_signs"),
    ):
        in_year = seed_target(key, scale)
        for i in range(in_year * 2):
            code = (
                f"{prefix}-{year}-{i + 1:05d}" if i < in_year else f"{prefix}-{year - 1 - i % 5}-{i + 1:05d}"
            )
            installed = (
                date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
                if i < in_year
                else date(year - 1 - i % 5, rng.randint(1, 12), rng.randint(1, 28))
            )
            lat, lng = _point(rng)
            if kind == Sign.Kind.ROAD:
                if not streets:
                    break
                place_id, text, path = streets[i % len(streets)]
                within = [c for c in communities if c[1].startswith(path)] or communities
                region_id = within[i % len(within)][0]
            else:
                place_id, (region_id, _, village, _) = None, villages[i % len(villages)]
                text = short_name(village)
            if code not in have:
                rows.append((kind, code, place_id, text, region_id, lat, lng, installed, Sign.Status.GOOD))
    return _insert(Sign, ["kind", "code", "place_name_id", "text", "region_id", "lat", "lng", "installed_on",
                          "status"], rows)  # fmt: skip


def _markers(rng: random.Random, scale: float, year: int, districts: list[Region]) -> int:
    """界桩 on the lines between neighbouring districts; the seed's 42 × S of them found damaged at the year's
    joint inspection and repaired within weeks (inspection and repair rows inserted with them)."""
    repaired = seed_target("boundary_markers", scale)
    total = max(repaired * 3, 6)
    pairs = [(a, b) for i, a in enumerate(districts) for b in districts[i + 1 :]]
    have = set(BoundaryMarker.objects.values_list("number", flat=True))
    markers = []
    for i in range(total):
        a, b = pairs[i % len(pairs)]
        number = f"JZ-{a.code[-2:]}{b.code[-2:]}-{i + 1:04d}"
        lat, lng = _point(rng)
        if number not in have:
            markers.append((number, a.pk, b.pk, lat, lng, date(2005, 6, 1), BoundaryMarker.Status.INTACT))
    made = _insert(BoundaryMarker, ["number", "region_a_id", "region_b_id", "lat", "lng", "installed_on", "status"],
                   markers)  # fmt: skip
    done = set(JointInspection.objects.filter(inspected_on__year=year).values_list("marker_id", flat=True))
    # the damaged ones still to make: the year's target less the repairs the year already has (a re-run, or a
    # run at a larger scale over a smaller one, makes only the difference)
    needed = repaired - Repair.objects.filter(marker__isnull=False, repaired_on__year=year).count()
    ids = [
        row
        for row in BoundaryMarker.objects.order_by("number").values_list("pk", "region_a_id")
        if row[0] not in done
    ]
    inspections, repairs = [], []
    for i, (pk, region_id) in enumerate(ids):
        day = date(year, 3, 1) + timedelta(days=(200 * i) // max(1, len(ids)))
        damaged = i < needed
        inspections.append((pk, day, "两侧区民政局联合检查组（演示数据）", "damaged" if damaged else "good",
                            "桩体损毁" if damaged else ""))  # fmt: skip
        if damaged:
            repairs.append((pk, region_id, "联合检查发现损毁：桩体损毁", day, Repair.Status.DONE,
                            min(day + timedelta(days=rng.randint(10, 40)), date(year, 12, 31)), "修复安装"))  # fmt: skip
    _insert(JointInspection, ["marker_id", "inspected_on", "parties", "condition", "note"], inspections)
    _insert(
        Repair,
        ["marker_id", "region_id", "damage", "reported_on", "status", "repaired_on", "repair_note"],
        repairs,
    )
    return made


def placenames_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    year = year or 2020
    rng = random.Random(f"placenames-{random_seed}")
    districts = list(Region.objects.filter(level=Region.Level.DISTRICT).order_by("code"))
    if not districts:
        return "区划为空，未生成区划地名数据"
    with transaction.atomic():
        recorded = _register(rng, scale, districts)
    named = _named(rng, scale, year, districts)
    with transaction.atomic():
        signs = _signs(rng, scale, year)
        markers = _markers(rng, scale, year, districts)
    return (
        f"既有地名新增{recorded}条，新命名道路{named}条，地名标志新增{signs}块，界桩新增{markers}个"
        f"（地名录在用{PlaceName.objects.filter(status='in_use').count()}条，演示数据）"
    )
