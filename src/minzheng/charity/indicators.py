"""Indicators of charity fundraising (the seed's section (五): "累计募集疫情防控物资折价3000多万元、善款240多万元"):
donations received in the period, by the day received, in the subtree of the region where the campaign was filed;
money and the valued goods apart."""

from __future__ import annotations

from datetime import date

from django.db.models import Sum
from django.db.models.functions import Coalesce

from minzheng.charity.models import Distribution, Donation, Kind
from minzheng.core.models import Region


def _received(kind: str, region: Region, start: date, end: date) -> int:
    return Donation.objects.filter(
        kind=kind, received_on__range=(start, end), campaign__region__path__startswith=region.path
    ).aggregate(s=Coalesce(Sum("amount_fen"), 0))["s"]


def donations_money_fen(region: Region, start: date, end: date) -> int:
    """慈善募捐善款（分）：期间内接收的资金捐赠之和，按募捐活动备案地区划统计。"""
    return _received(Kind.MONEY, region, start, end)


def donations_goods_fen(region: Region, start: date, end: date) -> int:
    """慈善募捐物资折价（分）：期间内接收的物资捐赠按数量×单价折价之和，按募捐活动备案地区划统计。"""
    return _received(Kind.GOODS, region, start, end)


def distributed_fen(region: Region, start: date, end: date) -> int:
    """慈善款物发放（分）：期间内发放的资金与物资折价之和，按受益地区划统计。"""
    return Distribution.objects.filter(
        distributed_on__range=(start, end), region__path__startswith=region.path
    ).aggregate(s=Coalesce(Sum("amount_fen"), 0))["s"]


INDICATORS = (
    ("charity.donations_money", "慈善募捐善款", donations_money_fen, ("charity.donation",)),
    ("charity.donations_goods", "慈善募捐物资折价", donations_goods_fen, ("charity.donation",)),
    ("charity.distributed", "慈善款物发放金额", distributed_fen, ("charity.distribution",)),
)


def charity_indicators_register() -> None:
    from minzheng.reports.registry import indicator_register

    for code, name, fn, tables in INDICATORS:
        indicator_register(
            code=code, name=name, unit="元", aggregation="sum", domain="charity", compute=fn, money=True,
            depends_on=(*tables, "charity.campaign"), description=(fn.__doc__ or "").strip(),
        )  # fmt: skip
