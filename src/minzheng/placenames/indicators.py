"""Indicators of place names (the seed's section (六): "设置路名牌669块、村牌591块，对37条新建道路进行命名…组织对42个
损毁界桩进行修复安装"), each a count of records in the period, in the region's subtree."""

from __future__ import annotations

from datetime import date

from minzheng.core.models import Region
from minzheng.placenames.models import PlaceName, Repair, Sign
from minzheng.placenames.rules import STREET_KINDS


def _signs(kind: str, region: Region, start: date, end: date) -> int:
    return Sign.objects.filter(
        kind=kind, installed_on__gte=start, installed_on__lte=end, region__path__startswith=region.path
    ).count()


def road_signs(region: Region, start: date, end: date) -> int:
    """设置路名牌（块）：设置日期在期间内的路名牌，按所在区划计。"""
    return _signs(Sign.Kind.ROAD, region, start, end)


def village_signs(region: Region, start: date, end: date) -> int:
    """设置村牌（块）：设置日期在期间内的村牌，按所在区划计。"""
    return _signs(Sign.Kind.VILLAGE, region, start, end)


def roads_named(region: Region, start: date, end: date) -> int:
    """新建道路命名（条）：经命名申请批准、启用日期在期间内的街路巷标准地名（更名和既有地名登记不计）。"""
    return PlaceName.objects.filter(
        kind__in=STREET_KINDS, origin=PlaceName.Origin.NAMED, valid_from__gte=start, valid_from__lte=end,
        region__path__startswith=region.path,
    ).count()  # fmt: skip


def markers_repaired(region: Region, start: date, end: date) -> int:
    """修复安装损毁界桩（个）：期间内登记修复完成的界桩（一个界桩期间内多次修复计1个），按界桩一侧区划计。"""
    return (
        Repair.objects.filter(
            marker__isnull=False,
            status=Repair.Status.DONE,
            repaired_on__gte=start,
            repaired_on__lte=end,
            region__path__startswith=region.path,
        )  # fmt: skip
        .values("marker_id")
        .distinct()
        .count()
    )


INDICATORS = (
    ("placenames.road_signs", "设置路名牌", "块", road_signs, ("placenames.sign",)),
    ("placenames.village_signs", "设置村牌", "块", village_signs, ("placenames.sign",)),
    ("placenames.roads_named", "新建道路命名", "条", roads_named, ("placenames.placename",)),
    ("placenames.markers_repaired", "修复安装损毁界桩", "个", markers_repaired, ("placenames.repair",)),
)


def placenames_indicators_register() -> None:
    from minzheng.reports.registry import indicator_register

    for code, name, unit, fn, depends in INDICATORS:
        indicator_register(
            code=code, name=name, unit=unit, aggregation="sum", domain="placenames", compute=fn,
            depends_on=depends, description=(fn.__doc__ or "").strip(),
        )  # fmt: skip
