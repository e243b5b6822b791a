"""Issue 13, item 10: the person search's keyset cursor never positions a record the user may not see.

The attack: a 美兰区 reviewer searches "吴" with ``after=<id of a 秀英区 person>``. The cursor used to be
looked up outside the data scope, so the page that came back started where that person's name sorts among
the reviewer's own 吴s — one comparison per request, enough to recover a name or (searching ID tails) the
last digits of an ID number in a few requests. Now a cursor is looked up among the search's own matches in
scope: an out-of-scope id answers exactly like an unknown one, or a malformed one — an empty page.
"""

import re

import pytest

from minzheng.core.models import Region
from minzheng.core.testing import GRID_A, OTHER_DISTRICT, client_for
from minzheng.registry.models import Person
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db

# In the search's (byte) order 吴一 < 吴三 < 吴二 < 吴五 (U+4E00 < U+4E09 < U+4E8C < U+4E94); by initials
# we (吴二) < ws (吴三) < ww (吴五) < wy (吴一). The out-of-scope 吴二 sorts between the reviewer's own.
OWN = ("吴一", "吴三", "吴五")


@pytest.fixture
def wus(personas):
    """三 吴 in a 美兰区 grid (the reviewer's own) and 吴二 in 秀英区 (out of the reviewer's scope)."""
    meilan = Region.objects.filter(level=Region.Level.GRID, code__startswith=OTHER_DISTRICT).first().code
    own = {
        name: given.person(personas.city, name=name, seq=101 + 2 * n, grid=meilan)
        for n, name in enumerate(OWN)
    }
    away = given.person(personas.city, name="吴二", seq=201, grid=GRID_A)
    unknown = Person.objects.order_by("-pk").first().pk + 1000
    return own, away, unknown


def _api_names(client, q, after):
    response = client.get("/api/v1/persons", {"q": q, "after": after})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("q", ["吴", "w", ""])
def test_an_out_of_scope_cursor_answers_like_an_unknown_one_in_the_api(personas, wus, q):
    own, away, unknown = wus
    client = client_for(personas.other_district)
    # when the 美兰区 reviewer pages "after" the 秀英区 person, and after an id nobody has
    leaked = _api_names(client, q, away.pk)
    blind = _api_names(client, q, unknown)
    # then both answers are the same empty page: nothing tells where 吴二 sorts among the reviewer's 吴s
    assert leaked == blind == {"items": [], "next_after": None}


def test_a_cursor_of_the_users_own_search_still_pages(personas, wus):
    own, _away, _unknown = wus
    client = client_for(personas.other_district)
    page = _api_names(client, "吴", own["吴三"].pk)
    assert [item["name"] for item in page["items"]] == ["吴五"]


def test_a_cursor_outside_the_search_is_refused_even_in_scope(personas, wus):
    # a 美兰区 person who does not match "吴" is no cursor for the "吴" search either
    own, _away, _unknown = wus
    other = given.person(personas.city, name="李四", seq=301, grid=own["吴一"].region.code)
    assert _api_names(client_for(personas.other_district), "吴", other.pk)["items"] == []


def _page_names(client, q, after):
    response = client.get("/registry/persons/", {"q": q, "after": after})
    assert response.status_code == 200
    return sorted(set(re.findall("吴[一二三四五]", response.content.decode())))


@pytest.mark.parametrize("q", ["吴", "w"])
def test_an_out_of_scope_cursor_answers_like_an_unknown_or_malformed_one_on_the_page(personas, wus, q):
    own, away, unknown = wus
    client = client_for(personas.other_district)
    # when the search page is asked for the page after the 秀英区 person, an unknown id, or a tampered cursor
    answers = [_page_names(client, q, after) for after in (away.pk, unknown, "x1", "²")]
    # then it lists none of the reviewer's 吴s in each case: the same empty page
    assert answers == [[], [], [], []]
    # while the page after one of the reviewer's own still continues the list
    assert _page_names(client, "吴", own["吴三"].pk) == ["吴五"]
