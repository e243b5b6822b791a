"""What the dashboards and indicator tables show, read from the indicator registry only.

A dashboard is a region (any node the user can see: city → district → town → community → grid), a year
and a domain (or the overview). It shows each indicator's value for the region's subtree, the same for
every child region (the drill-down, and on the city the district map), and a monthly trend. Every value
goes through :func:`minzheng.reports.registry.indicator_values`, so it is cached and invalidated with the
records. The user's scope is enforced by the region: only nodes of ``Region.objects.visible_to(user)``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count

from minzheng.core.models import Region, User
from minzheng.core.scope import OutOfScopeError
from minzheng.reports.registry import (
    DOMAINS,
    Aggregation,
    Indicator,
    Query,
    indicator_exists,
    indicator_format,
    indicator_get,
    indicator_list,
    indicator_values,
)

# The overview's headline figures, in order; each domain's dashboard shows all of that domain's indicators.
OVERVIEW = (
    "registry.persons",
    "registry.houses",
    "core.grids",
    "grid.workers",
    "grid.events_reported",
    "grid.events_closed",
    "assistance.dibao_urban_persons",
    "assistance.dibao_rural_persons",
    "assistance.tekun_persons",
    "assistance.temporary_person_times",
    "benefits.paid_total",
    "eldercare.canteens",
    "eldercare.meals_served",
    "eldercare.help_requests",
)
DOMAIN_ORDER = ("registry", "core", "grid", "assistance", "benefits", "eldercare")


def dashboard_domains() -> list[tuple[str, str]]:
    """(key, label) of the dashboards that have something to show, the overview first."""
    present = {i.domain for i in indicator_list()}
    tabs = [("overview", "综合")]
    tabs += [(d, DOMAINS[d]) for d in DOMAIN_ORDER if d in present]
    tabs += [(d, DOMAINS.get(d, d)) for d in sorted(present) if d not in DOMAIN_ORDER]
    return tabs


def dashboard_indicators(domain: str) -> list[Indicator]:
    if domain == "overview":
        return [indicator_get(code) for code in OVERVIEW if indicator_exists(code)]
    found = indicator_list(domain=domain)
    if not found:
        raise OutOfScopeError("看板")
    return found


def region_visible(*, user: User, code: str) -> Region:
    region = Region.objects.visible_to(user).filter(code=code).first()
    if region is None:
        raise OutOfScopeError("区划")
    return region


def region_children(*, user: User, region: Region) -> list[Region]:
    return list(
        Region.objects.visible_to(user)
        .filter(parent=region)
        .annotate(child_count=Count("children"))
        .order_by("code")
    )


def region_trail(*, user: User, region: Region) -> list[Region]:
    """The ancestors the user may open (a district user's trail starts at their district)."""
    return [a for a in region.ancestors() if a.path.startswith(user.region.path)]


def year_period(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def months_of(year: int, *, today: date | None = None) -> list[tuple[date, date]]:
    last = 12
    if today is not None and today.year == year:
        last = today.month
    return [(date(year, m, 1), date(year, m, calendar.monthrange(year, m)[1])) for m in range(1, last + 1)]


@dataclass(frozen=True)
class Cell:
    value: int
    text: str


def _cells(indicators: list[Indicator], regions: list[Region], start: date, end: date) -> list[list[Cell]]:
    queries = [Query(i.code, r, start, end) for r in regions for i in indicators]
    values = indicator_values(queries)
    rows, n = [], len(indicators)
    for k in range(len(regions)):
        chunk = values[k * n : (k + 1) * n]
        rows.append([Cell(v, indicator_format(i, v)) for i, v in zip(indicators, chunk, strict=True)])
    return rows


def dashboard_build(*, user: User, region: Region, year: int, domain: str, today: date) -> dict[str, Any]:
    indicators = dashboard_indicators(domain)
    start, end = year_period(year)
    children = region_children(user=user, region=region)
    rows = _cells(indicators, [region, *children], start, end)
    totals, child_rows = rows[0], rows[1:]
    trend_indicators = [i for i in indicators if i.trend]
    months = months_of(year, today=today)
    trend_values = indicator_values(
        [Query(i.code, region, a, b) for i in trend_indicators for a, b in months]
    )
    trend = []
    for k, indicator in enumerate(trend_indicators):
        series = trend_values[k * len(months) : (k + 1) * len(months)]
        trend.append({"code": indicator.code, "name": indicator.name, "unit": _chart_unit(indicator),
                      "values": [_chart_value(indicator, v) for v in series]})  # fmt: skip
    chart = {
        "region": {"code": region.code, "name": region.name, "level": region.level},
        "isRoot": region.parent_id is None,
        "indicators": [{"code": i.code, "name": i.name, "unit": _chart_unit(i)} for i in indicators],
        "children": [
            {
                "code": c.code,
                "name": c.name,
                "values": [_chart_value(i, cell.value) for i, cell in zip(indicators, row, strict=True)],
            }
            for c, row in zip(children, child_rows, strict=True)
        ],  # fmt: skip
        "months": [f"{a.month}月" for a, _ in months],
        "trend": trend,
    }
    return {
        "region": region,
        "trail": region_trail(user=user, region=region),
        "year": year,
        "domain": domain,
        "domains": dashboard_domains(),
        "kpis": [{"indicator": i, "cell": c} for i, c in zip(indicators, totals, strict=True)],
        "indicators": indicators,
        "children": list(zip(children, child_rows, strict=True)),
        "chart": chart,
        "period": (start, end),
    }


def _chart_unit(indicator: Indicator) -> str:
    if indicator.money:
        return "万元"
    if indicator.aggregation == Aggregation.RATIO:
        return "%"
    return indicator.unit


def _chart_value(indicator: Indicator, value: int) -> float | int:
    if indicator.money:
        return round(value / 1_000_000, 2)
    if indicator.aggregation == Aggregation.RATIO:
        return round(value / 100, 2)
    return value


# --- indicator tables (page and XLSX) -----------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorTable:
    title: str
    headers: list[str]
    rows: list[list[Any]]  # first cells: code, name; then one value per indicator (exact: 元 for money)
    row_links: list[str | None]


def table_build(
    *, user: User, region: Region, domain: str, start: date, end: date, by: str = "regions"
) -> IndicatorTable:
    """Child regions (plus the region's own total) × the domain's indicators, or the months of the
    period × indicators (``by="months"``). Money is in 元 with two decimals, exact."""
    indicators = dashboard_indicators(domain)
    headers = [
        f"{i.name}（{'元' if i.money else ('%' if i.aggregation == Aggregation.RATIO else i.unit)}）"
        for i in indicators
    ]
    label = dict(dashboard_domains()).get(domain, domain)
    if by == "months":
        months = _months_between(start, end)
        values = indicator_values([Query(i.code, region, a, b) for a, b in months for i in indicators])
        rows, n = [], len(indicators)
        for k, (a, _) in enumerate(months):
            chunk = values[k * n : (k + 1) * n]
            rows.append(
                [
                    f"{a.year}-{a.month:02d}",
                    f"{a.year}年{a.month}月",
                    *(_table_value(i, v) for i, v in zip(indicators, chunk, strict=True)),
                ]
            )
        return IndicatorTable(
            f"{region.name}{label}指标（按月）", ["月份", "期间", *headers], rows, [None] * len(rows)
        )
    children = region_children(user=user, region=region)
    cells = _cells(indicators, [*children, region], start, end)
    rows = []
    for r, row in zip([*children, region], cells, strict=True):
        name = f"{r.name}（合计）" if r is region else r.name
        rows.append([r.code, name, *(_table_value(i, c.value) for i, c in zip(indicators, row, strict=True))])
    links = [c.code for c in children] + [None]
    return IndicatorTable(
        f"{region.name}{label}指标（按下级区划）", ["区划代码", "区划", *headers], rows, links
    )


def _table_value(indicator: Indicator, value: int) -> Any:
    if indicator.money:
        return _yuan_text(value)
    if indicator.aggregation == Aggregation.RATIO:
        return f"{value / 100:.2f}"
    return value


def _yuan_text(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def _months_between(start: date, end: date) -> list[tuple[date, date]]:
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        last = date(y, m, calendar.monthrange(y, m)[1])
        out.append((max(start, date(y, m, 1)), min(end, last)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
