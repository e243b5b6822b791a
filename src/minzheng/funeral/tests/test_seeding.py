"""The synthetic year of funeral work (funeral/seeding.py), made through the rules: deaths through the registry's
status and the ledger's death rule, subsidies as paid one-off lines at the standard in force, bookings within their
slots' quotas and one per ID — the figures 32–39 equal an independent count and the seed's × S (the subsidy lands
near it: whole subsidies at the standard). Running it again adds nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.models import Count, F, Q

from minzheng.benefits.models import Enrollment, Payment
from minzheng.core.models import Region
from minzheng.funeral import indicators
from minzheng.funeral.models import Booking, Cremation, Death, Slot, Subsidy
from minzheng.funeral.seeding import funeral_seed
from minzheng.registry.synthetic import synthetic_registry_seed
from minzheng.reports.figures import seed_target

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SCALE = 0.01
YEAR = (date(2020, 1, 1), date(2020, 12, 31))


@pytest.fixture(scope="module")
def personas(module_personas):  # noqa: ANN201
    return module_personas


# made once for the module (conftest's ``module_db``): each test runs in a savepoint of it
@pytest.fixture(scope="module")
def year(personas):  # noqa: ANN201
    synthetic_registry_seed(scale=SCALE, random_seed=7)
    return funeral_seed(scale=SCALE, random_seed=7, year=2020)


def test_the_year_lands_on_the_seed_through_the_rules(year):
    city = Region.objects.get(parent__isnull=True)
    # then the counted figures are the seed's × S
    for key, fn in (
        ("cremations", indicators.cremations), ("qingming_visitors", indicators.qingming_visitors),
        ("qingming_vehicles", indicators.qingming_vehicles), ("online_memorials", indicators.online_memorial_visits),
        ("proxy_tending", indicators.proxy_sweepings), ("funeral_booklets", indicators.booklets),
        ("funeral_banners", indicators.banners),
    ):  # fmt: skip
        assert fn(city, *YEAR) == seed_target(key, SCALE), key
    # and the subsidy, whole subsidies at the demo standard, lands within 1 % of 98.1万元 × S
    paid, wanted = indicators.subsidy_paid_fen(city, *YEAR), seed_target("funeral_subsidy_paid", SCALE)
    assert abs(paid - wanted) <= wanted // 100
    # every registered death: the registry says 死亡 on its day, one paid one-off line at 360 元 to the informant
    deaths = Death.objects.select_related("person", "subsidy")
    assert deaths.count() == Subsidy.objects.count() > 0
    for death in deaths:
        assert (death.person.status, death.person.status_date) == ("deceased", death.died_on)
        line = Payment.objects.get(pk=death.subsidy.payment_id)
        assert (line.person_id, line.amount_fen, line.status) == (death.reporter_id, 36000, "paid")
        assert not Enrollment.objects.filter(person=death.person, end_month__isnull=True).exists()
    # no slot holds more bookings than its quota, nobody booked a cemetery twice, nobody over 10 visitors
    slots = Slot.objects.annotate(n=Count("bookings", filter=~Q(bookings__status="cancelled")))
    assert not slots.filter(n__gt=F("quota")).exists()
    assert not slots.exclude(left=F("quota") - F("n")).exists()  # each slot's places left match its bookings
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM (SELECT season_id, cemetery_id, id_number FROM funeral_booking "
            "GROUP BY season_id, cemetery_id, id_number HAVING COUNT(*) > 1) d"
        )
        assert cursor.fetchone()[0] == 0
    assert not Booking.objects.filter(visitors__gt=10).exists()
    assert (
        Cremation.objects.filter(death__isnull=True).count()
        == seed_target("cremations", SCALE) - deaths.count()
    )


def test_running_it_again_adds_nothing(year):
    counts = (
        Death.objects.count(),
        Cremation.objects.count(),
        Booking.objects.count(),
        Payment.objects.count(),
    )
    funeral_seed(scale=SCALE, random_seed=7, year=2020)
    assert (
        Death.objects.count(),
        Cremation.objects.count(),
        Booking.objects.count(),
        Payment.objects.count(),
    ) == counts
