"""The API's refusals have the shapes its OpenAPI document gives (issue 13, item 13): 400 and 422
``{"field", "message"}`` in Chinese, 401/403/404 ``{"detail"}``; the fields the services need are required."""

import json

import pytest
from django.test import Client

from minzheng.core.testing import GRID_A, client_for

pytestmark = pytest.mark.django_db


def post(client, url, body, **extra):
    return client.post(
        url, json.dumps(body) if not isinstance(body, str) else body, "application/json", **extra
    )


def test_a_missing_required_field_is_a_chinese_422_naming_it(personas):
    # when a house is posted without its code
    response = post(client_for(personas.grid_a), "/api/v1/houses", {"address": "秀华路1号", "grid": GRID_A})
    # then the answer is the documented {field, message}, not pydantic's {"detail": [{"type": "missing"…}]}
    assert response.status_code == 422
    assert response.json() == {"field": "code", "message": "缺少必填字段“code”"}


def test_every_schema_error_is_listed_in_the_message_and_the_first_is_the_field(personas):
    response = post(client_for(personas.grid_a), "/api/v1/households", {"number": "HH-1"})
    body = response.json()
    assert response.status_code == 422 and set(body) == {"field", "message"}
    assert body["field"] == "kind"
    assert body["message"] == "缺少必填字段“kind”；缺少必填字段“hukou_region”"


@pytest.mark.parametrize(
    ("url", "field", "message"),
    [
        ("/api/v1/persons?limit=0", "limit", "查询参数“limit”不能小于1"),
        ("/api/v1/persons?limit=201", "limit", "查询参数“limit”不能大于200"),
        ("/api/v1/persons?after=x", "after", "查询参数“after”应为整数"),
        ("/api/v1/persons/abc", "person_id", "路径参数“person_id”应为整数"),
        ("/api/v1/events?overdue=maybe", "overdue", "查询参数“overdue”应为 true 或 false"),
    ],
)
def test_a_query_or_path_value_of_the_wrong_type_is_a_chinese_422(personas, url, field, message):
    response = client_for(personas.city).get(url)
    assert response.status_code == 422 and response.json() == {"field": field, "message": message}


def test_an_unknown_body_field_is_refused_not_ignored(personas):
    # a misspelt field would otherwise be dropped silently and the record saved without it
    body = {"number": "HH-1", "kind": "urban", "hukou_region": "460105001001", "regoin": GRID_A}
    response = post(client_for(personas.grid_a), "/api/v1/households", body)
    assert response.status_code == 422 and response.json()["field"] == "regoin"
    assert "不认识的字段“regoin”" in response.json()["message"]


def test_a_body_that_is_not_json_is_a_400(personas):
    response = post(client_for(personas.grid_a), "/api/v1/houses", "{not json")
    assert response.status_code == 400
    assert response.json() == {"field": None, "message": "请求体不是有效的 JSON"}


def test_anonymous_gets_a_chinese_401_and_a_write_without_csrf_token_a_403(personas):
    response = Client().get("/api/v1/persons")
    assert response.status_code == 401 and response.json() == {"detail": "未登录或会话已过期，请先登录"}
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.grid_a)
    response = post(browser, "/api/v1/houses", {"code": "H-1", "address": "秀华路1号", "grid": GRID_A})
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_a_role_without_the_capability_gets_403_detail(personas):
    response = client_for(personas.auditor).get("/api/v1/persons")
    assert response.status_code == 403 and set(response.json()) == {"detail"}


# --- the document ----------------------------------------------------------------------------------------


@pytest.fixture
def document(db):
    return Client().get("/api/v1/openapi.json").json()


def _schema(document, reference):
    return document["components"]["schemas"][reference["$ref"].rsplit("/", 1)[1]]


def test_every_operation_documents_its_refusals_with_their_bodies(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            answers = operation["responses"]
            # 400 (control characters) and 401 (no session) can happen anywhere
            assert {"400", "401"} <= set(answers), (method, path)
            for status, answer in answers.items():
                if status in ("400", "422"):
                    body = _schema(document, answer["content"]["application/json"]["schema"])
                    assert set(body["properties"]) == {"field", "message"}, (method, path, status)
                if status in ("401", "403", "404"):
                    body = _schema(document, answer["content"]["application/json"]["schema"])
                    assert set(body["properties"]) == {"detail"}, (method, path, status)
            if "requestBody" in operation:
                assert "422" in answers, (method, path)  # the schema's own refusals at least
            if "{" in path:
                assert "404" in answers, (method, path)


@pytest.mark.parametrize(
    ("path", "method", "required"),
    [
        ("/api/v1/persons", "post", {"id_number", "name"}),
        ("/api/v1/households", "post", {"number", "kind", "hukou_region"}),
        ("/api/v1/houses", "post", {"code", "address", "grid"}),
        ("/api/v1/events", "post", {"category", "description"}),
        ("/api/v1/events/{number}/actions", "post", {"action"}),
    ],
)
def test_the_fields_the_services_need_are_required_and_no_others_accepted(document, path, method, required):
    body = document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    schema = _schema(document, body)
    assert set(schema["required"]) == required
    assert schema["additionalProperties"] is False


def test_the_document_says_control_characters_are_refused(document):
    parameters = document["paths"]["/api/v1/persons"]["get"]["parameters"]
    q = next(p for p in parameters if p["name"] == "q")
    assert "\\u0000-\\u0008" in q["schema"]["pattern"]


def test_the_documented_pattern_is_the_boundarys_rule(document):
    # the pattern in the document refuses exactly the characters the HTTP boundary refuses
    import re

    from minzheng.config.api import NO_CONTROL_CHARACTERS
    from minzheng.core.inputs import forbidden_character

    pattern = re.compile(NO_CONTROL_CHARACTERS)
    for code in range(0x2100):
        text = f"a{chr(code)}b"
        refused = forbidden_character(text, multiline=True, bidi=False) is not None
        assert (pattern.fullmatch(text) is None) == refused, f"U+{code:04X}"
