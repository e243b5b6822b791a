"""地名标志 and 界桩: a 路名牌 shows a standard name in use (条例第十九条), inspections that find damage open a
repair, a repair can be opened from a grid event's case (seen by the user), a repair puts the sign back in order;
boundary markers are seen and jointly inspected by both sides."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.casework.services import case_open
from minzheng.core.models import Region
from minzheng.core.testing import COMMUNITY_A
from minzheng.placenames.errors import PlacenamesError
from minzheng.placenames.models import BoundaryMarker, Repair, Sign
from minzheng.placenames.services import (
    marker_inspect,
    marker_register,
    place_name_retire,
    repair_complete,
    repair_open,
    sign_inspect,
    sign_register,
)
from minzheng.placenames.tests import given

pytestmark = pytest.mark.django_db
LAT, LNG = Decimal("20.02"), Decimal("110.30")


def road_sign(personas, code: str = "LP-0001"):  # noqa: ANN001, ANN201
    return sign_register(
        actor=personas.town, kind="road", code=code, region=Region.objects.get(code=COMMUNITY_A), lat=LAT, lng=LNG,
        installed_on=date(2020, 5, 1), place_name=given.road("椰海路"),
    )  # fmt: skip


def test_a_road_sign_shows_a_standard_name_in_use(personas):
    sign = road_sign(personas)
    assert sign.text == "椰海路" and sign.status == Sign.Status.GOOD
    retired = given.road("椰林路")
    place_name_retire(actor=None, place=retired, on=date(2019, 1, 1), reason="道路拆除")
    with pytest.raises(PlacenamesError) as refused:
        sign_register(actor=personas.town, kind="road", code="LP-2", region=sign.region, lat=LAT, lng=LNG,
                      installed_on=date(2020, 5, 1), place_name=retired)  # fmt: skip
    assert "已停用" in refused.value.message


def test_a_sign_outside_the_city_or_out_of_scope_is_refused(personas):
    with pytest.raises(PlacenamesError) as refused:
        sign_register(actor=personas.town, kind="village", code="CP-1", region=given.other_district(), lat=LAT,
                      lng=LNG, installed_on=date(2020, 5, 1), text="演丰村")  # fmt: skip
    assert "不在您的管辖范围内" in refused.value.message
    with pytest.raises(PlacenamesError) as refused:
        sign_register(actor=personas.town, kind="village", code="CP-1", region=personas.town.region, lat=LNG, lng=LAT,
                      installed_on=date(2020, 5, 1), text="演丰村")  # fmt: skip
    assert "不在本市范围内" in refused.value.message


def test_an_inspection_finding_damage_opens_one_repair_and_the_repair_restores_the_sign(personas):
    sign = road_sign(personas)
    # when an inspection finds it damaged
    sign_inspect(actor=personas.town, sign=sign, on=date(2020, 6, 1), condition="damaged", note="牌面断裂")
    sign.refresh_from_db()
    repair = Repair.objects.get(sign=sign)
    # then the sign awaits repair, and a second finding does not open a second repair
    assert sign.status == Sign.Status.DAMAGED and repair.status == Repair.Status.OPEN
    sign_inspect(actor=personas.town, sign=sign, on=date(2020, 6, 2), condition="damaged", note="仍未修")
    assert Repair.objects.filter(sign=sign).count() == 1
    # when it is repaired
    with pytest.raises(PlacenamesError):
        repair_complete(
            actor=personas.town, repair=repair, on=date(2020, 5, 30), note="更换"
        )  # before the report
    repair_complete(actor=personas.town, repair=repair, on=date(2020, 6, 10), note="更换牌面")
    sign.refresh_from_db()
    assert sign.status == Sign.Status.GOOD


def test_a_repair_opened_from_a_grid_event_links_the_event_the_user_may_see(personas):
    sign = road_sign(personas)
    event = case_open(case_type="place_naming", actor=personas.town, region=sign.region, title="路名牌倾倒")
    repair = repair_open(
        actor=personas.town, sign=sign, on=date(2020, 7, 1), damage="路名牌倾倒", source_case=event
    )
    assert repair.source_case == event
    # another district's case cannot be attached
    repair_complete(actor=personas.town, repair=repair, on=date(2020, 7, 2), note="扶正加固")
    elsewhere = case_open(case_type="place_naming", actor=personas.other_district, region=given.other_district(),
                          title="别处")  # fmt: skip
    with pytest.raises(PlacenamesError) as refused:
        repair_open(actor=personas.town, sign=sign, on=date(2020, 7, 3), damage="又倒", source_case=elsewhere)
    assert refused.value.field == "source_case"


def test_boundary_markers_are_seen_and_inspected_jointly_by_both_sides(personas):
    marker = marker_register(actor=personas.district, number="XY-ML-001", region_a=given.district(),
                             region_b=given.other_district(), lat=LAT, lng=LNG, installed_on=date(2010, 1, 1))  # fmt: skip
    assert BoundaryMarker.objects.visible_to(personas.other_district).filter(pk=marker.pk).exists()
    assert BoundaryMarker.objects.visible_to(personas.district).filter(pk=marker.pk).exists()
    assert (
        not BoundaryMarker.objects.visible_to(personas.town).filter(pk=marker.pk).exists()
    )  # not on its line
    with pytest.raises(PlacenamesError):
        marker_inspect(
            actor=personas.other_district, marker=marker, on=date(2020, 4, 1), parties="", condition="good"
        )
    marker_inspect(actor=personas.other_district, marker=marker, on=date(2020, 4, 1), parties="秀英区、美兰区民政局",
                   condition="damaged", note="桩体断裂")  # fmt: skip
    marker.refresh_from_db()
    repair = Repair.objects.get(marker=marker)
    assert marker.status == BoundaryMarker.Status.DAMAGED
    repair_complete(actor=personas.district, repair=repair, on=date(2020, 5, 1), note="重新埋设")
    marker.refresh_from_db()
    assert marker.status == BoundaryMarker.Status.INTACT
    # a town worker holds no marker capability
    with pytest.raises(PermissionDenied):
        marker_inspect(actor=personas.town, marker=marker, on=date(2020, 6, 1), parties="x", condition="good")


def test_a_marker_needs_two_areas_of_the_same_level(personas):
    with pytest.raises(PlacenamesError) as refused:
        marker_register(actor=None, number="X", region_a=given.district(), region_b=Region.objects.get(code=COMMUNITY_A),
                        lat=LAT, lng=LNG, installed_on=date(2010, 1, 1))  # fmt: skip
    assert "同一级" in refused.value.message
