"""Given-state for the assistance tests: registry records made directly (another app's rows, derived fields
from ``registry.rules``), and applications taken through the real services."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from minzheng.assistance.models import Application
from minzheng.assistance.services import assessments as assessment_services
from minzheng.assistance.services.applications import application_create
from minzheng.casework.services import case_transition
from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.core.testing import user_make
from minzheng.registry.models import Household, Membership, Person, Relation
from minzheng.registry.rules import id_reversed, name_initials

TZ = ZoneInfo("Asia/Shanghai")
URBAN_COMMUNITY = "460105001001"  # 秀华社区 (秀英街道), the personas' community
RURAL_COMMUNITY = "460105001200"  # 向荣村 (秀英街道)
OTHER_COMMUNITY = "460108001001"  # 美兰区 海府街道
_seq = count(11)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def grid_of(community: str) -> Region:
    return Region.objects.filter(parent__code=community, level=Region.Level.GRID).order_by("code").first()


def person(
    name: str,
    *,
    birth: date = date(1980, 5, 1),
    hukou: str | None = URBAN_COMMUNITY,
    lives: str | None = None,
    permit_until: date | None = None,
    id_region: str = "460105",
) -> Person:
    number = make_citizen_id(region_code=id_region, birth_date=birth, sequence=next(_seq))
    where = grid_of(lives or hukou or URBAN_COMMUNITY)
    return Person.objects.create(
        id_number=number,
        id_reversed=id_reversed(number),
        name=name,
        name_initials=name_initials(name),
        gender="M" if int(number[16]) % 2 else "F",
        birth_date=birth,
        hukou_region=region(hukou) if hukou else None,
        region=where,
        residence_permit_no="HN-JZZ-001" if permit_until else "",
        residence_permit_until=permit_until,
    )


def household(
    head: Person, *others: tuple[Person, str], kind: str = "urban", hukou: str = URBAN_COMMUNITY
) -> Household:
    hh = Household.objects.create(
        number=f"HH{head.id_number[-8:]}",
        head=head,
        kind=kind,
        hukou_region=region(hukou),
        region=head.region,
    )
    Membership.objects.create(household=hh, person=head, relation=Relation.HEAD, start_date=date(2015, 1, 1))
    for member, relation in others:
        Membership.objects.create(household=hh, person=member, relation=relation, start_date=date(2015, 1, 1))
    return hh


def family(
    size: int = 4, *, kind: str = "urban", hukou: str = URBAN_COMMUNITY, surname: str = "张"
) -> Household:
    head = person(f"{surname}大", hukou=hukou)
    others = [
        (person(f"{surname}{n}", hukou=hukou, birth=date(2008, 1, 1)), Relation.CHILD)
        for n in "二三四五六"[: size - 1]
    ]
    return household(head, *others, kind=kind, hukou=hukou)


def town_user(code: str = "460105001", name: str = "town2") -> User:
    return user_make(name, Role.TOWN_CASEWORKER, code)


def apply(
    actor: User, applicant: Person, *, kind: str = "dibao", day: date = date(2020, 3, 2), **extra: object
) -> Application:
    return application_create(actor=actor, kind=kind, applicant=applicant, at=at(day, 9), **extra)


def income(
    actor: User, app: Application, monthly_fen: int, *, who: int = 0, income_type: str = "wage"
) -> None:
    members = list(app.assessment.members.order_by("-is_applicant", "id"))
    assessment_services.income_add(
        actor=actor, member=members[who], income_type=income_type, monthly_fen=monthly_fen
    )


def move(
    actor: User,
    app: Application,
    action: str,
    day: date,
    *,
    comment: str = "",
    hour: int = 10,
    **context: object,
):
    return case_transition(
        actor=actor, case=app.case, action=action, at=at(day, hour), comment=comment, **context
    )


def to_district(town: User, app: Application, *, day: date = date(2020, 3, 2)) -> date:
    """受理 → 调查 → 公示 → 公示期满: the application waits for the county. Returns the day it got there."""
    move(town, app, "accept", day)
    move(town, app, "submit", day + timedelta(days=3))
    move(town, app, "publish", day + timedelta(days=4))
    end = day + timedelta(days=12)
    move(town, app, "publicity_end", end)
    return end


def enrolled(town: User, district: User, app: Application, *, day: date = date(2020, 3, 2)) -> Application:
    end = to_district(town, app, day=day)
    move(district, app, "approve", end + timedelta(days=2))
    app.refresh_from_db()
    return app
