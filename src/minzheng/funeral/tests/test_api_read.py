"""/api/v1/funeral/: deaths, cremations and cemeteries as their pages read them — the office reads its region's,
another district's are 404, ID numbers masked; anonymous 401, a role without 查阅殡葬管理信息 403."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from minzheng.core.models import Region
from minzheng.core.testing import OTHER_DISTRICT, client_for
from minzheng.funeral import services
from minzheng.funeral.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(personas):
    """A death in 秀英区 cremated at its funeral home, a death in 美兰区, and a cemetery in each district."""
    meilan_community = Region.objects.filter(
        level=Region.Level.COMMUNITY, code__startswith=OTHER_DISTRICT
    ).first()
    xiuying_person = given.person("陈一", birth=date(1940, 2, 2))
    meilan_person = given.person("林二", birth=date(1938, 6, 6), hukou=meilan_community.code)
    xiuying = given.died(personas.town, xiuying_person)
    meilan = given.died(personas.other_district, meilan_person, on=date(2021, 4, 2))
    home = given.funeral_home(given.operator())
    cremation = services.cremation_record(
        actor=given.operator(), funeral_home=home, number="HZ2021-0001", cremated_on=date(2021, 3, 23),
        body_source="hospital", deceased_id_number=xiuying_person.id_number,
    )  # fmt: skip
    ours = given.cemetery("秀英公墓", "460105")
    theirs = given.cemetery("美兰公墓", OTHER_DISTRICT)
    return {"xiuying": xiuying, "meilan": meilan, "cremation": cremation, "ours": ours, "theirs": theirs}


def _ids(response, key="id"):
    assert response.status_code == 200, response.content
    body = response.json()
    return [item[key] for item in (body["items"] if isinstance(body, dict) else body)]


def test_the_city_reads_every_district_and_a_district_only_its_own(personas, records):
    city, district = client_for(personas.city), client_for(personas.district)
    assert set(_ids(city.get("/api/v1/funeral/deaths"))) == {records["xiuying"].pk, records["meilan"].pk}
    assert _ids(district.get("/api/v1/funeral/deaths")) == [records["xiuying"].pk]
    assert _ids(city.get("/api/v1/funeral/deaths", {"date_from": "2021-04-01"})) == [records["meilan"].pk]
    assert _ids(city.get("/api/v1/funeral/deaths", {"year": 2020})) == []
    assert _ids(district.get("/api/v1/funeral/cremations")) == [records["cremation"].pk]
    assert set(_ids(city.get("/api/v1/funeral/cemeteries"), "name")) == {"秀英公墓", "美兰公墓"}
    assert _ids(district.get("/api/v1/funeral/cemeteries"), "name") == ["秀英公墓"]
    assert district.get(f"/api/v1/funeral/cemeteries/{records['theirs'].pk}").status_code == 404
    assert district.get(f"/api/v1/funeral/cemeteries/{records['ours'].pk}").json()["plots_total"] == 0


def test_anonymous_is_401_and_a_role_without_the_capability_403(personas, records):
    for url in ("/api/v1/funeral/deaths", "/api/v1/funeral/cremations", "/api/v1/funeral/cemeteries"):
        assert Client().get(url).status_code == 401
        response = client_for(personas.grid_a).get(url)
        assert response.status_code == 403 and "查阅殡葬管理信息" in response.json()["detail"]


def test_id_numbers_are_masked(personas, records):
    district = client_for(personas.district)
    number = records["xiuying"].person.id_number
    death = district.get("/api/v1/funeral/deaths").json()["items"][0]
    assert death["id_number"] == number[:6] + "********" + number[-4:] and death["name"] == "陈一"
    cremation = district.get(f"/api/v1/funeral/cremations/{records['cremation'].pk}").json()
    assert cremation["deceased_id_number"] == death["id_number"] and number not in str(cremation)
    assert cremation["death_id"] == records["xiuying"].pk and cremation["subsidy_fen"] is None
