"""The house pages: list, detail with occupants, create, edit."""

import pytest

from minzheng.core.testing import GRID_A, GRID_B, client_for
from minzheng.registry.models import House
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


def test_house_page_lists_occupants_masked(personas, django_assert_max_num_queries):
    house = given.house(personas.grid_a)
    person = given.person(personas.grid_a, home=house)
    client = client_for(personas.grid_a)
    client.get("/registry/houses/")
    with django_assert_max_num_queries(8):
        assert "秀华路1号" in client.get("/registry/houses/", {"q": "秀华"}).content.decode()
    assert "秀华路1号" in client.get("/registry/houses/", {"q": "h-a-001"}).content.decode()
    page = client.get(f"/registry/houses/{house.pk}/").content.decode()
    assert "张三丰" in page and person.id_number not in page


def test_grid_b_cannot_reach_the_house(personas):
    house = given.house(personas.grid_a)
    client = client_for(personas.grid_b)
    assert client.get(f"/registry/houses/{house.pk}/").status_code == 404
    assert client.get(f"/registry/houses/{house.pk}/edit/").status_code == 404


def test_create_and_edit_a_house(personas):
    client = client_for(personas.grid_a)
    assert GRID_A in client.get("/registry/houses/new/").content.decode()
    client.post(
        "/registry/houses/new/",
        {
            "code": "H-9",
            "address": "秀华路9号",
            "grid": GRID_A,
            "house_type": "apartment",
            "use": "own",
            "area": "60",
        },
    )
    house = House.objects.get(code="H-9")
    response = client.post(
        f"/registry/houses/{house.pk}/edit/",
        {"code": "H-9", "address": "秀华路9号", "grid": GRID_B, "house_type": "apartment", "use": "vacant"},
    )
    assert 'data-testid="error-grid"' in response.content.decode()
