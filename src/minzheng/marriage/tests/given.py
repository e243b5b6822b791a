"""Given-state for the marriage tests: the offices, a registrar for three of them (秀英区, 美兰区 — who must see
nothing of 秀英's — and the city office), and registry people of a chosen sex and birth date."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.core.testing import CITY, DISTRICT, GRID_A, OTHER_DISTRICT, regions_ensure, user_make
from minzheng.marriage.models import Office
from minzheng.marriage.services import office_registrar_add, offices_ensure
from minzheng.registry.models import Person
from minzheng.registry.rules import id_reversed, name_initials

_seq = itertools.count(100)


@dataclass(frozen=True)
class Registry:
    xiuying: Office
    meilan: Office
    city: Office
    clerk: User  # 婚姻登记员 of 秀英区's office
    other_clerk: User  # 婚姻登记员 of 美兰区's office: must see nothing of 秀英's
    city_clerk: User  # 婚姻登记员 of the city office (涉外、港澳台)


def registry_offices() -> Registry:
    regions_ensure()
    offices = {o.code: o for o in offices_ensure()}
    clerk = user_make("hunyin_xy", Role.MARRIAGE_REGISTRAR, DISTRICT)
    other = user_make("hunyin_ml", Role.MARRIAGE_REGISTRAR, OTHER_DISTRICT)
    city_clerk = user_make("hunyin_city", Role.MARRIAGE_REGISTRAR, CITY)
    office_registrar_add(actor=None, office=offices[DISTRICT], user=clerk)
    office_registrar_add(actor=None, office=offices[OTHER_DISTRICT], user=other)
    office_registrar_add(actor=None, office=offices[CITY], user=city_clerk)
    return Registry(offices[DISTRICT], offices[OTHER_DISTRICT], offices[CITY], clerk, other, city_clerk)


def someone(name: str, *, sex: str, born: date, status: str = Person.Status.NORMAL) -> Person:
    seq = next(_seq)
    if (seq % 2 == 1) != (sex == "M"):
        seq = next(_seq)
    number = make_citizen_id(region_code="460105", birth_date=born, sequence=seq)
    return Person.objects.create(
        id_number=number, id_reversed=id_reversed(number), name=name, name_initials=name_initials(name),
        gender=sex, birth_date=born, region=Region.objects.get(code=GRID_A), status=status,
    )  # fmt: skip


def man(name: str = "王建国", born: date = date(1995, 6, 1)) -> Person:
    return someone(name, sex="M", born=born)


def woman(name: str = "李秀英", born: date = date(1997, 8, 1)) -> Person:
    return someone(name, sex="F", born=born)
