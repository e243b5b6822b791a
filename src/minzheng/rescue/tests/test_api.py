"""/api/v1/rescue/intakes: the stays' list and a stay's page as JSON — the office reads its region's stays, another
district's are 404, the self-declared ID number is masked and opening a stay is audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from minzheng.core.ids import make_citizen_id
from minzheng.core.models import AuditEntry
from minzheng.core.testing import OTHER_DISTRICT, client_for
from minzheng.rescue.tests.given import at, other_staff, registered, staff, station

pytestmark = pytest.mark.django_db

STATED_ID = make_citizen_id(region_code="460200", birth_date=date(1970, 1, 2), sequence=17)


@pytest.fixture
def stays(personas):
    """A stay at 秀英区's station (an ID number stated, not in the registry) and one at 美兰区's."""
    xiuying = registered(staff(), station(), id_number=STATED_ID, name="返乡甲", gender="M")
    meilan = registered(
        other_staff(), station(OTHER_DISTRICT, "美兰区救助站"), id_number=make_citizen_id(
            region_code="460200", birth_date=date(1975, 3, 4), sequence=23), name="返乡乙", gender="M",
        when=at(date(2020, 3, 5), 10),
    )  # fmt: skip
    return xiuying, meilan


def _ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_the_city_reads_every_stay_and_a_district_only_its_own(personas, stays):
    xiuying, meilan = stays
    assert set(_ids(client_for(personas.city).get("/api/v1/rescue/intakes"))) == {xiuying.pk, meilan.pk}
    district = client_for(personas.district)
    assert _ids(district.get("/api/v1/rescue/intakes")) == [xiuying.pk]
    assert district.get(f"/api/v1/rescue/intakes/{meilan.pk}").status_code == 404
    # the filters narrow: a date range, a name, a region the user sees (one they do not: 404)
    city = client_for(personas.city)
    assert _ids(city.get("/api/v1/rescue/intakes", {"date_from": "2020-03-03"})) == [meilan.pk]
    assert _ids(city.get("/api/v1/rescue/intakes", {"q": "返乡甲"})) == [xiuying.pk]
    assert _ids(city.get("/api/v1/rescue/intakes", {"region": OTHER_DISTRICT})) == [meilan.pk]
    assert district.get("/api/v1/rescue/intakes", {"region": OTHER_DISTRICT}).status_code == 404


def test_anonymous_is_401_and_a_role_without_the_capability_403(personas, stays):
    assert Client().get("/api/v1/rescue/intakes").status_code == 401
    response = client_for(personas.grid_a).get(f"/api/v1/rescue/intakes/{stays[0].pk}")
    assert response.status_code == 403 and "查阅流浪乞讨人员救助记录" in response.json()["detail"]


def test_a_stay_shows_the_id_number_masked_and_its_read_is_audited(personas, stays):
    xiuying, _ = stays
    body = client_for(personas.district).get(f"/api/v1/rescue/intakes/{xiuying.pk}").json()
    assert body["id_number"] == STATED_ID[:6] + "********" + STATED_ID[-4:]
    assert STATED_ID not in str(body) and body["region_code"] == "460105" and body["state"] == "sheltered"
    assert AuditEntry.objects.filter(
        action="view", actor=personas.district, detail=f"查看救助登记{xiuying.case.number}"
    ).exists()
