"""绩效考核 (performance evaluation) of grids and grid workers by month: set-based SQL (one grouped
query per source: events, reports, visits), the scoring in Python over the grouped rows.

**Cohort.** The events of a month are those *opened* in it (not voided). Their outcome is read as of
the moment of computing, so a month's figures settle once its events are closed.

**Formulas** (domain.md §9; GB/T 30428.4 绩效评价):

=============  ==========================================================================  ======
上报数          events opened in the month (grid: located in it; worker: reported by them)       —
应处置数        of the cohort, events dispatched (任务派遣)                                     [U]
按期处置数      of those, the first feedback on or before the first handling deadline            [U]
按期处置率      按期处置数 / 应处置数                                                             [U]
处置数          of those dispatched, events with a feedback (处理反馈)
返工数          of those dispatched, events sent back for rework at least once (核查返工 or
               回访不满意重办)
返工率          返工数 / 处置数                                                                  [U]
应结案数        of the cohort, events filed (立案)                                              [V]
结案数          of those, events closed (核查结案)                                              [V]
结案率          结案数 / 应结案数 (worked example 911/972 = 93.72 %)                            [V]
按期结案数      closed on or before the 结案时限 (first handling deadline + 1 working day)       [V]
按期结案率      按期结案数 / 应结案数 (worked example 737/972 = 75.82 %)                        [V]
满意度          mean of the callbacks: 满意 100, 基本满意 60, 不满意 0                          [U]
走访户次        campaign visits recorded in the month (grid: in it; worker: by them)            —
=============  ==========================================================================  ======

A worker answers for the grids assigned to them: their handling and closure figures are those of the
events located in their grids; their 上报数 and 走访户次 are their own.

**Score** = Σ wᵢ·sᵢ / Σ wᵢ over the indicators that have data (a rate with no denominator is left out and
the remaining weights are scaled up), where sᵢ is: each rate × 100; (1 − 返工率) × 100; the 满意度; and
for the two counts min(1, count / monthly target) × 100. Weights and targets: ``PerformanceWeights``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from minzheng.core.models import User
from minzheng.grid.models import Event, GridProfile, GridWorker, PerformanceWeights, Visit
from minzheng.grid.rules import SATISFACTION_SCORES
from minzheng.grid.services.weights import WEIGHT_FIELDS

COUNTS = (
    "reported", "due_handling", "on_time_handled", "handled", "reworked", "due_closure", "closed",
    "on_time_closed", "evaluated", "satisfaction_sum", "visits",
)  # fmt: skip

INDICATOR_LABELS = {
    "reported": "上报数",
    "on_time_handling": "按期处置率",
    "closure": "结案率",
    "on_time_closure": "按期结案率",
    "rework": "返工率",
    "satisfaction": "满意度",
    "visits": "走访户次",
}


@dataclass
class PerformanceRow:
    key: Any
    label: str
    region: str
    counts: dict[str, int] = field(default_factory=dict)
    rates: dict[str, float | None] = field(default_factory=dict)
    satisfaction: float | None = None
    score: float | None = None
    rank: int | None = None


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    if not 1 <= month <= 12:
        raise ValueError(f"月份须为1～12：{month}")
    tz = timezone.get_current_timezone()
    start = datetime(year, month, 1, tzinfo=tz)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
    return start, end


def weights_for(month_start: date) -> PerformanceWeights:
    """The weights in effect on the month's first day (the defaults if the city set none yet)."""
    found = (
        PerformanceWeights.objects.filter(effective_from__lte=month_start).order_by("-effective_from").first()
    )
    return found or PerformanceWeights(effective_from=date(2000, 1, 1))


def _satisfaction_points() -> DbCase:
    return DbCase(
        *(When(satisfaction=k, then=Value(v)) for k, v in SATISFACTION_SCORES.items()),
        default=Value(0),
        output_field=IntegerField(),
    )


def _event_figures(events: QuerySet[Event], group: str) -> dict[Any, dict[str, int]]:
    dispatched = Q(dispatched_at__isnull=False)
    filed = Q(filed_at__isnull=False)
    rows = events.values(group).annotate(
        reported=Count("pk"),
        due_handling=Count("pk", filter=dispatched),
        on_time_handled=Count("pk", filter=dispatched & Q(handled_on_time=True)),
        handled=Count("pk", filter=dispatched & Q(handled_at__isnull=False)),
        reworked=Count("pk", filter=dispatched & Q(handled_at__isnull=False, rework_count__gt=0)),
        due_closure=Count("pk", filter=filed),
        closed=Count("pk", filter=filed & Q(closed_at__isnull=False)),
        on_time_closed=Count(
            "pk", filter=filed & Q(closed_at__isnull=False, closed_at__lte=F("close_due_at"))
        ),
        evaluated=Count("pk", filter=~Q(satisfaction="")),
        satisfaction_sum=Sum(_satisfaction_points(), filter=~Q(satisfaction="")),
    )
    return {r.pop(group): {k: int(v or 0) for k, v in r.items()} for r in rows if r[group] is not None}


def _cohort(user: User, start: datetime, end: datetime) -> QuerySet[Event]:
    return (
        Event.objects.visible_to(user)
        .filter(case__opened_at__gte=start, case__opened_at__lt=end)
        .exclude(case__state="void")
    )


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator * 100, 2) if denominator else None


def score_row(row: PerformanceRow, weights: PerformanceWeights) -> None:
    """Fill the rates, the satisfaction and the weighted score of one row (module docstring)."""
    c = row.counts
    row.rates = {
        "on_time_handling": _rate(c["on_time_handled"], c["due_handling"]),
        "closure": _rate(c["closed"], c["due_closure"]),
        "on_time_closure": _rate(c["on_time_closed"], c["due_closure"]),
        "rework": _rate(c["reworked"], c["handled"]),
    }
    row.satisfaction = round(c["satisfaction_sum"] / c["evaluated"], 2) if c["evaluated"] else None
    parts = {
        "reported": min(1.0, c["reported"] / weights.reported_target) * 100,
        "on_time_handling": row.rates["on_time_handling"],
        "closure": row.rates["closure"],
        "on_time_closure": row.rates["on_time_closure"],
        "rework": None if row.rates["rework"] is None else 100 - row.rates["rework"],
        "satisfaction": row.satisfaction,
        "visits": min(1.0, c["visits"] / weights.visits_target) * 100,
    }
    used = {k: getattr(weights, k) for k in WEIGHT_FIELDS if parts[k] is not None}
    total = sum(used.values())
    row.score = round(sum(parts[k] * w for k, w in used.items()) / total, 2) if total else None


def _rank(rows: list[PerformanceRow], weights: PerformanceWeights) -> list[PerformanceRow]:
    for row in rows:
        for name in COUNTS:
            row.counts.setdefault(name, 0)
        score_row(row, weights)
    rows.sort(key=lambda r: (-(r.score or 0), -r.counts["reported"], str(r.label)))
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
    return rows


def grid_performance(*, user: User, year: int, month: int) -> list[PerformanceRow]:
    """Every grid in the user's region, ranked for the month."""
    start, end = month_bounds(year, month)
    figures = _event_figures(_cohort(user, start, end), "case__region")
    visits = dict(
        Visit.objects.visible_to(user)
        .filter(visited_at__gte=start, visited_at__lt=end)
        .values("campaign_grid__grid")
        .annotate(n=Count("pk"))
        .values_list("campaign_grid__grid", "n")
    )
    rows = []
    for profile in GridProfile.objects.visible_to(user).select_related("region", "region__parent"):
        counts = dict(figures.get(profile.region_id, {}))
        counts["visits"] = visits.get(profile.region_id, 0)
        rows.append(
            PerformanceRow(profile.region.code, profile.region.name, profile.region.parent.name, counts)
        )
    return _rank(rows, weights_for(start.date()))


def worker_performance(*, user: User, year: int, month: int) -> list[PerformanceRow]:
    """Every active worker on the roster in the user's region, ranked for the month."""
    start, end = month_bounds(year, month)
    cohort = _cohort(user, start, end)
    figures = _event_figures(cohort, "case__region__grid_profile__assignments__worker__user")
    reported = dict(
        cohort.filter(source=Event.Source.GRID_WORKER, reporter__isnull=False)
        .values("reporter")
        .annotate(n=Count("pk"))
        .values_list("reporter", "n")
    )
    visits = dict(
        Visit.objects.visible_to(user)
        .filter(visited_at__gte=start, visited_at__lt=end)
        .values("worker")
        .annotate(n=Count("pk"))
        .values_list("worker", "n")
    )
    rows = []
    workers = (
        GridWorker.objects.visible_to(user)
        .filter(status=GridWorker.Status.ACTIVE)
        .select_related("user", "user__region")
    )
    for worker in workers:
        counts = dict(figures.get(worker.user_id, {}))
        counts["reported"] = reported.get(worker.user_id, 0)
        counts["visits"] = visits.get(worker.user_id, 0)
        rows.append(PerformanceRow(worker.user_id, str(worker.user), worker.user.region.name, counts))
    return _rank(rows, weights_for(start.date()))


EXPORT_HEADERS = (
    "排名", "名称", "所属区划", "上报数", "应处置数", "按期处置数", "按期处置率(%)", "处置数", "返工数",
    "返工率(%)", "应结案数", "结案数", "结案率(%)", "按期结案数", "按期结案率(%)", "评价数", "满意度",
    "走访户次", "综合得分",
)  # fmt: skip


def export_rows(rows: list[PerformanceRow]) -> list[list[Any]]:
    def v(value: float | None) -> float | str:
        return "—" if value is None else value

    out: list[list[Any]] = []
    for r in rows:
        c = r.counts
        out.append(
            [
                r.rank,
                r.label,
                r.region,
                c["reported"],
                c["due_handling"],
                c["on_time_handled"],
                v(r.rates["on_time_handling"]),
                c["handled"],
                c["reworked"],
                v(r.rates["rework"]),
                c["due_closure"],
                c["closed"],
                v(r.rates["closure"]),
                c["on_time_closed"],
                v(r.rates["on_time_closure"]),
                c["evaluated"],
                v(r.satisfaction),
                c["visits"],
                v(r.score),
            ]  # fmt: skip
        )
    return out
