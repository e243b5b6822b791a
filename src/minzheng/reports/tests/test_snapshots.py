"""Indicator snapshots: the dashboards answer from them; a write does not invalidate them; the worker refreshes
the figures somebody reads; a figure too old to show is recomputed in the request."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minzheng.core.models import Region
from minzheng.core.testing import CITY, GRID_A, client_for
from minzheng.registry.models import Person
from minzheng.reports import registry, snapshots
from minzheng.reports.models import IndicatorSnapshot
from minzheng.reports.registry import Aggregation, Query, indicator_register
from minzheng.reports.snapshots import (
    FORGET_AFTER,
    READ_RECENTLY,
    REFRESH_AFTER,
    snapshot_values,
    snapshots_refresh,
)
from minzheng.reports.tests import given

pytestmark = pytest.mark.django_db
YEAR = (date(2020, 1, 1), date(2020, 12, 31))


@pytest.fixture
def counted():
    """A test indicator that counts how often it is computed."""
    calls = []

    def people(region: Region, start: date, end: date) -> int:
        calls.append(region.code)
        return Person.objects.filter(region__path__startswith=region.path).count()

    indicator_register(
        code="test.snap_people", name="测试人数", unit="人", aggregation=Aggregation.SNAPSHOT,
        domain="registry", compute=people, depends_on=("registry.Person",),
    )  # fmt: skip
    yield calls
    registry._indicators.pop("test.snap_people")


def _query(code: str = "test.snap_people") -> Query:
    return Query(code, Region.objects.get(code=GRID_A), *YEAR)


def _refresh_tasks() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="snapshots_refresh_task").count()


@pytest.fixture
def two_people(personas):
    home = given.house(personas.grid_a, code="H-S1", grid=GRID_A)
    given.person(personas.grid_a, seq=11, home=home)
    return home


def test_a_figure_is_computed_once_then_read_from_its_snapshot(personas, two_people, counted):
    # given a figure asked for the first time
    first = snapshot_values([_query()])
    # when it is asked again
    second = snapshot_values([_query()])
    # then it was computed once and stored with the moment it was computed
    assert first.values == second.values == [1]
    assert counted == [GRID_A]
    row = IndicatorSnapshot.objects.get(code="test.snap_people")
    assert row.value == 1 and second.computed_at == row.computed_at and not second.refreshing


def test_a_write_does_not_invalidate_the_snapshot(personas, two_people, counted):
    snapshot_values([_query()])
    # when a person is registered (a committed write that renews the tables' cache versions)
    given.person(personas.grid_a, seq=13, home=two_people)
    # then the dashboard's figure is still the snapshot's, not recomputed
    assert snapshot_values([_query()]).values == [1]
    assert counted == [GRID_A]


def test_the_worker_refreshes_the_figures_somebody_reads(
    personas, two_people, counted, django_capture_on_commit_callbacks
):
    snapshot_values([_query()])
    given.person(personas.grid_a, seq=13, home=two_people)
    later = timezone.now() + REFRESH_AFTER + timedelta(seconds=1)
    # when the figure is read (twice) after the refresh interval
    with django_capture_on_commit_callbacks(execute=True):
        stale = snapshot_values([_query()], now=later)
        snapshot_values([_query()], now=later)
    # then the old figure is shown, marked as being refreshed, and one refresh is queued for the worker
    assert stale.values == [1] and stale.refreshing
    assert _refresh_tasks() == 1
    # and when the worker's refresh runs, the snapshot holds the new figure
    assert snapshots_refresh(now=later) == 1
    assert snapshot_values([_query()], now=later).values == [2]
    assert counted == [GRID_A, GRID_A]


def test_a_figure_read_after_a_quiet_night_is_shown_with_its_time_and_refreshed(
    personas, two_people, counted
):
    first = snapshot_values([_query()])
    given.person(personas.grid_a, seq=13, home=two_people)
    # when nobody read it for longer than the worker keeps figures fresh
    morning = timezone.now() + READ_RECENTLY + timedelta(hours=8)
    shown = snapshot_values([_query()], now=morning)
    # then the page answers at once with the evening's figure, saying when it was computed and that it is updating
    assert shown.values == [1] and shown.computed_at == first.computed_at and shown.refreshing
    assert counted == [GRID_A]
    # and the worker's refresh brings the new figure, since the read marked it as wanted again
    assert snapshots_refresh(now=morning) == 1
    assert snapshot_values([_query()], now=morning).values == [2]


def test_figures_nobody_reads_are_neither_refreshed_nor_kept(personas, two_people, counted):
    snapshot_values([_query()])
    # when the refresh runs long after the last read
    assert snapshots_refresh(now=timezone.now() + READ_RECENTLY + timedelta(minutes=1)) == 0
    assert counted == [GRID_A]
    # and after a month unread the row is forgotten
    snapshots_refresh(now=timezone.now() + FORGET_AFTER + timedelta(minutes=1))
    assert not IndicatorSnapshot.objects.exists()


def test_an_unregistered_figures_snapshot_is_dropped_by_the_refresh(personas, two_people, counted):
    snapshot_values([_query()])
    registry._indicators.pop("test.snap_people")
    try:
        snapshots_refresh(now=timezone.now() + REFRESH_AFTER + timedelta(seconds=1))
        assert not IndicatorSnapshot.objects.exists()
    finally:
        registry._indicators["test.snap_people"] = registry.Indicator(
            code="test.snap_people", name="测试人数", unit="人", aggregation=Aggregation.SNAPSHOT,
            domain="registry", compute=lambda r, s, e: 0,
        )  # fmt: skip


def test_the_dashboard_answers_from_snapshots_and_says_when_they_were_computed(
    personas, two_people, django_assert_max_num_queries
):
    client = client_for(personas.city)
    url = reverse("reports:dashboard", args=[CITY])
    assert client.get(url, {"year": 2020}).status_code == 200
    # when a person is registered and the dashboard is opened again
    given.person(personas.grid_a, seq=13, home=two_people)
    # session, user, 3 × regions, the snapshot rows (the region's own, then its districts' and months'):
    # no figure computed
    with django_assert_max_num_queries(10):
        response = client.get(url, {"year": 2020})
    # then it shows the snapshot's figure and when it was computed
    kpi = {k["indicator"].code: k["cell"].value for k in response.context["kpis"]}
    assert kpi["registry.persons"] == 1
    assert "数据更新于" in response.content.decode()
    # and once the worker refreshed it, the new figure
    snapshots_refresh(now=timezone.now() + REFRESH_AFTER + timedelta(seconds=1))
    response = client.get(url, {"year": 2020})
    assert {k["indicator"].code: k["cell"].value for k in response.context["kpis"]}["registry.persons"] == 2


@pytest.mark.slow
def test_the_last_seed_step_forgets_the_snapshots_and_computes_the_city_overview(personas, two_people):
    snapshot_values([_query("registry.persons")])
    summary = snapshots.snapshots_seed(scale=0.001)
    assert summary.startswith(f"已预先计算全市及4个区的综合看板（全市{timezone.localdate().year}年")
    assert not IndicatorSnapshot.objects.filter(region__code=GRID_A).exists()
    for code in (CITY, "460105", "460108"):
        assert IndicatorSnapshot.objects.filter(region__code=code, code="registry.persons").exists()


def test_a_new_figure_asked_by_two_requests_at_once_is_computed_once(
    personas, two_people, counted, monkeypatch
):
    # given another request already computing the same figure (it holds the figure's computing mark)
    real_add = snapshots.cache.add
    monkeypatch.setattr(
        snapshots.cache,
        "add",
        lambda key, *a, **kw: False if ":snapshot-computing:" in key else real_add(key, *a, **kw),
    )

    # and storing it while this request waits
    def other_request_stores(seconds: float) -> None:
        versions = registry.indicator_versions(["test.snap_people"])
        snapshots._store([_query()], [7], versions, now=timezone.now(), read=True)

    monkeypatch.setattr(snapshots.time, "sleep", other_request_stores)
    # when this request asks for it
    values = snapshot_values([_query()]).values
    # then it serves the other request's figure and computed nothing itself
    assert values == [7]
    assert counted == []


def _exact_query() -> Query:
    return Query("test.snap_people", Region.objects.get(code=GRID_A), date(2021, 1, 1), date(2021, 12, 31))


def _another_request_computing(monkeypatch) -> None:
    """The figure's tables are at data version "v1" (committed: this test's own rows are not pending), and another
    request holds the computing mark of the same figures at that version."""
    monkeypatch.setattr(snapshots, "indicator_versions", lambda codes: dict.fromkeys(codes, "v1"))
    real_add = snapshots.cache.add
    monkeypatch.setattr(
        snapshots.cache,
        "add",
        lambda key, *a, **kw: False if ":snapshot-computing:" in key else real_add(key, *a, **kw),
    )
    real_get = snapshots.cache.get
    monkeypatch.setattr(
        snapshots.cache,
        "get",
        lambda key, *a, **kw: 1 if ":snapshot-computing:" in key else real_get(key, *a, **kw),
    )


def test_an_exact_figure_asked_by_many_requests_at_once_is_computed_once(
    personas, two_people, counted, monkeypatch
):
    """After a data change every clerk opening the same indicator table asked for the same stale figures at once,
    and each computed them (a parallel scan of 3.4 M people apiece): every page of the site waited for the cores.
    Given another request computing the same figures at the same data version, when this request asks for them,
    then it waits for that request's rows at that version and serves them, computing nothing itself."""
    _another_request_computing(monkeypatch)

    def other_request_stores(seconds: float) -> None:
        snapshots._store([_exact_query()], [7], {"test.snap_people": "v1"}, now=timezone.now(), read=False)

    monkeypatch.setattr(snapshots.time, "sleep", other_request_stores)
    assert registry.indicator_values([_exact_query()]) == [7]
    assert counted == []


def test_a_waiting_request_never_serves_a_figure_of_another_data_version(
    personas, two_people, counted, monkeypatch
):
    """Exactness kept: given the other request stored the figure at an older data version (it read the tables
    before a write), when the wait is over, this request computes the figure itself from the records."""
    _another_request_computing(monkeypatch)
    monkeypatch.setattr(snapshots, "WAIT_FOR_OTHER", timedelta(seconds=0.5))
    clock = iter(range(1000))
    monkeypatch.setattr(snapshots.time, "monotonic", lambda: next(clock) * 0.2)

    def other_request_stores_an_old_version(seconds: float) -> None:
        snapshots._store([_exact_query()], [7], {"test.snap_people": "old"}, now=timezone.now(), read=False)

    monkeypatch.setattr(snapshots.time, "sleep", other_request_stores_an_old_version)
    assert registry.indicator_values([_exact_query()]) == [1]
    assert counted == [GRID_A]
