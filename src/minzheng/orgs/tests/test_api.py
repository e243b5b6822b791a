"""/api/v1/orgs/organisations: the organisations' list and page as JSON — the office reads those whose domicile lies
in its region, another district's are 404; nothing but the public register leaves (no legal representative's ID)."""

from __future__ import annotations

import pytest
from django.test import Client

from minzheng.core.models import Region
from minzheng.core.testing import OTHER_DISTRICT, client_for
from minzheng.orgs.tests.given import person, registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations(personas):
    """One registered by 秀英区 (domicile 秀英街道) with a registry person as legal representative, one by the city
    with its domicile in 美兰区."""
    meilan_town = Region.objects.filter(parent__code=OTHER_DISTRICT).order_by("code").first()
    rep = person("张法人")
    xiuying = registered(personas, name="秀英区志愿者协会", legal_rep=rep)
    meilan = registered(personas, name="美兰区社会工作服务中心", kind="service", authority="460100",
                        where=meilan_town.code)  # fmt: skip
    return xiuying, meilan, rep


def _names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_the_city_reads_every_organisation_and_a_district_only_its_own(personas, organisations):
    xiuying, meilan, _ = organisations
    city = client_for(personas.city)
    assert set(_names(city.get("/api/v1/orgs/organisations"))) == {xiuying.name, meilan.name}
    assert _names(city.get("/api/v1/orgs/organisations", {"kind": "service"})) == [meilan.name]
    assert _names(city.get("/api/v1/orgs/organisations", {"q": "志愿者"})) == [xiuying.name]
    district = client_for(personas.district)
    assert _names(district.get("/api/v1/orgs/organisations")) == [xiuying.name]
    assert district.get(f"/api/v1/orgs/organisations/{meilan.pk}").status_code == 404


def test_anonymous_is_401_and_a_role_without_the_capability_403(personas, organisations):
    assert Client().get("/api/v1/orgs/organisations").status_code == 401
    response = client_for(personas.community).get("/api/v1/orgs/organisations")
    assert response.status_code == 403 and "查阅社会组织信息" in response.json()["detail"]


def test_the_page_of_an_organisation_holds_its_register_and_no_personal_number(personas, organisations):
    xiuying, _, rep = organisations
    body = client_for(personas.district).get(f"/api/v1/orgs/organisations/{xiuying.pk}").json()
    assert body["legal_rep_name"] == "张法人" and body["region_code"].startswith("460105")
    assert body["uscc"] == xiuying.uscc and body["annual_reports"] == [] and body["penalties"] == []
    assert rep.id_number not in str(body) and rep.id_number[-4:] not in str(body)
