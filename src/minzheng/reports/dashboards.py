"""What the dashboards and indicator tables show, read from the indicator registry only.

A dashboard is a region (any node the user can see: city → district → town → community → grid), a year
and a domain (or the overview). It shows each indicator's value for the region's subtree, the same for
every child region (the drill-down, and on the city the district map), and a monthly trend. The dashboard's
figures are snapshots (:mod:`minzheng.reports.snapshots`): answered from a table, refreshed by the worker,
never recomputed because a record changed. The indicator tables read the registry directly (exact, cached
until the records change). The user's scope is enforced by the region: only nodes of
``Region.objects.visible_to(user)``.

A page opened without a year opens on the latest year that has data (:func:`latest_data_year`): the demo's
records and the bureau's own are dated as they happened, and a page that opened on a fixed year would show
zeros beside them.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from minzheng.core.models import Region, User
from minzheng.core.scope import OutOfScopeError
from minzheng.reports.models import IndicatorSnapshot
from minzheng.reports.registry import (
    DOMAINS,
    Aggregation,
    Indicator,
    Query,
    database_key,
    indicator_exists,
    indicator_format,
    indicator_get,
    indicator_list,
    indicator_values,
)
from minzheng.reports.snapshots import REFRESH_AFTER, snapshot_rows, snapshot_values

FIRST_YEAR = 2015  # the earliest year the pages offer
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
TREND_SERIES_MAX = 8  # lines in one trend chart: as many as the dashboard has clearly distinct colours


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


def latest_data_year(*, region: Region, indicators: list[Indicator], today: date) -> int:
    """The latest year, this one first, in which any of ``indicators`` that count what happened during a period
    (sums and counts: events closed, amounts paid, people trained — not the state at a period's end, which the
    records have every year) is not zero for ``region``; this year when none ever is. Read from the snapshots
    (every year's stored rows in one read), computing a year only when the walk reaches it."""
    dated = [i for i in indicators if i.trend and i.aggregation in (Aggregation.SUM, Aggregation.COUNT)]
    found = _latest_year(region, dated, today)
    return today.year if found is None else found


def _latest_year(region: Region, dated: list[Indicator], today: date) -> int | None:
    """The latest year from this one back to :data:`FIRST_YEAR` in which any of ``dated`` is not zero for
    ``region`` (None: in none). A count that is zero for a region is zero for every region under it
    (:func:`_zero_below`), so above the parent's latest year of the counts only the amounts (which may net to
    zero over the children) are asked: a district opening after the city, or a grid after its community, does
    not walk back through the empty years the city already walked (their snapshots are the city's)."""
    if not dated:
        return None
    counts = [i for i in dated if _zero_below(i)]
    amounts = [i for i in dated if not _zero_below(i)]
    ceiling = None
    if counts and region.parent_id is not None:
        above = _latest_year(region.parent, counts, today)
        ceiling = FIRST_YEAR - 1 if above is None else above
    years = range(today.year, FIRST_YEAR - 1, -1)
    asked = {
        year: [
            Query(i.code, region, *year_period(year))
            for i in (dated if ceiling is None or year <= ceiling else amounts)
        ]
        for year in years
    }
    stored = snapshot_rows([q for queries in asked.values() for q in queries])  # every year's, one read
    for year in years:
        if asked[year] and any(snapshot_values(asked[year], stored=stored).values):
            return year
    return None


def dashboard_year(*, region: Region, domain: str, today: date) -> int:
    """The year a dashboard or an indicator table opens on."""
    return latest_data_year(region=region, indicators=dashboard_indicators(domain), today=today)


@dataclass(frozen=True)
class Cell:
    value: int
    text: str


def _cells(indicators: list[Indicator], regions: list[Region], values: list[int]) -> list[list[Cell]]:
    rows, n = [], len(indicators)
    for k in range(len(regions)):
        chunk = values[k * n : (k + 1) * n]
        rows.append([Cell(v, indicator_format(i, v)) for i, v in zip(indicators, chunk, strict=True)])
    return rows


def trend_groups(indicators: list[Indicator]) -> list[dict[str, Any]]:
    """The trend charts, one unit per chart and at most :data:`TREND_SERIES_MAX` lines in one: the indicators
    that have a trend, grouped by the unit they are drawn in, a long group cut into parts. Each series has its
    code and name; its monthly values are filled in by :func:`trend_values`."""
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for indicator in indicators:
        if indicator.trend:
            by_unit.setdefault(_chart_unit(indicator), []).append(
                {"code": indicator.code, "name": indicator.name, "values": None}
            )
    groups = []
    for unit, series in by_unit.items():
        parts = [series[k : k + TREND_SERIES_MAX] for k in range(0, len(series), TREND_SERIES_MAX)]
        for n, part in enumerate(parts, start=1):
            names = "、".join(s["name"] for s in part[:2]) + (f"等{len(part)}项" if len(part) > 2 else "")
            label = f"{unit}：{names}" + (f"（{n}/{len(parts)}）" if len(parts) > 1 else "")
            groups.append({"unit": unit, "label": label, "series": part})
    return groups


def _zero_below(indicator: Indicator) -> bool:
    """A count (people, events, places: never negative, added up over regions) that is zero for a region is
    zero for every region under it. Money is left out: a period's amounts may net to zero."""
    return not indicator.money and indicator.aggregation != Aggregation.RATIO


def _zero_every_month(indicator: Indicator) -> bool:
    """A count of what happened in a period that is zero for the year is zero in each of its months (a state
    at the period's end is not: the year's end may differ from a month's)."""
    return _zero_below(indicator) and indicator.aggregation in (Aggregation.SUM, Aggregation.COUNT)


def _trend_wanted(
    group: dict[str, Any], totals: dict[str, int], region: Region, months: list[tuple[date, date]]
) -> list[Query]:
    """The monthly figures of a trend chart worth reading: not those of a count that is zero for the year."""
    return [
        Query(s["code"], region, a, b)
        for s in group["series"]
        if totals.get(s["code"], 1) or not _zero_every_month(indicator_get(s["code"]))
        for a, b in months
    ]


def _trend_from(
    group: dict[str, Any], found: dict[tuple[str, date], int], months: list[tuple[date, date]]
) -> None:
    for series in group["series"]:
        indicator = indicator_get(series["code"])
        series["values"] = [_chart_value(indicator, found.get((series["code"], a), 0)) for a, _ in months]


def trend_values(*, region: Region, year: int, domain: str, group: int, today: date) -> dict[str, Any]:
    """One trend chart of a dashboard with its monthly values (the page carries the first; the others are
    fetched when chosen, so a dashboard first opened computes one chart's months, not every indicator's)."""
    groups = trend_groups(dashboard_indicators(domain))
    if not 0 <= group < len(groups):
        raise OutOfScopeError("趋势图")
    months = months_of(year, today=today)
    chosen = groups[group]
    start, end = year_period(year)
    year_values = snapshot_values([Query(s["code"], region, start, end) for s in chosen["series"]]).values
    totals = {s["code"]: v for s, v in zip(chosen["series"], year_values, strict=True)}
    queries = _trend_wanted(chosen, totals, region, months)
    values = snapshot_values(queries).values
    _trend_from(chosen, {(q.code, q.start): v for q, v in zip(queries, values, strict=True)}, months)
    return chosen


@dataclass
class _Figures:
    totals: list[Cell]
    child_rows: list[list[Cell]]
    groups: list[dict[str, Any]]
    computed_at: datetime | None
    refreshing: bool


def _figures(
    *, region: Region, children: list[Region], indicators: list[Indicator], year: int, today: date
) -> _Figures:
    """A dashboard's figures, read from the snapshots in two reads: the region's own, then those of its child
    regions and of the first trend chart — except those the region's own make certain (a count that is zero for
    the region is zero below it and in every month), which are neither read nor computed."""
    start, end = year_period(year)
    months = months_of(year, today=today)
    groups = trend_groups(indicators)
    own = snapshot_values([Query(i.code, region, start, end) for i in indicators])
    totals = {i.code: v for i, v in zip(indicators, own.values, strict=True)}
    below = [i for i in indicators if totals[i.code] or not _zero_below(i)]
    child_queries = [Query(i.code, c, start, end) for c in children for i in below]
    trend_queries = _trend_wanted(groups[0], totals, region, months) if groups else []
    rest = snapshot_values([*child_queries, *trend_queries])
    found = {
        (q.code, q.region.pk): v
        for q, v in zip(child_queries, rest.values[: len(child_queries)], strict=True)
    }
    if groups:
        monthly = rest.values[len(child_queries) :]
        _trend_from(
            groups[0], {(q.code, q.start): v for q, v in zip(trend_queries, monthly, strict=True)}, months
        )
    times = [t for t in (own.computed_at, rest.computed_at) if t is not None]
    return _Figures(
        totals=[Cell(totals[i.code], indicator_format(i, totals[i.code])) for i in indicators],
        child_rows=[
            [Cell(v, indicator_format(i, v)) for i in indicators for v in [found.get((i.code, c.pk), 0)]]
            for c in children
        ],
        groups=groups,
        computed_at=min(times) if times else None,
        refreshing=own.refreshing or rest.refreshing,
    )


def dashboard_build(*, user: User, region: Region, year: int, domain: str, today: date) -> dict[str, Any]:
    indicators = dashboard_indicators(domain)
    start, end = year_period(year)
    children = region_children(user=user, region=region)
    months = months_of(year, today=today)
    figures = _figures(region=region, children=children, indicators=indicators, year=year, today=today)
    totals, child_rows, groups = figures.totals, figures.child_rows, figures.groups
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
        "trendGroups": groups,
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
        "computed_at": figures.computed_at,
        "refreshing": figures.refreshing,
    }


def dashboard_warm(*, region: Region, domain: str = "overview", today: date | None = None) -> tuple[int, int]:
    """Compute what the ``domain`` dashboard of ``region`` shows for the year it opens on, as the page reads it
    (its figures, its child regions', its first trend chart's months), so that the page, opened the first time,
    reads snapshots (the last seed step does this for the city and each district). Returns (year, figures
    stored)."""
    today = today or timezone.localdate()
    year = dashboard_year(region=region, domain=domain, today=today)
    children = list(Region.objects.filter(parent=region).order_by("code"))
    before = IndicatorSnapshot.objects.count()
    _figures(
        region=region, children=children, indicators=dashboard_indicators(domain), year=year, today=today
    )
    return year, IndicatorSnapshot.objects.count() - before


_CHILDREN_WARM_KEY = "reports:children-warm:{db}:{region}:{domain}:{year}"


def dashboard_children_warm_schedule(*, region: Region, domain: str, year: int, today: date) -> bool:
    """A dashboard was read: ask the worker (at most once per :data:`~minzheng.reports.snapshots.REFRESH_AFTER`)
    to compute the same dashboard of each child region, so that the drill-down a reader is likely to take next
    reads snapshots too."""
    if region.level == Region.Level.GRID:
        return False
    key = _CHILDREN_WARM_KEY.format(db=database_key(), region=region.pk, domain=domain, year=year)
    if not cache.add(key, 1, int(REFRESH_AFTER.total_seconds())):
        return False
    from minzheng.reports.tasks import dashboard_children_warm_task

    transaction.on_commit(
        lambda: dashboard_children_warm_task.enqueue(region.pk, domain, year, today.isoformat())
    )
    return True


def dashboard_children_warm(*, region: Region, domain: str, year: int, today: date) -> int:
    """Compute the ``domain`` dashboard of ``year`` of each child region of ``region`` as its page reads it (the
    worker's job). Returns the number of figures stored."""
    indicators = dashboard_indicators(domain)
    before = IndicatorSnapshot.objects.count()
    for child in Region.objects.filter(parent=region).order_by("code"):
        grandchildren = list(Region.objects.filter(parent=child).order_by("code"))
        _figures(region=child, children=grandchildren, indicators=indicators, year=year, today=today)
    return IndicatorSnapshot.objects.count() - before


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

    @property
    def display_rows(self) -> list[list[str]]:
        """The rows as the page shows them: numbers with thousands separators (the XLSX keeps numbers)."""
        return [[*row[:2], *(_display(v) for v in row[2:])] for row in self.rows]


def _display(value: Any) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    whole, dot, part = str(value).partition(".")  # money in 元 and ratios in %, as exact text
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-') or 0):,}{dot}{part}"


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
    regions = [*children, region]
    values = indicator_values([Query(i.code, r, start, end) for r in regions for i in indicators])
    cells = _cells(indicators, regions, values)
    rows = []
    for r, row in zip(regions, cells, strict=True):
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
