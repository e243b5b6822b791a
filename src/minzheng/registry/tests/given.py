"""Given-state for the registry's page, API and service tests: reached through the real services."""

from __future__ import annotations

from datetime import date

from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region, User
from minzheng.core.testing import GRID_A
from minzheng.registry import services
from minzheng.registry.models import House, Household, Person, Relation


def id_number(*, birth: date = date(1990, 1, 1), seq: int = 11, region_code: str = "460105") -> str:
    return make_citizen_id(region_code=region_code, birth_date=birth, sequence=seq)


def house(actor: User, *, code: str = "H-A-001", address: str = "秀华路1号", grid: str = GRID_A) -> House:
    return services.house_create(actor=actor, code=code, address=address, grid=Region.objects.get(code=grid))


def person(
    actor: User,
    *,
    name: str = "张三丰",
    birth: date = date(1990, 1, 1),
    seq: int = 11,
    grid: str = GRID_A,
    home: House | None = None,
    phone: str = "13812345678",
) -> Person:
    return services.person_create(
        actor=actor,
        id_number=id_number(birth=birth, seq=seq),
        name=name,
        phone=phone,
        residence_house=home,
        region=None if home else Region.objects.get(code=grid),
    )


def household(
    actor: User, *, number: str = "HH-A-001", head: Person | None = None, move: bool = False
) -> Household:
    return services.household_create(
        actor=actor,
        number=number,
        kind="urban",
        hukou_region=Region.objects.get(code="460105001001"),
        region=None if head else Region.objects.get(code=GRID_A),
        head=head,
        start_date=date(2020, 1, 1),
        move=move,
    )


def member(
    actor: User, hh: Household, who: Person, *, relation: str = Relation.SON, move: bool = False
) -> None:
    services.household_add_member(
        actor=actor, household=hh, person=who, relation=relation, start_date=date(2021, 1, 1), move=move
    )
