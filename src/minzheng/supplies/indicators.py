"""Indicators of the materials ledger (the seed's section (一): "累计发放宣传资料123.77万份、口罩4.24万个" and "为因疫情
影响陷入生活困境的贫困群众发放生活和防疫物资折合资金42.16万元"): issues (发放, not 下拨 between the bureau's own
stocks) in the period, by the region of the stock they were issued from."""

from __future__ import annotations

from datetime import date

from django.db.models import Sum
from django.db.models.functions import Coalesce

from minzheng.core.models import Region
from minzheng.supplies.models import Item, Movement


def _issued(region: Region, start: date, end: date, field: str, **filters: object) -> int:
    return Movement.objects.filter(
        kind=Movement.Kind.ISSUE, day__range=(start, end), region__path__startswith=region.path, **filters
    ).aggregate(s=Coalesce(Sum(field), 0))["s"]


def leaflets_issued(region: Region, start: date, end: date) -> int:
    """发放宣传资料（份）：期间内“宣传资料”类物资的发放数量之和（不含下拨）。"""
    return _issued(region, start, end, "quantity", item__category=Item.Category.LEAFLET)


def masks_issued(region: Region, start: date, end: date) -> int:
    """发放口罩（个）：期间内“口罩”类物资的发放数量之和（不含下拨）。"""
    return _issued(region, start, end, "quantity", item__category=Item.Category.MASK)


def relief_issued_fen(region: Region, start: date, end: date) -> int:
    """向困难群众发放生活救助物资折合资金（分）：期间内“生活救助物资”类物资发放给个人的数量×单价之和。"""
    return _issued(
        region, start, end, "value_fen", item__category=Item.Category.RELIEF,
        recipient_kind=Movement.RecipientKind.PERSON,
    )  # fmt: skip


INDICATORS = (
    ("supplies.leaflets_issued", "发放宣传资料", "份", leaflets_issued, False),
    ("supplies.masks_issued", "发放口罩", "个", masks_issued, False),
    ("supplies.relief_issued", "发放生活救助物资折合资金", "元", relief_issued_fen, True),
)


def supplies_indicators_register() -> None:
    from minzheng.reports.registry import indicator_register

    for code, name, unit, fn, money in INDICATORS:
        indicator_register(
            code=code, name=name, unit=unit, aggregation="sum", domain="supplies", compute=fn, money=money,
            depends_on=("supplies.movement", "supplies.item"), description=(fn.__doc__ or "").strip(),
        )  # fmt: skip
