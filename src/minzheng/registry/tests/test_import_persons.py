"""人员导入: each validation rule, the derived fields, scope, and all-or-nothing against good rows."""

from datetime import date

import pytest
from django.db import connection

from minzheng.core.models import AuditEntry, Region
from minzheng.core.testing import COMMUNITY_A, GRID_A, GRID_B
from minzheng.registry.importing import persons as persons_module
from minzheng.registry.importing import pipeline as pipeline_module
from minzheng.registry.importing.testing import (
    citizen_id,
    errors_of,
    person_row,
    run_import,
    warnings_of,
    write_csv,
)
from minzheng.registry.models import ImportBatch, Person
from minzheng.registry.rules import id_reversed, name_initials
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


def test_a_clean_file_is_imported_with_derived_fields(personas, tmp_path):
    # given two valid rows, one living in a registered house
    home = given.house(personas.community, code="H-1", grid=GRID_A)
    path = write_csv(
        tmp_path / "p.csv",
        [
            person_row(),
            person_row(
                **{
                    "身份证号码": citizen_id(22, birth=date(1985, 6, 30)),
                    "姓名": "李小红",
                    "房屋编号": "H-1",
                    "网格代码": "",
                    "居住证号": "JZ001",
                    "居住证有效期至": "2027-01-31",
                }
            ),  # fmt: skip
        ],
    )
    # when the community worker imports it
    batch = run_import(personas.community, path)
    # then both are written with the facts derived exactly as the registry derives them
    assert batch.status == ImportBatch.Status.COMMITTED, errors_of(batch)
    assert (batch.rows_total, batch.rows_written, batch.rows_rejected) == (2, 2, 0)
    zhang = Person.objects.get(id_number=citizen_id(11))
    assert zhang.gender == "M" and zhang.birth_date == date(1990, 1, 1)
    assert zhang.id_reversed == id_reversed(zhang.id_number) and zhang.name_initials == name_initials(
        "张三丰"
    )
    assert zhang.region.code == GRID_A and zhang.hukou_region.code == COMMUNITY_A
    li = Person.objects.get(name="李小红")
    assert li.gender == "F" and li.residence_house == home and li.region == home.grid
    assert li.residence_permit_no == "JZ001" and li.residence_permit_until == date(2027, 1, 31)
    # and one audit entry sums the batch up
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).get()
    assert "2名人员" in entry.detail and "p.csv" in entry.detail and entry.actor == personas.community


def test_wrong_check_digit_is_rejected_with_the_ids_reason(personas, tmp_path):
    bad = citizen_id(11)[:-1] + ("0" if citizen_id(11)[-1] != "0" else "1")
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", [person_row(**{"身份证号码": bad})]))
    assert batch.status == ImportBatch.Status.REJECTED
    [(row, field, reason)] = errors_of(batch)
    assert (row, field) == (2, "身份证号码") and reason.startswith("校验码错误")


def test_given_gender_and_birth_date_must_agree_with_the_id(personas, tmp_path):
    rows = [
        person_row(**{"身份证号码": citizen_id(11), "性别": "女"}),
        person_row(**{"身份证号码": citizen_id(13), "出生日期": "1990-01-02"}),
        person_row(**{"身份证号码": citizen_id(15), "性别": "男", "出生日期": "1990/1/1"}),
    ]
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", rows), mode="good")
    assert errors_of(batch) == [
        (2, "性别", "性别“女”与身份证号码（男）不符"),
        (3, "出生日期", "出生日期1990-01-02与身份证号码（1990-01-01）不符"),
    ]
    assert batch.rows_written == 1


@pytest.mark.parametrize(
    "given_date", ["1990-01-01", "1990/1/1", "19900101", "1990年1月1日", "32874", "１９９０－０１－０１"]
)
def test_birth_dates_in_every_usual_spelling_are_understood(personas, tmp_path, given_date):
    # 32874 is the Excel serial of 1990-01-01
    path = write_csv(tmp_path / "p.csv", [person_row(**{"出生日期": given_date})])
    batch = run_import(personas.community, path)
    assert batch.status == ImportBatch.Status.COMMITTED, errors_of(batch)


def test_full_width_digits_and_stray_spaces_are_normalised(personas, tmp_path):
    wide = citizen_id(11).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    row = person_row(**{"身份证号码": f" {wide} ", "姓名": "张  三丰", "联系电话": "138 1234 5678",
                        "网格代码": f"\u3000{GRID_A}", "户籍地址": "  秀华社区   3号 "})  # fmt: skip
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", [row]))
    assert batch.status == ImportBatch.Status.COMMITTED, errors_of(batch)
    person = Person.objects.get()
    assert (person.id_number, person.name, person.phone) == (citizen_id(11), "张三丰", "13812345678")
    assert person.hukou_address == "秀华社区 3号" and person.region.code == GRID_A


def test_a_number_twice_in_the_file_rejects_the_second_naming_the_first(personas, tmp_path):
    rows = [person_row(), person_row(**{"姓名": "李四"}), person_row(**{"身份证号码": citizen_id(13)})]
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", rows), mode="good")
    assert errors_of(batch) == [(3, "身份证号码", "身份证号码与第2行重复")]
    assert list(Person.objects.values_list("name", flat=True).order_by("id_number")) == ["张三丰", "张三丰"]


def test_a_number_that_belongs_to_someone_else_is_rejected_masked(personas, tmp_path):
    # given 张三丰 and 李四 already registered
    given.person(personas.community, name="张三丰", seq=11)
    given.person(personas.community, name="李四", seq=13)
    # when a file gives 张三丰's number to 王五, and registers 李四 again
    rows = [person_row(**{"姓名": "王五"}), person_row(**{"身份证号码": citizen_id(13), "姓名": "李四"})]
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", rows), mode="good")
    # then both rows are rejected: one names another person's record, masked; nothing is overwritten
    (row2, field2, reason2), (row3, _, reason3) = errors_of(batch)
    assert (row2, field2) == (2, "身份证号码") and reason2.startswith("身份证号码已登记为他人：张*丰（")
    assert row3 == 3 and reason3.startswith("该人员已登记（李*，")
    assert (
        sorted(Person.objects.values_list("name", flat=True)) == ["张三丰", "李四"]
        and batch.rows_written == 0
    )


@pytest.mark.parametrize(
    ("values", "field", "reason"),
    [
        ({"网格代码": "460105001001999"}, "网格代码", "网格代码“460105001001999”不存在"),
        ({"网格代码": COMMUNITY_A}, "网格代码", "应填网格代码"),
        ({"户籍地区划代码": "460105001999", "网格代码": ""}, "户籍地区划代码", "不存在"),
        ({"户籍地区划代码": "", "网格代码": ""}, "网格代码", "须填写房屋编号、网格代码或户籍地区划代码之一"),
        ({"房屋编号": "NO-SUCH", "网格代码": ""}, "房屋编号", "房屋编号“NO-SUCH”未登记（请先导入房屋）"),
        ({"联系电话": "12345"}, "联系电话", "联系电话格式错误"),
        ({"性别": "未知"}, "性别", "性别应填“男”或“女”"),
        ({"出生日期": "1990-13-01"}, "出生日期", "日期不存在"),
        ({"居住证有效期至": "明年"}, "居住证有效期至", "无法识别的日期"),
        ({"姓名": ""}, "姓名", "姓名不能为空"),
    ],
)
def test_each_bad_value_is_reported_with_row_and_field(personas, tmp_path, values, field, reason):
    batch = run_import(
        personas.community,
        write_csv(tmp_path / "p.csv", [person_row(), person_row(**{"身份证号码": citizen_id(13), **values})]),
    )
    [(row, got_field, got_reason)] = errors_of(batch)
    assert (row, got_field) == (3, field) and reason in got_reason
    assert batch.status == ImportBatch.Status.REJECTED and not Person.objects.exists()


def test_rows_outside_the_importers_region_are_rejected(personas, tmp_path):
    # given a grid worker of grid A, and a house in grid B registered by the town
    given.house(personas.town, code="H-B", grid=GRID_B)
    rows = [
        person_row(),
        person_row(**{"身份证号码": citizen_id(13), "网格代码": GRID_B}),
        person_row(**{"身份证号码": citizen_id(15), "网格代码": "", "房屋编号": "H-B"}),
    ]
    batch = run_import(personas.grid_a, write_csv(tmp_path / "p.csv", rows), mode="good")
    (r3, f3, why3), (r4, f4, why4) = errors_of(batch)
    assert (r3, f3) == (3, "网格代码") and "不在您的管辖范围" in why3
    assert (r4, f4) == (4, "房屋编号") and "不在您的管辖范围" in why4
    assert list(Person.objects.values_list("region__code", flat=True)) == [GRID_A]


def test_a_historical_region_code_or_a_legacy_number_is_accepted_with_a_warning(personas, tmp_path):
    historical = citizen_id(11, birth=date(1985, 3, 1), region="460103")  # 海口新华区, before 2002
    legacy = "460105850301123"  # 15 digits: 1985-03-01, sequence 123
    rows = [person_row(**{"身份证号码": historical}), person_row(**{"身份证号码": legacy})]
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", rows))
    assert batch.status == ImportBatch.Status.COMMITTED and batch.warnings == 2
    (r2, _, w2), (r3, _, w3) = warnings_of(batch)
    assert r2 == 2 and "460103" in w2 and "历史代码" in w2
    assert r3 == 3 and "15位旧身份证号码已转换为18位" in w3
    assert Person.objects.filter(id_number__startswith="46010519850301123").exists()
    assert Person.objects.get(id_number=historical).region.code == GRID_A


def test_all_or_nothing_writes_nothing_when_one_row_is_bad(personas, tmp_path):
    rows = [person_row(), person_row(**{"身份证号码": citizen_id(13), "网格代码": "1"})]
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", rows), mode="all")
    assert (
        batch.status == ImportBatch.Status.REJECTED and batch.rows_written == 0 and batch.rows_rejected == 1
    )
    assert "未导入任何数据" in batch.message
    assert not Person.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).exists()


def test_good_rows_mode_writes_the_good_rows_and_reports_the_bad(personas, tmp_path):
    rows = [person_row(), person_row(**{"身份证号码": "123"}), person_row(**{"身份证号码": citizen_id(13)})]
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", rows), mode="good")
    assert batch.status == ImportBatch.Status.COMMITTED
    assert (batch.rows_total, batch.rows_written, batch.rows_rejected) == (3, 2, 1)
    assert "跳过1行错误" in batch.message
    assert Person.objects.count() == 2


def _import_a_repeat_and_a_registered_person(personas, tmp_path, **options):
    """Five good rows 甲11…甲19 (rows 2–4, 6–7), row 5 repeating row 2's ID, row 8 an ID already registered
    (王五), imported keeping the good rows."""
    given.person(personas.community, name="王五", seq=31)
    rows = [person_row(**{"身份证号码": citizen_id(n), "姓名": f"甲{n}"}) for n in (11, 13, 15, 17, 19)]
    rows.insert(3, person_row(**{"身份证号码": citizen_id(11), "姓名": "重复"}))
    rows.append(person_row(**{"身份证号码": citizen_id(31), "姓名": "王五"}))
    return run_import(personas.community, write_csv(tmp_path / "p.csv", rows), mode="good", **options)


def test_checks_work_across_ranges_when_staged_range_by_range(personas, tmp_path, monkeypatch):
    # given ranges of two rows (on PostgreSQL the rows are checked and written range by range)
    monkeypatch.setattr(persons_module.PersonImporter, "range_rows", 2)
    # when a file repeating its row 2 on row 5 and registering an existing person on row 8 is imported
    batch = _import_a_repeat_and_a_registered_person(personas, tmp_path)
    # then each range saw the earlier ones and the registry
    assert [(r, f) for r, f, _ in errors_of(batch)] == [(5, "身份证号码"), (8, "身份证号码")]
    assert errors_of(batch)[0][2] == "身份证号码与第2行重复"
    assert batch.rows_written == 5 and Person.objects.count() == 6


def test_all_or_nothing_undoes_earlier_ranges_when_a_later_row_is_bad(personas, tmp_path, monkeypatch):
    monkeypatch.setattr(persons_module.PersonImporter, "range_rows", 2)
    rows = [person_row(**{"身份证号码": citizen_id(n)}) for n in (11, 13, 15, 17)]
    rows[0] = person_row(**{"身份证号码": citizen_id(11, region="460103")})  # row 2: a warning
    rows.append(person_row(**{"身份证号码": citizen_id(19), "网格代码": "460105001001999"}))
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", rows), mode="all")
    assert batch.status == ImportBatch.Status.REJECTED and batch.rows_written == 0
    assert not Person.objects.exists()
    # the report keeps every issue, those of the ranges undone included
    assert [(r, f) for r, f, _ in errors_of(batch)] == [(6, "网格代码")]
    assert [r for r, _, _ in warnings_of(batch)] == [2] and batch.warnings == 1


def test_the_grid_given_must_agree_with_the_house(personas, tmp_path):
    given.house(personas.town, code="H-A", grid=GRID_A)
    other = Region.objects.get(code=GRID_B)
    row = person_row(**{"房屋编号": "H-A", "网格代码": other.code})
    batch = run_import(personas.town, write_csv(tmp_path / "p.csv", [row]))
    [(row_no, field, reason)] = errors_of(batch)
    assert (row_no, field) == (2, "网格代码") and "不一致" in reason


def _person_indexes() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname", [Person._meta.db_table]
        )
        return [row[0] for row in cursor.fetchall()]


def _person_foreign_keys() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid = %s::regclass ORDER BY 1",
            [Person._meta.db_table],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the first-load path is PostgreSQL's")
def test_offline_a_file_larger_than_the_table_is_loaded_with_indexes_rebuilt_after(
    personas, tmp_path, monkeypatch
):
    # given a file larger than the person table (threshold lowered from 100,000 rows to 1) in ranges of two
    monkeypatch.setattr(pipeline_module, "BULK_LOAD_MIN_ROWS", 1)
    monkeypatch.setattr(persons_module.PersonImporter, "range_rows", 2)
    indexes, foreign_keys = _person_indexes(), _person_foreign_keys()
    # when a file repeating its row 2 on row 5 and registering an existing person on row 8 is imported
    # with the site closed (--offline)
    batch = _import_a_repeat_and_a_registered_person(personas, tmp_path, offline=True)
    # then the same checks held, the rows are in, and every index and foreign key is back as it was
    assert [(r, f) for r, f, _ in errors_of(batch)] == [(5, "身份证号码"), (8, "身份证号码")]
    assert batch.rows_written == 5 and Person.objects.count() == 6
    assert "首次批量导入" in batch.message
    assert _person_indexes() == indexes and _person_foreign_keys() == foreign_keys
    assert Person.objects.filter(name__startswith="甲", name_initials="j").count() == 5


def test_online_a_file_larger_than_a_table_with_people_never_takes_the_first_load_path(
    personas, tmp_path, monkeypatch
):
    # given a file larger than the person table, which already has someone in it (王五)
    monkeypatch.setattr(pipeline_module, "BULK_LOAD_MIN_ROWS", 1)
    monkeypatch.setattr(persons_module.PersonImporter, "range_rows", 2)
    # when it is imported without --offline
    batch = _import_a_repeat_and_a_registered_person(personas, tmp_path)
    # then it went in online (no index dropped, no table lock), with the same checks
    assert [(r, f) for r, f, _ in errors_of(batch)] == [(5, "身份证号码"), (8, "身份证号码")]
    assert batch.rows_written == 5 and "首次批量导入" not in batch.message


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the first-load path is PostgreSQL's")
def test_a_first_load_into_an_empty_table_rebuilds_the_indexes_after(personas, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline_module, "BULK_LOAD_MIN_ROWS", 1)
    monkeypatch.setattr(persons_module.PersonImporter, "range_rows", 2)
    indexes = _person_indexes()
    rows = [person_row(**{"身份证号码": citizen_id(n)}) for n in (11, 13, 15)]
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", rows), mode="all")
    assert batch.rows_written == 3 and "首次批量导入" in batch.message
    assert _person_indexes() == indexes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the first-load path is PostgreSQL's")
def test_a_refused_first_load_leaves_the_table_and_its_indexes_as_they_were(personas, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline_module, "BULK_LOAD_MIN_ROWS", 1)
    monkeypatch.setattr(persons_module.PersonImporter, "range_rows", 2)
    indexes, foreign_keys = _person_indexes(), _person_foreign_keys()
    rows = [person_row(**{"身份证号码": citizen_id(n)}) for n in (11, 13, 15, 17)]
    rows.append(person_row(**{"身份证号码": citizen_id(19), "网格代码": "460105001001999"}))
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", rows), mode="all")
    assert batch.status == ImportBatch.Status.REJECTED and batch.rows_written == 0
    assert not Person.objects.exists()
    assert _person_indexes() == indexes and _person_foreign_keys() == foreign_keys


def test_a_file_smaller_than_the_table_goes_into_the_indexed_table(personas, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline_module, "BULK_LOAD_MIN_ROWS", 1)
    for seq in (31, 33, 35):
        given.person(personas.community, name=f"王{seq}", seq=seq)
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", [person_row()]), mode="good")
    assert batch.rows_written == 1 and "首次批量导入" not in batch.message


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the first-load path is PostgreSQL's")
def test_a_first_load_that_cannot_lock_the_table_goes_into_the_indexed_table(personas, tmp_path, monkeypatch):
    # given a file that would be a first load, while another session reads the person table
    monkeypatch.setattr(pipeline_module, "BULK_LOAD_MIN_ROWS", 1)
    monkeypatch.setattr(pipeline_module, "BULK_LOAD_LOCK_TIMEOUT", "200ms")
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.execute(f"LOCK TABLE {Person._meta.db_table} IN ACCESS SHARE MODE")  # opens its transaction
        rows = [person_row(**{"身份证号码": citizen_id(n)}) for n in (11, 13, 15)]
        # when it is imported
        batch = run_import(personas.community, write_csv(tmp_path / "p.csv", rows), mode="all")
    finally:
        other.rollback()
        other.close()
    # then it went in row by row into the indexed table, not waiting for the other session
    assert batch.rows_written == 3 and "首次批量导入" not in batch.message
    assert Person.objects.count() == 3
