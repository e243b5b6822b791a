"""/api/v1/children/: the same reads as the pages — scoped to the user's region (another district's record is 404,
its rows absent from the lists), the ID numbers and phones masked, opening a child's record audited, a role
without ``children.read`` refused with 403 naming the capability, no session 401."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from minzheng.children import services
from minzheng.children.tests import given
from minzheng.core.models import AuditEntry, Region
from minzheng.core.roles import Role
from minzheng.core.testing import COMMUNITY_A, GRID_B, client_for, user_make

pytestmark = pytest.mark.django_db
MEILAN_GRID = "460108001001001"


@pytest.fixture
def records(personas):
    """A confirmed orphan, a 儿童主任 with a visit and a 宣讲 in 秀英区; an orphan's application in 美兰区."""
    given.standards()
    ours = given.approved(personas, given.person(name="秀英孤儿"))
    meilan_town = user_make("meilan_town", Role.TOWN_CASEWORKER, MEILAN_GRID[:9])
    theirs = services.support_apply(
        actor=meilan_town, child=given.person(name="美兰孤儿", grid=MEILAN_GRID), kind="orphan",
        father_situation="deceased", mother_situation="deceased", applicant_name="某", applicant_relation="祖母",
        applied_on=date(2020, 3, 2),
    )  # fmt: skip
    community = Region.objects.get(code=COMMUNITY_A)
    worker = services.worker_appoint(actor=personas.town, person=given.person(name="主任甲", birth=date(1980, 1, 1),
                                     grid=GRID_B), post="director", region=community, appointed_on=date(2020, 1, 2),
                                     phone="13800138000")  # fmt: skip
    services.visit_record(actor=personas.town, worker=worker, child=ours.child, category="orphan",
                          visited_on=date(2020, 4, 1), risk="low", findings="生活正常")  # fmt: skip
    services.outreach_record(actor=personas.town, region=community, held_on=date(2020, 5, 1), title="宣讲",
                             speaker="宣讲团", audience=20, children=5)  # fmt: skip
    return ours, theirs


def test_the_district_reads_its_children_masked_and_the_opening_is_audited(personas, records):
    ours, theirs = records
    client = client_for(personas.district)
    # when the 秀英区 reviewer lists the children
    response = client.get("/api/v1/children/supports")
    assert response.status_code == 200, response.content
    [item] = response.json()["items"]
    # then only 秀英区's, the ID number masked
    assert item["id"] == ours.pk and item["child_name"] == "秀英孤儿" and item["state"] == "approved"
    assert item["child_id_number"] == ours.child.id_number[:6] + "********" + ours.child.id_number[-4:]
    assert ours.child.id_number not in response.content.decode()
    # and the detail is audited as the page's reading is
    detail = client.get(f"/api/v1/children/supports/{ours.pk}")
    assert detail.status_code == 200 and detail.json()["guardians"] == []
    assert AuditEntry.objects.filter(
        action="view", actor=personas.district, object_id=str(ours.child.pk)
    ).exists()
    # and 美兰区's record is 404, as one that does not exist
    assert client.get(f"/api/v1/children/supports/{theirs.pk}").status_code == 404
    assert client.get("/api/v1/children/supports/999999").status_code == 404
    # and the city sees both, filtered by state and kind
    city = client_for(personas.city)
    assert {i["id"] for i in city.get("/api/v1/children/supports").json()["items"]} == {ours.pk, theirs.pk}
    assert [i["id"] for i in city.get("/api/v1/children/supports", {"state": "paying"}).json()["items"]] == [
        ours.pk
    ]
    assert city.get("/api/v1/children/supports", {"region": "460108"}).json()["items"][0]["id"] == theirs.pk


def test_workers_visits_and_outreach_are_listed_within_the_region(personas, records):
    district, other = client_for(personas.district), client_for(personas.other_district)
    [worker] = district.get("/api/v1/children/workers").json()["items"]
    assert worker["post_label"] == "儿童主任" and worker["phone"] == "138****8000"
    assert worker["region_code"] == COMMUNITY_A and "*" in worker["person_id_number"]
    [visit] = district.get("/api/v1/children/visits", {"risk": "low"}).json()["items"]
    assert visit["child_name"] == "秀英孤儿" and visit["worker_name"] == "主任甲"
    assert district.get("/api/v1/children/visits", {"date_from": "2020-04-02"}).json()["items"] == []
    [talk] = district.get("/api/v1/children/outreach").json()["items"]
    assert talk["audience"] == 20 and talk["children"] == 5
    for url in ("workers", "visits", "outreach", "intakes"):
        assert other.get(f"/api/v1/children/{url}").json()["items"] == [], url


def test_the_welfare_homes_intake_is_listed_for_its_region(personas):
    home = services.welfare_home_ensure(name="海口市社会福利院", region=Region.objects.get(code="460100"))
    services.infant_intake_record(
        actor=personas.city, home=home, received_on=date(2020, 6, 2), found_on=date(2020, 6, 1),
        found_place="医院门口", gender="F", estimated_birth=date(2020, 5, 1), police_report="JJ-1",
    )  # fmt: skip
    [intake] = client_for(personas.city).get("/api/v1/children/intakes").json()["items"]
    assert intake["home_name"] == "海口市社会福利院" and intake["police_report"] == "JJ-1"
    assert client_for(personas.district).get("/api/v1/children/intakes").json()["items"] == []


def test_no_session_is_401_and_a_role_without_the_capability_403(personas, records):
    assert Client().get("/api/v1/children/supports").status_code == 401
    response = client_for(personas.grid_a).get("/api/v1/children/workers")
    assert response.status_code == 403 and "查阅儿童福利信息" in response.json()["detail"]


def test_keyset_pages_follow_one_another(personas, records):
    city = client_for(personas.city)
    first = city.get("/api/v1/children/supports", {"limit": 1}).json()
    second = city.get("/api/v1/children/supports", {"limit": 1, "after": first["next_after"]}).json()
    assert first["items"][0]["id"] > second["items"][0]["id"]
    assert city.get("/api/v1/children/supports", {"limit": 0}).status_code == 422
