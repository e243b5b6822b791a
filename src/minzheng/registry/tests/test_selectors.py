"""person_search: which index a query goes to, keyset pages, and the data scope."""

from datetime import date

import pytest

from minzheng.core.ids import make_citizen_id
from minzheng.core.testing import GRID_B
from minzheng.registry import selectors
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(personas):
    town = personas.town
    return {
        "zsf": given.person(town, name="张三丰", seq=11),
        "zs": given.person(town, name="张三", seq=13),
        "zsy": given.person(town, name="张三娅", seq=15),
        "ls": given.person(town, name="李四", seq=17),
        "b": given.person(town, name="张三丰", seq=19, grid=GRID_B),
    }


def names(rows):
    return [p.name for p in rows]


def test_search_term_picks_the_index():
    assert selectors.search_term("").kind == "all"
    assert selectors.search_term(" zsf ").value == "zsf"
    assert selectors.search_term("ＺＳＦ").kind == "initials"
    assert selectors.search_term("张三").kind == "name"
    assert selectors.search_term("1234").kind == "tail"
    assert selectors.search_term("123x").value == "123X"
    assert selectors.search_term("123").kind == "none"
    assert selectors.search_term("12a4").kind == "none"
    full = make_citizen_id(region_code="460105", birth_date=date(1990, 1, 1), sequence=11)
    assert selectors.search_term(full.lower()).kind == "id"


def test_pinyin_initials_find_zhang_sanfeng(people, personas):
    # given 张三丰 in grid A; when the grid A worker types "zsf"
    rows = selectors.person_search(user=personas.grid_a, q="zsf")
    # then 张三丰 of grid A is found, and not the 张三丰 of grid B
    assert [p.pk for p in rows] == [people["zsf"].pk]


def test_full_id_number_finds_one(people, personas):
    rows = selectors.person_search(user=personas.town, q=people["ls"].id_number)
    assert names(rows) == ["李四"]


def test_last_digits_find_by_reversed_prefix(people, personas):
    tail = people["ls"].id_number[-6:]
    assert names(selectors.person_search(user=personas.town, q=tail)) == ["李四"]


def test_legacy_fifteen_digit_number_is_converted(personas):
    person = given.person(personas.town, name="王五", birth=date(1965, 3, 4), seq=21)
    legacy = person.id_number[:6] + person.id_number[8:17]
    assert names(selectors.person_search(user=personas.town, q=legacy)) == ["王五"]


def test_name_prefix_lists_exact_name_first(people, personas):
    rows = selectors.person_search(user=personas.grid_a, q="张三")
    assert names(rows) == ["张三", "张三丰", "张三娅"]


def test_keyset_pages_continue_where_the_last_page_ended(people, personas):
    # given 4 people whose initials start with z in the town; when paged 2 by 2
    first = selectors.person_search(user=personas.town, q="z", limit=2)
    second = selectors.person_search(user=personas.town, q="z", limit=2, after=first[-1].pk)
    third = selectors.person_search(user=personas.town, q="z", limit=2, after=second[-1].pk)
    # then every match comes once, in the order of one long page
    everyone = selectors.person_search(user=personas.town, q="z", limit=50)
    assert [p.pk for p in first + second + third] == [p.pk for p in everyone]
    assert len(everyone) == 4 and third == []


def test_keyset_pages_of_a_name_search(people, personas):
    first = selectors.person_search(user=personas.grid_a, q="张三", limit=1)
    second = selectors.person_search(user=personas.grid_a, q="张三", limit=1, after=first[-1].pk)
    assert names(first + second) == ["张三", "张三丰"]


def test_grid_b_sees_nothing_of_grid_a(people, personas):
    for q in ("", "张", "zsf", people["zsf"].id_number, people["zsf"].id_number[-4:]):
        assert all(p.region.code == GRID_B for p in selectors.person_search(user=personas.grid_b, q=q))


def test_other_district_finds_nobody(people, personas):
    assert selectors.person_search(user=personas.other_district, q=people["zsf"].id_number) == []
    assert selectors.person_search(user=personas.other_district, q="zsf") == []


def test_region_filter_narrows_to_a_subtree(people, personas):
    from minzheng.core.models import Region

    grid_b = Region.objects.get(code=GRID_B)
    rows = selectors.person_search(user=personas.town, q="zsf", region=grid_b)
    assert [p.pk for p in rows] == [people["b"].pk]


def test_unrecognised_query_finds_nothing(people, personas):
    assert selectors.person_search(user=personas.town, q="12") == []


def test_export_queryset_holds_every_match(people, personas):
    qs = selectors.person_search_queryset(user=personas.town, q="张")
    assert qs.count() == 4


def test_age_counts_completed_years(personas):
    person = given.person(personas.town, birth=date(2000, 2, 29))
    assert selectors.person_age(person, on=date(2021, 2, 28)) == 20
    assert selectors.person_age(person, on=date(2021, 3, 1)) == 21
