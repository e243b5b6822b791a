"""Open311 GeoReport v2 under /open311/v2/: every answer, in JSON and in XML, validates against the
official JSON Schemas; errors come in the spec's shape; jurisdiction_id is honoured; no personal data."""

import json

import pytest
from django.test import Client

from minzheng.core.models import AuditEntry
from minzheng.core.testing import GRID_A
from minzheng.grid.models import Event, Open311Request
from minzheng.grid.services import event_act, open311_client_issue
from minzheng.grid.services.intake import open311_intake_drain
from minzheng.grid.tests import given
from minzheng.grid.tests.open311_schema import validate, xml_read

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"
FORMATS = ("json", "xml")


@pytest.fixture
def api_key(personas):
    given.profile(GRID_A)
    given.category()
    _, key = open311_client_issue(name="12345热线", jurisdiction_id="haikou.gov.cn")
    return key


def read(response):
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)
    assert response["Content-Type"].startswith("text/xml")
    return xml_read(response.content)


def filed(number: str) -> Event:
    """Let the worker file what was received, and return the event of request ``number``."""
    open311_intake_drain()
    return Event.objects.select_related("case__region", "client").get(
        open311_request__pk=Open311Request.pk_from(number)
    )


def post(key, fmt="json", **fields):
    data = {
        "api_key": key,
        "service_code": "0102",
        "lat": "20.005",
        "long": "110.305",
        "description": "路边垃圾堆积",
        "first_name": "海",
        "last_name": "王",
        "phone": "13900001111",
        "email": "wanghai@example.com",
        "account_id": "caller-1",
    }
    data.update(fields)
    return Client().post(f"{BASE}/requests.{fmt}", {k: v for k, v in data.items() if v is not None})


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_list_and_definitions_validate(fmt, api_key):
    response = Client().get(f"{BASE}/services.{fmt}")
    assert response.status_code == 200
    services = read(response)
    validate("services.json", services)
    by_code = {s["service_code"]: s for s in services}
    assert by_code["0102"]["group"] == "市容环境" and by_code["0102"]["type"] == "realtime"
    assert by_code["0401"]["metadata"] is True and by_code["0102"]["metadata"] is False
    assert "01" not in by_code  # a major class is a group, not a service

    definition = read(Client().get(f"{BASE}/services/7201.{fmt}"))
    validate("service-definition.json", definition)
    needs = definition["attributes"][0]
    assert (needs["code"], needs["datatype"], needs["required"]) == ("needs", "multivaluelist", True)
    assert {"key": "medical", "name": "医疗"} in needs["values"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_hotline_files_a_request_and_follows_it(fmt, api_key):
    # when the 12345 system posts a request with coordinates inside grid A
    response = post(api_key, fmt)
    assert response.status_code == 200
    answer = read(response)[0]
    number = answer["service_request_id"]
    assert number.startswith("OR") and "处置时限4个工作小时" in answer["service_notice"]
    assert answer["account_id"] == "caller-1"
    # then it can be followed at once, received but not yet filed
    waiting = read(Client().get(f"{BASE}/requests/{number}.{fmt}"))
    validate("requests.json", waiting)
    assert (waiting[0]["status"], waiting[0]["status_notes"]) == ("open", "已接收，待登记")
    # and the worker files it as an event, placed in grid A, from the hotline client, with one audit entry
    event = filed(number)
    assert (event.source, event.client.name, event.case.region.code) == ("hotline", "12345热线", GRID_A)
    assert event.contact_phone == "13900001111" and event.case.state == "reported"
    assert event.case.events.get().action == "open" and event.case.number.startswith("SJ460105")
    audit = AuditEntry.objects.get(action="bulk", object_type="grid.event")
    assert audit.after == {number: event.case.number}
    # and anyone can follow it, without seeing who called
    detail = Client().get(f"{BASE}/requests/{number}.{fmt}")
    assert detail.status_code == 200
    requests = read(detail)
    validate("requests.json", requests)
    assert requests[0]["status"] == "open" and requests[0]["status_notes"] == "待受理"
    for secret in (b"13900001111", "王".encode(), b"wanghai", b"caller-1"):
        assert secret not in detail.content


@pytest.mark.parametrize("fmt", FORMATS)
def test_status_maps_to_open_or_closed_with_the_detail_in_notes(fmt, api_key, personas):
    number = read(post(api_key, "json"))[0]["service_request_id"]
    event = filed(number)
    event_act(actor=personas.town, event=event, action="file")
    event = event_act(actor=personas.town, event=event, action="dispatch_grid")
    item = read(Client().get(f"{BASE}/requests/{number}.{fmt}"))[0]
    assert item["status"] == "open" and item["status_notes"] == "网格处置中"
    assert item["expected_datetime"] is not None and item["agency_responsible"].endswith("（网格自行处置）")
    event_act(actor=personas.grid_a, event=event, action="feedback", comment="已清理")
    event_act(actor=personas.grid_a, event=event, action="verify")
    event_act(actor=personas.town, event=event, action="evaluate", satisfaction="basic")
    requests = read(Client().get(f"{BASE}/requests/{number}.{fmt}"))
    validate("requests.json", requests)
    assert (requests[0]["status"], requests[0]["status_notes"]) == ("closed", "已评价（基本满意）")


@pytest.mark.parametrize("fmt", FORMATS)
def test_request_list_filters(fmt, api_key, personas):
    first = read(post(api_key))[0]["service_request_id"]
    second = read(post(api_key, service_code="0401", **{"attribute[casualties]": "none"}))[0][
        "service_request_id"
    ]
    event_act(actor=personas.community, event=filed(second), action="void", comment="重复")
    everything = read(Client().get(f"{BASE}/requests.{fmt}"))
    validate("requests.json", everything)
    assert [r["service_request_id"] for r in everything] == [second, first]  # newest first
    closed = read(Client().get(f"{BASE}/requests.{fmt}", {"status": "closed"}))
    assert [r["service_request_id"] for r in closed] == [second]
    by_code = read(Client().get(f"{BASE}/requests.{fmt}", {"service_code": "0102", "status": ""}))
    assert [r["service_request_id"] for r in by_code] == [first]
    by_id = read(
        Client().get(f"{BASE}/requests.{fmt}", {"service_request_id": f"{first},{second}", "status": "open"})
    )
    assert {r["service_request_id"] for r in by_id} == {first, second}  # the id list overrides the rest
    old = read(
        Client().get(
            f"{BASE}/requests.{fmt}",
            {"start_date": "2020-01-01T00:00:00Z", "end_date": "2020-02-01T00:00:00+08:00"},
        )
    )
    assert old == []


ERRORS = [
    ({"api_key": ""}, 403, "api_key"),
    ({"api_key": "wrong"}, 403, "api_key"),
    ({"service_code": ""}, 400, "service_code"),
    ({"service_code": "9999"}, 400, "9999"),
    ({"lat": None, "long": None}, 400, "位置"),
    ({"lat": "north"}, 400, "经纬度"),
    ({"service_code": "0401"}, 400, "attribute[casualties]"),
    ({"service_code": "0401", "attribute[casualties]": "many"}, 400, "可选项"),
    ({"description": "长" * 4001}, 400, "4000"),
    ({"jurisdiction_id": "sanya.gov.cn"}, 404, "jurisdiction_id"),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("fields", "status", "words"), ERRORS)
def test_bad_posts_get_errors_in_the_spec_format(fmt, fields, status, words, api_key):
    fields = dict(fields)
    response = post(fields.pop("api_key", api_key), fmt, **fields)
    assert response.status_code == status
    errors = read(response)
    assert errors == [{"code": status, "description": errors[0]["description"]}]
    assert words in errors[0]["description"]
    assert not Open311Request.objects.exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_reads_get_errors_in_the_spec_format(fmt, api_key):
    cases = [
        (f"{BASE}/services/9999.{fmt}", {}, 404),
        (f"{BASE}/requests/SJ0000.{fmt}", {}, 404),
        (f"{BASE}/services.{fmt}", {"jurisdiction_id": "sanya.gov.cn"}, 404),
        (
            f"{BASE}/requests.{fmt}",
            {"start_date": "2020-01-01T00:00:00Z", "end_date": "2020-06-01T00:00:00Z"},
            400,
        ),
        (f"{BASE}/requests.{fmt}", {"start_date": "yesterday"}, 400),
        (f"{BASE}/requests.{fmt}", {"status": "pending"}, 400),
    ]
    for url, params, status in cases:
        response = Client().get(url, params)
        assert response.status_code == status, url
        assert read(response)[0]["code"] == status


def test_our_jurisdiction_and_unknown_formats(api_key):
    assert Client().get(f"{BASE}/services.json", {"jurisdiction_id": "haikou.gov.cn"}).status_code == 200
    response = Client().get(f"{BASE}/services.csv")
    assert response.status_code == 404 and xml_read(response.content)[0]["code"] == 404


def test_the_house_code_is_an_address_id(api_key, personas):
    from minzheng.core.models import Region
    from minzheng.registry.models import House

    House.objects.create(code="H-A-9", address="秀华路9号", grid=Region.objects.get(code=GRID_A))
    number = read(post(api_key, lat=None, long=None, address_id="h-a-9"))[0]["service_request_id"]
    assert filed(number).case.region.code == GRID_A
    unplaced = read(post(api_key, lat=None, long=None, address_string="某路口"))[0]["service_request_id"]
    assert filed(unplaced).case.region.level == "city"  # the hotline's filer chooses its grid
