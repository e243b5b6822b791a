"""/api/v1/marriage/registrations: the register's search page as JSON — registrars of the office and the city
manager only, another office's record 404, ID numbers masked, every read audited."""

from datetime import date

import pytest
from django.test import Client

from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for, personas_create
from minzheng.marriage import services
from minzheng.marriage.tests.given import man, registry_offices, woman

pytestmark = pytest.mark.django_db

DAY = date(2024, 5, 20)


@pytest.fixture
def register():
    """A marriage registered at 秀英区's office and one at 美兰区's."""
    reg = registry_offices()
    husband, wife = man("王建国"), woman("李秀英")
    xiuying = services.marriage_register(
        actor=reg.clerk, office=reg.xiuying, man=husband, woman=wife, on=DAY, both_present=True,
        documents_checked=True,
    )  # fmt: skip
    meilan = services.marriage_register(
        actor=reg.other_clerk, office=reg.meilan, man=man("陈美兰"), woman=woman("周美兰"), on=DAY,
        both_present=True, documents_checked=True,
    )  # fmt: skip
    return reg, xiuying, meilan


def _numbers(response):
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["items"]]


def test_the_city_manager_reads_every_office_and_a_registrar_only_their_own(register):
    reg, xiuying, meilan = register
    personas = personas_create()
    # when the city manager lists the register: both offices' registrations
    assert set(_numbers(client_for(personas.city).get("/api/v1/marriage/registrations"))) == {
        xiuying.number,
        meilan.number,
    }
    # when 秀英区's registrar lists it: only their office's; 美兰区's record is 404
    clerk = client_for(reg.clerk)
    assert _numbers(clerk.get("/api/v1/marriage/registrations")) == [xiuying.number]
    assert clerk.get(f"/api/v1/marriage/registrations/{meilan.pk}").status_code == 404
    # and the filters narrow: by kind, by date range, by a party's name
    assert _numbers(clerk.get("/api/v1/marriage/registrations", {"kind": "divorce"})) == []
    assert _numbers(clerk.get("/api/v1/marriage/registrations", {"date_from": "2024-05-21"})) == []
    assert _numbers(clerk.get("/api/v1/marriage/registrations", {"q": "王建国"})) == [xiuying.number]


def test_anyone_but_the_registrars_and_the_city_is_refused(register):
    personas = personas_create()
    # anonymous: 401; a district reviewer (no 查阅婚姻登记档案): 403, list and record
    assert Client().get("/api/v1/marriage/registrations").status_code == 401
    district = client_for(personas.district)
    response = district.get("/api/v1/marriage/registrations")
    assert response.status_code == 403 and "查阅婚姻登记档案" in response.json()["detail"]
    assert district.get(f"/api/v1/marriage/registrations/{register[1].pk}").status_code == 403


def test_a_record_shows_masked_id_numbers_and_its_read_is_audited(register):
    reg, xiuying, _ = register
    clerk = client_for(reg.clerk)
    # when the registrar opens the record
    body = clerk.get(f"/api/v1/marriage/registrations/{xiuying.pk}").json()
    # then the ID numbers are masked as on the page
    assert body["man_id_number"] == xiuying.man.id_number[:6] + "********" + xiuying.man.id_number[-4:]
    assert xiuying.woman.id_number not in str(body)
    assert body["region_code"] == "460105" and body["reissues"] == []
    # and the read is in the audit log, as is the search
    assert AuditEntry.objects.filter(
        action="view", detail=f"查看婚姻登记{xiuying.number}", actor=reg.clerk
    ).exists()
    clerk.get("/api/v1/marriage/registrations", {"q": "王建国"})
    assert AuditEntry.objects.filter(action="view", detail="检索婚姻登记档案“王建国”，1条").exists()
