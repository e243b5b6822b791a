"""Given-state for the reports tests, reached through the registry's real services."""

from __future__ import annotations

from datetime import date

from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region, User
from minzheng.registry import services
from minzheng.registry.models import House, Person


def house(actor: User, *, code: str, grid: str) -> House:
    return services.house_create(
        actor=actor, code=code, address=f"{code}号", grid=Region.objects.get(code=grid)
    )


def person(actor: User, *, seq: int, home: House, birth: date = date(1950, 5, 1)) -> Person:
    return services.person_create(
        actor=actor,
        id_number=make_citizen_id(region_code="460105", birth_date=birth, sequence=seq),
        name="王小明",
        residence_house=home,
    )
