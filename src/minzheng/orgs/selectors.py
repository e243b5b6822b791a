"""Reads of social organisations and social work, always scoped to the user's region (``visible_to`` /
``access_scoped``), and the lists the authority works from (overdue annual reports, the abnormal list)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from minzheng.core.models import Region, User
from minzheng.core.scope import access_scoped
from minzheng.orgs import rules
from minzheng.orgs.models import (
    AnnualReport,
    Application,
    Filing,
    Listing,
    Organisation,
    Project,
    Station,
    Training,
    Worker,
)

ACTIVE = [Organisation.Status.ACTIVE, Organisation.Status.SUSPENDED]


def organisation_list(*, user: User, kind: str = "", status: str = "", q: str = "") -> QuerySet[Organisation]:
    qs = Organisation.objects.visible_to(user).select_related("authority", "region")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(uscc__startswith=q.upper()))
    return qs.order_by("-id")


def organisation_get(*, user: User, pk: Any) -> Organisation:
    return access_scoped(
        user, Organisation.objects.select_related("authority", "region", "legal_rep"), pk, label="社会组织"
    )


def application_list(*, user: User, purpose: str = "", state: str = "") -> QuerySet[Application]:
    qs = Application.objects.visible_to(user).select_related("case", "authority", "region")
    if purpose:
        qs = qs.filter(purpose=purpose)
    if state:
        qs = qs.filter(case__state=state)
    return qs.order_by("-id")


def application_get(*, user: User, pk: Any) -> Application:
    return access_scoped(
        user, Application.objects.select_related("case", "authority", "region", "organisation", "legal_rep"), pk,
        label="登记申请",
    )  # fmt: skip


def overdue_reports(*, year: int, on: date, authority: Region | None = None) -> QuerySet[Organisation]:
    """Organisations (正常 or 限期停止活动, registered by the end of ``year``) whose report on ``year`` had not
    been received by its due day and is still missing on ``on`` (``rules.annual_report_due``)."""
    due_foundation = rules.annual_report_due(rules.FOUNDATION, year)
    due_other = rules.annual_report_due(rules.ASSOCIATION, year)
    qs = Organisation.objects.filter(status__in=ACTIVE, registered_on__lte=date(year, 12, 31)).exclude(
        pk__in=AnnualReport.objects.filter(year=year).values("organisation_id")
    )
    due = Q()
    if due_foundation < on:
        due |= Q(kind=rules.FOUNDATION)
    if due_other < on:
        due |= ~Q(kind=rules.FOUNDATION)
    if not due:
        return qs.none()
    qs = qs.filter(due)
    if authority is not None:
        qs = qs.filter(authority=authority)
    return qs


def overdue_list(
    *, user: User, year: int, on: date, authority: Region | None = None
) -> QuerySet[Organisation]:
    return (
        overdue_reports(year=year, on=on, authority=authority)
        .filter(pk__in=Organisation.objects.visible_to(user).values("pk"))
        .select_related("authority", "region")
        .order_by("authority__code", "name")
    )


def listing_list(*, user: User, current: bool = True) -> QuerySet[Listing]:
    qs = Listing.objects.visible_to(user).select_related("organisation", "organisation__authority")
    if current:
        qs = qs.filter(removed_on__isnull=True)
    return qs.order_by("-listed_on", "-id")


def listing_get(*, user: User, pk: Any) -> Listing:
    return access_scoped(user, Listing.objects.select_related("organisation"), pk, label="活动异常名录")


def filing_list(*, user: User) -> QuerySet[Filing]:
    return Filing.objects.visible_to(user).select_related("town", "community").order_by("-filed_on", "-id")


def filing_get(*, user: User, pk: Any) -> Filing:
    return access_scoped(user, Filing.objects.select_related("town"), pk, label="社区社会组织备案")


def worker_list(*, user: User, level: str = "") -> QuerySet[Worker]:
    qs = Worker.objects.visible_to(user).select_related("person", "station", "employer", "region")
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("-id")


def station_list(*, user: User) -> QuerySet[Station]:
    return Station.objects.visible_to(user).select_related("town", "operator").order_by("town__code")


def training_list(*, user: User) -> QuerySet[Training]:
    return Training.objects.visible_to(user).order_by("-held_on", "-id")


def project_list(*, user: User, year: int | None = None) -> QuerySet[Project]:
    qs = Project.objects.visible_to(user).select_related("provider", "region")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-id")


def project_get(*, user: User, pk: Any) -> Project:
    return access_scoped(user, Project.objects.select_related("provider", "region"), pk, label="购买服务项目")
