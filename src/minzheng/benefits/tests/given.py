"""Given-state for the ledger's tests. People and households are another app's records: they are made
here by direct ORM creation with the registry's derivations (so these tests don't wait on the registry's
services); everything of the ledger itself is reached through its real services."""

from __future__ import annotations

from datetime import date
from itertools import count

from django.db import connection

from minzheng.benefits import services
from minzheng.benefits.models import Enrollment, PayrollRun
from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.core.testing import GRID_A, GRID_B, user_make
from minzheng.registry.models import Person
from minzheng.registry.rules import id_reversed, name_initials

_sequence = count(101)
OTHER_DISTRICT_GRID_PREFIX = "460108"


def person(*, name: str = "王小明", grid: str = GRID_A, birth: date = date(1960, 5, 1)) -> Person:
    seq = next(_sequence) % 999 or 1
    number = make_citizen_id(region_code="460105", birth_date=birth, sequence=seq)
    while Person.objects.filter(id_number=number).exists():
        seq = next(_sequence) % 999 or 1
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


def grid_in_other_district() -> str:
    return (
        Region.objects.filter(level="grid", code__startswith=OTHER_DISTRICT_GRID_PREFIX)
        .order_by("code")[0]
        .code
    )


def enrolled(
    *,
    program: str = "dibao_urban",
    start: date = date(2021, 1, 1),
    amount_fen: int = 61_000,
    name: str = "王小明",
    grid: str = GRID_A,
    members: int = 1,
    account: str = "6228480000000000001",
    actor: User | None = None,
) -> Enrollment:
    who = person(name=name, grid=grid)
    return services.enrollment_create(
        actor=actor,
        program=program,
        person=who,
        region=who.region,
        start_month=start,
        amount_fen=amount_fen,
        members_count=members,
        bank_name="中国农业银行海口分行",
        bank_account=account,
    )


def second_city_manager() -> User:
    """Another 市局 manager (the approver of runs ``personas.city`` made)."""
    return User.objects.filter(username="city2").first() or user_make("city2", Role.CITY_MANAGER, "460100")


def through_review(run: PayrollRun, reviewers: list[User]) -> PayrollRun:
    for reviewer in reviewers:
        services.payroll_run_review(actor=reviewer, run=run)
    run.refresh_from_db()
    return run


def sql_total(sql: str, params: list) -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        lines, amount = cursor.fetchone()
    return int(lines), int(amount or 0)


__all__ = ["GRID_A", "GRID_B"]


def program_id(code: str) -> int:
    from minzheng.benefits.programs import program_get

    return program_get(code).pk
