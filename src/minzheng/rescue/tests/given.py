"""Given-state for the rescue tests: the station in 秀英区 with its staff (机构经办人), people in the registry
(assistance's helpers) and stays taken through the real services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from minzheng.assistance.tests.given import at, person  # noqa: F401  (re-exported)
from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.core.testing import DISTRICT, OTHER_DISTRICT, user_make
from minzheng.rescue.models import Intake, Station
from minzheng.rescue.services.intakes import intake_register, station_ensure

DAY = date(2020, 3, 2)


def station(code: str = DISTRICT, name: str = "海口市救助管理站") -> Station:
    return station_ensure(name=name, region=Region.objects.get(code=code), phone="12345")


def staff(username: str = "jiuzhu", code: str = DISTRICT) -> User:
    return user_make(username, Role.INSTITUTION_OPERATOR, code)


def other_staff() -> User:
    return staff("jiuzhu_meilan", OTHER_DISTRICT)


def registered(actor: User, where: Station, *, when: datetime | None = None, **kwargs: Any) -> Intake:
    """A stay registered and admitted: an identified adult by default (pass id_number/person), or the facts given."""
    fields: dict[str, Any] = {"source": "self", "reason": "务工不着，身无分文"}
    fields.update(kwargs)
    return intake_register(actor=actor, station=where, arrived_at=when or at(DAY, 9), **fields)


def unidentified(
    actor: User, where: Station, *, age: int = 50, when: datetime | None = None, **kwargs: Any
) -> Intake:
    fields: dict[str, Any] = {"description": "男，约170厘米，偏瘦，左眉有疤，操海南口音", "gender": "M", "age": age,
                              "source": "police", "voluntary": False, "impaired": True}  # fmt: skip
    fields.update(kwargs)
    return registered(actor, where, when=when, **fields)
