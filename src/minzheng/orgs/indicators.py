"""Indicators of social organisations and social work, each ``(region, start, end) -> int`` over the region's
subtree and the period (dates inclusive). The seed's section (七): "组织100名社会工作者参与社区治理能力培训" —
figure 55 ``social_workers_trained``, the distinct social workers who attended a training in the period."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from minzheng.core.models import Region
from minzheng.orgs.models import Attendance, Filing, Organisation, Project


def _subtree(qs: QuerySet, field: str, region: Region) -> QuerySet:
    if region.parent_id is None:
        return qs
    return qs.filter(**{f"{field}__path__startswith": region.path})


def workers_trained(region: Region, start: date, end: date) -> int:
    """参加培训的社会工作者人数：期内参加过社会工作者培训的人数（一人多次计1人），按社会工作者所属区划。"""
    qs = Attendance.objects.filter(training__held_on__gte=start, training__held_on__lte=end)
    return _subtree(qs, "worker__region", region).values("worker_id").distinct().count()


def organisations_registered(region: Region, start: date, end: date) -> int:
    """登记在册的社会组织数：期末处于正常或限期停止活动状态、期末前成立登记的社会组织，按住所所在地。"""
    qs = Organisation.objects.filter(registered_on__lte=end).exclude(
        status__in=[Organisation.Status.REVOKED, Organisation.Status.DEREGISTERED], status_on__lte=end
    )
    return _subtree(qs, "region", region).count()


def community_filings(region: Region, start: date, end: date) -> int:
    """备案的社区社会组织数：期末前备案且期末未撤销备案的社区社会组织。"""
    qs = Filing.objects.filter(filed_on__lte=end).exclude(cancelled_on__lte=end)
    return _subtree(qs, "region", region).count()


def projects_budget(region: Region, start: date, end: date) -> int:
    """政府购买社会工作服务项目预算（分）：期内开始的项目预算之和，按购买主体区划。"""
    qs = Project.objects.filter(start_on__gte=start, start_on__lte=end)
    return sum(_subtree(qs, "region", region).values_list("budget_fen", flat=True))


INDICATORS = (
    ("orgs.workers_trained", "参加培训的社会工作者", "名", workers_trained, False, "count",
     ("orgs.attendance", "orgs.training", "orgs.worker")),
    ("orgs.registered", "登记在册的社会组织", "个", organisations_registered, False, "snapshot",
     ("orgs.organisation",)),
    ("orgs.community_filings", "备案的社区社会组织", "个", community_filings, False, "snapshot", ("orgs.filing",)),
    ("orgs.projects_budget", "政府购买社会工作服务项目预算", "元", projects_budget, True, "sum", ("orgs.project",)),
)  # fmt: skip


def orgs_indicators_register() -> None:
    from minzheng.reports.registry import indicator_register

    for code, name, unit, fn, money, aggregation, depends_on in INDICATORS:
        indicator_register(
            code=code, name=name, unit=unit, aggregation=aggregation, domain="orgs", compute=fn, money=money,
            depends_on=depends_on, description=(fn.__doc__ or "").strip(),
        )  # fmt: skip
