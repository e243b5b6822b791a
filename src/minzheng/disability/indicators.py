"""Indicators of the two disability subsidies (the seed's section (六): "残疾人两项补贴累计发放资金3582.2万元，惠及
18.89万人次"), computed from the ledger's payment lines of the two programs — money paid (lines of approved
runs the bank has not returned, ``benefits.indicators``), and 人次 = one per person and month paid."""

from __future__ import annotations

from datetime import date

from minzheng.benefits.indicators import amount_paid, lines_paid
from minzheng.core.models import Region
from minzheng.disability.rules import CARE, LIVING


def subsidies_paid_fen(region: Region, start: date, end: date) -> int:
    """残疾人两项补贴发放金额（分）：生活补贴与护理补贴的已发放明细之和，按待遇所属月份计。"""
    return sum(amount_paid(program=code, region=region, start=start, end=end) for code in (LIVING, CARE))


def subsidies_person_times(region: Region, start: date, end: date) -> int:
    """残疾人两项补贴惠及人次：每人每月每项补贴的已发放明细计1人次。"""
    return sum(lines_paid(program=code, region=region, start=start, end=end) for code in (LIVING, CARE))


def living_paid_fen(region: Region, start: date, end: date) -> int:
    """困难残疾人生活补贴发放金额（分）。"""
    return amount_paid(program=LIVING, region=region, start=start, end=end)


def care_paid_fen(region: Region, start: date, end: date) -> int:
    """重度残疾人护理补贴发放金额（分）。"""
    return amount_paid(program=CARE, region=region, start=start, end=end)


INDICATORS = (
    ("disability.paid", "残疾人两项补贴发放金额", "元", subsidies_paid_fen, True),
    ("disability.person_times", "残疾人两项补贴惠及人次", "人次", subsidies_person_times, False),
    ("disability.living_paid", "困难残疾人生活补贴发放金额", "元", living_paid_fen, True),
    ("disability.care_paid", "重度残疾人护理补贴发放金额", "元", care_paid_fen, True),
)


def disability_indicators_register() -> None:
    from minzheng.reports.registry import indicator_register

    for code, name, unit, fn, money in INDICATORS:
        indicator_register(
            code=code, name=name, unit=unit, aggregation="sum", domain="disability", compute=fn, money=money,
            depends_on=("benefits.payment", "benefits.payrollrun"), description=(fn.__doc__ or "").strip(),
        )  # fmt: skip
