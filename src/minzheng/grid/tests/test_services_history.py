"""历史事件迁移 (services/history.py): an event recorded with its past flow in bulk equals, field by field,
the same event taken through event_report + event_act; the indicators and the performance scoring cannot
tell them apart; a bad item refuses the whole call."""

from datetime import date
from typing import Any

import pytest

from minzheng.casework.models import Case, CaseEvent
from minzheng.casework.services import CaseError
from minzheng.core.models import AuditEntry, Region, User
from minzheng.core.testing import GRID_A, GRID_B
from minzheng.grid import performance
from minzheng.grid.indicators import EVENT_TABLES
from minzheng.grid.models import Department, Event
from minzheng.grid.services import (
    EventHistory,
    EventStep,
    event_act,
    event_report,
    events_history_record,
)
from minzheng.grid.tests import given
from minzheng.grid.tests.given import at
from minzheng.reports.registry import indicator_list, indicator_value

pytestmark = pytest.mark.django_db

EVENT_FIELDS = [
    f.attname for f in Event._meta.concrete_fields if f.attname not in ("id", "case_id", "updated_at")
]
CASE_FIELDS = [f.attname for f in Case._meta.concrete_fields if f.attname not in ("id", "number")]


def _cast(personas, worker: User) -> dict[str, Any]:
    """The people of the stories: the grid's own worker, the town centre, the unit's operator, the hotline."""
    operator = User.objects.filter(username="chengguan").first() or given.operator()
    unit = Department.objects.filter(name="秀英区综合行政执法局").first() or given.department(
        users=(operator,)
    )
    hotline = User.objects.filter(username="rexian").first() or given.hotline()
    return {"grid": worker, "town": personas.town, "unit": operator, "hotline": hotline, "dept": unit}


def _stories(cast: dict[str, Any]) -> list[dict[str, Any]]:
    """Five events of March 2026, each with its report and steps (actor key, action, at, comment, extra)."""
    dept = {"department": cast["dept"]}
    return [
        # to a unit, fed back in time, verified, called back: 满意
        {"code": "0102", "opened": "2026-03-02 09:00", "steps": [
            ("town", "file", "2026-03-02 09:10", "", {}),
            ("town", "dispatch", "2026-03-02 09:20", "", dept),
            ("unit", "feedback", "2026-03-02 11:00", "已清理", {}),
            ("grid", "verify", "2026-03-02 15:00", "核查属实", {}),
            ("town", "evaluate", "2026-03-03 10:00", "", {"satisfaction": "satisfied"}),
        ]},
        # the grid itself, late, reworked, verified, reopened, sent to a unit that returns it, back to the grid
        {"code": "0102", "opened": "2026-03-03 09:00", "steps": [
            ("town", "file", "2026-03-03 09:10", "", {}),
            ("town", "dispatch_grid", "2026-03-03 09:20", "", {}),
            ("grid", "feedback", "2026-03-03 16:00", "已处理", {}),
            ("grid", "rework", "2026-03-04 09:00", "未清理干净", {}),
            ("grid", "feedback", "2026-03-04 10:00", "已清理干净", {}),
            ("grid", "verify", "2026-03-05 10:00", "", {}),
            ("town", "reopen", "2026-03-06 10:00", "群众不满意", {}),
            ("town", "dispatch", "2026-03-06 11:00", "", dept),
            ("unit", "return", "2026-03-06 14:00", "非本单位职责", {}),
            ("town", "dispatch_grid", "2026-03-06 15:00", "", {}),
        ]},
        # from the hotline, dispatched to the unit, not handled yet
        {"code": "0102", "opened": "2026-03-10 10:00", "source": "hotline", "steps": [
            ("hotline", "file", "2026-03-10 10:05", "", {}),
            ("hotline", "dispatch", "2026-03-10 10:10", "", dept),
        ]},
        # voided
        {"code": "0102", "opened": "2026-03-11 09:00", "steps": [
            ("town", "void", "2026-03-11 09:30", "重复上报", {}),
        ]},
        # a dispute (5 working days), handled the next day and verified
        {"code": "7101", "opened": "2026-03-16 09:00", "steps": [
            ("town", "file", "2026-03-16 09:10", "", {}),
            ("town", "dispatch_grid", "2026-03-16 09:20", "", {}),
            ("grid", "feedback", "2026-03-17 09:00", "双方已和解", {}),
            ("grid", "verify", "2026-03-17 15:00", "", {}),
        ]},
    ]  # fmt: skip


def _reporter(cast: dict[str, Any], story: dict[str, Any]) -> User:
    return cast["hotline"] if story.get("source") == "hotline" else cast["grid"]


def _through_services(cast: dict[str, Any], grid: Region, story: dict[str, Any]) -> Event:
    event = event_report(
        actor=_reporter(cast, story), category=given.category(story["code"]), description="路边有暴露垃圾",
        source=story.get("source", "grid_worker"), grid=grid, address="海秀路1号", at=at(story["opened"]),
    )  # fmt: skip
    for who, action, when, comment, extra in story["steps"]:
        event_act(actor=cast[who], event=event, action=action, comment=comment, at=at(when), **extra)
    return event


def _history(cast: dict[str, Any], grid: Region, story: dict[str, Any]) -> EventHistory:
    steps = [
        EventStep(
            action,
            cast[who].pk,
            at(when),
            comment,
            department=extra["department"].pk if "department" in extra else None,
            satisfaction=extra.get("satisfaction", ""),
        )  # fmt: skip
        for who, action, when, comment, extra in story["steps"]
    ]
    return EventHistory(
        grid=grid.pk, category=given.category(story["code"]).pk, description="路边有暴露垃圾",
        opened_at=at(story["opened"]), steps=steps, source=story.get("source", "grid_worker"),
        reporter=_reporter(cast, story).pk, address="海秀路1号",
    )  # fmt: skip


def _row(obj: Any, fields: list[str]) -> dict[str, Any]:
    obj.refresh_from_db()
    return {f: getattr(obj, f) for f in fields}


def _timeline(case_id: int) -> list[tuple]:
    return list(
        CaseEvent.objects.filter(case_id=case_id)
        .order_by("at", "id")
        .values_list("action", "action_label", "from_state", "to_state", "at", "actor_id", "comment")
    )


def test_an_event_recorded_in_bulk_equals_the_same_event_taken_through_the_services(personas):
    # given five stories of grid A's events in March 2026
    given.worker(personas.grid_a)
    cast = _cast(personas, personas.grid_a)
    grid = Region.objects.get(code=GRID_A)
    stories = _stories(cast)
    # when each is taken through event_report + event_act, and recorded again by the history service
    served = [_through_services(cast, grid, s) for s in stories]
    assert events_history_record(actor=personas.town, events=[_history(cast, grid, s) for s in stories]) == 5
    recorded = list(Event.objects.exclude(pk__in=[e.pk for e in served]).order_by("case__opened_at", "pk"))
    # then every field of the event, of its case and of its timeline is the same
    assert len(recorded) == 5
    for a, b in zip(served, recorded, strict=True):
        assert _row(b, EVENT_FIELDS) == _row(a, EVENT_FIELDS)
        assert _row(b.case, CASE_FIELDS) == _row(a.case, CASE_FIELDS)
        assert _timeline(b.case_id) == _timeline(a.case_id)
        assert b.case.number[:12] == a.case.number[:12]
    states = [e.case.state for e in recorded]
    assert states == ["evaluated", "to_grid", "to_department", "void", "closed"]


def _event_indicators() -> list[str]:
    return sorted(
        i.code
        for i in indicator_list()
        if i.code.startswith("grid.") and {d.lower() for d in i.depends_on} & set(EVENT_TABLES)
    )


def _figures(region: Region) -> dict[str, int]:
    start, end = date(2026, 3, 1), date(2026, 3, 31)
    return {code: indicator_value(code, region=region, start=start, end=end) for code in _event_indicators()}


def _scored(rows: list[performance.PerformanceRow], key: Any) -> dict[str, Any]:
    row = next(r for r in rows if r.key == key)
    return {"counts": row.counts, "rates": row.rates, "satisfaction": row.satisfaction, "score": row.score}


def test_indicators_and_performance_are_the_same_for_services_and_bulk(personas):
    # given the same stories: in grid A through the services, in grid B by the history service
    given.worker(personas.grid_a)
    given.worker(personas.grid_b)
    grid_a, grid_b = Region.objects.get(code=GRID_A), Region.objects.get(code=GRID_B)
    cast_a, cast_b = _cast(personas, personas.grid_a), _cast(personas, personas.grid_b)
    for story in _stories(cast_a):
        _through_services(cast_a, grid_a, story)
    figures_b_before = _figures(grid_b)
    # when grid B's history is recorded
    events_history_record(actor=None, events=(_history(cast_b, grid_b, s) for s in _stories(cast_b)))
    # then every event indicator of grid B equals grid A's (and moved: the cache was not served stale)
    assert "grid.events_closed" in _event_indicators()
    assert _figures(grid_b) == _figures(grid_a)
    assert _figures(grid_b) != figures_b_before
    # and the performance of the grids and of their workers is scored the same
    grids = performance.grid_performance(user=personas.town, year=2026, month=3)
    assert _scored(grids, GRID_B) == _scored(grids, GRID_A)
    assert _scored(grids, GRID_A)["counts"]["reported"] == 4
    workers = performance.worker_performance(user=personas.town, year=2026, month=3)
    assert _scored(workers, personas.grid_b.pk) == _scored(workers, personas.grid_a.pk)


def _refused(cast: dict, actor: User | None, stories: list[dict[str, Any]], grid: Region, match: str) -> None:
    events = [_history(cast, grid, s) for s in stories]
    audits = AuditEntry.objects.count()
    with pytest.raises(CaseError, match=match):  # GridError for the grid's checks, a subclass
        events_history_record(actor=actor, events=events, batch_size=2)
    assert not Event.objects.exists() and not Case.objects.exists()
    assert AuditEntry.objects.count() == audits


def test_a_grid_outside_the_migrating_users_region_is_refused(personas):
    # given grid A's community worker migrating grid B's events, when recorded, then nothing is written
    given.worker(personas.grid_b)
    cast = _cast(personas, personas.grid_b)
    grid_b = Region.objects.get(code=GRID_B)
    _refused(cast, personas.community, _stories(cast), grid_b, r"^第1项：“.*”不在您的管辖范围内")


def test_the_grids_side_of_a_step_is_checked_and_refuses_the_whole_call(personas):
    given.worker(personas.grid_a)
    cast = _cast(personas, personas.grid_a)
    grid = Region.objects.get(code=GRID_A)
    good = _stories(cast)[0]
    # a callback without a satisfaction
    no_satisfaction = {
        **good,
        "steps": [*good["steps"][:4], ("town", "evaluate", "2026-03-03 10:00", "", {})],
    }
    _refused(cast, None, [good, good, no_satisfaction], grid, r"^第3项第5步（回访评价）：请选择满意度")
    # a unit of another district
    far = given.department(name="美兰区环卫局", region="460108", users=(cast["unit"],))
    dispatched_far = {
        **good,
        "steps": [good["steps"][0], ("town", "dispatch", "2026-03-02 09:20", "", {"department": far})],
    }
    _refused(cast, None, [good, dispatched_far], grid, r"^第2项第2步（派遣至处置单位）：“美兰区环卫局”不负责")
    # a feedback by someone who is not the unit's member
    outsider = given.operator("waiguan")
    cast["outsider"] = outsider
    steps = [*good["steps"][:2], ("outsider", "feedback", "2026-03-02 11:00", "已清理", {})]
    _refused(cast, None, [{**good, "steps": steps}], grid, r"^第1项第3步（处置反馈）：操作人不是“秀英区")


def test_a_step_the_engine_refuses_names_the_item_and_step(personas):
    given.worker(personas.grid_a)
    cast = _cast(personas, personas.grid_a)
    grid = Region.objects.get(code=GRID_A)
    good = _stories(cast)[0]
    # the grid worker may not file (受理立案)
    wrong = {**good, "steps": [("grid", "file", "2026-03-02 09:10", "", {})]}
    _refused(cast, None, [good, wrong], grid, r"^第2项第1步（受理立案）：您的角色（.+）不能执行“受理立案”")
