"""What a dashboard page costs: read from snapshots once the seed (or an earlier visit) computed them, and on a
first visit only the figures its own totals do not already make certain (issue 12: ~600 queries a cold page)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minzheng.core.models import Region
from minzheng.core.testing import CITY, DISTRICT, client_for
from minzheng.reports import registry, snapshots
from minzheng.reports.dashboards import dashboard_domains
from minzheng.reports.models import IndicatorSnapshot
from minzheng.reports.registry import Aggregation, indicator_register
from minzheng.reports.tasks import dashboard_children_warm_task
from minzheng.reports.tests import given

pytestmark = pytest.mark.django_db
# session, user, the region and its children and trail, the snapshot rows (the region's own, then its
# children's and months'), and the year to open on: every year's stored rows in one read, for the region and for
# each region above it (a district's: its city's too, and the city itself) — 8 on the city, 11 on a district.
# Before every year's rows were read at once it was one read per year looked back, for the region alone.
WARM_PAGE_QUERIES = 11


@pytest.fixture
def people(personas):
    home = given.house(personas.grid_a, code="H-C1", grid="460105001001001")
    given.person(personas.grid_a, seq=21, home=home)
    given.person(personas.grid_a, seq=23, home=home)
    return personas


def _queries(user, code: str, **query) -> tuple[int, int]:
    client = client_for(user)
    client.get("/")  # the session, not measured
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("reports:dashboard", args=[code]), query)
    return response.status_code, len(captured.captured_queries)


@pytest.mark.slow
def test_after_the_last_seed_step_every_dashboard_of_the_city_and_a_district_reads_snapshots(
    people, monkeypatch
):
    # given the last seed step, which computes the city's and each district's dashboards (and figures that stay
    # fresh however slowly this test runs: past REFRESH_AFTER a page also asks the worker to refresh them)
    monkeypatch.setattr(snapshots, "REFRESH_AFTER", timedelta(days=1))
    snapshots.snapshots_seed(scale=0.001)
    # when the city manager and a district reviewer open every dashboard the first time
    costs = {
        (user.username, domain): _queries(user, code, domain=domain)
        for user, code in ((people.city, CITY), (people.district, DISTRICT))
        for domain, _label in dashboard_domains()
    }
    # then each answers from the snapshots, computing no figure
    assert all(status == 200 for status, _n in costs.values()), costs
    assert max(n for _status, n in costs.values()) <= WARM_PAGE_QUERIES, costs


@pytest.fixture
def counted():
    """A count of events that happened nowhere, noting each region and period it is computed for."""
    calls: list[tuple[str, date]] = []

    def nothing(region: Region, start: date, end: date) -> int:
        calls.append((region.code, start))
        return 0

    indicator_register(
        code="test.cost_events", name="测试事件数", unit="件", aggregation=Aggregation.SUM, domain="test",
        compute=nothing,
    )  # fmt: skip
    yield calls
    registry._indicators.pop("test.cost_events")


def test_a_count_that_is_zero_for_the_region_is_not_computed_for_its_parts_or_months(people, counted):
    # when the city's dashboard of a count that is zero everywhere is opened the first time for a year
    status, _n = _queries(people.city, CITY, domain="test", year=2020)
    # then the count was computed once, for the city's year: zero there is zero in every district and month
    assert status == 200
    assert counted == [(CITY, date(2020, 1, 1))]


def test_money_is_computed_for_the_parts_even_when_it_nets_to_zero(people):
    # given an amount that nets to zero over the city (a payment and its refund in two districts)
    amounts = {"460105": 500, "460108": -500}

    def net(region: Region, start: date, end: date) -> int:
        return sum(v for code, v in amounts.items() if code.startswith(region.code))

    indicator_register(
        code="test.cost_money", name="测试金额", unit="元", aggregation=Aggregation.SUM, domain="test",
        compute=net, money=True,
    )  # fmt: skip
    try:
        # when the city's dashboard is opened
        response = client_for(people.city).get(
            reverse("reports:dashboard", args=[CITY]), {"domain": "test", "year": 2020}
        )
        # then each district shows its own amount
        values = {region.code: row[0].value for region, row in response.context["children"]}
        assert values["460105"] == 500 and values["460108"] == -500
    finally:
        registry._indicators.pop("test.cost_money")


def test_a_read_dashboard_has_the_worker_compute_its_drill_down(people, django_capture_on_commit_callbacks):
    # given a district reviewer opening their district's registry dashboard
    client = client_for(people.district)
    url = reverse("reports:dashboard", args=[DISTRICT])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(url, {"domain": "registry", "year": 2020}).status_code == 200
        assert client.get(url, {"domain": "registry", "year": 2020}).status_code == 200
    # then the worker is asked, once, to compute the same dashboard of each of the district's towns
    queued = DBTaskResult.objects.filter(task_path__endswith="dashboard_children_warm_task")
    assert queued.count() == 1
    # and once it has, the town's page is read from the snapshots, computing no figure
    task = queued.get()
    assert dashboard_children_warm_task.call(*task.args_kwargs["args"]) > 0
    status, n = _queries(people.town, "460105001", domain="registry", year=2020)
    assert status == 200 and n <= WARM_PAGE_QUERIES
    computed = IndicatorSnapshot.objects.filter(region__code="460105001").values_list(
        "computed_at", flat=True
    )
    assert computed and max(computed) < timezone.now()
