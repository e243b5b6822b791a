"""Given-state for the materials ledger tests, through the real services."""

from __future__ import annotations

from datetime import date

from minzheng.assistance.tests.given import person  # noqa: F401  (re-exported)
from minzheng.core.models import Region
from minzheng.supplies.models import Campaign, Item
from minzheng.supplies.services import campaign_create, item_create, stock_receive


def masks() -> Item:
    return item_create(actor=None, name="一次性医用口罩", category="mask", unit="个", unit_value_fen=150)


def campaign() -> Campaign:
    return campaign_create(actor=None, name="2020年新冠肺炎疫情防控", starts_on=date(2020, 1, 24))


def received(item: Item, code: str, quantity: int, *, day: date = date(2020, 2, 1)):  # noqa: ANN201
    return stock_receive(actor=None, item=item, region=Region.objects.get(code=code), quantity=quantity, day=day,
                         source="政府采购")  # fmt: skip
