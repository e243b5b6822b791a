"""Intake at the station: identity, the voluntary principle, the 10-day stay and its extension, leaving, the
escort home with its hand-over record, long stays, death — each rule with its source (rescue/rules.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from minzheng.casework.errors import CaseError
from minzheng.rescue import selectors
from minzheng.rescue.errors import RescueError
from minzheng.rescue.services.intakes import intake_identify, intake_move
from minzheng.rescue.tests.given import DAY, at, other_staff, person, registered, staff, station, unidentified

pytestmark = pytest.mark.django_db


def test_an_id_number_found_in_the_registry_links_the_stay_to_the_person(personas) -> None:
    # given a man in the registry and the station's staff
    who, actor, where = person("李流", birth=date(1975, 4, 1)), staff(), station()
    # when he asks for help giving his ID number
    intake = registered(actor, where, id_number=who.id_number)
    # then the stay is his, identified at arrival, and he is sheltered for at most 10 days (实施细则)
    assert intake.rescuee.person == who and intake.rescuee.identified_at == at(DAY, 9)
    assert intake.case.state == "sheltered" and intake.case.subject == who
    assert intake.stay_until == DAY + timedelta(days=10)
    assert intake.case.state_due_at == at(DAY, 9) + timedelta(days=10)
    assert intake.age == 44 and not intake.minor


def test_a_wrong_id_number_is_refused_naming_the_field(personas) -> None:
    number = person("王错").id_number
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(RescueError) as refused:
        registered(staff(), station(), id_number=wrong)
    assert refused.value.field == "id_number" and "校验码错误" in refused.value.message


def test_an_id_number_not_in_the_registry_is_kept_as_stated(personas) -> None:
    from minzheng.core.ids import make_citizen_id

    number = make_citizen_id(region_code="430102", birth_date=date(1990, 1, 2), sequence=15)
    intake = registered(staff(), station(), id_number=number, name="外省甲")
    assert intake.rescuee.person is None and intake.rescuee.id_number == number
    assert intake.rescuee.identified and intake.rescuee.name == "外省甲"


def test_an_unidentified_person_needs_a_description_and_may_have_a_photo(personas) -> None:
    actor, where = staff(), station()
    with pytest.raises(RescueError) as refused:
        registered(actor, where, age=40, description="")
    assert refused.value.field == "description"
    photo = SimpleUploadedFile("face.jpg", b"\xff\xd8\xff\xe0jpeg", content_type="image/jpeg")
    intake = unidentified(actor, where, photo=photo)
    assert not intake.rescuee.identified and intake.rescuee.name == "无名氏"
    assert intake.rescuee.photo.name.endswith(".jpg") and intake.rescuee.code.startswith("SZ2020")
    # impaired: 在站保护, no 10-day limit (工作规程)
    assert intake.case.state == "protected" and intake.stay_until is None


def test_an_adult_of_sound_mind_is_helped_only_if_they_ask(personas) -> None:
    # 自愿受助 (办法 第六条): an adult brought against their will is not registered
    who = person("不愿", birth=date(1970, 1, 1))
    with pytest.raises(RescueError) as refused:
        registered(staff(), station(), id_number=who.id_number, source="police", voluntary=False)
    assert refused.value.field == "voluntary" and "自愿" in refused.value.message


def test_a_minor_escorted_by_the_police_is_protected_without_the_10_day_limit(personas) -> None:
    # 办法 第五条: officers escort minors to the station; 工作规程: under 16, no 10-day stay, no leaving alone
    child = person("小明", birth=date(2008, 6, 1))
    actor = staff()
    intake = registered(actor, station(), id_number=child.id_number, source="police", voluntary=False,
                        schooling="dropped_out")  # fmt: skip
    assert intake.minor and intake.case.state == "protected" and intake.stay_until is None
    assert intake.schooling == "dropped_out"
    with pytest.raises(RescueError) as refused:  # 自行离站: not for a child under 16
        intake_move(actor=actor, intake=intake, action="leave")
    assert "不能自行离站" in refused.value.message
    intake = intake_move(actor=actor, intake=intake, action="hospitalize", hospital="市人民医院")
    with pytest.raises(RescueError):  # nor from hospital
        intake_move(actor=actor, intake=intake, action="leave")


def test_one_open_stay_per_person(personas) -> None:
    who, actor, where = person("重复"), staff(), station()
    registered(actor, where, id_number=who.id_number)
    with pytest.raises(RescueError) as refused:
        registered(actor, where, id_number=who.id_number, when=at(DAY, 15))
    assert "正在站内救助" in refused.value.message


def test_an_adult_leaves_when_they_wish(personas) -> None:
    who, actor = person("自离"), staff()
    intake = registered(actor, station(), id_number=who.id_number)
    left = intake_move(actor=actor, intake=intake, action="leave", comment="本人要求离站，已签自行离站声明书",
                       at=at(DAY + timedelta(days=2)))  # fmt: skip
    assert left.case.state == "left" and left.leave == "self" and left.left_at == at(DAY + timedelta(days=2))


def test_a_longer_stay_needs_the_bureau_s_approval(personas) -> None:
    # 实施细则: 一般不超过10天；因特殊情况需要延长的，报上级民政主管部门备案
    who, actor = person("延期"), staff()
    intake = registered(actor, station(), id_number=who.id_number)
    intake = intake_move(actor=actor, intake=intake, action="extend_request", comment="待家属来接",
                         at=at(DAY + timedelta(days=9)))  # fmt: skip
    with pytest.raises(CaseError):  # the station cannot approve its own extension
        intake_move(actor=actor, intake=intake, action="extend_approve")
    approved = intake_move(actor=personas.district, intake=intake, action="extend_approve", extend_days=7,
                           at=at(DAY + timedelta(days=10)))  # fmt: skip
    assert approved.case.state == "extended" and approved.stay_until == DAY + timedelta(days=17)


def test_stays_past_their_limit_are_listed(personas) -> None:
    who, actor = person("超期"), staff()
    intake = registered(actor, station(), id_number=who.id_number)
    assert list(selectors.stays_overdue(user=actor, on=DAY + timedelta(days=10))) == []
    assert list(selectors.stays_overdue(user=actor, on=DAY + timedelta(days=11))) == [intake]


def test_escort_home_records_the_hand_over(personas) -> None:
    who, actor = person("返乡", birth=date(1960, 2, 2)), staff()
    intake = registered(actor, station(), id_number=who.id_number)
    with pytest.raises(RescueError) as refused:
        intake_move(
            actor=actor, intake=intake, action="escort", handover_relation="儿子", handover_place="儋州"
        )
    assert refused.value.field == "handover_to"
    home = intake_move(actor=actor, intake=intake, action="escort", handover_to="李大", handover_relation="儿子",
                       handover_place="儋州市那大镇民政所", handover_at=at(DAY + timedelta(days=3), 15),
                       at=at(DAY + timedelta(days=3), 16))  # fmt: skip
    assert home.case.state == "returned" and home.leave == "returned"
    assert (home.handover_to, home.handover_relation, home.handover_place) == (
        "李大",
        "儿子",
        "儋州市那大镇民政所",
    )
    assert home.handover_at == at(DAY + timedelta(days=3), 15)


def test_an_unidentified_person_cannot_be_escorted_home(personas) -> None:
    actor = staff()
    intake = unidentified(actor, station())
    with pytest.raises(RescueError) as refused:
        intake_move(actor=actor, intake=intake, action="escort", handover_to="某", handover_relation="某",
                    handover_place="某地")  # fmt: skip
    assert "身份尚未查明" in refused.value.message


def test_a_long_stay_is_settled_after_3_months_by_the_bureau(personas) -> None:
    actor = staff()
    intake = unidentified(actor, station())
    with pytest.raises(RescueError) as early:
        intake_move(actor=personas.district, intake=intake, action="settle", comment="落户安置",
                    at=at(date(2020, 6, 2)))  # fmt: skip
    assert "未满3个月" in early.value.message
    assert list(selectors.long_stays(user=personas.district, on=date(2020, 6, 2))) == []
    assert list(selectors.long_stays(user=personas.district, on=date(2020, 6, 3))) == [intake]
    settled = intake_move(actor=personas.district, intake=intake, action="settle", comment="安置到市社会福利院",
                          at=at(date(2020, 6, 3)))  # fmt: skip
    assert settled.case.state == "settled" and settled.leave == "settled"


def test_identified_people_are_not_settled(personas) -> None:
    actor = staff()
    intake = unidentified(actor, station())
    intake_identify(actor=actor, intake=intake, id_number=person("查明").id_number, at=at(date(2020, 4, 1)))
    with pytest.raises(RescueError):
        intake_move(
            actor=personas.district, intake=intake, action="settle", comment="安置", at=at(date(2020, 7, 1))
        )


def test_death_is_recorded(personas) -> None:
    actor = staff()
    intake = unidentified(actor, station())
    intake = intake_move(actor=actor, intake=intake, action="hospitalize", hospital="海口市人民医院")
    died = intake_move(actor=actor, intake=intake, action="die", comment="经抢救无效死亡，已报公安机关")
    assert (
        died.case.state == "died"
        and died.death_note.startswith("经抢救无效")
        and died.hospital == "海口市人民医院"
    )


def test_other_districts_and_other_roles_see_nothing(personas) -> None:
    intake = registered(staff(), station(), id_number=person("隐私").id_number)
    assert list(selectors.intake_list(user=personas.district)) == [intake]
    assert list(selectors.intake_list(user=personas.other_district)) == []
    assert list(selectors.intake_list(user=other_staff())) == []
    with pytest.raises(PermissionDenied):
        registered(personas.town, station(), id_number=person("无权").id_number)
