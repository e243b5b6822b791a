"""The register and the naming applications: the standard-name check against the whole city (duplicate,
homophone, forbidden word, the road's 通名), history kept by renames and retirements, the case's course
(审查 → 专家论证 → 公示 (not ended before its period) → 批准 → the register)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.casework.errors import CaseError
from minzheng.casework.services import case_transition
from minzheng.placenames.errors import PlacenamesError
from minzheng.placenames.models import PlaceName
from minzheng.placenames.services import application_create, name_check, place_name_rename, place_name_retire
from minzheng.placenames.tests import given

pytestmark = pytest.mark.django_db


def test_a_duplicate_in_another_district_of_the_city_is_refused(personas):
    # given 海秀路 in 美兰区
    given.road("海秀路", region=given.other_district())
    # when 秀英区 applies for 海秀路
    with pytest.raises(PlacenamesError) as refused:
        given.application(personas, "海秀路")
    # then the refusal names the duplicate and where it is
    assert (
        "重名" in refused.value.message
        and "美兰区" in refused.value.message
        and refused.value.field == "name"
    )


def test_a_homophone_of_the_same_class_is_refused(personas):
    # given 海秀路 (Haixiu Lu) in the register
    given.road("海秀路")
    # when 海岫路 (also Haixiu Lu) is applied for
    with pytest.raises(PlacenamesError) as refused:
        given.application(personas, "海岫路")
    # then it is refused as a homophone, naming the existing name
    assert "同音" in refused.value.message and "海秀路" in refused.value.message
    # a 街 is in the same class as a 路 (街路巷): 海秀街 does not sound like 海秀路, so it passes
    assert [p.code for p in name_check(name="海秀街", kind="street")] == []


def test_the_same_name_in_another_class_is_allowed():
    given.road("金海花园", kind="residential")
    assert name_check(name="金海花园", kind="building") == []
    assert [p.code for p in name_check(name="金海花园", kind="residential")] == ["duplicate"]


def test_a_homophone_pending_in_another_open_application_is_refused(personas):
    given.application(personas, "椰风路")
    with pytest.raises(PlacenamesError) as refused:
        given.application(personas, "椰峰路")
    assert "办理中的申请" in refused.value.message


def test_a_manual_pinyin_decides_the_sound(personas):
    # 长 is read chang or zhang: the generator reads 长留路 as "Zhangliu Lu" (a phrase reading), so the automatic
    # check misses that it sounds like 长流路 "Changliu Lu"; the reviewer's pinyin sets the reading and the check
    # follows it
    given.road("长流路")
    assert name_check(name="长留路", kind="road") == []
    problems = name_check(name="长留路", kind="road", pinyin="Changliu Lu")
    assert [p.code for p in problems] == ["homophone"] and "长流路" in problems[0].message


def test_a_road_without_generic_and_a_forbidden_word_are_refused_together(personas):
    with pytest.raises(PlacenamesError) as refused:
        given.application(personas, "威尼斯")
    assert "须以通名结尾" in refused.value.message and "外国地名" in refused.value.message


def test_the_application_runs_to_the_register_through_review_expert_notice_and_approval(personas):
    # given an application 椰风路
    app = given.application(personas, "椰风路")
    day = date(2020, 3, 2)
    case_transition(
        actor=personas.district, case=app.case, action="review", comment="名称规范", at=given.at(day, 10)
    )
    case_transition(
        actor=personas.district, case=app.case, action="expert", comment="专家一致同意", at=given.at(day, 11)
    )
    app.refresh_from_db()
    assert app.expert_opinion == "专家一致同意"
    assert (app.notice_from, app.notice_until) == (day, day + timedelta(days=29))
    # when the notice is ended before its 30 days
    with pytest.raises(CaseError) as early:
        case_transition(
            actor=personas.district, case=app.case, action="notice_end", at=given.at(day + timedelta(days=10))
        )
    assert "公示期为30日" in str(early.value)
    # and a district reviewer may not approve
    case_transition(actor=personas.district, case=app.case, action="notice_end", comment="无异议",
                    at=given.at(day + timedelta(days=31)))  # fmt: skip
    with pytest.raises((CaseError, PermissionDenied)):
        case_transition(
            actor=personas.district,
            case=app.case,
            action="approve",
            at=given.at(day + timedelta(days=31), 15),
        )
    # then the city approves and the name is in the register, from that day, with its pinyin and the case number
    case_transition(
        actor=personas.city, case=app.case, action="approve", at=given.at(day + timedelta(days=32), 15)
    )
    app.refresh_from_db()
    place = app.place_name
    assert place.name == "椰风路" and place.pinyin == "Yefeng Lu" and place.origin == PlaceName.Origin.NAMED
    assert place.valid_from == day + timedelta(days=32) and place.approval == app.case.number
    assert place.geometry.startswith('{"type":"LineString"')


def test_a_rename_keeps_the_old_record_dated_and_links_the_new_one(personas):
    # given 椰海路 in use since 2015
    old = given.road("椰海路")
    # when it is renamed on 2020-06-01
    new = place_name_rename(actor=None, place=old, new_name="椰韵路", on=date(2020, 6, 1))
    old.refresh_from_db()
    # then the old one is retired the day before, the new one points back at it
    assert old.status == PlaceName.Status.RETIRED and old.valid_to == date(2020, 5, 31)
    assert "更名为“椰韵路”" in old.retire_reason
    assert (
        new.predecessor == old
        and new.origin == PlaceName.Origin.RENAMED
        and new.valid_from == date(2020, 6, 1)
    )
    # and the old name is free again (a retired name does not block)
    assert name_check(name="椰海路", kind="road") == []


def test_a_renaming_application_renames_on_approval(personas):
    # given 椰海路 in use
    old = given.road("椰海路")
    # when a renaming application to 椰韵路 is approved
    app = given.approved(personas, "椰韵路", action="rename", target=old)
    # then the new name replaces the old one, which is kept retired
    old.refresh_from_db()
    assert app.place_name.predecessor == old and app.place_name.origin == PlaceName.Origin.RENAMED
    assert old.status == PlaceName.Status.RETIRED and old.valid_to == app.place_name.valid_from - timedelta(
        days=1
    )


def test_retire_needs_a_reason_and_keeps_the_row(personas):
    place = given.road("椰海路")
    with pytest.raises(PlacenamesError):
        place_name_retire(actor=personas.city, place=place, on=date(2020, 1, 1), reason=" ")
    place_name_retire(actor=personas.city, place=place, on=date(2020, 1, 1), reason="道路拆除")
    place.refresh_from_db()
    assert place.status == PlaceName.Status.RETIRED and PlaceName.objects.filter(pk=place.pk).exists()


def test_a_town_worker_may_apply_only_in_its_area_and_not_register(personas):
    with pytest.raises(PlacenamesError) as refused:
        application_create(actor=personas.town, action="name", kind="road", name="椰风路",
                           region=given.other_district(), reason="x", applicant="y")  # fmt: skip
    assert "不在您的管辖范围内" in refused.value.message
    with pytest.raises(PermissionDenied):
        place_name_retire(
            actor=personas.district, place=given.road("椰海路"), on=date(2020, 1, 1), reason="x"
        )


def test_geometry_must_be_a_point_or_line_within_the_city(personas):
    # latitude and longitude swapped
    with pytest.raises(PlacenamesError) as refused:
        given.application(personas, "椰风路", geometry='{"type":"Point","coordinates":[20.02,110.3]}')
    assert "不在本市范围内" in refused.value.message and refused.value.field == "geometry"
