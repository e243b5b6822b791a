"""The grid's share of a synthetic year (seed_year.py): the year's epidemic screening and closed events come
out as the seed document's figures × scale, through the grid's own services; a second run adds nothing."""

from datetime import date

import pytest
from django.utils import timezone

from minzheng.core.models import Region
from minzheng.core.seeding import _steps
from minzheng.grid import indicators
from minzheng.grid.models import Campaign, Event, GridAssignment, Visit
from minzheng.grid.seed import grid_seed
from minzheng.grid.seed_year import EPIDEMIC_GRIDS, EPIDEMIC_SCREENED, EVENTS_CLOSED, at_scale, grid_year_seed
from minzheng.grid.tests import given

pytestmark = pytest.mark.django_db
SCALE = 0.001
YEAR = (date(2020, 1, 1), date(2020, 12, 31))


@pytest.mark.slow
def test_a_year_reproduces_the_seed_figures_at_scale(personas):
    # given the grid's own seed step and a registry household in every grid that has a worker
    grid_seed(scale=0.01, random_seed=5)
    for n, code in enumerate(
        sorted(set(GridAssignment.objects.values_list("grid__region__code", flat=True))), start=1
    ):
        given.household(f"Y{n:03d}", grid=code)
    city = Region.objects.get(parent__isnull=True)
    # when the year 2020 is made
    summary = grid_year_seed(scale=SCALE, random_seed=2020, year=2020)
    # then the screening covers round(4,479·S) grids and sees round(33,600·S) people
    assert indicators.campaign_grids(city, *YEAR) == at_scale(EPIDEMIC_GRIDS, SCALE) == 4
    assert indicators.people_screened(city, *YEAR) == at_scale(EPIDEMIC_SCREENED, SCALE) == 34
    # and round(360,000·S) events were closed in the year, each reported by its grid's worker
    assert indicators.events_closed(city, *YEAR) == at_scale(EVENTS_CLOSED, SCALE) == 360
    closed = Event.objects.filter(closed_at__year=2020)
    assert closed.count() == 360 and not closed.exclude(source="grid_worker").exists()
    assert "补充事件360件" in summary
    # and running it again adds nothing
    again = grid_year_seed(scale=SCALE, random_seed=2020, year=2020)
    assert "已存在" in again and "无需补充" in again
    assert Campaign.objects.filter(kind="epidemic").count() == 1 and closed.count() == 360


def test_without_a_year_the_demo_gets_this_years_screening_and_no_events(personas):
    # given the grid's own seed step and a household in every grid that has a worker
    grid_seed(scale=0.01, random_seed=5)
    for n, code in enumerate(
        sorted(set(GridAssignment.objects.values_list("grid__region__code", flat=True))), start=1
    ):
        given.household(f"D{n:03d}", grid=code)
    events = Event.objects.count()
    city = Region.objects.get(parent__isnull=True)
    today = timezone.localdate()
    # when the step runs without a year (minzheng demo)
    summary = grid_year_seed(scale=SCALE, random_seed=2020)
    # then this year's epidemic screening covers round(4,479·S) grids up to today, as the annual summary counts
    assert summary.startswith("本年度疫情排查覆盖网格4个")
    this_year = (date(today.year, 1, 1), date(today.year, 12, 31))
    assert indicators.campaign_grids(city, *this_year) == at_scale(EPIDEMIC_GRIDS, SCALE) == 4
    campaign = Campaign.objects.get(kind="epidemic")
    assert campaign.starts_on.year == today.year and campaign.ends_on == today
    assert not Visit.objects.filter(visited_at__date__gt=today).exists()
    # and no year of events is made (those come with --year only); a second run adds nothing
    assert Event.objects.count() == events
    assert "已存在" in grid_year_seed(scale=SCALE, random_seed=2020)


def test_the_step_is_registered_by_the_grid():
    step = next(s for s in _steps if s.run is grid_year_seed)
    assert step.label == "网格治理年度业务" and step.order < 85
