"""The synthetic 2020 of charity: receipts equal the seed's figures × scale, nothing distributed beyond them,
the public page still names no person, and a re-run makes nothing."""

from datetime import date

import pytest
from django.test import Client

from minzheng.charity.indicators import donations_goods_fen, donations_money_fen
from minzheng.charity.models import Campaign, Distribution, Donation
from minzheng.charity.seeding import charity_seed
from minzheng.core.models import Region
from minzheng.registry.models import Person
from minzheng.reports.figures import seed_target

pytestmark = pytest.mark.django_db


def test_the_seeded_year_reproduces_the_figures_and_is_resumable(personas):
    from minzheng.assistance.tests.given import person

    people = [person(f"受助{n}") for n in range(40)]
    charity_seed(scale=0.01, year=2020)
    city = Region.objects.get(parent__isnull=True)
    year = (date(2020, 1, 1), date(2020, 12, 31))
    assert donations_money_fen(city, *year) == seed_target("charity_donations", 0.01)
    assert donations_goods_fen(city, *year) == seed_target("charity_supplies", 0.01)
    campaign = Campaign.objects.get()
    assert 0 < campaign.money_distributed_fen <= campaign.money_received_fen
    assert 0 < campaign.goods_distributed_fen <= campaign.goods_received_fen
    assert Donation.objects.filter(receipt_number__isnull=True).count() == 0
    assert Distribution.objects.filter(person__isnull=False).exists()
    # a re-run makes nothing
    n = Donation.objects.count()
    assert "未重复生成" in charity_seed(scale=0.01, year=2020)
    assert Donation.objects.count() == n
    page = Client().get("/charity/public/").content.decode()
    names = set(Person.objects.filter(pk__in=[p.pk for p in people]).values_list("name", flat=True))
    assert not [name for name in names if name in page]
