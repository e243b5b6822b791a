"""The child-welfare pages as the right and the wrong roles: the town applies with the person picker and moves the
case, the district confirms; a grid worker is refused with the capability named; another district gets the 404
page; ID numbers are masked and reading a child's record is audited; nav entries follow the capabilities."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minzheng.children import rules
from minzheng.children.models import Support
from minzheng.children.tests import given
from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db


def test_the_town_applies_through_the_form_and_the_district_confirms_on_the_page(personas):
    given.standards()
    child = given.person(name="王小花")
    town = client_for(personas.town)
    # the picker finds the child by name
    found = town.get("/registry/persons/search", {"q": "王小花"}).json()["results"]
    assert [r["id"] for r in found] == [child.pk] and child.id_number not in found[0]["label"]
    response = town.post("/children/new/", {
        "child": child.pk, "kind": "orphan", "placement": "dispersed", "father_situation": "deceased",
        "father_months": 0, "mother_situation": "deceased", "mother_months": 0, "applicant_name": "王奶奶",
        "applicant_relation": "祖母", "applied_on": "2020-03-02", "guardian_name": "王奶奶",
        "guardian_relation": "祖母", "guardian_phone": "13800001111",
    })  # fmt: skip
    support = Support.objects.get(child=child)
    assert response.status_code == 302 and response["Location"] == f"/children/{support.pk}/"
    for action in ("accept", "report"):
        town.post(f"/children/{support.pk}/act/", {"action": action, "expected_state": support.case.state})
        support.refresh_from_db()
    page = client_for(personas.district).get(f"/children/{support.pk}/").content.decode()
    assert 'data-testid="move-approve"' in page and child.id_number not in page
    client_for(personas.district).post(
        f"/children/{support.pk}/act/", {"action": "approve", "expected_state": "reported"}
    )
    support.refresh_from_db()
    assert support.case.state == "approved" and support.enrollment.start_month.day == 1
    assert AuditEntry.objects.filter(action="view", object_id=str(child.pk)).exists()


def test_a_refused_application_names_the_field(personas):
    child = given.person(birth=date(2000, 1, 1))
    response = client_for(personas.town).post("/children/new/", {
        "child": child.pk, "kind": "orphan", "placement": "dispersed", "father_situation": "deceased",
        "mother_situation": "deceased", "applicant_name": "某", "applicant_relation": "叔叔", "applied_on": "2020-03-02",
    })  # fmt: skip
    assert response.status_code == 200 and "已满18周岁" in response.content.decode()


def test_a_grid_worker_is_refused_and_sees_no_entry(personas):
    client = client_for(personas.grid_a)
    response = client.get("/children/")
    assert response.status_code == 403 and "查阅儿童福利信息" in response.content.decode()
    assert "/children/" not in client.get("/").content.decode()
    assert "/children/" in client_for(personas.town).get("/").content.decode()


def test_another_district_gets_the_404_page_and_an_empty_list(personas):
    given.standards()
    support = given.approved(personas, given.person())
    other = client_for(personas.other_district)
    assert other.get(f"/children/{support.pk}/").status_code == 404
    assert support.case.number not in other.get("/children/").content.decode()


def test_the_list_filters_exports_and_keeps_its_query_count(personas):
    given.standards()
    for name in ("甲", "乙", "丙"):
        given.approved(personas, given.person(name=name))
    client = client_for(personas.district)
    client.get("/children/")
    with CaptureQueriesContext(connection) as three:
        page = client.get("/children/", {"state": "paying"}).content.decode()
    assert page.count("保障中") >= 1 and "甲" in page
    given.approved(personas, given.person(name="丁"))
    with CaptureQueriesContext(connection) as four:
        client.get("/children/", {"state": "paying"})
    assert len(four) == len(three)
    export = client.get("/children/", {"format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_ending_support_from_the_page(personas):
    given.standards()
    support = given.approved(personas, given.person())
    response = client_for(personas.district).post(
        f"/children/{support.pk}/end/",
        {"reason": rules.EndReason.ADOPTED, "on": "2020-05-15", "note": "收养登记"},
    )
    support.refresh_from_db()
    assert response.status_code == 302 and support.end_reason == rules.EndReason.ADOPTED
    assert support.enrollment.end_month == date(2020, 5, 1)
    # the community may read but not end it
    assert client_for(personas.community).post(f"/children/{support.pk}/end/", {}).status_code == 403


def test_workers_visits_intake_and_outreach_pages(personas):
    from minzheng.children import services
    from minzheng.core.models import Region

    adult = given.person(name="赵主任", birth=date(1980, 1, 1))
    town = client_for(personas.town)
    response = town.post("/children/workers/new/", {"person": adult.pk, "post": "director", "region": "460105001001",
                                                    "appointed_on": "2020-01-02"})  # fmt: skip
    assert response.status_code == 302
    child = given.person(name="留守娃")
    community = client_for(personas.community)
    from minzheng.children.models import Visit, Worker

    worker = Worker.objects.get(person=adult)
    response = community.post("/children/visits/new/", {
        "worker": worker.pk, "child": child.pk, "category": "left_behind", "visited_on": "2020-06-01", "risk": "high",
        "findings": "独自在家", "follow_up": "联系外出务工的父母",
    })  # fmt: skip
    visit = Visit.objects.get()
    assert response.status_code == 302 and visit.case is not None
    page = town.get(f"/children/visits/{visit.pk}/").content.decode()
    assert 'data-testid="move-take"' in page
    assert client_for(personas.grid_a).get("/children/visits/new/").status_code == 403
    city = client_for(personas.city)
    home = services.welfare_home_ensure(
        name="海口市社会福利院", region=Region.objects.get(parent__isnull=True)
    )
    response = city.post("/children/intakes/new/", {
        "home": home.pk, "received_on": "2020-04-02", "found_on": "2020-04-01", "found_place": "医院门口", "gender": "F",
        "estimated_birth": "2020-03-20", "police_report": "琼公2020001",
    })  # fmt: skip
    assert response.status_code == 302 and "医院门口" in city.get("/children/intakes/").content.decode()
    response = town.post("/children/outreach/new/", {"region": "460105001001", "held_on": "2020-05-01", "title": "政策宣讲",
                                                     "speaker": "宣讲团", "audience": 30, "children": 40})  # fmt: skip
    assert response.status_code == 200 and "不能超过参加人数" in response.content.decode()


def test_the_person_page_shows_the_childs_support_to_who_may_read_it(personas):
    given.standards()
    support = given.approved(personas, given.person(name="小芳"))
    page = client_for(personas.town).get(f"/registry/persons/{support.child_id}/").content.decode()
    assert 'data-testid="children-panel"' in page and support.case.number in page
    page = client_for(personas.grid_a).get(f"/registry/persons/{support.child_id}/").content.decode()
    assert 'data-testid="children-panel"' not in page
