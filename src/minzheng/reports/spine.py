"""Indicators of the region tree, which every app shares (``core`` sits below the indicator registry and
registers nothing itself). Read-only, one count each. The registry, the ledger and the domains register their
own figures from their ``indicators`` modules."""

from __future__ import annotations

from datetime import date

from minzheng.core.models import Region
from minzheng.reports.registry import Aggregation, indicator_register


def grids(region: Region, start: date, end: date, *, kind: str | None = None) -> int:
    qs = Region.objects.filter(level=Region.Level.GRID, path__startswith=region.path)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs.count()


def grids_urban(region: Region, start: date, end: date) -> int:
    return grids(region, start, end, kind=Region.Kind.URBAN)


def grids_rural(region: Region, start: date, end: date) -> int:
    return grids(region, start, end, kind=Region.Kind.RURAL)


def spine_indicators_register() -> None:
    for code, name, fn, description in (
        ("core.grids", "网格数", grids, "区划树中的现行网格（区划树只保存现行网格，取统计时的现有数）"),
        ("core.grids_urban", "城市社区网格数", grids_urban, "所在村/社区为城镇的现行网格"),
        ("core.grids_rural", "农村网格数", grids_rural, "所在村/社区为农村的现行网格"),
    ):
        indicator_register(
            code=code, name=name, unit="个", aggregation=Aggregation.SNAPSHOT, domain="core", compute=fn,
            depends_on=("core.Region",), description=description, trend=False,
        )  # fmt: skip
