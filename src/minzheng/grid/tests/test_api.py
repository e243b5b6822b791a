"""/api/v1/events: the same scope, steps and refusals as the pages."""

import pytest

from minzheng.core.testing import GRID_A, client_for
from minzheng.grid.tests import given

pytestmark = pytest.mark.django_db


def test_report_list_and_act_through_the_api(personas):
    given.category()
    api = client_for(personas.grid_a)
    response = api.post(
        "/api/v1/events",
        {"category": "0102", "description": "垃圾", "grid": GRID_A, "address": "秀华路"},
        content_type="application/json",
    )
    assert response.status_code == 201
    number = response.json()["number"]
    assert response.json()["state"] == "reported" and response.json()["grid_code"] == GRID_A
    assert [e["number"] for e in api.get("/api/v1/events").json()] == [number]
    assert client_for(personas.grid_b).get("/api/v1/events").json() == []
    assert client_for(personas.grid_b).get(f"/api/v1/events/{number}").status_code == 404
    town = client_for(personas.town)
    done = town.post(
        f"/api/v1/events/{number}/actions",
        {"action": "file", "expected_state": "reported"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["state"] == "filed"
    refused = town.post(
        f"/api/v1/events/{number}/actions", {"action": "dispatch"}, content_type="application/json"
    )
    assert refused.status_code == 422 and refused.json()["field"] == "department"
    assert "contact_phone" not in done.json()


def test_refusals_name_the_field(personas):
    given.category()
    api = client_for(personas.grid_a)
    response = api.post(
        "/api/v1/events",
        {"category": "04", "description": "x", "grid": GRID_A},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["field"] == "category"
    response = api.post(
        "/api/v1/events",
        {"category": "0102", "description": "x", "grid": "460105001002001"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "管辖范围" in response.json()["message"]
    assert client_for(personas.auditor).get("/api/v1/events").status_code == 403
