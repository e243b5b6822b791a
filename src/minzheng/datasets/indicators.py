"""Indicators over the aggregate data sets: the sum of *approved* values of one data element over a region's subtree
and the periods that start within the indicator's period — reported totals, not records. A value the level above
has not approved (not reported yet, waiting, returned, unapproved) is not counted: only approved figures are
published, as DHIS2 publishes approved data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Sum

from minzheng.core.models import Region
from minzheng.datasets.models import Approval, DataValue
from minzheng.datasets.standard import STANDARD


def element_total(code: str, region: Region, start: date, end: date) -> int:
    """Sum of the approved values of the element ``code`` reported by units in ``region``'s subtree for the periods
    starting between ``start`` and ``end`` (both inclusive). One query."""
    approved = Approval.objects.filter(
        data_set=OuterRef("data_set"), region=OuterRef("region"), period=OuterRef("period"),
        state=Approval.State.APPROVED,
    )  # fmt: skip
    total = (
        DataValue.objects.filter(
            element__code=code, region__path__startswith=region.path, period__gte=start, period__lte=end
        )
        .filter(Exists(approved))
        .aggregate(total=Sum("value"))["total"]
    )
    return int((total or Decimal(0)).to_integral_value())


def _compute(code: str) -> Callable[[Region, date, date], int]:
    def compute(region: Region, start: date, end: date) -> int:
        return element_total(code, region, start, end)

    compute.__qualname__ = f"element_total[{code}]"
    return compute


def datasets_indicators_register() -> None:
    from minzheng.reports.registry import indicator_register

    for spec in STANDARD:
        for item in spec.elements:
            indicator_register(
                code=f"datasets.{item.code}", name=item.name, unit=item.unit, aggregation="sum", domain="datasets",
                compute=_compute(item.code), depends_on=("datasets.datavalue", "datasets.approval"),
                description=(
                    f"汇总数据（报表“{spec.title}”中各填报单位上报的合计数，不是逐条记录）：{item.description}。"
                    "只计上级审核通过的数值；报告期起始日在统计期间内的计入。"
                ),
            )  # fmt: skip
