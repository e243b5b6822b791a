"""Open311 under attack (issue 13, items 1, 4 and 12): a ``javascript:`` media_url was stored and rendered as
a link on the event page; a JSON body got a misleading 403 "api_key 缺失或无效"; control and bidi characters
reached the database. Each is now a GeoReport v2 400 naming the parameter, and a bad URL already stored is
never rendered as a link."""

import json

import pytest
from django.test import Client

from minzheng.core.testing import GRID_A, client_for
from minzheng.grid.models import Event, Open311Request
from minzheng.grid.services import open311_client_issue
from minzheng.grid.services.intake import open311_intake_drain
from minzheng.grid.tests import given
from minzheng.grid.tests.open311_schema import xml_read

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"
XSS = "javascript:alert(document.domain)"


@pytest.fixture
def api_key(personas):
    given.profile(GRID_A)
    given.category()
    _, key = open311_client_issue(name="12345热线", jurisdiction_id="haikou.gov.cn")
    return key


def post(key, fmt="json", **fields):
    data = {"api_key": key, "service_code": "0102", "lat": "20.005", "long": "110.305", "description": "垃圾"}
    data.update(fields)
    return Client().post(f"{BASE}/requests.{fmt}", data)


def errors(response) -> list[dict]:
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)
    return xml_read(response.content)


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "url", [XSS, "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://x.example/a"]
)
def test_a_media_url_that_is_not_http_is_refused_at_post(fmt, url, api_key):
    response = post(api_key, fmt, media_url=url)
    assert response.status_code == 400
    [error] = errors(response)
    assert error["code"] == 400 and error["description"].startswith("media_url：媒体链接只接受 http://")
    assert not Open311Request.objects.exists()


def test_a_media_url_is_a_link_only_when_http_with_noopener(api_key, personas):
    # given one event posted with an https picture, filed by the worker
    number = json.loads(post(api_key, media_url="https://img.example.org/a.jpg").content)[0][
        "service_request_id"
    ]
    open311_intake_drain()
    event = Event.objects.get(open311_request__pk=Open311Request.pk_from(number))
    page = client_for(personas.city).get(f"/grid/events/{event.case_id}/").content.decode()
    # then the event page links to it, opening without handing over the page
    assert '<a href="https://img.example.org/a.jpg" target="_blank" rel="noopener noreferrer"' in page


def test_a_javascript_url_already_stored_is_never_rendered_as_a_link(api_key, personas):
    # given an event whose media_url was stored as javascript: before the boundary existed
    event = given.event(personas.grid_a, code="0102")
    Event.objects.filter(pk=event.pk).update(media_url=XSS)
    # when staff open the event page
    page = client_for(personas.city).get(f"/grid/events/{event.case_id}/").content.decode()
    # then it is shown as text, not as a link
    assert 'href="javascript:' not in page.lower() and "javascript:alert" in page
    assert 'data-testid="media-unlinked"' in page
    # and the public feed never hands it out (a hotline's event of the same kind)
    number = json.loads(post(api_key).content)[0]["service_request_id"]
    open311_intake_drain()
    Event.objects.filter(open311_request__pk=Open311Request.pk_from(number)).update(media_url=XSS)
    [item] = json.loads(Client().get(f"{BASE}/requests/{number}.json").content)
    assert item["media_url"] is None


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_json_body_gets_a_400_saying_the_spec_posts_forms(fmt, api_key):
    # when a client posts JSON (with a valid key in it)
    body = json.dumps({"api_key": api_key, "service_code": "0102", "description": "垃圾", "lat": 20.005})
    response = Client().post(f"{BASE}/requests.{fmt}", body, content_type="application/json")
    # then the answer is a 400 in the spec's shape that says what to send — not a 403 about the key
    assert response.status_code == 400
    [error] = errors(response)
    assert error["code"] == 400 and "application/x-www-form-urlencoded" in error["description"]
    assert "api_key" not in error["description"]
    assert not Open311Request.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("first_name", "海\u202e", "first_name：名含有U+202E"),
        ("last_name", "王\u2066", "last_name：姓含有U+2066"),
        ("address_string", "秀华路\n8号", "address_string：地址只能填写一行"),
        ("attribute[casualties]", "none\u202e", "attribute[casualties]：附加字段含有U+202E"),
        ("description", "垃圾\x1b[2J", "含有不允许的U+001B"),
    ],
)
def test_control_and_bidi_characters_in_a_post_are_refused_naming_the_parameter(field, value, named, api_key):
    response = post(
        api_key, service_code="0401" if field.startswith("attribute") else "0102", **{field: value}
    )
    assert response.status_code == 400
    [error] = errors(response)
    assert named in error["description"]
    assert not Open311Request.objects.exists()


def test_multi_line_descriptions_are_accepted(api_key):
    assert post(api_key, description="第一行\r\n第二行").status_code == 200
