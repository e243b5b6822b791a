"""/api/v1/policy/documents: the library as its pages read it — the whole library for every reader (public
documents, a district's reader too), a login needed as on the pages (401), the system administrator refused (403)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from minzheng.assistance.tests.given import region
from minzheng.core.testing import client_for
from minzheng.policy import services
from minzheng.policy.models import Document

pytestmark = pytest.mark.django_db


def _doc(actor, number, where, **kw):  # noqa: ANN001, ANN003, ANN202
    data = {"title": "关于临时救助小额审批的通知", "issuer": "海口市民政局", "region": region(where),
            "topic": Document.Topic.ASSISTANCE, "issued_on": date(2020, 5, 1), "effective_from": date(2020, 6, 1),
            "body": "临时救助金额在1000元以下的，由乡镇人民政府审批。", **kw}  # fmt: skip
    return services.document_register(actor=actor, number=number, **data)


@pytest.fixture
def documents(personas):
    city = _doc(personas.city, "海民规〔2020〕9号", "460100")
    meilan = _doc(personas.other_district, "美民规〔2019〕1号", "460108", title="养老服务补贴办法",
                  topic=Document.Topic.ELDERCARE, body="高龄老人养老服务补贴。", issued_on=date(2019, 1, 1),
                  effective_from=date(2019, 1, 1), effective_until=date(2019, 12, 31))  # fmt: skip
    return city, meilan


def _numbers(response):
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["items"]]


def test_every_reader_reads_the_whole_library_and_the_filters_narrow(personas, documents):
    city, meilan = documents
    district = client_for(personas.district)
    assert set(_numbers(district.get("/api/v1/policy/documents"))) == {city.number, meilan.number}
    assert _numbers(district.get("/api/v1/policy/documents", {"in_force": "true"})) == [city.number]
    assert _numbers(district.get("/api/v1/policy/documents", {"q": "临时救助 乡镇"})) == [city.number]
    assert _numbers(district.get("/api/v1/policy/documents", {"date_to": "2019-12-31"})) == [meilan.number]
    body = district.get(f"/api/v1/policy/documents/{meilan.pk}").json()
    assert (
        body["status"] == "已失效"
        and body["body"] == "高龄老人养老服务补贴。"
        and body["issuer_region_code"] == "460108"
    )
    assert district.get("/api/v1/policy/documents/999999").json() == {"detail": "政策文件不存在"}


def test_anonymous_is_401_and_a_role_without_the_capability_403(personas, documents):
    assert Client().get("/api/v1/policy/documents").status_code == 401
    response = client_for(personas.admin).get(f"/api/v1/policy/documents/{documents[0].pk}")
    assert response.status_code == 403 and "查阅政策文件库" in response.json()["detail"]
