"""Indicators of funeral work, the seed's section (六) figures 32–39: 清明 on-site visitors and vehicles (checked-in
bookings), online memorial visits, proxy sweepings done, booklets and banners, cremations and the 惠民殡葬 subsidy
paid (the ledger's paid lines of the program). Each ``compute(region, start, end)`` is one SQL statement over the
records of the region's subtree and the days of the period."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection

from minzheng.benefits.indicators import amount_paid
from minzheng.core.models import Region
from minzheng.funeral import rules
from minzheng.funeral.models import (
    Booking,
    Cemetery,
    Cremation,
    Memorial,
    MemorialVisitDay,
    Outreach,
    ProxyOrder,
    Slot,
)

REGION = Region._meta.db_table


def _scalar(sql: str, params: list[Any]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return int(row[0] or 0) if row else 0


def _checked_in(select: str, region: Region, start: date, end: date, extra: str = "") -> int:
    return _scalar(
        f"SELECT {select} FROM {Booking._meta.db_table} b JOIN {Slot._meta.db_table} s ON s.id = b.slot_id "
        f"JOIN {Cemetery._meta.db_table} c ON c.id = b.cemetery_id JOIN {REGION} r ON r.id = c.region_id "
        f"WHERE b.status = 'checked_in' AND s.day BETWEEN %s AND %s AND r.path LIKE %s {extra}",
        [start, end, f"{region.path}%"],
    )


def qingming_visitors(region: Region, start: date, end: date) -> int:
    """现场祭扫人次：入园核验的预约所登记的祭扫人数之和，按预约日期计。"""
    return _checked_in("COALESCE(SUM(b.visitors), 0)", region, start, end)


def qingming_vehicles(region: Region, start: date, end: date) -> int:
    """祭扫车辆台次：入园核验且登记了车牌的预约数，按预约日期计。"""
    return _checked_in("COUNT(*)", region, start, end, "AND b.plate <> ''")


def online_memorial_visits(region: Region, start: date, end: date) -> int:
    """网上祭祀人次：各网上纪念馆每日访问人次之和。"""
    return _scalar(
        f"SELECT COALESCE(SUM(v.visits), 0) FROM {MemorialVisitDay._meta.db_table} v "
        f"JOIN {Memorial._meta.db_table} m ON m.id = v.memorial_id JOIN {REGION} r ON r.id = m.region_id "
        f"WHERE v.day BETWEEN %s AND %s AND r.path LIKE %s",
        [start, end, f"{region.path}%"],
    )


def proxy_sweepings(region: Region, start: date, end: date) -> int:
    """代理祭扫人次：已完成（照片已回传）的代祭扫委托数，按祭扫日期计。"""
    return _scalar(
        f"SELECT COUNT(*) FROM {ProxyOrder._meta.db_table} o JOIN {Cemetery._meta.db_table} c ON c.id = o.cemetery_id "
        f"JOIN {REGION} r ON r.id = c.region_id WHERE o.status = 'done' AND o.day BETWEEN %s AND %s AND r.path LIKE %s",
        [start, end, f"{region.path}%"],
    )


def _outreach(column: str, region: Region, start: date, end: date) -> int:
    return _scalar(
        f"SELECT COALESCE(SUM(o.{column}), 0) FROM {Outreach._meta.db_table} o JOIN {REGION} r ON r.id = o.region_id "
        f"WHERE o.day BETWEEN %s AND %s AND r.path LIKE %s",
        [start, end, f"{region.path}%"],
    )


def booklets(region: Region, start: date, end: date) -> int:
    """殡葬改革宣传册发放本数。"""
    return _outreach("booklets", region, start, end)


def banners(region: Region, start: date, end: date) -> int:
    """殡葬改革宣传横幅张挂幅数。"""
    return _outreach("banners", region, start, end)


def cremations(region: Region, start: date, end: date) -> int:
    """火化遗体数：殡仪馆的火化记录，按火化日期、殡仪馆所在区划计。"""
    return _scalar(
        f"SELECT COUNT(*) FROM {Cremation._meta.db_table} x JOIN {REGION} r ON r.id = x.region_id "
        f"WHERE x.cremated_on BETWEEN %s AND %s AND r.path LIKE %s",
        [start, end, f"{region.path}%"],
    )


def subsidy_paid_fen(region: Region, start: date, end: date) -> int:
    """惠民殡葬补助发放金额（分）：台账上该项目已发放的一次性发放明细之和。"""
    return amount_paid(program=rules.SUBSIDY_PROGRAM, region=region, start=start, end=end)


BOOKINGS = ("funeral.booking", "funeral.slot")
INDICATORS = (
    ("funeral.qingming_visitors", "清明现场祭扫人次", "人次", qingming_visitors, False, BOOKINGS),
    ("funeral.qingming_vehicles", "清明祭扫车辆台次", "台次", qingming_vehicles, False, BOOKINGS),
    (
        "funeral.online_memorials",
        "网上祭祀人次",
        "人次",
        online_memorial_visits,
        False,
        ("funeral.memorialvisitday",),
    ),
    ("funeral.proxy_sweepings", "代理祭扫人次", "人次", proxy_sweepings, False, ("funeral.proxyorder",)),
    ("funeral.booklets", "殡葬改革宣传册", "本", booklets, False, ("funeral.outreach",)),
    ("funeral.banners", "殡葬改革宣传横幅", "幅", banners, False, ("funeral.outreach",)),
    ("funeral.cremations", "火化遗体数", "具", cremations, False, ("funeral.cremation",)),
    (
        "funeral.subsidy_paid",
        "惠民殡葬补助发放金额",
        "元",
        subsidy_paid_fen,
        True,
        ("benefits.payment", "benefits.payrollrun"),
    ),
)


def funeral_indicators_register() -> None:
    from minzheng.reports.registry import indicator_register

    for code, name, unit, fn, money, tables in INDICATORS:
        indicator_register(
            code=code, name=name, unit=unit, aggregation="sum", domain="funeral", compute=fn, money=money,
            depends_on=tables, description=(fn.__doc__ or "").strip(),
        )  # fmt: skip
