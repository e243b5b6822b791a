"""Figures of the population and house registry for the indicator registry (reports): each
``compute(region, start, end)`` is one aggregate query over the region's subtree. The registry keeps people
and houses as they are now, so each figure is the current number whatever the period (``trend`` off).

Seed document figures they reproduce: 238.65万 people and 126.15万 houses collected (2,386,500 and 1,261,500).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from minzheng.core.models import Region
from minzheng.registry.models import House, Household, Person


def _in_subtree(qs: QuerySet, field: str, region: Region) -> QuerySet:
    """Rows whose ``field`` (a FK to Region) lies in ``region``'s subtree: no filter at the root, an
    equality on a leaf, one indexed prefix match on ``Region.path`` otherwise."""
    if region.parent_id is None:
        return qs
    if region.level == Region.Level.GRID:
        return qs.filter(**{field: region})
    return qs.filter(**{f"{field}__path__startswith": region.path})


def persons(region: Region, start: date, end: date) -> int:
    """People in the registry, merged duplicates left out."""
    return _in_subtree(Person.objects.all(), "region", region).exclude(status=Person.Status.MERGED).count()


def persons_elderly(region: Region, start: date, end: date) -> int:
    """People aged 60 or more on the period's last day (by birth date), living (not deceased, moved, merged)."""
    try:
        born_by = end.replace(year=end.year - 60)
    except ValueError:  # 29 February
        born_by = date(end.year - 60, 2, 28)
    qs = _in_subtree(Person.objects.all(), "region", region)
    return qs.filter(status=Person.Status.NORMAL, birth_date__lte=born_by).count()


def houses(region: Region, start: date, end: date) -> int:
    return _in_subtree(House.objects.all(), "grid", region).count()


def households(region: Region, start: date, end: date) -> int:
    return _in_subtree(Household.objects.all(), "region", region).count()


def indicator_specs() -> list[dict[str, Any]]:
    """Keyword arguments of ``reports.registry.indicator_register`` for every registry indicator."""
    return [
        {
            "code": f"registry.{code}",
            "name": name,
            "unit": unit,
            "aggregation": "snapshot",
            "domain": "registry",
            "compute": compute,
            "depends_on": (table,),
            "description": description,
            "trend": False,
        }
        for code, name, unit, compute, table, description in (
            ("persons", "人口基础信息", "人", persons, "registry.person",
             "人员库中的在册人员（合并掉的重复档案不计），统计时的现有数"),
            ("persons_elderly", "60岁及以上人员", "人", persons_elderly, "registry.person",
             "期末年满60周岁的在册人员（按出生日期计算；死亡、迁出、已合并的不计）"),
            ("houses", "房屋", "间", houses, "registry.house", "房屋库中的房屋，统计时的现有数"),
            ("households", "户籍户数", "户", households, "registry.household", "户档案数，统计时的现有数"),
        )
    ]  # fmt: skip


def registry_indicators_register() -> int:
    """Register the registry's indicators with the indicator registry (reports). Returns how many."""
    from minzheng.reports.registry import indicator_register

    specs = indicator_specs()
    for spec in specs:
        indicator_register(**spec)
    return len(specs)
