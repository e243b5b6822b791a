"""Pages of grids, the roster with training, units and the classification."""

import json

import pytest
from django.urls import reverse

from minzheng.core.testing import GRID_A, GRID_B, client_for
from minzheng.grid.models import Department, GridProfile, GridWorker
from minzheng.grid.services import grid_profiles_ensure
from minzheng.grid.tests import given

pytestmark = pytest.mark.django_db


def test_grid_pages_are_scoped_and_edit_the_boundary(personas, django_assert_max_num_queries):
    grid_profiles_ensure()
    town = client_for(personas.town)
    with django_assert_max_num_queries(10):
        response = town.get(reverse("grid:grid_list"))
    assert response.status_code == 200 and GRID_A in response.content.decode()
    assert GRID_A not in client_for(personas.grid_b).get(reverse("grid:grid_list")).content.decode()
    assert client_for(personas.grid_b).get(reverse("grid:grid_detail", args=[GRID_A])).status_code == 404
    boundary = {
        "type": "Polygon",
        "coordinates": [[[110, 20], [110.1, 20], [110.1, 20.1], [110, 20.1], [110, 20]]],
    }
    page = client_for(personas.community)
    page.post(
        reverse("grid:grid_detail", args=[GRID_A]),
        {"grid_type": "dedicated", "boundary": json.dumps(boundary)},
    )
    profile = GridProfile.objects.get(region__code=GRID_A)
    assert profile.grid_type == "dedicated" and profile.max_lat == 20.1
    response = page.post(
        reverse("grid:grid_detail", args=[GRID_A]),
        {"grid_type": "urban", "boundary": "{not json"},
        follow=True,
    )
    assert "不是有效的 JSON" in response.content.decode()


def test_the_roster_assignments_and_training_pages(personas):
    grid_profiles_ensure()
    town = client_for(personas.town)
    listing = town.get(reverse("grid:worker_list"))
    assert {u.username for u in listing.context["unlisted"]} == {"grid_a", "grid_b"}
    town.post(reverse("grid:worker_register"), {"user": personas.grid_a.pk, "employee_no": "W1"})
    worker = GridWorker.objects.get(user=personas.grid_a)
    town.post(reverse("grid:grid_assign", args=[GRID_A]), {"worker": worker.pk})
    assert list(worker.grids.values_list("region__code", flat=True)) == [GRID_A]
    response = town.post(reverse("grid:grid_assign", args=[GRID_B]), {"worker": worker.pk}, follow=True)
    assert "不在网格员账号的区划" in response.content.decode()
    town.post(
        reverse("grid:worker_detail", args=[worker.pk]),
        {"title": "事件上报规范", "held_on": "2026-03-02", "hours": "4", "passed": "on"},
    )
    assert worker.trainings.count() == 1
    assert client_for(personas.grid_b).get(reverse("grid:worker_detail", args=[worker.pk])).status_code == 404


def test_units_and_their_accounts(personas):
    officer = given.operator()
    district = client_for(personas.district)
    district.post(
        reverse("grid:department_list"),
        {"name": "秀英区市政管理局", "function": "municipal", "region": "460105", "phone": ""},
    )
    unit = Department.objects.get(name="秀英区市政管理局")
    district.post(reverse("grid:department_detail", args=[unit.pk]), {"users": [officer.pk]})
    assert list(unit.users.all()) == [officer]
    response = client_for(personas.grid_a).post(
        reverse("grid:department_list"), {"name": "x", "function": "other", "region": GRID_A}, follow=True
    )
    assert response.status_code == 403 and "维护处置单位" in response.content.decode()


def test_the_classification_page(personas):
    given.category()
    content = client_for(personas.grid_a).get(reverse("grid:category_list")).content.decode()
    assert "市容环境" in content and "暴露垃圾" in content and "GB/T 30428.2" in content
