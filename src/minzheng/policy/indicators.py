"""Indicators of the policy library (the seed's section (二): "出台5项政策文件")."""

from __future__ import annotations

from datetime import date

from minzheng.core.models import Region
from minzheng.policy.models import Document


def _issued(region: Region, start: date, end: date, topic: str = "") -> int:
    qs = Document.objects.filter(issued_on__range=(start, end))
    if topic:
        qs = qs.filter(topic=topic)
    if region.parent_id is not None:
        qs = qs.filter(region__path__startswith=region.path)
    return qs.count()


def documents_issued(region: Region, start: date, end: date) -> int:
    """出台政策文件：期间内印发、发文机关在本区划内的政策文件数（全部业务领域）。"""
    return _issued(region, start, end)


def assistance_documents_issued(region: Region, start: date, end: date) -> int:
    """出台社会救助政策文件：期间内印发、业务领域为社会救助的政策文件数。"""
    return _issued(region, start, end, Document.Topic.ASSISTANCE)


def policy_indicators_register() -> None:
    from minzheng.reports.registry import indicator_register

    for code, name, fn in (
        ("policy.documents_issued", "出台政策文件", documents_issued),
        ("policy.assistance_documents_issued", "出台社会救助政策文件", assistance_documents_issued),
    ):
        indicator_register(
            code=code, name=name, unit="项", aggregation="sum", domain="policy", compute=fn,
            depends_on=("policy.document",), description=(fn.__doc__ or "").strip(),
        )  # fmt: skip
