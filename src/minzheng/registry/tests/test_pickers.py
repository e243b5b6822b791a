"""Regions, grids and houses are picked by searching on the registry's forms, not typed as codes."""

import pytest

from minzheng.core.testing import GRID_A, client_for
from minzheng.registry.forms import PersonPickerField, PersonPickForm
from minzheng.registry.models import Person
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db

GRID_A_LABEL = "秀英区 › 秀英街道 › 秀华社区居民委员会 › 秀华社区第1网格"


def test_the_person_form_offers_pickers_and_names_the_current_grid(personas):
    # when the grid worker opens 登记人员
    page = client_for(personas.grid_a).get("/registry/persons/new/").content.decode()
    # then the management region is a region picker of grids and communities, set to their grid by its path
    assert 'data-search-url="/regions/search?levels=grid%2Ccommunity"' in page
    assert f'<option value="{GRID_A}" selected>{GRID_A_LABEL}</option>' in page
    # the 户籍地 may be any official division of the city, the house one of the user's houses
    assert "/regions/search?levels=city%2Cdistrict%2Ctown%2Ccommunity&amp;scope=all" in page
    assert 'data-search-url="/registry/houses/search"' in page
    # and the page loads the picker from our own static files, with no inline script and no javascript: link
    assert "/static/minzheng/search_select.js" in page and "<script>" not in page
    assert "javascript:" not in page


def test_a_picked_house_and_region_are_saved(personas):
    home = given.house(personas.grid_a)
    client = client_for(personas.grid_a)
    response = client.post(
        "/registry/persons/new/",
        {
            "id_number": given.id_number(seq=31),
            "name": "王五",
            "ethnicity": "汉族",
            "residence_house": home.code,
            "hukou_region": "460105001001",
        },
    )
    person = Person.objects.get(name="王五")
    assert response.status_code == 302 and person.residence_house == home and person.region.code == GRID_A


def test_house_search_finds_the_users_houses_only(personas):
    given.house(personas.grid_a)
    found = client_for(personas.grid_a).get("/registry/houses/search", {"q": "秀华"}).json()["results"]
    assert found == [
        {"id": found[0]["id"], "code": "H-A-001", "label": "秀华路1号（H-A-001）· 秀华社区第1网格"}
    ]
    assert client_for(personas.grid_b).get("/registry/houses/search", {"q": "秀华"}).json()["results"] == []
    assert client_for(personas.auditor).get("/registry/houses/search", {"q": "秀华"}).status_code == 403


def test_a_house_outside_the_scope_is_not_named_back(personas):
    # given a house of grid A, and the grid B worker who submits its number anyway
    given.house(personas.grid_a)
    response = client_for(personas.grid_b).post(
        "/registry/persons/new/",
        {"id_number": given.id_number(seq=33), "name": "赵六", "residence_house": "H-A-001"},
    )
    page = response.content.decode()
    # then the form refuses it without naming the address
    assert 'data-testid="error-residence_house"' in page and "秀华路1号" not in page


def test_editing_a_house_shows_its_grid_by_name(personas):
    house = given.house(personas.grid_a)
    page = client_for(personas.grid_a).get(f"/registry/houses/{house.pk}/edit/").content.decode()
    assert 'data-search-url="/regions/search?levels=grid"' in page
    assert f'<option value="{GRID_A}" selected>{GRID_A_LABEL}</option>' in page
    assert f'href="/registry/houses/{house.pk}/"' in page  # 取消 goes back to the house


class _PickForm(PersonPickForm):
    person = PersonPickerField(label="申请人")


def test_the_person_picker_cleans_to_a_person_the_user_may_see(personas):
    # given a person of grid A
    mine = given.person(personas.grid_a, seq=41, name="赵六")
    # when grid A's worker picks them, the form cleans to the person and names them with the ID masked
    form = _PickForm({"person": str(mine.pk)}, user=personas.grid_a)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["person"] == mine
    assert "赵六" in str(form["person"]) and mine.id_number not in str(form["person"])
    # when grid B's worker posts the same id, it is refused on the field and the person is not named
    other = _PickForm({"person": str(mine.pk)}, user=personas.grid_b)
    assert not other.is_valid()
    assert other.errors["person"] == ["人员不存在或不在您的管辖范围内"]
    assert "赵六" not in str(other["person"])
    # and an id that is not a number is refused the same way
    assert not _PickForm({"person": "x"}, user=personas.grid_a).is_valid()
