"""Given-state for the disability tests: registry people and households (assistance's test helpers), the demo
standards of the two subsidies, and applications taken through the real services and case moves."""

from __future__ import annotations

from datetime import date

from minzheng.assistance.tests.given import at, family, person  # noqa: F401  (re-exported)
from minzheng.benefits.services import enrollment_create
from minzheng.casework.services import case_transition
from minzheng.disability.models import Application
from minzheng.disability.seeding import standards_demo_load
from minzheng.disability.services import application_create, certificate_register


def standards() -> None:
    """Demo standards from 2016-01-01: 生活补贴 150 元; 护理补贴 一级 220 元, 二级 180 元 (演示数据)."""
    standards_demo_load()


def certified(who, *, kind: int = 4, grade: int = 1, issued: date = date(2019, 6, 1)):  # noqa: ANN001, ANN201
    return certificate_register(actor=None, person=who, kind=kind, grade=grade, issued_on=issued)


def dibao(household, *, start: date = date(2020, 1, 1), program: str = "dibao_urban"):  # noqa: ANN001, ANN201
    """The household on 低保 from ``start`` (the ledger's enrollment, as social assistance's decision makes it)."""
    return enrollment_create(
        actor=None, program=program, person=household.head, household=household, region=household.head.region,
        start_month=start, amount_fen=50000, members_count=household.memberships.count(),
    )  # fmt: skip


def approved(personas, who, subsidy: str, *, day: date = date(2020, 3, 2)) -> Application:  # noqa: ANN001
    app = application_create(actor=personas.town, person=who, subsidy=subsidy, at=at(day, 9))
    case_transition(actor=personas.town, case=app.case, action="accept", at=at(day, 11))
    case_transition(actor=personas.district, case=app.case, action="approve", at=at(day, 15))
    app.refresh_from_db()
    return app
