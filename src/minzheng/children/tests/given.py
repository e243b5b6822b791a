"""Given-state for child-welfare tests: registry people are created directly (derived fields by
``registry.rules``); everything of child welfare's own goes through its services."""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import count
from zoneinfo import ZoneInfo

from minzheng.benefits.models import Payment, PayrollRun
from minzheng.benefits.services import payroll_run_run_as_system
from minzheng.children import rules, seeding, services
from minzheng.children.models import Support
from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region
from minzheng.core.testing import GRID_A
from minzheng.registry.models import Person
from minzheng.registry.rules import id_reversed, name_initials

TZ = ZoneInfo("Asia/Shanghai")
_seq = count(1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


def person(*, name: str = "李小明", birth: date = date(2010, 5, 1), grid: str = GRID_A) -> Person:
    region = Region.objects.get(code=grid)
    seq = 2 * next(_seq) + 1
    number = make_citizen_id(region_code="460105", birth_date=birth, sequence=seq % 1000)
    while Person.objects.filter(id_number=number).exists():
        seq += 2
        number = make_citizen_id(region_code="460105", birth_date=birth, sequence=seq % 1000)
    return Person.objects.create(
        id_number=number, id_reversed=id_reversed(number), name=name, name_initials=name_initials(name),
        gender="M", birth_date=birth, region=region, hukou_region=region.parent,
    )  # fmt: skip


def standards(year: int = 2020) -> None:
    """集中养育 1,300 → 1,450, 散居 and de facto 900 → 1,050 元 from 1 January of ``year`` (the seed's figures)."""
    seeding.standards_load(year)


def applied(personas, child: Person, *, kind: str = rules.Kind.ORPHAN, placement: str = rules.Placement.DISPERSED,
            on: date = date(2019, 11, 1), father: str = rules.ParentSituation.DECEASED,
            mother: str = rules.ParentSituation.DECEASED, mother_months: int = 0, **extra) -> Support:  # fmt: skip
    home = None
    if placement == rules.Placement.INSTITUTION:
        home = services.welfare_home_ensure(
            name="海口市社会福利院", region=Region.objects.get(parent__isnull=True)
        )
    return services.support_apply(
        actor=personas.town, child=child, kind=kind, placement=placement, home=home, father_situation=father,
        mother_situation=mother, mother_months=mother_months, applicant_name="李奶奶", applicant_relation="祖母",
        applied_on=on, at=at(on, 9), **extra,
    )  # fmt: skip


def approved(personas, child: Person, *, decided: date = date(2019, 12, 10), **kw) -> Support:
    support = applied(personas, child, on=kw.pop("on", date(decided.year, decided.month, 1)), **kw)
    services.support_move(
        actor=personas.town, support=support, action="accept", at=at(support.applied_on, 11)
    )
    services.support_move(
        actor=personas.town, support=support, action="report", at=at(support.applied_on, 15)
    )
    return services.support_move(actor=personas.district, support=support, action="approve", at=at(decided))


def pay(program: str, month: date) -> list[Payment]:
    run = payroll_run_run_as_system(program=program, month=month)
    return list(Payment.objects.filter(run=run).order_by("id"))


def close(program: str, month: date) -> PayrollRun:
    from minzheng.benefits.seeding import _close_as_history

    run = payroll_run_run_as_system(program=program, month=month)
    _close_as_history(run)
    run.refresh_from_db()
    return run
