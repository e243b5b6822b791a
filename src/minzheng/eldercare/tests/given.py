"""Given-state for eldercare tests. People and benefits enrollments of other apps are created directly
(derived fields filled by ``registry.rules``) so these tests do not depend on those apps' services;
everything of eldercare's own goes through its services."""

from __future__ import annotations

from datetime import date
from itertools import count

from minzheng.benefits.models import Enrollment, Program
from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.core.testing import GRID_A, GRID_B, user_make
from minzheng.eldercare import services
from minzheng.eldercare.models import Institution, InstitutionKind, Ownership
from minzheng.registry.models import Person
from minzheng.registry.rules import id_reversed, name_initials

_seq = count(1)
OTHER_GRID = "460108001001001"  # 美兰区 海府街道: other_district's side of the city


def person(
    *,
    name: str = "王秀英",
    birth: date = date(1940, 5, 1),
    grid: str = GRID_A,
    local: bool = True,
    gender_seq: int | None = None,
) -> Person:
    """A person in the registry living in ``grid`` (hukou in Haikou unless ``local=False``)."""
    region = Region.objects.get(code=grid)
    seq = gender_seq if gender_seq is not None else 2 * next(_seq)
    number = make_citizen_id(region_code="460105", birth_date=birth, sequence=seq % 1000)
    while Person.objects.filter(id_number=number).exists():
        seq += 2
        number = make_citizen_id(region_code="460105", birth_date=birth, sequence=seq % 1000)
    return Person.objects.create(
        id_number=number,
        id_reversed=id_reversed(number),
        name=name,
        name_initials=name_initials(name),
        gender="M" if seq % 2 else "F",
        birth_date=birth,
        region=region,
        hukou_region=region.parent if local else None,
        hukou_address="" if local else "广东省湛江市",
    )


def people_in_every_district(*, elderly: int = 12, working: int = 3) -> list[Region]:
    """In the first grid of each district: ``elderly`` people born 1930… with a Haikou hukou and ``working``
    working-age ones (born 1980…), the population the seed step draws on. Returns the districts."""
    districts = list(Region.objects.filter(level=Region.Level.DISTRICT).order_by("code"))
    for district in districts:
        grid = (
            Region.objects.filter(level=Region.Level.GRID, path__startswith=district.path)
            .order_by("code")
            .first()
        )
        for i in range(elderly):
            person(name=f"老人{i}", birth=date(1930 + i, 3, 1), grid=grid.code)
        for i in range(working):
            person(name=f"员工{i}", birth=date(1980 + i, 3, 1), grid=grid.code)
    return districts


def enrollment(who: Person, *, program: str, start: date, end: date | None = None) -> Enrollment:
    """A benefits enrollment (特困/低保) of the ledger, created directly as another app's record."""
    return Enrollment.objects.create(
        program=Program.objects.get(code=program),
        person=who,
        region=who.region,
        start_month=start.replace(day=1),
        end_month=end.replace(day=1) if end else None,
    )


def hotline(username: str = "rexian") -> User:
    return user_make(username, Role.HOTLINE_OPERATOR, "460100")


def provider_user(username: str = "jigou", region: str = "460105") -> User:
    return user_make(username, Role.INSTITUTION_OPERATOR, region)


def institution(
    actor: User,
    *,
    kind: str = InstitutionKind.CANTEEN,
    name: str | None = None,
    region: str = "460105001001",
    ownership: str = Ownership.PUBLIC_PRIVATE,
) -> Institution:
    return services.institution_create(
        actor=actor,
        name=name or f"{kind}-{next(_seq)}",
        kind=kind,
        ownership=ownership,
        region=Region.objects.get(code=region),
    )


def provider(
    actor: User, operator: User, *, region: str = "460105", name: str = "颐康居家养老服务中心"
) -> Institution:
    inst = institution(actor, kind=InstitutionKind.HOME_CARE, name=name, region=region)
    services.institution_operator_attach(actor=actor, institution=inst, user=operator)
    return inst


__all__ = ["GRID_A", "GRID_B", "OTHER_GRID"]
