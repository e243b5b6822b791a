"""/api/v1/charity/: campaigns (public: every reader sees them all), a campaign's distributions within the
recipient's region with the ID number masked, and the public disclosure without a login (persons only as counts)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from minzheng.charity.services import distribution_give
from minzheng.charity.tests import given
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db
MEILAN_COMMUNITY = "460108001001"


@pytest.fixture
def campaign(personas):
    """A city campaign with money received and given to a person of 秀英区 and one of 美兰区."""
    c = given.campaign()
    given.money(c, 5_000_00)
    ours, theirs = given.person("受助甲"), given.person("受助乙", hukou=MEILAN_COMMUNITY)
    for who, day in ((ours, date(2020, 3, 1)), (theirs, date(2020, 3, 5))):
        distribution_give(actor=personas.city, campaign=c, kind="money", amount_fen=800_00, purpose="生活救助",
                          distributed_on=day, person=who)  # fmt: skip
    return c, ours, theirs


def _names(response):
    assert response.status_code == 200, response.content
    return [item["person_name"] for item in response.json()["items"]]


def test_every_reader_sees_the_campaign_and_only_their_regions_recipients(personas, campaign):
    c, ours, theirs = campaign
    city, district = client_for(personas.city), client_for(personas.district)
    assert [x["id"] for x in district.get("/api/v1/charity/campaigns").json()["items"]] == [c.pk]
    assert district.get(f"/api/v1/charity/campaigns/{c.pk}").json()["money_received_fen"] == 5_000_00
    url = f"/api/v1/charity/campaigns/{c.pk}/distributions"
    assert set(_names(city.get(url))) == {"受助甲", "受助乙"}
    assert _names(district.get(url)) == ["受助甲"]
    assert _names(city.get(url, {"date_from": "2020-03-02"})) == ["受助乙"]
    assert district.get("/api/v1/charity/campaigns/999999").status_code == 404


def test_anonymous_is_401_and_a_role_without_the_capability_403_but_the_disclosure_is_public(
    personas, campaign
):
    c = campaign[0]
    assert Client().get("/api/v1/charity/campaigns").status_code == 401
    response = client_for(personas.grid_a).get(f"/api/v1/charity/campaigns/{c.pk}/distributions")
    assert response.status_code == 403 and "查阅慈善募捐与款物收支" in response.json()["detail"]
    public = Client().get("/api/v1/charity/disclosure")
    assert public.status_code == 200
    [row] = public.json()
    assert row["campaign"]["filing_number"] == c.filing_number and row["to_persons"]["people"] == 2
    assert "受助甲" not in public.content.decode()


def test_a_recipients_id_number_is_masked(personas, campaign):
    c, ours, _ = campaign
    [item] = (
        client_for(personas.district).get(f"/api/v1/charity/campaigns/{c.pk}/distributions").json()["items"]
    )
    assert item["person_id_number"] == ours.id_number[:6] + "********" + ours.id_number[-4:]
    assert item["region_code"].startswith("460105")
