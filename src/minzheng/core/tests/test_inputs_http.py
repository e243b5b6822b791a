"""The input boundary at the HTTP door (core.middleware.InputBoundaryMiddleware): every request carrying a
control character in its path, query string, form fields, upload names or JSON strings gets a Chinese 400 in
the caller's language — never a 500 (PostgreSQL refuses NUL in text), never the value stored (SQLite keeps
it). The URLs are those of issue 13, item 4, tried anonymously and logged in."""

import html
import json

import pytest
from django.test import Client

from minzheng.core.testing import client_for
from minzheng.grid.tests.open311_schema import xml_read
from minzheng.registry.models import Person

pytestmark = pytest.mark.django_db

ATTACKS = [
    # (url, answer format, field named)
    ("/open311/v2/requests.json?service_code=%00", "georeport-json", "service_code"),
    ("/open311/v2/requests.xml?service_code=%00", "georeport-xml", "service_code"),
    ("/open311/v2/services/a%00.json", "georeport-json", "网址路径"),
    ("/api/v1/houses?region=%00", "api", "region"),
    ("/api/v1/persons?q=%E5%90%B4%00", "api", "q"),
    ("/api/v1/events/%00", "api", None),
    ("/registry/houses/?q=a%00", "page", "q"),
    ("/registry/persons/?q=%1B%5B2J", "page", "q"),
    ("/grid/events/?state=%00", "page", "state"),
    ("/reports/dashboard/%00/", "page", "网址路径"),
    ("/grid/events/?%00=1", "page", "<U+0000>"),
    ("/login/?next=%C2%85", "page", "next"),
]


def _refusal(response, answer: str) -> str:
    """The refusal's Chinese text, after checking the answer's shape."""
    assert response.status_code == 400, response.content[:300]
    if answer == "api":
        body = json.loads(response.content)
        assert set(body) == {"field", "message"}
        return f"{body['field']} {body['message']}"
    if answer == "georeport-json":
        errors = json.loads(response.content)
        assert errors == [{"code": 400, "description": errors[0]["description"]}]
        return errors[0]["description"]
    if answer == "georeport-xml":
        errors = xml_read(response.content)
        assert errors[0]["code"] == 400
        return errors[0]["description"]
    assert response["Content-Type"].startswith("text/html")
    assert b'data-status="400"' in response.content
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(("url", "answer", "field"), ATTACKS)
@pytest.mark.parametrize("who", ["anonymous", "city"])
def test_a_control_character_anywhere_in_a_request_gets_a_chinese_400(url, answer, field, who, personas):
    # given an anonymous caller or a logged-in city manager
    client = Client() if who == "anonymous" else client_for(personas.city)
    # when they request the URL
    response = client.get(url)
    # then the answer is a 400 in the caller's format, naming the field and the character, in Chinese
    text = _refusal(response, answer)
    assert "含有不允许的" in text and "U+00" in text
    if field:
        assert field in text


@pytest.mark.parametrize("who", ["anonymous", "city"])
def test_a_json_body_with_an_escaped_nul_is_refused_naming_the_field(who, personas):
    client = Client() if who == "anonymous" else client_for(personas.city)
    body = '{"id_number": "460105199001010011", "name": "张\\u0000三", "members": [{"note": "a\\u001bb"}]}'
    # when a JSON body holds "\u0000" in a field
    response = client.post("/api/v1/persons", body, content_type="application/json")
    # then it is refused before any view runs, naming the field
    assert response.status_code == 400
    refusal = json.loads(response.content)
    assert refusal["field"] in ("name", "members[0].note") and "U+00" in refusal["message"]
    assert not Person.objects.exists()
    # and so is a PATCH, a nested key and a C1 character sent raw (valid JSON)
    patch = client.patch(
        "/api/v1/persons/1", '{"name": "张三\u0085"}'.encode(), content_type="application/json"
    )
    assert patch.status_code == 400 and json.loads(patch.content)["field"] == "name"
    key = client.post("/api/v1/persons", '{"na\\u0000me": "张三"}', content_type="application/json")
    assert key.status_code == 400 and "JSON字段名" in json.loads(key.content)["message"]


def test_a_json_body_to_open311_with_an_escaped_nul_gets_georeport_errors():
    response = Client().post(
        "/open311/v2/requests.json", '{"description": "\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 400
    errors = json.loads(response.content)
    assert errors[0]["code"] == 400 and "description" in errors[0]["description"]


def test_a_form_field_with_nul_is_refused_before_the_login_looks_the_user_up():
    # on PostgreSQL the look-up of "adm\0in" was an HTTP 500
    response = Client().post("/login/", {"username": "adm\x00in", "password": "x"})
    assert response.status_code == 400
    assert "表单字段“username”含有不允许的U+0000（空字符 NUL）" in response.content.decode()


def test_an_htmx_request_gets_the_message_in_the_page(personas):
    response = client_for(personas.city).get("/registry/persons/?q=%00", headers={"HX-Request": "true"})
    assert response["HX-Retarget"] == "#page-messages"
    assert "U+0000" in response.content.decode()


def test_tabs_and_line_breaks_and_ordinary_text_pass(personas):
    client = client_for(personas.city)
    assert client.get("/registry/persons/", {"q": "吴\t海"}).status_code == 200
    assert client.get("/registry/persons/", {"q": "搜索\u202e"}).status_code == 200  # names check bidi
    body = json.dumps({"q": "第一行\n第二行", "name": "阿依古丽"})  # ensure_ascii: \u escapes of Han
    response = client.post("/api/v1/persons", body, content_type="application/json")
    assert response.status_code != 400 or "含有不允许的" not in response.content.decode()


def test_a_bidi_character_passes_the_door_but_not_the_service_that_stores_it(personas):
    from minzheng.grid.models import Event
    from minzheng.grid.tests import given

    given.category()
    body = {
        "category": "0102",
        "description": "垃圾",
        "grid": personas.grid_a.region.code,
        "address": "秀华路\u202e21号",
    }
    response = client_for(personas.grid_a).post(
        "/api/v1/events", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    refusal = json.dumps(response.json(), ensure_ascii=False)  # the API's refusal shape, whichever it is
    assert "address_string" in refusal and "地址含有U+202E" in refusal
    assert not Event.objects.exists()
