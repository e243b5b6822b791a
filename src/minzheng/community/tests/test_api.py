"""/api/v1/community/: projects and issued certificates as their pages read them — the office reads its region's,
another district's are 404; the applicant masked in the list, the ID number masked on the certificate, whose read
is audited; anonymous 401, a role without 查阅基层治理与社区建设 403."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from minzheng.assistance.tests.given import URBAN_COMMUNITY, person, region
from minzheng.community import services
from minzheng.community.models import Project
from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db
MEILAN_COMMUNITY = "460108001001"


@pytest.fixture
def records(personas):
    """A project and a certificate of 秀华社区 (秀英区), the same of a 美兰区 community."""
    item = services.item_save(actor=None, region=region("460100"), name="收养人婚姻状况、抚养教育能力证明",
                              allowed=True, basis="《中国公民收养子女登记办法》第六条")  # fmt: skip
    made = {}
    for key, code, who, actor in (
        ("xiuying", URBAN_COMMUNITY, person("甲居民"), personas.district),
        ("meilan", MEILAN_COMMUNITY, person("乙居民", hukou=MEILAN_COMMUNITY), personas.other_district),
    ):
        made[f"{key}_project"] = services.project_create(
            actor=actor, region=region(code), name=f"{key}大社区综合服务中心", kind=Project.Kind.CENTRE,
            planned_on=date(2020, 1, 2),
        )  # fmt: skip
        made[f"{key}_certificate"] = services.certificate_request(
            actor=None, region=region(code), person=who, item=item, purpose="收养登记", on=date(2020, 3, 1)
        )
    return made


def _ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_the_city_reads_every_district_and_a_district_only_its_own(personas, records):
    city, district = client_for(personas.city), client_for(personas.district)
    assert set(_ids(city.get("/api/v1/community/projects"))) == {
        records["xiuying_project"].pk, records["meilan_project"].pk}  # fmt: skip
    assert _ids(district.get("/api/v1/community/projects")) == [records["xiuying_project"].pk]
    assert district.get(f"/api/v1/community/projects/{records['meilan_project'].pk}").status_code == 404
    assert _ids(district.get("/api/v1/community/certificates")) == [records["xiuying_certificate"].pk]
    assert (
        district.get(f"/api/v1/community/certificates/{records['meilan_certificate'].pk}").status_code == 404
    )
    assert _ids(city.get("/api/v1/community/certificates", {"region": MEILAN_COMMUNITY})) == [
        records["meilan_certificate"].pk]  # fmt: skip
    assert _ids(city.get("/api/v1/community/certificates", {"date_to": "2020-02-28"})) == []


def test_anonymous_is_401_and_a_role_without_the_capability_403(personas, records):
    assert Client().get("/api/v1/community/certificates").status_code == 401
    response = client_for(personas.grid_a).get("/api/v1/community/projects")
    assert response.status_code == 403 and "查阅基层治理与社区建设" in response.json()["detail"]


def test_the_applicant_is_masked_and_opening_a_certificate_is_audited(personas, records):
    certificate = records["xiuying_certificate"]
    client = client_for(personas.community)
    listed = client.get("/api/v1/community/certificates").json()["items"][0]
    assert listed["person_name"] == "甲*民"
    body = client.get(f"/api/v1/community/certificates/{certificate.pk}").json()
    number = certificate.person.id_number
    assert body["person_id_number"] == number[:6] + "********" + number[-4:] and number not in str(body)
    assert "verify_code" not in body and certificate.verify_code not in str(body)
    assert AuditEntry.objects.filter(
        action="view", actor=personas.community, detail=f"查看证明{certificate.number}"
    ).exists()
