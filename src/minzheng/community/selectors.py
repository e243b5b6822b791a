"""Reads of community governance, always scoped to the user's region (``visible_to``/``access_scoped``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from minzheng.community import rules
from minzheng.community.models import (
    CertificateItem,
    Election,
    IssuedCertificate,
    Posting,
    Project,
    PublicitySetting,
    Refusal,
)
from minzheng.core.models import Region, User
from minzheng.core.scope import access_scoped, scope_queryset


def project_list(*, user: User, kind: str = "", status: str = "") -> QuerySet[Project]:
    qs = Project.objects.visible_to(user).select_related("region")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs


def project_get(*, user: User, pk: Any) -> Project:
    return access_scoped(user, Project.objects.select_related("region"), pk, label="项目")


def communities_visible(*, user: User) -> QuerySet[Region]:
    """The villages and communities in the user's subtree."""
    return scope_queryset(Region.objects.filter(level=Region.Level.COMMUNITY), user).order_by("code")


def items_list(*, user: User) -> QuerySet[CertificateItem]:
    """The lines of every list the user sees: those of the regions above them and of their own subtree."""
    region = user.region
    if region is None:
        return CertificateItem.objects.none()
    codes = [c for c in region.path.split("/") if c]
    return (
        CertificateItem.objects.filter(Q(region__code__in=codes) | Q(region__path__startswith=region.path))
        .select_related("region")
        .order_by("region__depth", "-allowed", "name")
    )


def item_get(*, pk: Any) -> CertificateItem:
    """Any line may be read (lists are public); the service checks it applies to the committee."""
    return CertificateItem.objects.select_related("region").get(pk=pk)


def certificate_list(*, user: User, q: str = "") -> QuerySet[IssuedCertificate]:
    qs = IssuedCertificate.objects.visible_to(user).select_related("region", "item", "person")
    if q:
        qs = (
            qs.filter(number__contains=q)
            if any(ch.isdigit() for ch in q)
            else qs.filter(person__name__startswith=q)
        )
    return qs


def certificate_get(*, user: User, pk: Any) -> IssuedCertificate:
    return access_scoped(
        user, IssuedCertificate.objects.select_related("region", "item", "person"), pk, label="证明"
    )


def certificate_by_code(*, code: str) -> IssuedCertificate | None:
    """The public verification: a certificate found by its code (no login, no scope: the code is the secret)."""
    if not code or len(code) > 24:
        return None
    return (
        IssuedCertificate.objects.select_related("region", "item", "person").filter(verify_code=code).first()
    )


def refusal_list(*, user: User) -> QuerySet[Refusal]:
    return Refusal.objects.visible_to(user).select_related("region", "person", "item")


def posting_list(*, user: User, category: str = "", region_id: str = "") -> QuerySet[Posting]:
    qs = Posting.objects.visible_to(user).select_related("region").prefetch_related("photos")
    if category:
        qs = qs.filter(category=category)
    if region_id:
        qs = qs.filter(region_id=region_id)
    return qs


def posting_get(*, user: User, pk: Any) -> Posting:
    return access_scoped(user, Posting.objects.select_related("region"), pk, label="公开记录")


@dataclass(frozen=True)
class Overdue:
    region: Region
    category: str
    period: rules.Period
    days: int

    @property
    def category_label(self) -> str:
        return rules.CATEGORY_LABELS[self.category]


def postings_overdue(*, user: User, since: date, today: date) -> list[Overdue]:
    """Per village and community of the user's subtree, each period since ``since`` whose deadline has passed
    without a posting of the category (《村民委员会组织法》第三十条: each category at its frequency). Three queries."""
    communities = list(communities_visible(user=user))
    posted = set(
        Posting.objects.visible_to(user)
        .filter(period_end__gte=since)
        .values_list("region_id", "category", "period_start")
    )
    monthly = set(
        scope_queryset(PublicitySetting.objects.filter(finance_monthly=True), user).values_list(
            "region_id", flat=True
        )
    )
    found = []
    for region in communities:
        for category in rules.CATEGORY_LABELS:
            frequency = rules.posting_frequency(category, finance_monthly=region.pk in monthly)
            for period in rules.periods_due(frequency=frequency, start=since, today=today):
                if (region.pk, category, period.start) not in posted:
                    found.append(Overdue(region, category, period, (today - period.due).days))
    return found


def election_list(*, user: User) -> QuerySet[Election]:
    return Election.objects.visible_to(user).select_related("region")


def election_get(*, user: User, pk: Any) -> Election:
    return access_scoped(user, Election.objects.select_related("region", "filed_by"), pk, label="选举")
