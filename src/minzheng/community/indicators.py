"""Indicators of community governance (the seed's section (三) 基层治理: "建成……等3个大社区综合服务中心",
"完成……两个示范点项目设施升级改造"), computed from the project library and the certificates' ledger."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from minzheng.community.models import Election, IssuedCertificate, Project, Refusal
from minzheng.core.models import Region


def in_subtree(qs: QuerySet, field: str, region: Region) -> QuerySet:
    """Rows whose ``field`` (a FK to Region) lies in ``region``'s subtree (no filter at the root)."""
    if region.parent_id is None:
        return qs
    return qs.filter(**{f"{field}__path__startswith": region.path})


def _built(kind: str, region: Region, start: date, end: date) -> int:
    qs = Project.objects.filter(kind=kind, status=Project.Status.COMPLETED, completed_on__range=(start, end))
    return in_subtree(qs, "region", region).count()


def centres_built(region: Region, start: date, end: date) -> int:
    """建成的大社区综合服务中心：项目库中类型为综合服务中心、建成日期在期间内的项目数。"""
    return _built(Project.Kind.CENTRE, region, start, end)


def pilot_sites_built(region: Region, start: date, end: date) -> int:
    """完成设施升级改造的农村社区治理示范点：类型为示范点、建成日期在期间内的项目数。"""
    return _built(Project.Kind.PILOT, region, start, end)


def certificates_issued(region: Region, start: date, end: date) -> int:
    """村（社区）出具证明数：期间内出具且未作废的证明。"""
    qs = IssuedCertificate.objects.filter(issued_on__range=(start, end), revoked_on__isnull=True)
    return in_subtree(qs, "region", region).count()


def certificates_refused(region: Region, start: date, end: date) -> int:
    """不予出具证明次数：期间内登记的不予出具记录（清单外或清单列明不应出具的事项）。"""
    return in_subtree(Refusal.objects.filter(refused_on__range=(start, end)), "region", region).count()


def elections_filed(region: Region, start: date, end: date) -> int:
    """完成换届选举并备案的村（社区）：期间内备案的有效选举。"""
    qs = Election.objects.filter(status=Election.Status.FILED, filed_on__range=(start, end))
    return in_subtree(qs, "region", region).count()


INDICATORS = (
    ("community.centres_built", "建成大社区综合服务中心", "个", centres_built, ("community.project",)),
    (
        "community.pilot_sites_built",
        "完成示范点设施升级改造",
        "个",
        pilot_sites_built,
        ("community.project",),
    ),
    (
        "community.certificates_issued",
        "村（社区）出具证明",
        "件",
        certificates_issued,
        ("community.issuedcertificate",),
    ),
    ("community.certificates_refused", "不予出具证明", "次", certificates_refused, ("community.refusal",)),
    ("community.elections_filed", "换届选举完成备案", "个", elections_filed, ("community.election",)),
)


def community_indicators_register() -> None:
    from minzheng.reports.registry import indicator_register

    for code, name, unit, fn, tables in INDICATORS:
        indicator_register(
            code=code, name=name, unit=unit, aggregation="sum", domain="community", compute=fn,
            depends_on=tables, description=(fn.__doc__ or "").strip(),
        )  # fmt: skip
