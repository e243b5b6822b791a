"""/api/v1/persons: list with keyset pages, detail, reveal, create, update — scoped and audited."""

import json

import pytest

from minzheng.core.models import AuditEntry
from minzheng.core.testing import GRID_A, GRID_B, client_for
from minzheng.registry.models import Person
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def zsf(personas):
    return given.person(personas.grid_a)


def test_list_finds_by_initials_with_masked_ids(personas, zsf):
    body = client_for(personas.grid_a).get("/api/v1/persons", {"q": "zsf"}).json()
    assert [i["name"] for i in body["items"]] == ["张三丰"] and body["next_after"] is None
    item = body["items"][0]
    assert item["id_number"] == f"{zsf.id_number[:6]}********{zsf.id_number[-4:]}"
    assert item["region_code"] == GRID_A


def test_a_search_that_finds_someone_is_audited_with_its_count_an_empty_one_is_not(personas, zsf):
    client = client_for(personas.grid_a)
    # when the grid worker searches by initials, then by initials nobody has
    client.get("/api/v1/persons", {"q": "zsf"})
    client.get("/api/v1/persons", {"q": "qqq"})
    # then only the search that showed someone is in the audit log, with its term and count
    searches = AuditEntry.objects.filter(action="view", object_repr="人员查询", actor=personas.grid_a)
    assert list(searches.values_list("detail", flat=True)) == ["人员查询“zsf”，返回1条"]


def test_list_pages_with_after(personas):
    for n in range(5):
        given.person(personas.grid_a, name="张三", seq=11 + 2 * n)
    client = client_for(personas.grid_a)
    first = client.get("/api/v1/persons", {"q": "zs", "limit": 3}).json()
    second = client.get("/api/v1/persons", {"q": "zs", "after": first["next_after"], "limit": 3}).json()
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert len(ids) == 5 == len(set(ids)) and second["next_after"] is None


def test_region_filter_outside_the_scope_is_404(personas, zsf):
    client = client_for(personas.grid_a)
    assert client.get("/api/v1/persons", {"region": GRID_B}).status_code == 404
    assert [i["name"] for i in client.get("/api/v1/persons", {"region": GRID_A}).json()["items"]] == [
        "张三丰"
    ]


def test_grid_b_cannot_reach_a_person_of_grid_a(personas, zsf):
    client = client_for(personas.grid_b)
    assert client.get("/api/v1/persons", {"q": zsf.id_number}).json()["items"] == []
    assert client.get(f"/api/v1/persons/{zsf.pk}").status_code == 404
    assert patch(client, f"/api/v1/persons/{zsf.pk}", {"name": "王五"}).status_code == 404
    assert client.post(f"/api/v1/persons/{zsf.pk}/reveal").status_code == 404
    zsf.refresh_from_db()
    assert zsf.name == "张三丰"


def test_district_reviewer_cannot_reach_another_district(personas, zsf):
    assert client_for(personas.other_district).get(f"/api/v1/persons/{zsf.pk}").status_code == 404
    assert client_for(personas.district).get(f"/api/v1/persons/{zsf.pk}").status_code == 200


def test_detail_is_masked_and_audited(personas, zsf):
    body = client_for(personas.grid_a).get(f"/api/v1/persons/{zsf.pk}").json()
    assert body["phone"] == "138****5678" and zsf.id_number not in json.dumps(body)
    assert (body["gender"], body["birth_date"]) == ("M", "1990-01-01")
    assert AuditEntry.objects.filter(action="view", object_id=str(zsf.pk), actor=personas.grid_a).exists()


def test_reveal_needs_the_right_and_is_audited(personas, zsf):
    assert client_for(personas.grid_a).post(f"/api/v1/persons/{zsf.pk}/reveal").status_code == 403
    body = client_for(personas.town).post(f"/api/v1/persons/{zsf.pk}/reveal").json()
    assert body == {"id_number": zsf.id_number, "phone": zsf.phone}
    assert AuditEntry.objects.filter(action="reveal", object_id=str(zsf.pk), actor=personas.town).count() == 2


def test_create_a_person(personas):
    response = post(
        client_for(personas.grid_a),
        "/api/v1/persons",
        {"id_number": given.id_number(seq=31), "name": "王五", "region": GRID_A, "birth_date": "1990-01-01"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "王五" and body["gender"] == "M"
    assert Person.objects.get(pk=body["id"]).name_initials == "ww"


def test_validation_errors_are_chinese_with_the_field(personas):
    client = client_for(personas.grid_a)
    response = post(
        client,
        "/api/v1/persons",
        {"id_number": given.id_number(seq=31), "name": "王五", "gender": "F", "region": GRID_A},
    )
    assert response.status_code == 422
    assert response.json() == {"field": "gender", "message": "性别“女”与身份证号码（男）不符"}
    response = post(client, "/api/v1/persons", {"id_number": "123", "name": "王五", "region": GRID_A})
    assert response.json()["field"] == "id_number" and "长度" in response.json()["message"]
    response = post(
        client,
        "/api/v1/persons",
        {"id_number": given.id_number(seq=31), "name": "王五", "birth_date": "1990-13-01"},
    )
    assert response.json()["field"] == "birth_date"
    response = post(
        client, "/api/v1/persons", {"id_number": given.id_number(seq=31), "name": "王五", "region": "999"}
    )
    assert response.json() == {"field": "region", "message": "区划代码“999”不存在"}


def test_create_in_another_grid_is_refused(personas):
    response = post(
        client_for(personas.grid_b),
        "/api/v1/persons",
        {"id_number": given.id_number(seq=31), "name": "王五", "region": GRID_A},
    )
    assert response.status_code == 422 and response.json()["field"] == "region"


def test_update_a_person(personas, zsf):
    response = patch(
        client_for(personas.grid_a), f"/api/v1/persons/{zsf.pk}", {"name": "张三峰", "phone": "13900001111"}
    )
    assert response.status_code == 200 and response.json()["name"] == "张三峰"
    assert response.json()["phone"] == "139****1111"


def test_roles_without_edit_right_get_403(personas, zsf):
    response = patch(client_for(personas.auditor), f"/api/v1/persons/{zsf.pk}", {"name": "x"})
    assert response.status_code == 403


def test_anonymous_gets_401(db):
    from django.test import Client

    assert Client().get("/api/v1/persons").status_code == 401


def test_openapi_document_lists_the_registry(db):
    from django.test import Client

    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/persons",
        "/api/v1/persons/{person_id}",
        "/api/v1/persons/{person_id}/reveal",
        "/api/v1/households",
        "/api/v1/households/{household_id}",
        "/api/v1/houses",
        "/api/v1/houses/{house_id}",
    ):
        assert path in paths
    assert {"get", "post"} <= set(paths["/api/v1/persons"]) and {"get", "patch"} <= set(
        paths["/api/v1/persons/{person_id}"]
    )
