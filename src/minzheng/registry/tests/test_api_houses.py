"""/api/v1/houses: list, detail, create, update — scoped."""

import json

import pytest

from minzheng.core.testing import GRID_A, GRID_B, client_for
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


def send(client, method, url, data):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_create_list_detail_update(personas):
    client = client_for(personas.grid_a)
    response = send(
        client,
        "post",
        "/api/v1/houses",
        {"code": "H-1", "address": "秀华路1号", "grid": GRID_A, "area": "72.5"},
    )
    assert response.status_code == 201, response.content
    house = response.json()
    assert (house["grid_code"], house["area"], house["use"]) == (GRID_A, "72.50", "own")
    assert [h["code"] for h in client.get("/api/v1/houses", {"q": "秀华"}).json()["items"]] == ["H-1"]
    assert client.get(f"/api/v1/houses/{house['id']}").json()["address"] == "秀华路1号"
    assert send(client, "patch", f"/api/v1/houses/{house['id']}", {"use": "rented"}).json()["use"] == "rented"


def test_errors_name_the_field(personas):
    client = client_for(personas.grid_a)
    response = send(client, "post", "/api/v1/houses", {"code": "H-1", "address": "秀华路1号", "grid": GRID_B})
    assert response.status_code == 422 and response.json()["field"] == "grid"
    response = send(client, "post", "/api/v1/houses", {"code": "H-1", "address": "", "grid": GRID_A})
    assert response.json() == {"field": "address", "message": "地址不能为空"}


def test_grid_b_cannot_reach_the_house(personas):
    house = given.house(personas.grid_a)
    client = client_for(personas.grid_b)
    assert client.get(f"/api/v1/houses/{house.pk}").status_code == 404
    assert send(client, "patch", f"/api/v1/houses/{house.pk}", {"use": "vacant"}).status_code == 404
