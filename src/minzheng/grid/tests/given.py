"""Given-state for the grid tests: the classification, units with their accounts, rostered workers,
grids with boundaries, registry households and people (small direct factories for the registry's
records), and events carried along the flow by the real services."""

from __future__ import annotations

import struct
import zlib
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.core.testing import DISTRICT, GRID_A, user_make
from minzheng.grid import services
from minzheng.grid.categories import categories_load
from minzheng.grid.geo import rectangle
from minzheng.grid.models import Department, Event, EventCategory, GridAssignment, GridProfile, GridWorker
from minzheng.registry.models import Household, Person
from minzheng.registry.rules import id_reversed, name_initials

TZ = ZoneInfo("Asia/Shanghai")
# Grid A's generated box in the tests (any small rectangle inside Haikou).
BOX_A = {"min_lat": 20.00, "max_lat": 20.01, "min_long": 110.30, "max_long": 110.31}
BOX_B = {"min_lat": 20.01, "max_lat": 20.02, "min_long": 110.30, "max_long": 110.31}
POINT_A = (20.005, 110.305)


def at(text: str) -> datetime:
    """A moment in Haikou time: at("2026-03-06 16:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def category(code: str = "0102") -> EventCategory:
    categories_load()
    return EventCategory.objects.select_related("parent").get(code=code)


def profile(code: str = GRID_A, box: dict[str, float] | None = None) -> GridProfile:
    region = Region.objects.get(code=code)
    box = box or (BOX_A if code == GRID_A else BOX_B)
    profile, _ = GridProfile.objects.update_or_create(
        region=region, defaults={"grid_type": GridProfile.Type.URBAN, "boundary": rectangle(**box), **box}
    )
    return profile


def worker(user: User, grid_code: str | None = None) -> GridWorker:
    """Put ``user`` on the roster, responsible for ``grid_code`` (default: their own grid)."""
    rostered, _ = GridWorker.objects.get_or_create(user=user)
    GridAssignment.objects.get_or_create(
        grid=profile(grid_code or user.region.code), worker=rostered, defaults={"since": date(2020, 1, 1)}
    )
    return rostered


def operator(username: str = "chengguan", region: str = DISTRICT) -> User:
    return user_make(username, Role.INSTITUTION_OPERATOR, region)


def department(
    *, name: str = "秀英区综合行政执法局", function: str = Department.Function.SANITATION, region: str = DISTRICT,
    users: tuple[User, ...] = (),
) -> Department:  # fmt: skip
    unit = Department.objects.create(name=name, function=function, region=Region.objects.get(code=region))
    unit.users.set(users)
    return unit


def hotline(username: str = "rexian") -> User:
    return user_make(username, Role.HOTLINE_OPERATOR, "460100")


def event(actor: User, *, code: str = "0102", when: datetime | None = None, **kwargs: Any) -> Event:
    defaults = {
        "description": "路边有暴露垃圾",
        "grid": actor.region if actor.region.level == "grid" else None,
    }
    defaults.update(kwargs)
    if defaults["grid"] is None and "lat" not in kwargs and "address" not in kwargs:
        defaults["grid"] = Region.objects.get(code=GRID_A)
    return services.event_report(
        actor=actor, category=category(code), source=Event.Source.GRID_WORKER, at=when, **defaults
    )


def person(
    *, name: str = "王海", seq: int = 21, grid: str = GRID_A, birth: date = date(1980, 5, 1)
) -> Person:
    number = make_citizen_id(region_code="460105", birth_date=birth, sequence=seq)
    return Person.objects.create(
        id_number=number,
        id_reversed=id_reversed(number),
        name=name,
        name_initials=name_initials(name),
        gender="M" if seq % 2 else "F",
        birth_date=birth,
        region=Region.objects.get(code=grid),
    )


def household(number: str, *, grid: str = GRID_A) -> Household:
    region = Region.objects.get(code=grid)
    return Household.objects.create(
        number=number,
        kind="urban",
        hukou_region=region.parent,
        region=region,
        address=f"{region.name}{number}号",
    )


def png(width: int = 48, height: int = 32, rgb: tuple[int, int, int] = (200, 60, 40)) -> bytes:
    """A small solid-colour PNG, made here (no file in the repository)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
