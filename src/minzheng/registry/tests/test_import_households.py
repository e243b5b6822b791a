"""户导入 (one row per member): heads, members, consistency of the household's fields, whole households."""

from datetime import date

import pytest

from minzheng.core.testing import COMMUNITY_A, GRID_A, GRID_B
from minzheng.registry.importing.testing import (
    HOUSEHOLD_HEADERS,
    citizen_id,
    errors_of,
    person_row,
    run_import,
    write_csv,
)
from minzheng.registry.models import Household, ImportBatch, Membership, Relation
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


def _member(number="HH-1", head=None, kind="城镇", hukou=COMMUNITY_A, address="秀华社区", member=None,
            relation="户主", start="2015-05-01"):  # fmt: skip
    head = citizen_id(11) if head is None else head
    return [number, head, kind, hukou, address, member or head, relation, start]


@pytest.fixture
def people(personas, tmp_path):
    """Five registered people in grid A (imported, as a bureau would)."""
    rows = [person_row(**{"身份证号码": citizen_id(n), "姓名": f"成员{n}"}) for n in (11, 13, 15, 17, 19)]
    batch = run_import(personas.community, write_csv(tmp_path / "people.csv", rows))
    assert batch.status == ImportBatch.Status.COMMITTED
    return personas


def _run(user, tmp_path, rows, mode="all"):
    return run_import(
        user, write_csv(tmp_path / "hh.csv", rows, header=HOUSEHOLD_HEADERS), kind="households", mode=mode
    )


def test_a_household_with_its_members_is_created(people, tmp_path):
    rows = [
        _member(),
        _member(head="", kind="", hukou="", address="", member=citizen_id(13), relation="配偶"),
        _member(member=citizen_id(15), relation="儿子", start=""),
    ]
    batch = _run(people.community, tmp_path, rows)
    assert batch.status == ImportBatch.Status.COMMITTED, errors_of(batch)
    household = Household.objects.get()
    assert household.number == "HH-1" and household.head.id_number == citizen_id(11)
    assert household.kind == "urban" and household.hukou_region.code == COMMUNITY_A
    assert household.region.code == GRID_A  # managed where its head is
    relations = dict(Membership.objects.values_list("person__id_number", "relation"))
    assert relations == {
        citizen_id(11): Relation.HEAD,
        citizen_id(13): Relation.SPOUSE,
        citizen_id(15): Relation.SON,
    }
    assert Membership.objects.get(person__id_number=citizen_id(11)).start_date == date(2015, 5, 1)
    assert batch.message == "已导入1户、3名成员"


def test_a_household_without_a_head_row_is_rejected(people, tmp_path):
    batch = _run(people.community, tmp_path, [_member(member=citizen_id(13), relation="配偶")])
    [(row, field, reason)] = errors_of(batch)
    assert (row, field) == (2, "与户主关系") and "没有“户主”行" in reason


def test_a_second_head_and_a_head_row_for_someone_else_are_rejected(people, tmp_path):
    rows = [_member(), _member(member=citizen_id(13), relation="户主")]
    batch = _run(people.community, tmp_path, rows)
    assert errors_of(batch) == [
        (2, "户号", "同户第3行有错误，整户未导入"),
        (3, "与户主关系", "本户已有户主（第2行）"),
    ]


def test_household_fields_may_not_contradict_the_first_row(people, tmp_path):
    rows = [_member(), _member(kind="农村", member=citizen_id(13), relation="配偶")]
    batch = _run(people.community, tmp_path, rows)
    assert errors_of(batch) == [
        (2, "户号", "同户第3行有错误，整户未导入"),
        (3, "城乡类别", "与本户第2行填写的城乡类别不一致"),
    ]


def test_members_must_be_registered_living_in_scope_and_in_no_other_household(people, tmp_path):
    # given 成员19 already in a household, and someone in grid B the grid-A worker cannot see
    hh = given.household(
        people.community, number="OLD-1", head=given.person(people.community, name="老户主", seq=41)
    )
    given.member(people.community, hh, people_person(citizen_id(19)))
    given.person(people.town, name="乙", seq=43, grid=GRID_B)
    rows = [
        _member(),
        _member(member=citizen_id(21), relation="子女"),  # not registered
        _member(member=citizen_id(19), relation="子女"),  # already a member of OLD-1
        _member(member=citizen_id(43), relation="子女"),  # in grid B
        _member(member=citizen_id(13), relation="配偶", start="1980-01-01"),  # before birth
    ]
    batch = _run(people.grid_a, tmp_path, rows, mode="good")
    errors = {row: reason for row, _, reason in errors_of(batch)}
    assert "未在人员信息中登记" in errors[3]
    assert "已是户号OLD-1的成员" in errors[4]
    assert "不在您的管辖范围" in errors[5]
    assert "入户日期早于出生日期" in errors[6]
    # and the household is the unit: its head row is not written either
    assert errors[2] == "同户第3行有错误，整户未导入"
    assert not Household.objects.filter(number="HH-1").exists() and batch.rows_written == 0


def test_good_rows_mode_still_writes_whole_good_households(people, tmp_path):
    rows = [
        _member("HH-1"),
        _member("HH-2", head=citizen_id(13)),
        _member("HH-2", head="", kind="", hukou="", member=citizen_id(15), relation="外星人"),
    ]
    batch = _run(people.community, tmp_path, rows, mode="good")
    assert [r for r, _, _ in errors_of(batch)] == [3, 4]
    assert list(Household.objects.values_list("number", flat=True)) == ["HH-1"]


def test_an_existing_household_number_is_rejected(people, tmp_path):
    given.household(
        people.community, number="HH-1", head=given.person(people.community, name="旧户主", seq=45)
    )
    batch = _run(people.community, tmp_path, [_member()])
    assert errors_of(batch)[0][:2] == (2, "户号") and "已存在" in errors_of(batch)[0][2]


def test_a_member_listed_twice_is_rejected(people, tmp_path):
    rows = [
        _member(),
        _member("HH-2", head=citizen_id(13)),
        _member("HH-2", head="", member=citizen_id(11), relation="子女"),
    ]
    batch = _run(people.community, tmp_path, rows, mode="good")
    assert errors_of(batch) == [
        (3, "户号", "同户第4行有错误，整户未导入"),
        (4, "成员身份证号码", "成员身份证号码与第2行重复"),
    ]
    assert list(Household.objects.values_list("number", flat=True)) == ["HH-1"]


def people_person(number):
    from minzheng.registry.models import Person

    return Person.objects.get(id_number=number)


def test_relations_are_stored_as_gbt_4761_codes(people, tmp_path):
    # given a registered woman (an even sequence digit in her ID) besides the five men
    rows = [person_row(**{"身份证号码": citizen_id(12), "姓名": "成员12"})]
    assert run_import(people.community, write_csv(tmp_path / "more.csv", rows)).status == "committed"
    # when a household lists them with everyday and standard labels
    rows = [
        _member(relation="本人"),
        _member(member=citizen_id(12), relation="子女"),
        _member(member=citizen_id(13), relation="子女"),
        _member(member=citizen_id(15), relation="外孙女"),
        _member(member=citizen_id(17), relation="女婿"),
        _member(member=citizen_id(19), relation="99"),
    ]
    batch = _run(people.community, tmp_path, rows)
    # then each is stored under its GB/T 4761-2008 code; 子女 by the member's sex
    assert batch.status == ImportBatch.Status.COMMITTED, errors_of(batch)
    relations = dict(Membership.objects.values_list("person__id_number", "relation"))
    assert relations == {
        citizen_id(11): "02",  # 户主
        citizen_id(12): "30",  # 女
        citizen_id(13): "20",  # 子
        citizen_id(15): "40",  # 孙子、孙女或外孙子、外孙女
        citizen_id(17): "28",  # 女婿
        citizen_id(19): "99",  # 非亲属
    }
