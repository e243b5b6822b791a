"""Figures of grid governance for the indicator registry (reports): each ``compute(region, start, end)``
is one set-based query over the region's subtree and the period (dates inclusive) returning an integer;
ratios are in basis points (1/10000). :func:`indicator_specs` gives the registration arguments of each
(``grid/contributions.py`` registers them; this module imports nothing of reports).

Seed document figures they reproduce: 4,667 grids (2,465 urban + 2,202 rural), 2,331 grid workers,
360,000 events handled in 2020, 2,500 person-times of training, 33,600 people screened.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from minzheng.core.models import Region
from minzheng.grid.casetypes import GridEvent
from minzheng.grid.categories import TREE
from minzheng.grid.models import (
    Campaign,
    CampaignGrid,
    Event,
    GridAssignment,
    GridProfile,
    GridWorker,
    MedicalObservation,
    TrainingRecord,
    Visit,
)
from minzheng.grid.rules import SATISFACTION_SCORES

EVENT_TABLES = ("grid.event", "casework.case")


def _span(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def _events(region: Region, start: date, end: date) -> QuerySet[Event]:
    """Events located in the region's subtree, opened in the period, not voided."""
    lo, hi = _span(start, end)
    return Event.objects.filter(
        case__region__path__startswith=region.path, case__opened_at__gte=lo, case__opened_at__lt=hi
    ).exclude(case__state="void")


def _bp(numerator: int, denominator: int) -> int:
    return round(numerator * 10000 / denominator) if denominator else 0


# --- grids and workers ---------------------------------------------------------------------------------


def grids_by_type(grid_type: str | None) -> Callable[[Region, date, date], int]:
    def compute(region: Region, start: date, end: date) -> int:
        qs = GridProfile.objects.filter(region__path__startswith=region.path)
        return (qs.filter(grid_type=grid_type) if grid_type else qs).count()

    compute.__qualname__ = f"grids_by_type[{grid_type or 'all'}]"
    return compute


def workers_active(region: Region, start: date, end: date) -> int:
    """网格员 on the roster and in post (as now)."""
    return GridWorker.objects.filter(
        user__region__path__startswith=region.path, status=GridWorker.Status.ACTIVE
    ).count()


def _workers_rural_marked(region: Region) -> QuerySet[GridWorker]:
    """Workers in post in the region's subtree, each marked with whether one of their grids is rural."""
    rural = GridAssignment.objects.filter(worker=OuterRef("pk"), grid__grid_type=GridProfile.Type.RURAL)
    return GridWorker.objects.filter(
        user__region__path__startswith=region.path, status=GridWorker.Status.ACTIVE
    ).annotate(rural=Exists(rural))


def workers_urban(region: Region, start: date, end: date) -> int:
    """社区网格员：在岗网格员中，负责的网格没有农村网格的（现有数）。"""
    return _workers_rural_marked(region).filter(rural=False).count()


def workers_rural(region: Region, start: date, end: date) -> int:
    """农村网格员：在岗网格员中，负责至少一个农村网格的（现有数）。"""
    return _workers_rural_marked(region).filter(rural=True).count()


def training_person_times(region: Region, start: date, end: date) -> int:
    return TrainingRecord.objects.filter(
        worker__user__region__path__startswith=region.path, held_on__gte=start, held_on__lte=end
    ).count()


# --- events --------------------------------------------------------------------------------------------


def events_reported(region: Region, start: date, end: date) -> int:
    return _events(region, start, end).count()


def events_closed(region: Region, start: date, end: date) -> int:
    """Events closed (核查结案) in the period, wherever they were opened."""
    lo, hi = _span(start, end)
    return Event.objects.filter(
        case__region__path__startswith=region.path, closed_at__gte=lo, closed_at__lt=hi
    ).count()


def events_open_at_end(region: Region, start: date, end: date) -> int:
    """Events opened by the end of the period and not finished (评价/作废) by then."""
    _, hi = _span(start, end)
    return Event.objects.filter(
        Q(case__closed_at__isnull=True) | Q(case__closed_at__gte=hi),
        case__region__path__startswith=region.path,
        case__opened_at__lt=hi,
    ).count()


def events_in_state(state: str) -> Callable[[Region, date, date], int]:
    def compute(region: Region, start: date, end: date) -> int:
        lo, hi = _span(start, end)
        return Event.objects.filter(
            case__region__path__startswith=region.path,
            case__opened_at__gte=lo,
            case__opened_at__lt=hi,
            case__state=state,
        ).count()

    compute.__qualname__ = f"events_in_state[{state}]"
    return compute


def events_in_category(code: str) -> Callable[[Region, date, date], int]:
    def compute(region: Region, start: date, end: date) -> int:
        return (
            _events(region, start, end)
            .filter(Q(category__code=code) | Q(category__parent__code=code))
            .count()
        )

    compute.__qualname__ = f"events_in_category[{code}]"
    return compute


def _cohort_figures(region: Region, start: date, end: date) -> dict[str, int]:
    dispatched = Q(dispatched_at__isnull=False)
    filed = Q(filed_at__isnull=False)
    return _events(region, start, end).aggregate(
        due_handling=Count("pk", filter=dispatched),
        on_time_handled=Count("pk", filter=dispatched & Q(handled_on_time=True)),
        handled=Count("pk", filter=dispatched & Q(handled_at__isnull=False)),
        reworked=Count("pk", filter=dispatched & Q(handled_at__isnull=False, rework_count__gt=0)),
        due_closure=Count("pk", filter=filed),
        closed=Count("pk", filter=filed & Q(closed_at__isnull=False)),
        on_time_closed=Count(
            "pk", filter=filed & Q(closed_at__isnull=False, closed_at__lte=F("close_due_at"))
        ),
    )


def closure_rate(region: Region, start: date, end: date) -> int:
    """结案率 = 结案数 / 应结案数 of the events opened in the period (performance.py), basis points."""
    f = _cohort_figures(region, start, end)
    return _bp(f["closed"], f["due_closure"])


def on_time_closure_rate(region: Region, start: date, end: date) -> int:
    f = _cohort_figures(region, start, end)
    return _bp(f["on_time_closed"], f["due_closure"])


def on_time_handling_rate(region: Region, start: date, end: date) -> int:
    f = _cohort_figures(region, start, end)
    return _bp(f["on_time_handled"], f["due_handling"])


def rework_rate(region: Region, start: date, end: date) -> int:
    f = _cohort_figures(region, start, end)
    return _bp(f["reworked"], f["handled"])


def satisfaction_score(region: Region, start: date, end: date) -> int:
    """Mean callback score (满意 100, 基本满意 60, 不满意 0) × 100, of events opened in the period."""
    counts = dict(
        _events(region, start, end)
        .exclude(satisfaction="")
        .values("satisfaction")
        .annotate(n=Count("pk"))
        .values_list("satisfaction", "n")
    )
    total = sum(counts.values())
    points = sum(SATISFACTION_SCORES[k] * n for k, n in counts.items())
    return round(points * 100 / total) if total else 0


def events_overdue_now(region: Region, start: date, end: date) -> int:
    """Open events past their step deadline at this moment (a snapshot of now, whatever the period)."""
    return Event.objects.filter(
        case__region__path__startswith=region.path,
        case__closed_at__isnull=True,
        case__state_due_at__lt=timezone.now(),
    ).count()


# --- campaigns and collection ----------------------------------------------------------------------------


def campaign_grids(region: Region, start: date, end: date) -> int:
    """疫情防控排查任务在期间内进行时下达到的不重复网格数（2020年：4479个）。"""
    return (
        CampaignGrid.objects.filter(
            grid__path__startswith=region.path,
            campaign__kind=Campaign.Kind.EPIDEMIC,
            campaign__starts_on__lte=end,
            campaign__ends_on__gte=start,
        )
        .values("grid_id")
        .distinct()
        .count()
    )


def _visits(region: Region, start: date, end: date) -> QuerySet[Visit]:
    lo, hi = _span(start, end)
    return Visit.objects.filter(
        campaign_grid__grid__path__startswith=region.path, visited_at__gte=lo, visited_at__lt=hi
    )


def visits_done(region: Region, start: date, end: date) -> int:
    return _visits(region, start, end).count()


def people_screened(region: Region, start: date, end: date) -> int:
    """People seen at the door in campaign visits (33,600 screened in 2020)."""
    return _visits(region, start, end).aggregate(n=Sum("people_seen"))["n"] or 0


def newcomers_found(region: Region, start: date, end: date) -> int:
    return _visits(region, start, end).aggregate(n=Sum("newcomers"))["n"] or 0


def observations_started(region: Region, start: date, end: date) -> int:
    return MedicalObservation.objects.filter(
        grid__path__startswith=region.path, starts_on__gte=start, starts_on__lte=end
    ).count()


def people_collected(region: Region, start: date, end: date) -> int:
    """People entered in the registry (采集) in the period, by where they are managed."""
    from minzheng.registry.models import Person

    lo, hi = _span(start, end)
    return Person.objects.filter(
        region__path__startswith=region.path, created_at__gte=lo, created_at__lt=hi
    ).count()


def houses_collected(region: Region, start: date, end: date) -> int:
    from minzheng.registry.models import House

    lo, hi = _span(start, end)
    return House.objects.filter(
        grid__path__startswith=region.path, created_at__gte=lo, created_at__lt=hi
    ).count()


# --- the registration arguments ------------------------------------------------------------------------------


def _spec(
    code: str,
    name: str,
    unit: str,
    aggregation: str,
    compute: Any,
    depends_on: tuple[str, ...],
    description: str = "",
) -> dict[str, Any]:
    return {
        "code": f"grid.{code}",
        "name": name,
        "unit": unit,
        "aggregation": aggregation,
        "domain": "grid",
        "compute": compute,
        "depends_on": depends_on,
        "description": description,
        "trend": aggregation != "snapshot",
    }


def indicator_specs() -> list[dict[str, Any]]:
    """Keyword arguments of ``reports.registry.indicator_register`` for every grid indicator."""
    grids = ("grid.gridprofile",)
    roster = ("grid.gridworker", "grid.gridassignment", "grid.gridprofile", "core.user")
    specs = [
        _spec("grids", "网格数", "个", "snapshot", grids_by_type(None), grids),
        _spec("grids_urban", "城镇网格数", "个", "snapshot", grids_by_type(GridProfile.Type.URBAN), grids),
        _spec("grids_rural", "农村网格数", "个", "snapshot", grids_by_type(GridProfile.Type.RURAL), grids),
        _spec("grids_dedicated", "专属网格数", "个", "snapshot", grids_by_type(GridProfile.Type.DEDICATED), grids),
        _spec("workers", "在岗网格员数", "人", "snapshot", workers_active, ("grid.gridworker", "core.user")),
        _spec("workers_urban", "社区网格员", "名", "snapshot", workers_urban, roster,
              "在岗网格员中，负责的网格均不是农村网格的"),
        _spec("workers_rural", "农村网格员", "名", "snapshot", workers_rural, roster,
              "在岗网格员中，负责至少一个农村网格的"),
        _spec("training", "网格员培训人次", "人次", "sum", training_person_times, ("grid.trainingrecord",)),
        _spec("events_reported", "上报事件数", "件", "sum", events_reported, EVENT_TABLES),
        _spec("events_closed", "结案事件数", "件", "sum", events_closed, EVENT_TABLES),
        _spec("events_open", "期末在办事件数", "件", "snapshot", events_open_at_end, EVENT_TABLES),
        _spec("events_overdue", "当前超期事件数", "件", "snapshot", events_overdue_now, EVENT_TABLES,
              "不随期间变化，取当前时点"),
        _spec("closure_rate", "结案率", "万分比", "ratio", closure_rate, EVENT_TABLES, "结案数/应结案数"),
        _spec("on_time_closure_rate", "按期结案率", "万分比", "ratio", on_time_closure_rate, EVENT_TABLES),
        _spec("on_time_handling_rate", "按期处置率", "万分比", "ratio", on_time_handling_rate, EVENT_TABLES),
        _spec("rework_rate", "返工率", "万分比", "ratio", rework_rate, EVENT_TABLES, "返工数/处置数"),
        _spec("satisfaction", "回访满意度", "万分比", "ratio", satisfaction_score, EVENT_TABLES),
        _spec("campaign_grids", "疫情排查覆盖网格", "个", "count", campaign_grids,
              ("grid.campaigngrid", "grid.campaign"), "期间内进行的疫情防控排查任务下达到的不重复网格"),
        _spec("visits", "入户走访户次", "户次", "sum", visits_done, ("grid.visit",)),
        _spec("people_screened", "排查人数", "人", "sum", people_screened, ("grid.visit",)),
        _spec("newcomers", "排查新到人员数", "人", "sum", newcomers_found, ("grid.visit",)),
        _spec("observations", "居家医学观察人数", "人", "sum", observations_started, ("grid.medicalobservation",)),
        _spec("people_collected", "采集人口数", "人", "sum", people_collected, ("registry.person",)),
        _spec("houses_collected", "采集房屋数", "套", "sum", houses_collected, ("registry.house",)),
    ]  # fmt: skip
    for state, label in GridEvent.states.items():
        specs.append(
            _spec(
                f"events_state_{state}",
                f"事件数（{label}）",
                "件",
                "count",
                events_in_state(state),
                EVENT_TABLES,
                "期间内上报、当前处于该状态的事件",
            )  # fmt: skip
        )
    for code, name, _, _ in TREE:  # the major classes loaded on a fresh system (categories.py)
        specs.append(
            _spec(
                f"events_category_{code}",
                f"事件数（{name}）",
                "件",
                "sum",
                events_in_category(code),
                EVENT_TABLES,
            )
        )
    return specs
