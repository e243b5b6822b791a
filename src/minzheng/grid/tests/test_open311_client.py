"""A real Open311 client from PyPI that this project did not write (``georeport``) reads our services,
definitions and requests from a running server, in JSON and XML; the request itself is filed with a plain
form POST, as a 12345 hotline system would."""

import urllib.request
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

import pytest

from minzheng.core.testing import GRID_A
from minzheng.grid.models import Event, Open311Request
from minzheng.grid.services import open311_client_issue
from minzheng.grid.services.intake import open311_intake_drain
from minzheng.grid.tests import given

pytestmark = pytest.mark.django_db(transaction=True)


def _form_post(url: str, fields: dict[str, str]) -> bytes:
    request = urllib.request.Request(
        url, data=urlencode(fields).encode(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (the live test server)
        assert response.status == 200
        return response.read()


def test_georeport_reads_what_a_hotline_filed(live_server, personas, monkeypatch):
    georeport = pytest.importorskip(
        "georeport", reason="georeport 未安装：requirements.lock 应加入 georeport==0.3.1（测试依赖）"
    )
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    given.profile(GRID_A)
    given.category()
    _, key = open311_client_issue(name="12345热线", jurisdiction_id="haikou.gov.cn")
    root = f"{live_server.url}/open311/v2"

    # given a hotline system filing a request with a plain form POST (XML answer)
    answer = _form_post(
        f"{root}/requests.xml",
        {
            "api_key": key,
            "jurisdiction_id": "haikou.gov.cn",
            "service_code": "7201",
            "attribute[needs][]": "medical",
            "lat": "20.005",
            "long": "110.305",
            "address_string": "秀华路12号",
            "description": "独居老人生病无人照顾，请求帮助",
            "phone": "13800000000",
        },
    )
    help_number = ET.fromstring(answer).findtext("request/service_request_id")
    # and one in a public category (困难群众求助 is about one person: never in the public feed)
    answer = _form_post(
        f"{root}/requests.xml",
        {
            "api_key": key,
            "jurisdiction_id": "haikou.gov.cn",
            "service_code": "0401",
            "attribute[casualties]": "none",
            "lat": "20.005",
            "long": "110.305",
            "address_string": "秀华路12号",
            "description": "路面塌陷一处",
            "phone": "13800000000",
        },
    )
    number = ET.fromstring(answer).findtext("request/service_request_id")
    open311_intake_drain()  # the worker's job
    event = Event.objects.get(open311_request__pk=Open311Request.pk_from(help_number))
    assert event.attributes == {"needs": ["medical"]} and event.case.region.code == GRID_A

    for fmt in ("json", "xml"):
        client = georeport.GeoReport(root, jurisdiction="haikou.gov.cn", output_format=fmt)
        # when it reads the services, a definition and the requests
        services = client.get_service_list()
        definition = client.get_service_definition("7201")
        listed = client.get_service_requests(service_request_id=number)
        one = client.get_service_request(number)
        # then it understands them (xmltodict gives one element as a dict, several as a list)
        codes = {s["service_code"] for s in services}
        assert {"0102", "7201"} <= codes
        attributes = definition["attributes"]
        attribute = attributes[0] if fmt == "json" else attributes["attribute"]
        assert attribute["code"] == "needs"
        listed = listed if isinstance(listed, list) else [listed]
        assert [r["service_request_id"] for r in listed] == [number]
        assert one["service_request_id"] == number and one["status"] == "open"
        assert one["service_code"] == "0401" and one["service_name"] == "路面塌陷"
        assert "13800000000" not in str(one)
