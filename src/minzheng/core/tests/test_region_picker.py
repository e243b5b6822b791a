"""The region picker: /regions/search finds regions by name, 拼音首字母 or code within the user's scope, and
RegionPickerWidget renders a searchable select that submits the region's code."""

import pytest
from django import forms

from minzheng.core.selectors import region_initials, region_labels, region_search
from minzheng.core.testing import COMMUNITY_A, DISTRICT, GRID_A, GRID_B, OTHER_DISTRICT, client_for
from minzheng.core.widgets import RegionPickerWidget

pytestmark = pytest.mark.django_db

GRID_A_LABEL = "秀英区 › 秀英街道 › 秀华社区居民委员会 › 秀华社区第1网格"


def _search(user, **params):
    response = client_for(user).get("/regions/search", params)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()["results"]


def test_initials_keep_digits():
    assert region_initials("秀华社区第1网格") == "xhsqd1wg"
    assert region_initials("秀英区") == "xyq"


def test_a_region_is_found_by_name_initials_or_code_with_its_path(personas):
    # when the district reviewer of 秀英区 searches the grids by part of a name, by initials and by code
    by_name = _search(personas.district, q="秀华社区第1", levels="grid")
    by_initials = _search(personas.district, q="xhsqd1", levels="grid")
    by_code = _search(personas.district, q=GRID_A)
    # then each finds grid A, labelled by its place in the tree below the city
    for results in (by_name, by_initials, by_code):
        assert results[0]["code"] == GRID_A and results[0]["label"] == GRID_A_LABEL
        assert results[0]["level_label"] == "网格"
    assert {r["level"] for r in by_initials} == {"grid"}


def test_exact_and_shallow_matches_come_first(personas):
    # "xhsq" starts the initials of the communities 秀华社区…, 秀海社区… and of each of their grids
    results = _search(personas.district, q="xhsq")
    levels = [r["level"] for r in results]
    assert results[0]["code"] == COMMUNITY_A and GRID_A in {r["code"] for r in results}
    assert levels == sorted(levels, key=lambda level: level == "grid")  # communities before grids
    assert _search(personas.district, q=DISTRICT)[0]["label"] == "秀英区"


def test_grid_b_finds_nothing_of_grid_a(personas):
    assert _search(personas.grid_b, q=GRID_A) == []
    assert [r["code"] for r in _search(personas.grid_b, q="", levels="grid")] == [GRID_B]
    # and another district's reviewer does not find 秀英区's grids by name either
    assert _search(personas.other_district, q="秀华社区", levels="grid") == []


def test_the_whole_tree_is_searched_for_official_divisions_but_never_for_grids(personas):
    # a 户籍地 may lie in another district: scope=all widens the search to the official divisions
    found = _search(personas.grid_a, q=OTHER_DISTRICT, scope="all")
    assert found[0]["code"] == OTHER_DISTRICT and found[0]["label"] == "美兰区"
    assert found and "grid" not in {r["level"] for r in found}
    # grids are the bureau's own: another grid stays out of reach
    assert _search(personas.grid_a, q=GRID_B, scope="all") == []
    assert _search(personas.grid_a, q=GRID_B) == []


def test_unknown_levels_and_unmatched_text_answer_empty(personas):
    assert _search(personas.city, q="!!", levels="grid") == []
    assert len(_search(personas.city, q="", levels="nonsense")) == 20


def test_the_search_needs_a_login(personas):
    from django.test import Client

    assert Client().get("/regions/search", {"q": "秀"}).status_code == 302


def test_search_reads_a_bounded_number_of_queries(personas, django_assert_max_num_queries):
    client = client_for(personas.city)
    client.get("/regions/search", {"q": "x"})
    # session, user, the user's region, the candidates' names, the matches, their ancestors' names,
    # session save (3)
    with django_assert_max_num_queries(9):
        assert client.get("/regions/search", {"q": "xhsq"}).status_code == 200


def test_labels_of_several_regions_in_one_query(personas, django_assert_num_queries):
    regions = region_search(user=personas.city, q="秀华", limit=5)
    with django_assert_num_queries(1):
        labels = region_labels(regions)
    assert labels[regions[0].pk].startswith("秀英区 › 秀英街道 › 秀华社区")


class _GridForm(forms.Form):
    grid = forms.CharField(label="所属网格", widget=RegionPickerWidget(levels=("grid",)))


def test_the_widget_is_a_searchable_select_showing_the_current_region(personas):
    # given a form whose grid is grid A
    html = str(_GridForm(initial={"grid": GRID_A})["grid"])
    # then the select carries its search source and holds grid A, named by its path
    assert 'data-search-url="/regions/search?levels=grid"' in html
    assert f'<option value="{GRID_A}" selected>{GRID_A_LABEL}</option>' in html
    # and the page loads tom-select and the picker script from our own static files, no inline script
    media = str(_GridForm().media)
    assert "/static/minzheng/vendor/tom-select/tom-select.complete.min.js" in media
    assert "/static/minzheng/search_select.js" in media and "<script>" not in media


def test_the_widget_submits_a_code(personas):
    form = _GridForm(data={"grid": GRID_A})
    assert form.is_valid() and form.cleaned_data["grid"] == GRID_A
