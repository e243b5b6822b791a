"""/api/v1/placenames/: the register of standard names is the city's (every reader sees it whole, as on its page);
naming applications are read within the user's region (another district's: 404); anonymous 401, a role without
查阅区划地名信息 403. Names hold no personal data."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from minzheng.core.testing import client_for
from minzheng.placenames.services import application_create
from minzheng.placenames.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(personas):
    """A road of 秀英区 and one of 美兰区 in the register; an application of each district."""
    ours, theirs = given.road("椰海大道"), given.road("美舍河路", region=given.other_district())
    mine = given.application(personas, "椰风路")
    other = application_create(
        actor=personas.other_district, action="name", kind="road", region=given.other_district(), geometry=given.LINE,
        name="美兰新路", reason="新建道路", applicant="美兰区住房和城乡建设局", at=given.at(date(2020, 4, 1)),
    )  # fmt: skip
    return {"ours": ours, "theirs": theirs, "mine": mine, "other": other}


def _rows(response, key="id"):
    assert response.status_code == 200, response.content
    return [row[key] for row in response.json()["items"]]


def test_the_register_is_the_citys_and_applications_stay_in_the_district(personas, records):
    district, city = client_for(personas.district), client_for(personas.city)
    # the register, whole, for a district's reader too (as its page shows it)
    assert set(_rows(district.get("/api/v1/placenames/names"), "name")) == {"椰海大道", "美舍河路"}
    assert _rows(district.get("/api/v1/placenames/names", {"q": "美舍"}), "name") == ["美舍河路"]
    body = district.get(f"/api/v1/placenames/names/{records['theirs'].pk}").json()
    assert body["place_region_code"] == "460108" and [h["id"] for h in body["history"]] == [
        records["theirs"].pk
    ]
    # the applications: the city sees both, the district its own; the other's is 404
    assert set(_rows(city.get("/api/v1/placenames/applications"))) == {
        records["mine"].pk,
        records["other"].pk,
    }
    assert _rows(district.get("/api/v1/placenames/applications")) == [records["mine"].pk]
    assert district.get(f"/api/v1/placenames/applications/{records['other'].pk}").status_code == 404
    assert _rows(city.get("/api/v1/placenames/applications", {"date_from": "2020-03-15"})) == [
        records["other"].pk
    ]


def test_anonymous_is_401_and_a_role_without_the_capability_403(personas, records):
    assert Client().get("/api/v1/placenames/names").status_code == 401
    response = client_for(personas.grid_a).get(f"/api/v1/placenames/names/{records['ours'].pk}")
    assert response.status_code == 403 and "查阅区划地名信息" in response.json()["detail"]
