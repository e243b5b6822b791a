"""The read API: data sets with their elements; values of the user's region by period and region, each with its
period's approval state; another district's region is the 404 answer."""

from datetime import date

import pytest

from minzheng.core.testing import TOWN, client_for
from minzheng.datasets import services
from minzheng.datasets.tests import given
from minzheng.datasets.tests.given import MARCH

pytestmark = pytest.mark.django_db


@pytest.fixture
def ds(personas):  # noqa: ANN201
    data_set = given.monthly(personas)
    for period, day in ((MARCH, date(2020, 4, 2)), (date(2020, 4, 1), date(2020, 5, 2))):
        services.values_save(actor=personas.town, data_set=data_set, region=given.town(), period=period,
                             values=dict.fromkeys(given.element_ids(data_set), "3"), at=given.at(day))  # fmt: skip
    services.period_complete(actor=personas.town, data_set=data_set, region=given.town(), period=MARCH,
                             at=given.at(date(2020, 4, 2)))  # fmt: skip
    services.period_approve(actor=personas.district, data_set=data_set, region=given.town(), period=MARCH)
    return data_set


def test_data_sets_list_their_elements(personas, ds):
    answer = client_for(personas.town).get("/api/v1/datasets").json()
    mine = next(d for d in answer if d["id"] == ds.pk)
    assert mine["period_type"] == "monthly" and mine["approve_level"] == "district"
    assert [e["name"] for e in mine["elements"]] == ["普法宣传月报活动场次", "普法宣传月报宣传经费"]


def test_values_by_period_and_region_with_their_approval(personas, ds):
    client = client_for(personas.district)
    answer = client.get("/api/v1/datasets/values", {"data_set": ds.pk, "period_from": "2020-03-01",
                                                    "period_to": "2020-03-01", "region": TOWN}).json()  # fmt: skip
    items = answer["items"]
    assert {(i["period"], i["value"], i["approval"]) for i in items} == {
        ("2020-03-01", "3", "approved"), ("2020-03-01", "3.00", "approved"),
    }  # fmt: skip
    assert all(i["region_code"] == TOWN for i in items)
    april = client.get("/api/v1/datasets/values", {"data_set": ds.pk, "period_from": "2020-04-01"}).json()
    assert {i["approval"] for i in april["items"]} == {""}


def test_another_district_sees_none_and_its_region_filter_is_404(personas, ds):
    client = client_for(personas.other_district)
    assert client.get("/api/v1/datasets/values", {"data_set": ds.pk}).json()["items"] == []
    assert client.get("/api/v1/datasets/values", {"data_set": ds.pk, "region": TOWN}).status_code == 404
    assert client.get("/api/v1/datasets/values", {"data_set": 999999}).status_code == 404
    assert client_for(personas.grid_a).get("/api/v1/datasets").status_code == 403


def test_values_of_every_data_set_carry_their_own_approval(personas, ds):
    # given the approved March of one set and an unreported quarter of another set, read without choosing a set
    other = given.quarterly_community(personas)
    services.values_save(actor=personas.community, data_set=other, region=given.community(),
                         period=date(2020, 1, 1), values=dict.fromkeys(given.element_ids(other), "1"),
                         at=given.at(date(2020, 4, 2)))  # fmt: skip
    answer = client_for(personas.district).get("/api/v1/datasets/values", {"period_to": "2020-03-01"}).json()
    # then each value shows its own set's approval of its unit's period (March approved, the quarter not)
    states = {(i["data_set_id"], i["period"], i["approval"]) for i in answer["items"]}
    assert states == {(ds.pk, "2020-03-01", "approved"), (other.pk, "2020-01-01", "")}
