"""/api/v1/disability/: applications and certificates as the pages show them — scoped to the user's region, the
ID number and the 残疾人证号 masked, opening an application audited, 403 naming the capability, 401 without a
session."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from minzheng.core.models import AuditEntry
from minzheng.core.roles import Role
from minzheng.core.testing import client_for, user_make
from minzheng.disability import rules
from minzheng.disability.services import application_create
from minzheng.disability.tests import given

pytestmark = pytest.mark.django_db
MEILAN_COMMUNITY = "460108001001"


@pytest.fixture
def records(personas):
    """A 护理补贴 application approved in 秀英区, one registered in 美兰区, a certificate without application."""
    given.standards()
    ours = given.person("秀英持证")
    given.certified(ours, kind=rules.Kind.PHYSICAL, grade=1)
    approved = given.approved(personas, ours, "care")
    theirs = given.person("美兰持证", hukou=MEILAN_COMMUNITY)
    given.certified(theirs, kind=rules.Kind.INTELLECTUAL, grade=2)
    meilan_town = user_make("meilan_town", Role.TOWN_CASEWORKER, MEILAN_COMMUNITY[:9])
    pending = application_create(actor=meilan_town, person=theirs, subsidy="care")
    given.certified(given.person("秀英无申请"), kind=rules.Kind.VISUAL, grade=3, issued=date(2018, 1, 5))
    return approved, pending


def test_applications_are_scoped_masked_and_the_opening_audited(personas, records):
    ours, theirs = records
    district = client_for(personas.district)
    response = district.get("/api/v1/disability/applications")
    assert response.status_code == 200, response.content
    [item] = response.json()["items"]
    assert (
        item["id"] == ours.pk
        and item["subsidy_label"] == "重度残疾人护理补贴"
        and item["state"] == "approved"
    )
    assert item["disability"] == "肢体残疾一级" and item["amount_fen"] == 22000
    assert ours.person.id_number not in response.content.decode() and "*" in item["person_id_number"]
    detail = district.get(f"/api/v1/disability/applications/{ours.pk}").json()
    assert detail["approved"] is True and detail["enrollment_id"] == ours.enrollment_id
    assert ours.person.id_number not in detail["certificate_number"]
    assert AuditEntry.objects.filter(action="view", actor=personas.district, object_id=str(ours.pk)).exists()
    assert district.get(f"/api/v1/disability/applications/{theirs.pk}").status_code == 404
    city = client_for(personas.city)
    assert [
        i["id"] for i in city.get("/api/v1/disability/applications", {"state": "applied"}).json()["items"]
    ] == [theirs.pk]
    assert city.get("/api/v1/disability/applications", {"subsidy": "living"}).json()["items"] == []


def test_certificates_are_scoped_filtered_and_masked(personas, records):
    district = client_for(personas.district)
    response = district.get("/api/v1/disability/certificates")
    names = {i["person_name"] for i in response.json()["items"]}
    assert names == {"秀英持证", "秀英无申请"}
    assert all(len(i["number"]) == 20 and "*" in i["number"] for i in response.json()["items"])
    [old] = district.get("/api/v1/disability/certificates", {"date_to": "2018-12-31"}).json()["items"]
    assert (
        old["person_name"] == "秀英无申请"
        and old["grade_label"] == "三级"
        and old["kind_label"] == "视力残疾"
    )
    [mine] = district.get("/api/v1/disability/certificates", {"q": "秀英持"}).json()["items"]
    assert mine["status"] == "valid"
    assert {i["person_name"] for i in client_for(personas.other_district).get(
        "/api/v1/disability/certificates").json()["items"]} == {"美兰持证"}  # fmt: skip


def test_no_session_is_401_and_a_role_without_the_capability_403(personas, records):
    assert Client().get("/api/v1/disability/certificates").status_code == 401
    response = client_for(personas.grid_a).get("/api/v1/disability/applications")
    assert response.status_code == 403 and "查阅残疾人两项补贴" in response.json()["detail"]
