"""Campaigns: grids with their household targets, visits, progress per grid and per worker; home medical
observations with daily check-ins and an end date."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from minzheng.core.scope import OutOfScopeError
from minzheng.core.testing import GRID_A, GRID_B
from minzheng.grid import selectors
from minzheng.grid.models import Campaign
from minzheng.grid.services import (
    GridError,
    campaign_create,
    campaign_grids_assign,
    checkin_record,
    observation_end,
    observation_start,
    visit_record,
)
from minzheng.grid.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(personas):
    today = timezone.localdate()
    given.worker(personas.grid_a)
    given.worker(personas.grid_b)
    for number in ("A1", "A2", "A3"):
        given.household(number, grid=GRID_A)
    given.household("B1", grid=GRID_B)
    campaign = campaign_create(
        actor=personas.town, title="新到人员排查", kind=Campaign.Kind.NEWCOMER, region=personas.town.region,
        starts_on=today - timedelta(days=3), ends_on=today + timedelta(days=10),
    )  # fmt: skip
    rows = campaign_grids_assign(
        actor=personas.town, campaign=campaign, grids=[personas.grid_a.region, personas.grid_b.region]
    )
    return campaign, {r.grid.code: r for r in rows}


def test_grids_get_their_household_targets_once(campaign, personas):
    campaign, rows = campaign
    assert (rows[GRID_A].households_target, rows[GRID_B].households_target) == (3, 1)
    assert campaign_grids_assign(actor=personas.town, campaign=campaign, grids=[personas.grid_a.region]) == []
    with pytest.raises(OutOfScopeError):
        campaign_grids_assign(
            actor=personas.other_district, campaign=campaign, grids=[personas.grid_a.region]
        )


def test_visits_make_progress_per_grid_and_per_worker(campaign, personas):
    campaign, rows = campaign
    a1, a2 = given_household("A1"), given_household("A2")
    visit_record(
        actor=personas.grid_a,
        campaign_grid=rows[GRID_A],
        household=a1,
        result="met",
        people_seen=3,
        newcomers=1,
    )
    visit_record(actor=personas.grid_a, campaign_grid=rows[GRID_A], household=a2, result="absent")
    visit_record(actor=personas.grid_a, campaign_grid=rows[GRID_A], household=a2, result="met", people_seen=2)
    by_grid = {p.label: p for p in selectors.campaign_progress_by_grid(user=personas.town, campaign=campaign)}
    a = by_grid[personas.grid_a.region.name]
    assert (a.target, a.visited, a.visits, a.newcomers, a.percent) == (3, 2, 3, 1, 67)
    assert by_grid[personas.grid_b.region.name].visited == 0
    (worker,) = selectors.campaign_progress_by_worker(user=personas.town, campaign=campaign)
    assert (worker.label, worker.target, worker.visited, worker.visits) == ("grid_a", 3, 2, 3)
    # grid B's worker sees only grid B
    assert [
        p.label for p in selectors.campaign_progress_by_grid(user=personas.grid_b, campaign=campaign)
    ] == [personas.grid_b.region.name]


def given_household(number):
    from minzheng.registry.models import Household

    return Household.objects.get(number=number)


def test_visits_are_checked(campaign, personas):
    campaign, rows = campaign
    with pytest.raises(GridError, match="不属于网格"):
        visit_record(
            actor=personas.grid_a, campaign_grid=rows[GRID_A], household=given_household("B1"), result="met"
        )
    with pytest.raises(GridError, match="新到人员数"):
        visit_record(
            actor=personas.grid_a, campaign_grid=rows[GRID_A], household=given_household("A1"), result="met",
            people_seen=1, newcomers=2,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        visit_record(
            actor=personas.district, campaign_grid=rows[GRID_A], household=given_household("A1"), result="met"
        )
    later = timezone.now() + timedelta(days=30)
    with pytest.raises(GridError, match="不在进行期间"):
        visit_record(
            actor=personas.grid_a,
            campaign_grid=rows[GRID_A],
            household=given_household("A1"),
            result="met",
            at=later,
        )


def test_home_observation_with_daily_check_ins_and_an_end(personas):
    person = given.person()
    today = timezone.localdate()
    start = today - timedelta(days=2)
    observation = observation_start(
        actor=personas.grid_a, person=person, place="居家", reason="外省返琼", starts_on=start
    )
    assert observation.ends_on == start + timedelta(days=13) and observation.grid.code == GRID_A
    with pytest.raises(GridError, match="已在居家医学观察中"):
        observation_start(actor=personas.grid_a, person=person, place="居家", reason="x", starts_on=start)
    checkin_record(actor=personas.grid_a, observation=observation, day=start, temperature="36.6")
    checkin_record(actor=personas.grid_a, observation=observation, day=today, temperature=37.9, symptoms=True)
    with pytest.raises(GridError, match="已打卡"):
        checkin_record(actor=personas.grid_a, observation=observation, day=today, temperature="36.5")
    with pytest.raises(GridError, match="34.0"):
        checkin_record(
            actor=personas.grid_a, observation=observation, day=start + timedelta(days=1), temperature="365"
        )
    with pytest.raises(GridError, match="观察期"):
        checkin_record(
            actor=personas.grid_a, observation=observation, day=today + timedelta(days=1), temperature="36.5"
        )
    days = selectors.observation_days(observation=observation)
    assert [d["checkin"] is not None for d in days] == [True, False, True]  # the missed day shows
    observation_end(
        actor=personas.grid_a, observation=observation, ended_on=today, status="ended", note="期满解除"
    )
    with pytest.raises(GridError, match="已解除"):
        checkin_record(actor=personas.grid_a, observation=observation, day=today, temperature="36.5")
    # a new observation of the same person may start once the first has ended
    observation_start(actor=personas.grid_a, person=person, place="居家", reason="再次返琼", starts_on=today)
    with pytest.raises(GridError, match="观察网格"):
        observation_start(
            actor=personas.grid_b, person=given.person(seq=23), place="居家", reason="x", starts_on=today
        )
