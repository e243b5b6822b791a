"""/api/v1/households: list, detail with members, create, update — scoped."""

import json

import pytest

from minzheng.core.testing import GRID_A, client_for
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


def send(client, method, url, data):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_create_list_detail_update(personas):
    head = given.person(personas.grid_a, name="张大山")
    client = client_for(personas.grid_a)
    response = send(
        client,
        "post",
        "/api/v1/households",
        {
            "number": "HH-7",
            "kind": "urban",
            "hukou_region": "460105001001",
            "head": head.pk,
            "start_date": "2020-01-01",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["head_name"] == "张大山" and body["region_code"] == GRID_A
    assert [(m["name"], m["relation"]) for m in body["members"]] == [("张大山", "02")]
    assert head.id_number not in response.content.decode()
    assert [i["number"] for i in client.get("/api/v1/households", {"q": "HH"}).json()["items"]] == ["HH-7"]
    updated = send(client, "patch", f"/api/v1/households/{body['id']}", {"address": "秀华路3号"}).json()
    assert updated["address"] == "秀华路3号"


def test_errors_name_the_field(personas):
    client = client_for(personas.grid_a)
    response = send(
        client,
        "post",
        "/api/v1/households",
        {"number": "HH-8", "kind": "city", "hukou_region": "460105001001", "region": GRID_A},
    )
    assert response.status_code == 422 and response.json()["field"] == "kind"


def test_grid_b_cannot_reach_the_household(personas):
    hh = given.household(personas.grid_a)
    client = client_for(personas.grid_b)
    assert client.get(f"/api/v1/households/{hh.pk}").status_code == 404
    assert send(client, "patch", f"/api/v1/households/{hh.pk}", {"address": "x"}).status_code == 404
    assert client.get("/api/v1/households").json()["items"] == []
