"""Reads of the two disability subsidies, always scoped to the user's region (``visible_to``/``access_scoped``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from minzheng.core.models import User
from minzheng.core.scope import access_scoped
from minzheng.disability.models import Application, Certificate


def application_list(*, user: User, subsidy: str = "", state: str = "") -> QuerySet[Application]:
    qs = Application.objects.visible_to(user).select_related("case", "person", "region", "certificate")
    if subsidy:
        qs = qs.filter(subsidy=subsidy)
    if state:
        qs = qs.filter(case__state=state)
    return qs.order_by("-id")


def application_get(*, user: User, pk: Any) -> Application:
    return access_scoped(
        user, Application.objects.select_related("case", "person", "region", "certificate", "enrollment"), pk,
        label="两项补贴申请",
    )  # fmt: skip


def certificate_list(*, user: User, q: str = "") -> QuerySet[Certificate]:
    qs = Certificate.objects.visible_to(user).select_related("person", "region")
    if q:
        qs = qs.filter(person__name__startswith=q) if not q.isdigit() else qs.filter(number__contains=q)
    return qs.order_by("-id")


def certificate_get(*, user: User, pk: Any) -> Certificate:
    return access_scoped(user, Certificate.objects.select_related("person", "region"), pk, label="残疾人证")


def person_certificates(*, person: Any) -> list[Certificate]:
    return list(Certificate.objects.filter(person=person).order_by("-id"))


def person_applications(*, user: User, person: Any) -> list[Application]:
    return list(
        Application.objects.visible_to(user).filter(person=person).select_related("case").order_by("-id")
    )
