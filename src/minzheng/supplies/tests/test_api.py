"""/api/v1/supplies/: the stock and the movements as the ledger's pages read them — the city reads every region's,
a district only its own; the recipient's ID number masked; anonymous 401, a role without 查阅物资台账 403."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from minzheng.core.models import Region
from minzheng.core.testing import OTHER_DISTRICT, TOWN, client_for
from minzheng.supplies.services import stock_issue
from minzheng.supplies.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(personas):
    """Masks received by 秀英街道 and by 美兰区; five issued by 秀英街道 to a registry person."""
    item = given.masks()
    given.received(item, TOWN, 50)
    given.received(item, OTHER_DISTRICT, 30, day=date(2020, 2, 3))
    who = given.person("领取人甲")
    stock_issue(actor=personas.town, item=item, region=Region.objects.get(code=TOWN), quantity=5,
                day=date(2020, 2, 2), person=who)  # fmt: skip
    return item, who


def _rows(response, key):
    assert response.status_code == 200, response.content
    return [row[key] for row in response.json()["items"]]


def test_the_city_reads_every_region_and_a_district_only_its_own(personas, ledger):
    item, _ = ledger
    city, district = client_for(personas.city), client_for(personas.district)
    assert sorted(_rows(city.get("/api/v1/supplies/stock"), "quantity")) == [30, 45]
    assert _rows(district.get("/api/v1/supplies/stock"), "region_code") == [TOWN]
    assert _rows(district.get("/api/v1/supplies/stock", {"item": item.pk}), "quantity") == [45]
    assert sorted(_rows(city.get("/api/v1/supplies/movements"), "kind")) == ["issue", "receipt", "receipt"]
    assert sorted(_rows(district.get("/api/v1/supplies/movements"), "kind")) == ["issue", "receipt"]
    assert _rows(city.get("/api/v1/supplies/movements", {"date_from": "2020-02-03"}), "region_code") == [
        OTHER_DISTRICT]  # fmt: skip
    assert _rows(city.get("/api/v1/supplies/movements", {"kind": "issue"}), "quantity") == [5]


def test_anonymous_is_401_and_a_role_without_the_capability_403(personas, ledger):
    assert Client().get("/api/v1/supplies/stock").status_code == 401
    response = client_for(personas.grid_a).get("/api/v1/supplies/movements")
    assert response.status_code == 403 and "查阅物资台账" in response.json()["detail"]


def test_the_recipients_id_number_is_masked(personas, ledger):
    _, who = ledger
    [row] = client_for(personas.town).get("/api/v1/supplies/movements", {"kind": "issue"}).json()["items"]
    assert row["person_name"] == "领取人甲" and row["person_id_number"] == (
        who.id_number[:6] + "********" + who.id_number[-4:])  # fmt: skip
