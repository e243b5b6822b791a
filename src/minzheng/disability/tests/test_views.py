"""The clerk's pages of the two subsidies: scope (another district sees nothing), capabilities (a refusal names
the capability in Chinese, links shown only to who may follow them), masked ID numbers, the case's moves, the
person picker, the certificate form, the export (audited)."""

from datetime import date

import pytest

from minzheng.core.models import AuditEntry
from minzheng.core.navigation import nav_for
from minzheng.core.testing import client_for
from minzheng.disability import rules
from minzheng.disability.models import Certificate
from minzheng.disability.services import application_create
from minzheng.disability.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(personas):  # noqa: ANN201
    given.standards()
    who = given.person("页面")
    given.certified(who, kind=rules.Kind.PHYSICAL, grade=1)
    return application_create(actor=personas.town, person=who, subsidy="care", at=given.at(date(2020, 3, 2)))


def test_the_list_is_scoped_and_masks_the_id(personas, application):
    page = client_for(personas.town).get("/disability/").content.decode()
    assert application.case.number in page and "页面" in page
    assert application.person.id_number not in page  # masked
    assert 'data-testid="new-application"' in page
    # another district sees nothing of it, and its detail is the 404 page
    other = client_for(personas.other_district)
    assert application.case.number not in other.get("/disability/").content.decode()
    assert other.get(f"/disability/{application.pk}/").status_code == 404


def test_a_grid_worker_is_refused_naming_the_capability_and_sees_no_link(personas, application):
    response = client_for(personas.grid_a).get("/disability/")
    assert response.status_code == 403 and "查阅残疾人两项补贴" in response.content.decode()
    assert "两项补贴申请" not in str(nav_for(personas.grid_a))
    assert "两项补贴申请" in str(nav_for(personas.town))


def test_the_detail_offers_the_next_move_and_the_district_approves(personas, application):
    town = client_for(personas.town)
    page = town.get(f"/disability/{application.pk}/").content.decode()
    assert 'data-testid="move-accept"' in page and 'data-state="primary"' in page
    town.post(f"/disability/{application.pk}/act/", {"action": "accept", "expected_state": "applied"})
    district = client_for(personas.district)
    page = district.get(f"/disability/{application.pk}/").content.decode()
    assert 'data-testid="move-approve"' in page
    district.post(
        f"/disability/{application.pk}/act/", {"action": "approve", "expected_state": "town_reviewed"}
    )
    page = district.get(f"/disability/{application.pk}/").content.decode()
    assert 'data-testid="decision"' in page and "批准" in page
    # and reading the application is audited
    assert AuditEntry.objects.filter(action="view", actor=personas.district).exists()


def test_a_certificate_is_recorded_with_the_person_picker(personas):
    who = given.person("登证")
    town = client_for(personas.town)
    found = town.get("/registry/persons/search", {"q": "登证"}).json()["results"]
    assert [r["id"] for r in found] == [who.pk] and who.id_number not in found[0]["label"]
    response = town.post("/disability/certificates/new/", {
        "person": who.pk, "kind": "5", "grade": "2", "number": "", "issued_on": "2020-02-03",
    })  # fmt: skip
    certificate = Certificate.objects.get(person=who)
    assert response.status_code == 302 and certificate.number == who.id_number + "52"
    # a wrong number is refused on its field, in Chinese
    other = given.person("错号")
    page = town.post("/disability/certificates/new/", {
        "person": other.pk, "kind": "4", "grade": "1", "number": other.id_number + "9", "issued_on": "2020-02-03",
    }).content.decode()  # fmt: skip
    assert "残疾人证号应为20位" in page
    # another district's worker finds nobody of 秀英区
    assert (
        client_for(personas.other_district).get("/registry/persons/search", {"q": "登证"}).json()["results"]
        == []
    )


def test_the_export_is_an_audited_xlsx(personas, application):
    response = client_for(personas.town).get("/disability/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert AuditEntry.objects.filter(action="export", object_type="disability.application").exists()


def test_a_posted_person_of_another_district_is_never_named_on_the_refused_form(personas):
    # given a person of 秀英区
    who = given.person("邻区")
    # when a 美兰区 reviewer posts that person's id with a form that is refused (a date that is not one)
    page = client_for(personas.other_district).post("/disability/certificates/new/", {
        "person": who.pk, "kind": "4", "grade": "1", "number": "", "issued_on": "不是日期",
    }).content.decode()  # fmt: skip
    # then the form comes back without the person's name or ID, and nothing was recorded
    assert who.name not in page and who.id_number[-4:] not in page
    assert not Certificate.objects.filter(person=who).exists()
