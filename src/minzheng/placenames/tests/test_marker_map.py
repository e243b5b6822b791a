"""Boundary markers on the signs map (docs/style.md, "Places on maps"): the map's data endpoint gives each 界桩 the
user sees (either side of its line in their region) with its place, its state and the link to its page; a district
off the line sees none; the map page asks for them."""

from datetime import date
from decimal import Decimal

import pytest

from minzheng.core.testing import client_for
from minzheng.placenames.services import marker_inspect, marker_register
from minzheng.placenames.tests import given

pytestmark = pytest.mark.django_db


def test_the_map_data_gives_each_marker_its_place_state_and_page(personas):
    # given a marker between 秀英区 and 美兰区, found damaged at the joint inspection
    marker = marker_register(actor=personas.district, number="XY-ML-007", region_a=given.district(),
                             region_b=given.other_district(), lat=Decimal("19.98"), lng=Decimal("110.25"),
                             installed_on=date(2010, 1, 1))  # fmt: skip
    marker_inspect(actor=personas.other_district, marker=marker, on=date(2020, 4, 1), parties="秀英区、美兰区民政局",
                   condition="damaged", note="桩体断裂")  # fmt: skip
    # when either side's district asks for the map's markers
    for user in (personas.district, personas.other_district):
        data = client_for(user).get("/placenames/markers/points/").json()
        # then the marker is there, with its state and its page
        assert data["total"] == 1
        [point] = data["markers"]
        assert point == {"lat": 19.98, "lng": 110.25, "number": "XY-ML-007", "sides": "秀英区—美兰区",
                         "status": "损毁待修", "damaged": True, "url": f"/placenames/markers/{marker.pk}/"}  # fmt: skip
        assert client_for(user).get(point["url"]).status_code == 200
    # a town inside 秀英区 is not on the line: it sees none
    assert client_for(personas.town).get("/placenames/markers/points/").json() == {"total": 0, "markers": []}
    # the map page loads them beside the signs, with the legend
    page = client_for(personas.district).get("/placenames/signs/map/").content.decode()
    assert 'data-markers-url="/placenames/markers/points/"' in page and "界桩：绿色粗圈为完好" in page
    # a grid worker holds no place-name capability
    assert client_for(personas.grid_a).get("/placenames/markers/points/").status_code == 403
