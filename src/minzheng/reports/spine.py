"""Indicators of the spine's own tables (the region tree and the registry), computed here because the
spine imports no domain and has no ``indicators.py`` of its own. Read-only, one aggregate query each."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from minzheng.core.models import Region
from minzheng.registry.models import House, Household, Person


def in_subtree(qs: QuerySet, field: str, region: Region) -> QuerySet:
    """Restrict ``qs`` to rows whose ``field`` (a FK to Region) lies in ``region``'s subtree: no filter at
    the root, an equality on a leaf, one indexed prefix match on ``Region.path`` otherwise."""
    if region.parent_id is None:
        return qs
    if region.level == Region.Level.GRID:
        return qs.filter(**{field: region})
    return qs.filter(**{f"{field}__path__startswith": region.path})


def grids(region: Region, start: date, end: date, *, kind: str | None = None) -> int:
    """网格数：区划树中层级为“网格”的节点（城乡属性随所在村/社区）。时点数：区划树只保存现行网格。"""
    qs = Region.objects.filter(level=Region.Level.GRID, path__startswith=region.path)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs.count()


def grids_urban(region: Region, start: date, end: date) -> int:
    """城市社区网格数（所在社区为城镇）。"""
    return grids(region, start, end, kind=Region.Kind.URBAN)


def grids_rural(region: Region, start: date, end: date) -> int:
    """农村网格数（所在村为农村）。"""
    return grids(region, start, end, kind=Region.Kind.RURAL)


def persons(region: Region, start: date, end: date) -> int:
    """累计采集人口基础信息：人员库中的人（合并掉的重复档案不计）。

    人员库不按业务期间记采集日期（``created_at`` 是入库时间），所以这是统计时人员库的现有数。"""
    qs = in_subtree(Person.objects.all(), "region", region)
    return qs.exclude(status=Person.Status.MERGED).count()


def persons_elderly(region: Region, start: date, end: date) -> int:
    """60周岁及以上在册人员（期末时点，按出生日期计算；已故、迁出、合并的不计）。"""
    try:
        born_by = end.replace(year=end.year - 60)
    except ValueError:  # 29 February
        born_by = date(end.year - 60, 2, 28)
    qs = in_subtree(Person.objects.all(), "region", region)
    return qs.filter(status=Person.Status.NORMAL, birth_date__lte=born_by).count()


def houses(region: Region, start: date, end: date) -> int:
    """累计采集房屋：房屋库中的房屋（统计时现有数）。"""
    return in_subtree(House.objects.all(), "grid", region).count()


def households(region: Region, start: date, end: date) -> int:
    """户籍户数：户档案数（统计时现有数）。"""
    return in_subtree(Household.objects.all(), "region", region).count()


def spine_indicators_register() -> None:
    from minzheng.reports.registry import Aggregation, indicator_register

    snapshot = Aggregation.SNAPSHOT
    for code, name, unit, fn, deps in (
        ("core.grids", "网格数", "个", grids, ("core.Region",)),
        ("core.grids_urban", "城市社区网格数", "个", grids_urban, ("core.Region",)),
        ("core.grids_rural", "农村网格数", "个", grids_rural, ("core.Region",)),
    ):
        indicator_register(
            code=code, name=name, unit=unit, aggregation=snapshot, domain="core", compute=fn,
            depends_on=deps, description=fn.__doc__ or "", trend=False,
        )  # fmt: skip
    for code, name, unit, fn, deps in (
        ("registry.persons", "人口基础信息", "人", persons, ("registry.Person",)),
        ("registry.persons_elderly", "60岁及以上人员", "人", persons_elderly, ("registry.Person",)),
        ("registry.houses", "房屋", "间", houses, ("registry.House",)),
        ("registry.households", "户籍户数", "户", households, ("registry.Household",)),
    ):
        indicator_register(
            code=code, name=name, unit=unit, aggregation=snapshot, domain="registry", compute=fn,
            depends_on=deps, description=fn.__doc__ or "", trend=False,
        )  # fmt: skip
