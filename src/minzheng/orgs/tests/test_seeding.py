"""The seed step (orgs/seeding.py): set-based, resumable, figure 55 computed from the attendance lands on the
seed's 100 × S, the overdue reports of the year before listed on the abnormal-activity list."""

from datetime import date

import pytest

from minzheng.core.models import Region
from minzheng.orgs import indicators
from minzheng.orgs.models import Application, Listing, Organisation, Station, Worker
from minzheng.orgs.seeding import orgs_seed
from minzheng.orgs.selectors import overdue_reports
from minzheng.registry.synthetic import synthetic_registry_seed
from minzheng.reports.figures import seed_target

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SCALE = 0.05


@pytest.fixture(scope="module")
def personas(module_personas):  # noqa: ANN201
    return module_personas


# made once for the module (conftest's ``module_db``): each test runs in a savepoint of it
@pytest.fixture(scope="module")
def seeded(personas):  # noqa: ANN201
    synthetic_registry_seed(scale=0.002, random_seed=7)
    orgs_seed(scale=SCALE, random_seed=7, year=2020)


def test_figure_55_lands_on_the_seed_figure(seeded):
    city = Region.objects.get(parent__isnull=True)
    got = indicators.workers_trained(city, date(2020, 1, 1), date(2020, 12, 31))
    assert got == seed_target("social_workers_trained", SCALE) == 5


def test_every_town_has_a_station_and_the_overdue_are_listed(seeded):
    assert Station.objects.count() == Region.objects.filter(level=Region.Level.TOWN).count()
    overdue = set(overdue_reports(year=2019, on=date(2020, 6, 1)).values_list("pk", flat=True))
    listed = set(Listing.objects.filter(reason="no_annual_report").values_list("organisation_id", flat=True))
    assert overdue and overdue <= listed
    # applications went through their cases: one approved, one pending, one refused per district
    assert (
        Application.objects.filter(approved=True).count()
        == Application.objects.filter(approved=False).count()
    )
    assert Application.objects.filter(approved__isnull=True).exists()


def test_a_rerun_adds_nothing(seeded):
    counts = (
        Organisation.objects.count(),
        Worker.objects.count(),
        Listing.objects.count(),
        Application.objects.count(),
    )
    orgs_seed(scale=SCALE, random_seed=7, year=2020)
    assert counts == (
        Organisation.objects.count(),
        Worker.objects.count(),
        Listing.objects.count(),
        Application.objects.count(),
    )
