"""Synthetic Haikou for the registry: houses, people, households and their members (issue 3, item 5).

At scale ``S`` there are round(2,386,500·S) people and round(1,261,500·S) houses (the seed document's
totals), spread over the grids already loaded — urban grids about 3.5 times as populous as rural ones,
so the urban share comes out near the city's ~80 % and differs by district with its communities'
``kind`` (龙华/美兰 mostly urban, 琼山/秀英 more rural). People live in families of 1–6 (mean ≈ 2.8):
heads, spouses, children and the head's parents with ages that fit (children 22–35 years younger than
the head, parents 22–32 older), giving roughly the 2020 census shape (about 15 % under 15, 10 % 60+).
Local families are registered households (户, with members and relations); migrant families carry
other provinces' ID prefixes and residence permits and no Haikou household. Every house is in a grid;
every person lives in a house. ID numbers are valid (GB 11643-1999 check character) and unique: the
current district code for most, the pre-2002 codes (460100, 460102–460104) for many born before 2002.

Deterministic for a given random seed: one ``random.Random(seed)`` stream, grids in code order, a fixed
census date (1 November of ``year``, default 2020). Rows are streamed: straight into the person table
by COPY on PostgreSQL while the other tables are spooled to temporary files and copied after (one
connection carries one COPY at a time); one ``executemany`` per block on SQLite. Nothing is held in
memory but one grid's rows and an array of ID sequence counters.

ID sequence numbers (the 3 digits after the birth date) are split so data from different sources
never collide: the seed uses 001–800, :func:`people_top_up` 801–900, the benchmark's files 901–998.
"""

from __future__ import annotations

import random
import tempfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import IO, Any

from django.db import connection, models, transaction

from minzheng.core.audit import Action, audit_append
from minzheng.core.bulk import copy_columns
from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region
from minzheng.core.regions import short_name
from minzheng.registry.bulkload import bulk_load_mode
from minzheng.registry.models import House, Household, Membership, Person, Relation
from minzheng.registry.rules import id_reversed, name_initials

HAIKOU_PEOPLE = 2_386_500
HAIKOU_HOUSES = 1_261_500
URBAN_GRID_WEIGHT = 3.5  # people (and houses) in an urban grid relative to a rural one

SEED_SEQUENCES = (0, 400)  # k → sequence 2k+1 (male) / 2k+2 (female): 001–800
TOP_UP_SEQUENCES = (400, 450)  # 801–900
BENCH_SEQUENCES = (450, 499)  # 901–998

# Age bands (from, to, % of people): roughly Haikou's 2020 census pyramid, used for people drawn one by
# one (the benchmark files, top-ups). Families draw ages that fit each other and land near it.
AGE_BANDS = (
    (0, 4, 5.0), (5, 9, 5.2), (10, 14, 4.8), (15, 19, 5.0), (20, 24, 7.0), (25, 29, 9.0), (30, 34, 10.0),
    (35, 39, 9.0), (40, 44, 8.0), (45, 49, 8.0), (50, 54, 7.0), (55, 59, 7.0), (60, 64, 4.0), (65, 69, 3.0),
    (70, 74, 1.5), (75, 79, 0.8), (80, 84, 0.45), (85, 89, 0.2), (90, 99, 0.05),
)  # fmt: skip
HOUSEHOLD_SIZES = ((1, 20), (2, 27), (3, 23), (4, 15), (5, 9), (6, 6))  # mean 2.84

# Common surnames in Hainan first (王 陈 李 林 吴 符 …), weights roughly by frequency.
SURNAMES = (
    ("王", 9.0), ("陈", 8.5), ("李", 6.0), ("林", 6.5), ("吴", 5.5), ("符", 5.0), ("黄", 4.5), ("张", 4.0),
    ("刘", 3.0), ("周", 2.2), ("郑", 2.0), ("冯", 2.0), ("邢", 1.8), ("蔡", 1.8), ("梁", 1.7), ("何", 1.5),
    ("杨", 1.5), ("许", 1.2), ("钟", 1.2), ("韩", 1.2), ("曾", 1.1), ("潘", 1.0), ("邓", 1.0), ("谢", 1.0),
    ("云", 0.9), ("羊", 0.8), ("卢", 0.8), ("莫", 0.8), ("麦", 0.7), ("颜", 0.7), ("赵", 0.7), ("孙", 0.6),
    ("朱", 0.6), ("胡", 0.6), ("郭", 0.6), ("罗", 0.6), ("高", 0.5), ("唐", 0.5), ("徐", 0.5), ("马", 0.5),
    ("龙", 0.5), ("文", 0.5), ("庞", 0.4), ("钱", 0.3), ("蒙", 0.4), ("苏", 0.4), ("叶", 0.4), ("洪", 0.3),
    ("欧阳", 0.1), ("司徒", 0.05),
)  # fmt: skip
_MALE_FIRST = "伟志建国海明文华家俊宏振永世光德兴英晓子浩"
_MALE_SECOND = "强军平东辉杰峰涛斌龙刚波勇雄鹏林成飞彬坤"
_FEMALE_FIRST = "秀美丽玉春小晓雪慧静思雅梦海翠金婷欣佳若"
_FEMALE_SECOND = "英兰芳娟萍红霞燕玲琴云娜丽敏婷莉梅琳颖洁"
ETHNICITIES = (
    ("汉族", 95.0),
    ("黎族", 3.2),
    ("苗族", 0.6),
    ("壮族", 0.5),
    ("回族", 0.3),
    ("土家族", 0.2),
    ("瑶族", 0.2),
)
HISTORICAL_HAIKOU = (("460100", 1.0), ("460102", 3.0), ("460103", 3.0), ("460104", 2.0))
OTHER_HAINAN = (("469005", "海南省文昌市"), ("469023", "海南省澄迈县"), ("469002", "海南省琼海市"),
                ("469021", "海南省定安县"), ("469024", "海南省临高县"), ("460202", "海南省三亚市"))  # fmt: skip
MIGRANT_ORIGINS = (
    ("440800", "广东省湛江市", 6.0), ("440900", "广东省茂名市", 3.0), ("441500", "广东省汕尾市", 1.0),
    ("440100", "广东省广州市", 1.0), ("450100", "广西壮族自治区南宁市", 2.0), ("450900", "广西壮族自治区玉林市", 2.0),
    ("430100", "湖南省长沙市", 2.0), ("431100", "湖南省永州市", 1.5), ("360100", "江西省南昌市", 1.0),
    ("362100", "江西省赣州市", 1.0), ("510100", "四川省成都市", 2.0), ("511300", "四川省南充市", 1.0),
    ("420100", "湖北省武汉市", 1.5), ("410100", "河南省郑州市", 1.5), ("411300", "河南省南阳市", 1.0),
    ("350100", "福建省福州市", 1.0), ("330100", "浙江省杭州市", 0.8), ("230100", "黑龙江省哈尔滨市", 1.0),
    ("220100", "吉林省长春市", 0.6), ("210100", "辽宁省沈阳市", 0.6), ("370100", "山东省济南市", 0.6),
    ("520100", "贵州省贵阳市", 0.8), ("500100", "重庆市", 1.0),
)  # fmt: skip
ROADS = ("海秀路", "龙昆南路", "国兴大道", "滨海大道", "南沙路", "海府路", "白龙南路", "人民大道", "和平大道",
         "金盘路", "椰海大道", "丘海大道", "南海大道", "长滨路", "琼州大道", "红城湖路", "凤翔路", "文明东路",
         "大英山西路", "世贸北路", "秀英大道", "金龙路", "滨涯路", "美舍河路", "府城大道", "龙华路")  # fmt: skip
URBAN_HOUSE_TYPES = ((House.Type.APARTMENT, 85), (House.Type.BUNGALOW, 10), (House.Type.OTHER, 5))
RURAL_HOUSE_TYPES = ((House.Type.SELF_BUILT, 70), (House.Type.BUNGALOW, 25), (House.Type.OTHER, 5))
OCCUPIED_USES = ((House.Use.OWN, 78), (House.Use.MIXED, 4), (House.Use.OTHER, 2), (House.Use.RENTED, 16))
MIGRANT_SHARE = {"urban": 0.20, "rural": 0.06}

_DAY0 = date(1900, 1, 1).toordinal()
_DAYS = date(2040, 1, 1).toordinal() - _DAY0


def _picker(rng: random.Random, weighted: Sequence[tuple[Any, float]]) -> Callable[[], Any]:
    """A function drawing from ``weighted`` (value, weight) pairs with ``rng``."""
    values = [v for v, _ in weighted]
    cum, total = [], 0.0
    for _, weight in weighted:
        total += weight
        cum.append(total)
    choices = rng.choices
    return lambda: choices(values, cum_weights=cum)[0]


class PersonMaker:
    """Names, birth dates, ID numbers and phones for synthetic people, from one random stream."""

    def __init__(
        self, rng: random.Random, *, reference: date, sequences: tuple[int, int] = SEED_SEQUENCES
    ) -> None:
        self.rng = rng
        self.reference = reference
        self.ref_ord = reference.toordinal()
        self.k_from, self.k_to = sequences
        self.surname = _picker(rng, SURNAMES)
        self.ethnicity = _picker(rng, ETHNICITIES)
        self.historical = _picker(rng, HISTORICAL_HAIKOU)
        self.origin = _picker(rng, [((code, place), w) for code, place, w in MIGRANT_ORIGINS])
        self.band = _picker(rng, [((lo, hi), w) for lo, hi, w in AGE_BANDS])
        self._prefix_index: dict[str, int] = {}
        self._counters = array("H")
        self._initials: dict[str, str] = {}

    def age_from_pyramid(self) -> int:
        lo, hi = self.band()
        return self.rng.randint(lo, hi)

    def birth_ord(self, age: int) -> int:
        """A birth date (ordinal) making the person ``age`` on the reference date."""
        return self.ref_ord - int(age * 365.2425) - self.rng.randrange(365)

    def id_number(self, prefix: str, birth: int, male: bool) -> tuple[str, date]:
        """A unique valid number for (prefix, birth, gender); moves the birthday a day on if that day's
        sequence numbers are used up (never at realistic sizes)."""
        index = self._prefix_index.get(prefix)
        if index is None:
            index = self._prefix_index[prefix] = len(self._prefix_index)
            self._counters.extend(array("H", [0]) * (_DAYS * 2))
        while True:
            slot = (index * _DAYS + (birth - _DAY0)) * 2 + (1 if male else 0)
            k = self._counters[slot]
            if self.k_from + k < self.k_to:
                self._counters[slot] = k + 1
                break
            birth += 1
        k += self.k_from
        born = date.fromordinal(birth)
        return make_citizen_id(region_code=prefix, birth_date=born, sequence=2 * k + (1 if male else 2)), born

    def local_prefix(self, born: date, district: str) -> str:
        """Locals: the pre-2002 Haikou codes for most born before 2002, else the district's own code;
        a tenth from elsewhere in Hainan."""
        roll = self.rng.random()
        if roll < 0.1:
            return OTHER_HAINAN[int(roll * 60)][0]
        if born.year < 2002 and roll < 0.75:
            return self.historical()
        return district

    def name(self, surname: str, male: bool) -> str:
        rng = self.rng
        first, second = (_MALE_FIRST, _MALE_SECOND) if male else (_FEMALE_FIRST, _FEMALE_SECOND)
        if rng.random() < 0.3:
            return surname + rng.choice(second)
        return surname + rng.choice(first) + rng.choice(second)

    def initials(self, name: str) -> str:
        found = self._initials.get(name)
        if found is None:
            found = self._initials[name] = name_initials(name)
        return found

    def phone(self) -> str:
        rng = self.rng
        if rng.random() < 0.15:
            return ""
        return f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"


@dataclass
class GridInfo:
    id: int
    code: str
    kind: str
    community_id: int
    community_code: str
    community_name: str
    town_name: str
    district_code: str
    district_name: str


def grids_load() -> list[GridInfo]:
    names = dict(Region.objects.exclude(level=Region.Level.GRID).values_list("code", "name"))
    ids = dict(Region.objects.filter(level=Region.Level.COMMUNITY).values_list("code", "pk"))
    grids = []
    for pk, code, kind, path in (
        Region.objects.filter(level=Region.Level.GRID)
        .order_by("code")
        .values_list("pk", "code", "kind", "path")
    ):
        chain = [c for c in path.split("/") if c]
        district, town, community = chain[1], chain[2], chain[3]
        grids.append(
            GridInfo(
                pk,
                code,
                kind or "urban",
                ids[community],
                community,
                short_name(names[community]),
                names[town],
                district,
                names[district],
            )  # fmt: skip
        )
    return grids


def allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` over ``weights`` exactly (largest remainder)."""
    whole = sum(weights)
    if not whole:
        return [0] * len(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - shares[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


# --- writing rows ------------------------------------------------------------------------------------


class RowSink:
    """Rows for one table: COPY (direct, or spooled to a file first) on PostgreSQL, blocks of
    ``executemany`` on SQLite."""

    def __init__(self, model: type[models.Model], provided: Sequence[str], *, spool: bool) -> None:
        self.model = model
        self.columns, self.defaults = copy_columns(model, provided)
        self.count = 0
        self.postgres = connection.vendor == "postgresql"
        self._spool: IO[str] | None = None
        self._copy: Any = None
        self._block: list[tuple[Any, ...]] = []
        self._stack = ExitStack()
        if self.postgres and spool:
            self._spool = self._stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))  # noqa: SIM115
        elif self.postgres:
            cursor = self._stack.enter_context(connection.cursor())
            self._copy = self._stack.enter_context(cursor.cursor.copy(self._copy_sql()))

    def _copy_sql(self) -> str:
        return f"COPY {self.model._meta.db_table} ({', '.join(self.columns)}) FROM STDIN"

    def add(self, row: tuple[Any, ...]) -> None:
        self.count += 1
        full = row + self.defaults if self.defaults else row
        if self._copy is not None:
            self._copy.write_row(full)
        elif self._spool is not None:  # synthetic values hold no tab, newline or backslash
            self._spool.write("\t".join("\\N" if v is None else str(v) for v in full) + "\n")
        else:
            self._block.append(tuple(v.isoformat() if isinstance(v, date) else v for v in full))
            if len(self._block) >= 5000:
                self._flush()

    def _flush(self) -> None:
        if self._block:
            marks = ", ".join(["%s"] * len(self.columns))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {self.model._meta.db_table} ({', '.join(self.columns)}) VALUES ({marks})",
                    self._block,
                )
            self._block = []

    def finish(self) -> None:
        self._flush()
        if self._spool is not None:
            self._spool.flush()
            self._spool.seek(0)
            with connection.cursor() as cursor, cursor.cursor.copy(self._copy_sql()) as copy:
                while block := self._spool.read(1 << 20):
                    copy.write(block)
        self._stack.close()


def _next_ids(*models_: type[models.Model]) -> dict[type[models.Model], int]:
    return {m: (m._default_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1 for m in models_}


def _sequences_reset(*models_: type[models.Model]) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows explicit ids by itself
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )


# --- the generator -----------------------------------------------------------------------------------

PERSON_COLUMNS = (
    "id", "id_number", "id_reversed", "name", "name_initials", "gender", "birth_date", "ethnicity", "phone",
    "hukou_region_id", "hukou_address", "residence_house_id", "region_id", "residence_permit_no",
    "residence_permit_until", "status",
)  # fmt: skip
HOUSE_COLUMNS = ("id", "code", "address", "grid_id", "house_type", "use", "area")
HOUSEHOLD_COLUMNS = ("id", "number", "head_id", "kind", "hukou_region_id", "address", "region_id")
MEMBERSHIP_COLUMNS = ("id", "household_id", "person_id", "relation", "start_date")


@dataclass
class SeedCounts:
    people: int = 0
    houses: int = 0
    households: int = 0
    members: int = 0
    under_15: int = 0
    over_60: int = 0
    urban_people: int = 0
    by_district: dict[str, int] = field(default_factory=dict)


class _Generator:
    def __init__(
        self, *, random_seed: int, reference: date, sinks: dict[str, RowSink], ids: dict[Any, int]
    ) -> None:
        self.rng = random.Random(random_seed)
        self.maker = PersonMaker(self.rng, reference=reference)
        self.reference = reference
        self.sinks = sinks
        self.next_person, self.next_house = ids[Person], ids[House]
        self.next_household, self.next_member = ids[Household], ids[Membership]
        self.size = _picker(self.rng, HOUSEHOLD_SIZES)
        self.urban_type = _picker(self.rng, URBAN_HOUSE_TYPES)
        self.rural_type = _picker(self.rng, RURAL_HOUSE_TYPES)
        self.occupied_use = _picker(self.rng, OCCUPIED_USES)
        self.household_numbers: dict[int, int] = {}
        self.counts = SeedCounts()

    def grid(self, grid: GridInfo, people: int, houses: int) -> None:
        rng, counts = self.rng, self.counts
        families = []
        left = people
        while left > 0:
            size = min(self.size(), left)
            migrant = rng.random() < MIGRANT_SHARE.get(grid.kind, 0.1)
            families.append((size, migrant))
            left -= size
        road = ROADS[int(grid.code[-6:]) % len(ROADS)]
        house_ids = []
        for n in range(houses):
            occupant = families[n] if n < len(families) else None
            house_ids.append(self._house(grid, n + 1, road, occupant))
        for i, (size, migrant) in enumerate(families):
            house_id, address = house_ids[i % len(house_ids)]
            self._family(grid, size, migrant, house_id, address)
        counts.people += people
        counts.houses += houses
        if grid.kind == "urban":
            counts.urban_people += people
        counts.by_district[grid.district_name] = counts.by_district.get(grid.district_name, 0) + people

    def _house(self, grid: GridInfo, n: int, road: str, occupant: tuple[int, bool] | None) -> tuple[int, str]:
        rng = self.rng
        pk = self.next_house
        self.next_house += 1
        if grid.kind == "urban":
            building, rest = divmod(n - 1, 48)
            floor, room = divmod(rest, 4)
            address = (
                f"海口市{grid.district_name}{road}{int(grid.code[-5:]) % 300 + 1}号{grid.community_name}"
                f"{building + 1}栋{floor + 1}{room + 1:02d}室"
            )
            house_type, area = self.urban_type(), 45 + rng.random() * 100
        else:
            address = f"海口市{grid.district_name}{grid.town_name}{grid.community_name}{n}号"
            house_type, area = self.rural_type(), 80 + rng.random() * 140
        if occupant is None:
            use = House.Use.VACANT
        elif occupant[1]:
            use = House.Use.RENTED
        else:
            use = self.occupied_use()
        code = f"{grid.code}{n:05d}"
        self.sinks["house"].add((pk, code, address, grid.id, house_type, use, Decimal(f"{area:.2f}")))
        return pk, address

    def _family(self, grid: GridInfo, size: int, migrant: bool, house_id: int, address: str) -> None:
        rng, maker = self.rng, self.maker
        members = _family_shape(rng, size)
        head_male = members[0][2]
        surname, spouse_surname = maker.surname(), maker.surname()
        father_surname = surname if head_male else spouse_surname
        origin = maker.origin() if migrant else None
        start_years = rng.randrange(0, max(1, min(26, members[0][1] - 17)))  # formed when the head was 18+
        household_pk = None
        if not migrant:
            household_pk = self.next_household
            self.next_household += 1
            number = self.household_numbers.get(grid.community_id, 0) + 1
            self.household_numbers[grid.community_id] = number
        head_pk = None
        for relation, age, male in members:
            if relation == Relation.HEAD:
                family_name = surname
            elif relation == Relation.SPOUSE:
                family_name = spouse_surname
            elif relation == Relation.PARENT:
                family_name = surname if male else maker.surname()
            else:
                family_name = father_surname
            pk, born = self._person(grid, age, male, family_name, origin, house_id, address)
            head_pk = head_pk or pk
            if household_pk is not None:
                start = max(born, date.fromordinal(self.maker.ref_ord - int(start_years * 365.2425)))
                self.sinks["member"].add((self.next_member, household_pk, pk, relation, start))
                self.next_member += 1
                self.counts.members += 1
        if household_pk is not None:
            self.sinks["household"].add(
                (
                    household_pk,
                    f"{grid.community_code}{number:06d}",
                    head_pk,
                    grid.kind,
                    grid.community_id,
                    address,
                    grid.id,
                )  # fmt: skip
            )
            self.counts.households += 1

    def _person(
        self,
        grid: GridInfo,
        age: int,
        male: bool,
        surname: str,
        origin: tuple[str, str] | None,
        house_id: int,
        address: str,
    ) -> tuple[int, date]:
        maker = self.maker
        birth = maker.birth_ord(age)
        born = date.fromordinal(birth)
        if origin is not None and not (born.year >= 2002 and self.rng.random() < 0.5):
            prefix = origin[0]
        else:
            prefix = maker.local_prefix(born, grid.district_code)
        number, born = maker.id_number(prefix, birth, male)
        name = maker.name(surname, male)
        pk = self.next_person
        self.next_person += 1
        if origin is None:
            hukou_id, hukou_address, permit, until = grid.community_id, address, "", None
        else:
            adult = age >= 16
            hukou_id, hukou_address = None, origin[1]
            permit = f"HK{self.rng.randrange(10**10):010d}" if adult else ""
            until = self.reference + timedelta(days=365 * self.rng.randint(1, 3)) if adult else None
        self.sinks["person"].add(
            (
                pk,
                number,
                id_reversed(number),
                name,
                maker.initials(name),
                "M" if male else "F",
                born,
                maker.ethnicity(),
                maker.phone(),
                hukou_id,
                hukou_address,
                house_id,
                grid.id,
                permit,
                until,
                Person.Status.NORMAL,
            )  # fmt: skip
        )
        if age < 15:
            self.counts.under_15 += 1
        elif age >= 60:
            self.counts.over_60 += 1
        return pk, born


def _family_shape(rng: random.Random, size: int) -> list[tuple[str, int, bool]]:
    """(relation, age, male) for a family of ``size``, head first, ages that fit together."""
    head_male = rng.random() < 0.7
    if size == 1:
        roll = rng.random()
        age = (
            rng.randint(18, 35)
            if roll < 0.45
            else rng.randint(36, 59)
            if roll < 0.86
            else rng.randint(60, 90)
        )
        return [(Relation.HEAD, age, head_male)]
    if size == 2 and rng.random() < 0.35:  # one parent and a child, or an adult and their parent
        if rng.random() < 0.7:
            child = rng.randint(0, 24)
            return [
                (Relation.HEAD, min(child + rng.randint(22, 38), 90), head_male),
                _child(child, rng.random() < 0.5),
            ]
        head = rng.randint(28, 60)
        return [
            (Relation.HEAD, head, head_male),
            (Relation.PARENT, min(head + rng.randint(22, 32), 99), rng.random() < 0.4),
        ]
    parents = {2: (1.0, 1.0), 3: (0.93, 1.0), 4: (0.85, 0.97), 5: (0.65, 0.9), 6: (0.45, 0.8)}[size]
    roll = rng.random()
    n_parents = 0 if roll < parents[0] else 1 if roll < parents[1] else 2
    n_children = size - 2 - n_parents
    if n_children <= 0:  # a couple (young to old)
        head = rng.randint(22, 40) if rng.random() < 0.5 else rng.randint(41, 74)
    else:
        eldest = int(rng.triangular(0, 36, 19))
        head = eldest + rng.randint(23, 35)
    spouse = max(18, min(head + rng.randint(-6, 3) * (1 if head_male else -1), 95))
    members: list[tuple[str, int, bool]] = [
        (Relation.HEAD, head, head_male),
        (Relation.SPOUSE, spouse, not head_male),
    ]
    if n_children > 0:
        age = eldest
        for _ in range(n_children):
            members.append(_child(max(age, 0), rng.random() < 0.52))
            age -= rng.randint(2, 6)
    for i in range(n_parents):
        members.append((Relation.PARENT, min(head + rng.randint(22, 32), 99), i == 0))
    return members


def _child(age: int, male: bool) -> tuple[str, int, bool]:
    return Relation.child(male=male), age, male


def synthetic_registry_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    """The ``minzheng seed`` step for the registry. Skipped when people are already registered (the
    seed never mixes with real data); returns one line of summary."""
    existing = Person.objects.count()
    if existing:
        return f"已有{existing}名人员，未重复生成（清空人房数据后可重新生成）"
    counts = registry_generate(scale=scale, random_seed=random_seed, reference=date(year or 2020, 11, 1))
    urban = counts.urban_people * 100 / max(counts.people, 1)
    return (
        f"人员{counts.people}、房屋{counts.houses}、户{counts.households}（成员{counts.members}）；"
        f"城镇人口占{urban:.1f}%，15岁以下占{counts.under_15 * 100 / max(counts.people, 1):.1f}%，"
        f"60岁及以上占{counts.over_60 * 100 / max(counts.people, 1):.1f}%"
    )


@transaction.atomic
def registry_generate(*, scale: float, random_seed: int, reference: date) -> SeedCounts:
    """Generate and write the registry at ``scale`` in one transaction (all or nothing)."""
    grids = grids_load()
    if not grids:
        raise LookupError("区划表中没有网格，请先加载区划（minzheng seed 会先加载）")
    weights = [URBAN_GRID_WEIGHT if g.kind == "urban" else 1.0 for g in grids]
    houses = allocate(round(HAIKOU_HOUSES * scale), weights)
    people = allocate(
        round(HAIKOU_PEOPLE * scale), [w if h else 0.0 for w, h in zip(weights, houses, strict=True)]
    )
    tables = (Person, House, Household, Membership)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            names = ", ".join(m._meta.db_table for m in tables)
            cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")
    ids = _next_ids(*tables)
    empty = all(ids[m] == 1 and not m.objects.exists() for m in tables)
    with bulk_load_mode(tables, enabled=empty and connection.vendor == "postgresql"):
        sinks = {
            "person": RowSink(Person, PERSON_COLUMNS, spool=False),
            "house": RowSink(House, HOUSE_COLUMNS, spool=True),
            "household": RowSink(Household, HOUSEHOLD_COLUMNS, spool=True),
            "member": RowSink(Membership, MEMBERSHIP_COLUMNS, spool=True),
        }
        generator = _Generator(random_seed=random_seed, reference=reference, sinks=sinks, ids=ids)
        for grid, n_people, n_houses in zip(grids, people, houses, strict=True):
            generator.grid(grid, n_people, n_houses)
        for key in ("person", "house", "household", "member"):
            sinks[key].finish()
    _sequences_reset(*tables)
    counts = generator.counts
    audit_append(
        action=Action.BULK,
        object_type=Person._meta.label_lower,
        object_repr="合成人房数据",
        detail=(
            f"生成合成数据：人员{counts.people}、房屋{counts.houses}、户{counts.households}、户成员{counts.members}"
            f"（规模{scale}，随机种子{random_seed}）"
        ),
    )
    return counts


# --- single people (benchmark files, top-ups) -----------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    id_number: str
    name: str
    initials: str
    gender: str
    birth_date: date
    ethnicity: str
    phone: str
    grid: GridInfo


def people_stream(
    count: int,
    *,
    random_seed: int,
    sequences: tuple[int, int],
    grids: list[GridInfo] | None = None,
    reference: date = date(2020, 11, 1),
) -> Iterator[PersonRow]:
    """``count`` people drawn one by one from the pyramid, in grids weighted like the seed; IDs use the
    given sequence block, so they never collide with the seed's."""
    rng = random.Random(random_seed)
    maker = PersonMaker(rng, reference=reference, sequences=sequences)
    grids = grids if grids is not None else grids_load()
    weights = [URBAN_GRID_WEIGHT if g.kind == "urban" else 1.0 for g in grids]
    cum, total = [], 0.0
    for weight in weights:
        total += weight
        cum.append(total)
    for _ in range(count):
        grid = rng.choices(grids, cum_weights=cum)[0]
        male = rng.random() < 0.51
        age = maker.age_from_pyramid()
        birth = maker.birth_ord(age)
        prefix = maker.local_prefix(date.fromordinal(birth), grid.district_code)
        number, born = maker.id_number(prefix, birth, male)
        name = maker.name(maker.surname(), male)
        yield PersonRow(
            number,
            name,
            maker.initials(name),
            "M" if male else "F",
            born,
            maker.ethnicity(),
            maker.phone(),
            grid,
        )


def people_top_up(*, target: int, random_seed: int = 2021) -> int:
    """Make sure at least ``target`` people exist (the look-up benchmark needs 2.4 M): add the missing
    ones, each in a grid and without a house. Their IDs use sequence numbers 801–900, which the seed and
    the benchmark never use; a real person with such a number would make the COPY fail as a whole (a
    unique violation, nothing written). Returns how many were added."""
    missing = target - Person.objects.count()
    if missing <= 0:
        return 0
    with transaction.atomic():
        ids = _next_ids(Person)
        grids = grids_load()  # before the COPY opens: the connection then runs nothing else
        empty = ids[Person] == 1 and connection.vendor == "postgresql"
        with bulk_load_mode((Person,), enabled=empty):
            _people_copy(missing, first_id=ids[Person], random_seed=random_seed, grids=grids)
        _sequences_reset(Person)
        audit_append(
            action=Action.BULK,
            object_type=Person._meta.label_lower,
            object_repr="合成人员（补足）",
            detail=f"补足合成人员{missing}名（目标{target}）",
        )
    return missing


def _people_copy(count: int, *, first_id: int, random_seed: int, grids: list[GridInfo]) -> None:
    sink = RowSink(Person, PERSON_COLUMNS, spool=False)
    stream = people_stream(count, random_seed=random_seed, sequences=TOP_UP_SEQUENCES, grids=grids)
    for i, row in enumerate(stream):
        g = row.grid
        sink.add(
            (first_id + i, row.id_number, id_reversed(row.id_number), row.name, row.initials, row.gender,
             row.birth_date, row.ethnicity, row.phone, g.community_id, "", None, g.id, "", None, Person.Status.NORMAL)
        )  # fmt: skip
    sink.finish()
