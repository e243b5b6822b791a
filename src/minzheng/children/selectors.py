"""Reads of child welfare, always through the user's data scope (``visible_to`` / ``access_scoped``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from minzheng.children.casetypes import SUPPORT_OPEN
from minzheng.children.models import InfantIntake, Outreach, Support, Visit, WelfareHome, Worker
from minzheng.core.models import User
from minzheng.core.scope import access_scoped
from minzheng.registry.models import Person


def support_list(*, user: User, state: str = "", kind: str = "", q: str = "") -> QuerySet[Support]:
    qs = Support.objects.visible_to(user).select_related("child", "case", "region", "enrollment", "home")
    if state == "open":
        qs = qs.filter(case__state__in=SUPPORT_OPEN)
    elif state == "paying":
        qs = qs.filter(case__state="approved", ended_on__isnull=True)
    elif state == "ended":
        qs = qs.filter(ended_on__isnull=False)
    elif state:
        qs = qs.filter(case__state=state)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(child__name__startswith=q.strip())
    return qs.order_by("-id")


def support_get(*, user: User, pk: int) -> Support:
    qs = Support.objects.select_related("child", "case", "region", "enrollment", "home")
    return access_scoped(user, qs, pk, label="儿童保障")


def worker_list(*, user: User, current_only: bool = True) -> QuerySet[Worker]:
    qs = Worker.objects.visible_to(user).select_related("person", "region")
    return qs.filter(left_on__isnull=True) if current_only else qs


def worker_get(*, user: User, pk: Any) -> Worker:
    return access_scoped(user, Worker.objects.select_related("person", "region"), pk, label="儿童主任/督导员")


def visit_list(*, user: User, risk: str = "") -> QuerySet[Visit]:
    qs = Visit.objects.visible_to(user).select_related("child", "worker__person", "region", "case")
    return qs.filter(risk=risk) if risk else qs


def visit_get(*, user: User, pk: int) -> Visit:
    qs = Visit.objects.select_related("child", "worker__person", "worker__region", "region", "case")
    return access_scoped(user, qs, pk, label="走访记录")


def intake_list(*, user: User) -> QuerySet[InfantIntake]:
    return InfantIntake.objects.visible_to(user).select_related("home")


def home_list(*, user: User) -> QuerySet[WelfareHome]:
    """The institutions a child may live in (集中养育): every active one — the city's welfare home serves every
    district."""
    return WelfareHome.objects.filter(active=True).order_by("id")


def intake_homes(*, user: User) -> QuerySet[WelfareHome]:
    """The institutions whose intake the user records: those within their area."""
    return WelfareHome.objects.visible_to(user).filter(active=True).order_by("id")


def home_get(*, user: User, pk: Any) -> WelfareHome:
    return access_scoped(user, WelfareHome.objects.all(), pk, label="儿童福利机构")


def outreach_list(*, user: User) -> QuerySet[Outreach]:
    return Outreach.objects.visible_to(user).select_related("region")


def person_get(*, user: User, pk: Any) -> Person:
    return access_scoped(user, Person.objects.select_related("region"), pk, label="人员")
