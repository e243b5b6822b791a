"""Indicators of marriage registration (the seed's section (六): "累计办理婚姻登记17413对 … 办理涉外婚姻登记75对"),
counted from the register: marriages registered in the period at the offices in the region (the city's office
counts for the city), revoked registrations left out (民法典 第一千零五十四条: 被撤销的婚姻自始没有法律约束力)."""

from __future__ import annotations

from datetime import date

from minzheng.core.models import Region
from minzheng.marriage.models import Kind, Party, Registration


def _marriages(region: Region, start: date, end: date):  # noqa: ANN202
    return Registration.objects.filter(
        kind=Kind.MARRIAGE, registered_on__gte=start, registered_on__lte=end,
        office__region__path__startswith=region.path,
    ).exclude(status=Registration.Status.REVOKED)  # fmt: skip


def registrations(region: Region, start: date, end: date) -> int:
    """结婚登记对数：期间内本区划各婚姻登记机关办理的结婚登记（不含被撤销的）。"""
    return _marriages(region, start, end).count()


def foreign_registrations(region: Region, start: date, end: date) -> int:
    """涉外婚姻登记对数：一方为外国人、港澳台居民或华侨的结婚登记（市婚姻登记处办理）。"""
    return _marriages(region, start, end).exclude(party=Party.MAINLAND).count()


def marriage_indicators_register() -> None:
    from minzheng.reports.registry import indicator_register

    for code, name, fn in (
        ("marriage.registrations", "结婚登记对数", registrations),
        ("marriage.foreign_registrations", "涉外婚姻登记对数", foreign_registrations),
    ):
        indicator_register(
            code=code, name=name, unit="对", aggregation="sum", domain="marriage", compute=fn,
            depends_on=("marriage.registration",), description=(fn.__doc__ or "").strip(),
        )  # fmt: skip
