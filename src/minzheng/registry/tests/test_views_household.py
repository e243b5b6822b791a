"""The household pages: list, detail, create, edit, add/remove member, set head."""

from datetime import date

import pytest

from minzheng.core.testing import client_for
from minzheng.registry.models import Household, Membership
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(personas):
    head = given.person(personas.grid_a, name="张大山", seq=11)
    child = given.person(personas.grid_a, name="张小山", birth=date(2015, 3, 3), seq=13)
    hh = given.household(personas.grid_a, head=head)
    given.member(personas.grid_a, hh, child)
    return head, child, hh


def test_list_and_detail_show_members_masked(personas, family, django_assert_max_num_queries):
    head, child, hh = family
    client = client_for(personas.grid_a)
    client.get("/registry/households/")
    with django_assert_max_num_queries(8):
        assert "HH-A-001" in client.get("/registry/households/", {"q": "HH-A"}).content.decode()
    assert "HH-A-001" in client.get("/registry/households/", {"q": "张大"}).content.decode()
    page = client.get(f"/registry/households/{hh.pk}/").content.decode()
    assert "张大山" in page and "张小山" in page and head.id_number not in page


def test_grid_b_cannot_reach_the_household(personas, family):
    _, child, hh = family
    client = client_for(personas.grid_b)
    assert "HH-A-001" not in client.get("/registry/households/", {"q": "HH"}).content.decode()
    assert client.get(f"/registry/households/{hh.pk}/").status_code == 404
    assert client.post(f"/registry/households/{hh.pk}/members/{child.pk}/remove/").status_code == 404


def test_create_household_with_a_head(personas):
    person = given.person(personas.grid_a, name="李四", seq=21)
    client = client_for(personas.grid_a)
    response = client.post(
        f"/registry/households/new/?head={person.pk}",
        {"number": "HH-9", "kind": "rural", "hukou_region": "460105001001", "address": "秀华村"},
    )
    hh = Household.objects.get(number="HH-9")
    assert (
        response["Location"] == f"/registry/households/{hh.pk}/"
        and hh.head == person
        and hh.region == person.region
    )


def test_add_member_refused_without_move_then_moved(personas, family):
    _, child, _ = family
    other = given.household(personas.grid_a, number="HH-A-002")
    client = client_for(personas.grid_a)
    data = {"id_number": child.id_number, "relation": "20", "start_date": "2024-01-01"}
    page = client.post(f"/registry/households/{other.pk}/members/add/", data, follow=True).content.decode()
    assert "从原户迁入" in page and "HH-A-001" in page
    client.post(f"/registry/households/{other.pk}/members/add/", {**data, "move": "on"})
    assert Membership.objects.get(person=child, end_date__isnull=True).household == other


def test_remove_member_and_set_head(personas, family):
    head, child, hh = family
    client = client_for(personas.grid_a)
    client.post(f"/registry/households/{hh.pk}/members/{child.pk}/head/", {"old_head_relation": "50"})
    hh.refresh_from_db()
    assert hh.head == child
    client.post(
        f"/registry/households/{hh.pk}/members/{head.pk}/remove/",
        {"end_date": "2024-02-02", "reason": "分户"},
    )
    page = client.get(f"/registry/households/{hh.pk}/").content.decode()
    assert "原成员" in page and "分户" in page


def test_edit_household(personas, family):
    _, _, hh = family
    client = client_for(personas.grid_a)
    assert client.get(f"/registry/households/{hh.pk}/edit/").status_code == 200
    client.post(
        f"/registry/households/{hh.pk}/edit/",
        {"number": "HH-A-001", "kind": "rural", "hukou_region": "460105001001", "address": "新地址"},
    )
    hh.refresh_from_db()
    assert (hh.kind, hh.address) == ("rural", "新地址")
