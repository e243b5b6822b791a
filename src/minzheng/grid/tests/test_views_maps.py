"""The grid maps (issue 12): the events map's points and filters within the data scope, the boundary drawn on
a map and checked by the server, the region pickers that replaced typed codes, the phone-first home."""

import json

import pytest
from django.urls import reverse

from minzheng.core.testing import GRID_A, GRID_B, client_for
from minzheng.grid.geo import BoundaryError, boundary_check
from minzheng.grid.models import Event, GridProfile
from minzheng.grid.services import event_report
from minzheng.grid.tests import given

pytestmark = pytest.mark.django_db

POINTS = reverse("grid:event_map_points")


def _grids() -> None:
    given.profile(GRID_A)
    given.profile(GRID_B)


def _points(user, **query) -> dict:
    response = client_for(user).get(POINTS, query)
    assert response.status_code == 200, response.content.decode()
    return response.json()


def test_a_grid_worker_sees_on_the_map_only_the_events_of_their_list(personas):
    # given an event in each of two grids, one reported with a caller's name and phone
    _grids()
    mine = given.event(
        personas.grid_a, lat=given.POINT_A[0], long=given.POINT_A[1], grid=None, description="路边垃圾"
    )
    event_report(
        actor=given.hotline(),
        category=given.category(),
        description="隔壁网格的垃圾",
        source=Event.Source.HOTLINE,
        grid=GridProfile.objects.get(region__code=GRID_B).region,
        contact_name="张三丰",
        contact_phone="13800138000",
    )
    # when grid A's worker asks for the map's points
    data = _points(personas.grid_a)
    # then only their own event is on it, linked to its page, with what the list shows and nothing more
    assert data["total"] == 1 and len(data["events"]) == 1
    point = data["events"][0]
    assert point["url"] == reverse("grid:event_detail", args=[mine.case_id])
    assert point["number"] == mine.case.number and point["category"] == "暴露垃圾"
    assert point["state"] == "待受理" and point["approx"] is False
    assert (point["lat"], point["long"]) == given.POINT_A
    assert set(point) == {"url", "number", "category", "state", "date", "grid", "lat", "long", "approx"}
    # and the town sees both, but never the caller's name, phone or the description
    town = client_for(personas.town).get(POINTS).content.decode()
    assert json.loads(town)["total"] == 2
    for private in ("张三丰", "13800138000", "隔壁网格的垃圾", "路边垃圾"):
        assert private not in town


def test_an_event_without_coordinates_is_placed_at_its_grids_middle(personas):
    _grids()
    given.event(personas.grid_a)  # the grid only
    (point,) = _points(personas.grid_a)["events"]
    box = given.BOX_A
    assert point["approx"] is True
    assert point["lat"] == pytest.approx((box["min_lat"] + box["max_lat"]) / 2)
    assert point["long"] == pytest.approx((box["min_long"] + box["max_long"]) / 2)


def test_the_map_filters_by_category_state_period_and_region(personas, django_assert_max_num_queries):
    # given three events: two in grid A (two categories), one in grid B, reported on different days
    _grids()
    given.event(personas.grid_a, code="0102", when=given.at("2026-03-02 09:00"))
    given.event(personas.grid_a, code="0201", when=given.at("2026-03-10 09:00"))
    given.event(personas.grid_b, code="0102", when=given.at("2026-03-20 09:00"))
    town = personas.town
    # when the town filters, then each filter narrows the points (in a few queries, however many events)
    browser = client_for(town)
    with django_assert_max_num_queries(12):
        assert browser.get(POINTS).json()["total"] == 3
    assert _points(town, category="0102")["total"] == 2
    assert _points(town, category="01")["total"] == 2  # a top class takes its sub-classes
    assert _points(town, state="reported")["total"] == 3
    assert _points(town, state="closed")["total"] == 0
    assert _points(town, since="2026-03-05", until="2026-03-15")["total"] == 1
    assert _points(town, until="2026-03-02")["total"] == 1  # the last day counts whole
    by_region = _points(town, region=GRID_B)
    assert (
        by_region["total"] == 1
        and by_region["events"][0]["grid"] == GridProfile.objects.get(region__code=GRID_B).region.name
    )
    # the region's grid outlines come with the points
    assert [f["properties"]["code"] for f in by_region["boundaries"]["features"]] == [GRID_B]


def test_a_filter_outside_the_scope_or_backwards_is_refused_in_chinese(personas):
    _grids()
    response = client_for(personas.grid_a).get(POINTS, {"region": GRID_B})
    assert response.status_code == 400 and "不在您的辖区内" in response.json()["message"]
    response = client_for(personas.town).get(POINTS, {"since": "2026-03-05", "until": "2026-03-01"})
    assert response.status_code == 400 and "不能早于" in response.json()["message"]
    page = client_for(personas.grid_a).get(reverse("grid:event_map"), {"region": GRID_B})
    assert page.status_code == 200 and "不在您的辖区内" in page.content.decode()


def test_the_map_page_holds_the_filters_and_loads_its_scripts_locally(personas):
    _grids()
    html = client_for(personas.grid_a).get(reverse("grid:event_map")).content.decode()
    assert 'data-points-url="/grid/events/map/points/"' in html
    assert "leaflet.markercluster.js" in html and "grid/event_map.js" in html
    assert 'name="region"' in html and "data-search-url" in html  # the region picker
    assert "<script>" not in html  # no inline script: the CSP forbids it
    listing = client_for(personas.grid_a).get(reverse("grid:event_list")).content.decode()
    assert 'data-testid="map-link"' in listing


def test_a_boundary_drawn_across_itself_is_refused_and_the_old_one_kept(personas):
    _grids()
    bow_tie = {
        "type": "Polygon",
        "coordinates": [
            [[110.30, 20.00], [110.31, 20.01], [110.31, 20.00], [110.30, 20.01], [110.30, 20.00]]
        ],
    }
    response = client_for(personas.community).post(
        reverse("grid:grid_detail", args=[GRID_A]),
        {"grid_type": "urban", "boundary": json.dumps(bow_tie)},
        follow=True,
    )
    assert "边界自相交" in response.content.decode()
    profile = GridProfile.objects.get(region__code=GRID_A)
    assert profile.max_lat == given.BOX_A["max_lat"] and profile.boundary["coordinates"][0][1] == [
        given.BOX_A["max_long"],
        given.BOX_A["min_lat"],
    ]


@pytest.mark.parametrize(
    ("ring", "message"),
    [
        ([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]], "边界自相交"),
        ([[0, 0], [2, 0], [2, 2], [1, 0], [0, 2], [0, 0]], "边界自相交"),  # a vertex on another edge
        ([[0, 0], [1, 0], [2, 0], [0, 0]], "在一条直线上"),
        ([[0, 0], [1, 0], [0, 0], [1, 0], [0, 0]], "至少要有3个不同的顶点"),
    ],
)
def test_a_boundary_that_encloses_no_proper_area_is_refused(ring, message):
    with pytest.raises(BoundaryError) as refused:
        boundary_check({"type": "Polygon", "coordinates": [ring]})
    assert message in refused.value.message and refused.value.field == "boundary"


def test_a_concave_boundary_with_a_hole_is_accepted():
    outer = [[0, 0], [4, 0], [4, 4], [2, 2], [0, 4], [0, 0]]
    hole = [[1, 0.5], [3, 0.5], [3, 1.5], [1, 1.5], [1, 0.5]]
    assert boundary_check({"type": "Polygon", "coordinates": [outer, hole]})["type"] == "Polygon"


def test_the_boundary_page_draws_the_map_with_its_neighbours(personas):
    _grids()
    page = client_for(personas.town).get(reverse("grid:grid_detail", args=[GRID_A]))
    html = page.content.decode()
    assert 'id="boundary-map"' in html and "leaflet.draw.js" in html and "grid/boundary_edit.js" in html
    assert '<textarea id="boundary"' not in html  # no raw GeoJSON to type
    assert [f["properties"]["code"] for f in page.context["neighbours"]["features"]] == [GRID_B]
    # a grid worker may not edit: the map is shown read-only, without the drawing tools
    worker = client_for(personas.grid_a).get(reverse("grid:grid_detail", args=[GRID_A])).content.decode()
    assert 'data-readonly="1"' in worker and "leaflet.draw.js" not in worker


def test_regions_are_picked_by_search_on_the_grid_forms(personas):
    given.profile(GRID_A)
    town = client_for(personas.town)
    units = town.get(reverse("grid:department_list")).content.decode()
    assert 'name="region"' in units and "data-search-url" in units and "所属区划代码" not in units
    campaign = town.post(
        reverse("grid:campaign_list"),
        {"title": "春季排查", "kind": "newcomer", "starts_on": "2026-03-01", "ends_on": "2026-03-31"},
    )
    detail = town.get(campaign["Location"]).content.decode()
    assert "data-search-url" in detail and 'class="mono"' not in detail.split("下达到")[1][:300]


def test_a_grid_worker_finds_the_big_report_button_first_on_the_home_pages(personas):
    home = client_for(personas.grid_a).get(reverse("core:home")).content.decode()
    assert 'data-testid="home-report"' in home and "big-action" in home
    grid_home = client_for(personas.grid_a).get(reverse("grid:home")).content.decode()
    assert 'data-testid="report-link"' in grid_home and "big-action" in grid_home
    # a district reviewer may not report events: no button
    district = client_for(personas.district).get(reverse("core:home")).content.decode()
    assert 'data-testid="home-report"' not in district


def test_the_event_list_cells_name_their_columns_for_the_phone_cards(personas):
    _grids()
    given.event(personas.grid_a)
    html = client_for(personas.grid_a).get(reverse("grid:event_list")).content.decode()
    assert 'class="cardlist"' in html and 'data-label="分类"' in html and 'data-label="状态"' in html
