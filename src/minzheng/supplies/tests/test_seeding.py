"""The synthetic 2020 of the ledger: issues equal the seed's figures × scale, no stock below zero, every stock
equal to its movements, a re-run makes nothing."""

from datetime import date

import pytest
from django.db.models import Sum

from minzheng.core.models import Region
from minzheng.reports.figures import seed_target
from minzheng.supplies.indicators import leaflets_issued, masks_issued, relief_issued_fen
from minzheng.supplies.models import Movement, Stock
from minzheng.supplies.seeding import supplies_seed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("scale", [0.01, 0.001])
def test_the_seeded_year_reproduces_the_figures_and_is_resumable(personas, scale):
    from minzheng.assistance.tests.given import person

    for n in range(30):
        person(f"居民{n}")
    supplies_seed(scale=scale, year=2020)
    city = Region.objects.get(parent__isnull=True)
    year = (date(2020, 1, 1), date(2020, 12, 31))
    assert leaflets_issued(city, *year) == seed_target("epidemic_leaflets", scale)
    assert masks_issued(city, *year) == seed_target("epidemic_masks", scale)
    assert relief_issued_fen(city, *year) == seed_target("epidemic_relief", scale)
    # every stock equals receipts + transfers in − transfers out − issues of its item and region
    sign = {"receipt": 1, "transfer_in": 1, "transfer_out": -1, "issue": -1}
    balance: dict = {}
    for m in Movement.objects.values("item_id", "region_id", "kind").annotate(q=Sum("quantity")):
        key = (m["item_id"], m["region_id"])
        balance[key] = balance.get(key, 0) + sign[m["kind"]] * m["q"]
    assert min(balance.values()) >= 0
    for stock in Stock.objects.all():
        assert stock.quantity == balance[(stock.item_id, stock.region_id)]
    assert all(
        q == 0 for key, q in balance.items() if not Stock.objects.filter(item_id=key[0], region_id=key[1])
    )
    n = Movement.objects.count()
    assert "未重复生成" in supplies_seed(scale=scale, year=2020)
    assert Movement.objects.count() == n
