"""Performance by grid and by worker for a month: the figures equal an independent computation from the
fixture's own description of each event (what happened, on time or not, judged by hand from its times)."""

from dataclasses import dataclass
from datetime import date

import pytest

from minzheng.core.testing import GRID_A, GRID_B
from minzheng.grid import performance
from minzheng.grid.models import Campaign, Event
from minzheng.grid.services import (
    campaign_create,
    campaign_grids_assign,
    event_act,
    event_report,
    performance_weights_set,
    visit_record,
)
from minzheng.grid.tests import given
from minzheng.grid.tests.given import at

pytestmark = pytest.mark.django_db


@dataclass
class Spec:
    """One fixture event as the test author reads it (the flags are not taken from the system)."""

    grid: str
    opened: str
    by_hotline: bool = False
    void: bool = False
    filed: bool = True
    handler: str | None = None  # "unit" or "grid": dispatched to
    feedback: str | None = None
    on_time: bool = False  # first feedback before the first handling deadline
    rework: tuple[str, str] | None = None  # (rework at, second feedback at)
    verify: str | None = None
    closed_on_time: bool = False  # verified by the first deadline + 1 working day
    satisfaction: str = ""
    category: str = "0102"  # 4 working hours


SPECS = [
    # grid A: dispatched 09:20 → due 13:20; fed back 11:00; verified the same day; 满意
    Spec(GRID_A, "2026-03-02 09:00", handler="unit", feedback="2026-03-02 11:00", on_time=True,
         verify="2026-03-02 15:00", closed_on_time=True, satisfaction="satisfied"),
    # grid A: due 13:20, fed back 16:00 (late), reworked, verified 03-05 (after 03-04 end of day: late); 基本满意
    Spec(GRID_A, "2026-03-03 09:00", handler="grid", feedback="2026-03-03 16:00",
         rework=("2026-03-04 09:00", "2026-03-04 10:00"), verify="2026-03-05 10:00", satisfaction="basic"),
    # grid A: from the hotline, dispatched, not handled yet
    Spec(GRID_A, "2026-03-10 10:00", by_hotline=True, handler="unit"),
    # grid A: voided (not in the cohort)
    Spec(GRID_A, "2026-03-11 09:00", void=True, filed=False),
    # grid A: a dispute (5 working days), handled and verified the next day, not called back
    Spec(GRID_A, "2026-03-16 09:00", handler="grid", feedback="2026-03-17 09:00", on_time=True,
         verify="2026-03-17 15:00", closed_on_time=True, category="7101"),
    # grid A: last month (not in the cohort)
    Spec(GRID_A, "2026-02-27 09:00", handler="grid", feedback="2026-02-27 10:00", on_time=True,
         verify="2026-02-27 11:00", closed_on_time=True),
    # grid B: on time all along; 不满意
    Spec(GRID_B, "2026-03-12 09:00", handler="grid", feedback="2026-03-12 10:00", on_time=True,
         verify="2026-03-12 11:00", closed_on_time=True, satisfaction="dissatisfied"),
    # grid B: reported, not filed yet
    Spec(GRID_B, "2026-03-13 09:00", filed=False),
]  # fmt: skip
VISITS = [
    (GRID_A, "HH-A1", "met"),
    (GRID_A, "HH-A2", "absent"),
    (GRID_A, "HH-A2", "met"),
    (GRID_B, "HH-B1", "met"),
]
WEIGHTS = {
    "reported": 10, "on_time_handling": 25, "closure": 20, "on_time_closure": 10, "rework": 10,
    "satisfaction": 15, "visits": 10,
}  # fmt: skip
TARGETS = {"reported_target": 10, "visits_target": 4}


def _play(spec: Spec, personas, officer, unit, hotline) -> None:
    worker = personas.grid_a if spec.grid == GRID_A else personas.grid_b
    day = spec.opened[:10]
    event = event_report(
        actor=hotline if spec.by_hotline else worker,
        category=given.category(spec.category),
        description="x",
        source=Event.Source.HOTLINE if spec.by_hotline else Event.Source.GRID_WORKER,
        grid=worker.region,
        at=at(spec.opened),
    )
    if spec.void:
        event_act(actor=personas.town, event=event, action="void", comment="重复", at=at(f"{day} 09:05"))
        return
    if not spec.filed:
        return
    event_act(actor=personas.town, event=event, action="file", at=at(f"{day} 09:10"))
    if spec.handler is None:
        return
    if spec.handler == "unit":
        event_act(actor=personas.town, event=event, action="dispatch", department=unit, at=at(f"{day} 09:20"))
    else:
        event_act(actor=personas.town, event=event, action="dispatch_grid", at=at(f"{day} 09:20"))
    handler = officer if spec.handler == "unit" else worker
    if spec.feedback is None:
        return
    event_act(actor=handler, event=event, action="feedback", comment="已处置", at=at(spec.feedback))
    if spec.rework:
        event_act(actor=worker, event=event, action="rework", comment="未到位", at=at(spec.rework[0]))
        event_act(actor=handler, event=event, action="feedback", comment="已返工", at=at(spec.rework[1]))
    event_act(actor=worker, event=event, action="verify", at=at(spec.verify))
    if spec.satisfaction:
        event_act(
            actor=personas.town, event=event, action="evaluate", satisfaction=spec.satisfaction,
            at=at(f"{spec.verify[:10]} 17:00"),
        )  # fmt: skip


@pytest.fixture
def month(personas, monkeypatch):
    officer = given.operator()
    unit = given.department(users=(officer,))
    given.worker(personas.grid_a)
    given.worker(personas.grid_b)
    hotline = given.hotline()
    for spec in SPECS:
        _play(spec, personas, officer, unit, hotline)
    # visits in a March campaign (the campaign check reads "today": pretend it is March)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 3, 20))
    campaign = campaign_create(
        actor=personas.town, title="排查", kind=Campaign.Kind.NEWCOMER, region=personas.town.region,
        starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 31),
    )  # fmt: skip
    households = {
        number: given.household(number, grid=grid) for grid, number in {(g, n) for g, n, _ in VISITS}
    }
    rows = {r.grid.code: r for r in campaign_grids_assign(actor=personas.town, campaign=campaign, grids=[
        personas.grid_a.region, personas.grid_b.region])}  # fmt: skip
    for n, (grid, number, result) in enumerate(VISITS):
        worker = personas.grid_a if grid == GRID_A else personas.grid_b
        visit_record(actor=worker, campaign_grid=rows[grid], household=households[number], result=result,
                     people_seen=2 if result == "met" else 0, at=at(f"2026-03-1{n} 10:00"))  # fmt: skip
    # the city's weights: an old version and the one in force in March
    performance_weights_set(
        actor=personas.city, effective_from=date(2026, 1, 1), weights={**WEIGHTS, "reported": 20, "visits": 0}
    )
    performance_weights_set(actor=personas.city, effective_from=date(2026, 3, 1), weights=WEIGHTS, **TARGETS)
    return personas


def _expected(specs: list[Spec], *, reported: int, visits: int) -> dict:
    """The month's figures, computed from the specs alone."""
    cohort = [s for s in specs if s.opened.startswith("2026-03") and not s.void]
    dispatched = [s for s in cohort if s.handler]
    handled = [s for s in dispatched if s.feedback]
    filed = [s for s in cohort if s.filed]
    closed = [s for s in filed if s.verify]
    points = {"satisfied": 100, "basic": 60, "dissatisfied": 0}
    called = [points[s.satisfaction] for s in cohort if s.satisfaction]

    def pct(a: int, b: int) -> float | None:
        return round(a * 100 / b, 2) if b else None

    rates = {
        "on_time_handling": pct(sum(s.on_time for s in dispatched), len(dispatched)),
        "closure": pct(len(closed), len(filed)),
        "on_time_closure": pct(sum(s.closed_on_time for s in closed), len(filed)),
        "rework": pct(sum(bool(s.rework) for s in handled), len(handled)),
    }
    satisfaction = round(sum(called) / len(called), 2) if called else None
    parts = {
        "reported": min(1, reported / TARGETS["reported_target"]) * 100,
        "on_time_handling": rates["on_time_handling"],
        "closure": rates["closure"],
        "on_time_closure": rates["on_time_closure"],
        "rework": None if rates["rework"] is None else 100 - rates["rework"],
        "satisfaction": satisfaction,
        "visits": min(1, visits / TARGETS["visits_target"]) * 100,
    }
    used = {k: w for k, w in WEIGHTS.items() if parts[k] is not None}
    score = round(sum(parts[k] * w for k, w in used.items()) / sum(used.values()), 2)
    return {
        "rates": rates,
        "satisfaction": satisfaction,
        "score": score,
        "reported": reported,
        "visits": visits,
    }


def _row(rows, key):
    return next(r for r in rows if r.key == key)


def _check(row, expected) -> None:
    assert row.rates == pytest.approx(expected["rates"])
    assert row.satisfaction == pytest.approx(expected["satisfaction"])
    assert row.counts["reported"] == expected["reported"]
    assert row.counts["visits"] == expected["visits"]
    assert row.score == pytest.approx(expected["score"])


def test_grid_figures_equal_an_independent_computation(month):
    rows = performance.grid_performance(user=month.city, year=2026, month=3)
    a = [s for s in SPECS if s.grid == GRID_A]
    b = [s for s in SPECS if s.grid == GRID_B]
    march = [s for s in a if s.opened.startswith("2026-03") and not s.void]
    _check(_row(rows, GRID_A), _expected(a, reported=len(march), visits=3))
    _check(_row(rows, GRID_B), _expected(b, reported=2, visits=1))
    assert _row(rows, GRID_A).rates["rework"] == pytest.approx(33.33)
    # ranked by score
    assert [r.rank for r in rows] == [1, 2] and rows[0].score >= rows[1].score


def test_worker_figures_equal_an_independent_computation(month):
    rows = performance.worker_performance(user=month.city, year=2026, month=3)
    a = [s for s in SPECS if s.grid == GRID_A]
    b = [s for s in SPECS if s.grid == GRID_B]
    own_reports_a = sum(1 for s in a if s.opened.startswith("2026-03") and not s.void and not s.by_hotline)
    _check(_row(rows, month.grid_a.pk), _expected(a, reported=own_reports_a, visits=3))
    _check(_row(rows, month.grid_b.pk), _expected(b, reported=2, visits=1))


def test_a_grid_worker_sees_only_their_own_grid(month):
    rows = performance.grid_performance(user=month.grid_b, year=2026, month=3)
    assert [r.key for r in rows] == [GRID_B]


def test_weights_are_checked_and_only_the_city_sets_them(personas):
    from django.core.exceptions import PermissionDenied

    from minzheng.grid.services import GridError

    with pytest.raises(GridError, match="之和须为100"):
        performance_weights_set(
            actor=personas.city, effective_from=date(2026, 1, 1), weights={**WEIGHTS, "visits": 11}
        )
    with pytest.raises(PermissionDenied):
        performance_weights_set(actor=personas.district, effective_from=date(2026, 1, 1), weights=WEIGHTS)
