"""Import files as they arrive: encodings, XLSX cells, and files that cannot be imported at all — each
refused with a Chinese message naming the row and column, and nothing written."""

from datetime import date

import pytest

from minzheng.core.testing import GRID_A
from minzheng.registry.importing.errors import ImportFileError
from minzheng.registry.importing.testing import (
    PERSON_HEADERS,
    citizen_id,
    errors_of,
    person_row,
    run_import,
    write_csv,
    write_xlsx,
)
from minzheng.registry.models import ImportBatch, ImportIssue, Person

pytestmark = pytest.mark.django_db


def _refused(user, path):
    with pytest.raises(ImportFileError) as caught:
        run_import(user, path)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REJECTED and batch.rows_written == 0
    assert not Person.objects.exists()
    return caught.value, batch


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_in_every_usual_encoding_is_read(personas, tmp_path, encoding):
    path = write_csv(
        tmp_path / "p.csv",
        [person_row(**{"姓名": "欧阳娜娜", "户籍地址": "琼山区府城镇"})],
        encoding=encoding,
    )
    batch = run_import(personas.community, path)
    assert batch.status == ImportBatch.Status.COMMITTED, errors_of(batch)
    assert Person.objects.get().name == "欧阳娜娜"
    assert batch.encoding == {"utf-8-sig": "utf-8", "gbk": "gb18030"}.get(encoding, encoding)


def test_gbk_names_far_down_an_ascii_start_are_still_read(personas, tmp_path):
    # given a GBK file whose first rows are plain ASCII and whose Chinese only starts further down
    rows = [
        person_row(**{"身份证号码": citizen_id(n), "姓名": "Li Lei", "户籍地址": ""})
        for n in range(1, 400, 2)
    ]
    rows.append(person_row(**{"身份证号码": citizen_id(401), "姓名": "张三"}))
    path = tmp_path / "p.csv"
    with path.open("wb") as fh:
        fh.write(",".join(["id", "name"]).encode())  # replaced below: the header is Chinese too
    write_csv(path, rows, encoding="gbk")
    batch = run_import(personas.community, path)
    assert batch.status == ImportBatch.Status.COMMITTED and Person.objects.filter(name="张三").exists()


def test_xlsx_with_date_cells_and_numbers_is_read(personas, tmp_path):
    row = person_row(**{"出生日期": date(1990, 1, 1), "联系电话": 13812345678, "居住证有效期至": 46000})
    batch = run_import(personas.community, write_xlsx(tmp_path / "p.xlsx", [row]))
    assert batch.status == ImportBatch.Status.COMMITTED, errors_of(batch)
    person = Person.objects.get()
    assert person.phone == "13812345678" and person.residence_permit_until == date(2025, 12, 9)
    assert batch.encoding == "xlsx"


def test_an_id_excel_turned_into_a_number_is_rejected_as_having_lost_digits(personas, tmp_path):
    row = person_row(**{"身份证号码": float(citizen_id(11)[:17] + "1")})
    batch = run_import(personas.community, write_xlsx(tmp_path / "p.xlsx", [row]))
    [(row_no, field, reason)] = errors_of(batch)
    assert (row_no, field) == (2, "身份证号码") and "存成了数字" in reason


def test_an_xlsx_renamed_to_csv_is_still_read(personas, tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", [person_row()])
    renamed = path.rename(tmp_path / "p.csv")
    assert run_import(personas.community, renamed).status == ImportBatch.Status.COMMITTED


def test_a_truncated_xlsx_is_refused(personas, tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", [person_row()] * 3)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    error, batch = _refused(personas.community, path)
    assert "XLSX文件已损坏或不完整" in error.reason
    assert batch.issues.get().reason == error.reason


def test_a_binary_file_posing_as_csv_is_refused(personas, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    error, _ = _refused(personas.community, path)
    assert "不是文本格式的CSV" in error.reason


def test_an_old_xls_file_is_refused_with_advice(personas, tmp_path):
    path = tmp_path / "p.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    error, _ = _refused(personas.community, path)
    assert ".xls" in error.reason and "另存为" in error.reason


def test_a_file_in_neither_utf8_nor_gbk_is_refused_naming_the_row(personas, tmp_path):
    path = write_csv(tmp_path / "p.csv", [person_row(), person_row(**{"身份证号码": citizen_id(13)})])
    data = path.read_bytes().replace("张三丰".encode(), b"\xff\xfe\xff", 1)
    path.write_bytes(data)
    error, batch = _refused(personas.community, path)
    assert "文件编码无法识别" in error.reason and error.row == 2
    assert batch.issues.get().row_number == 2


def test_a_missing_required_column_is_refused_and_a_renamed_one_is_pointed_out(personas, tmp_path):
    header = ["身份证", *PERSON_HEADERS[1:]]
    path = write_csv(tmp_path / "p.csv", [person_row()], header=header)
    error, batch = _refused(personas.community, path)
    assert "缺少必填列：“身份证号码”" in error.reason and "“身份证”列是否被改了名" in error.reason
    issue = batch.issues.get()
    assert issue.row_number == 1 and issue.severity == ImportIssue.Severity.ERROR


def test_an_unknown_column_is_refused_rather_than_silently_dropped(personas, tmp_path):
    header = [*PERSON_HEADERS[:5], "手机", *PERSON_HEADERS[6:]]
    error, _ = _refused(personas.community, write_csv(tmp_path / "p.csv", [person_row()], header=header))
    assert "无法识别的列：“手机”" in error.reason


def test_a_column_given_twice_is_refused(personas, tmp_path):
    header = [*PERSON_HEADERS[:-1], "姓名"]
    error, _ = _refused(personas.community, write_csv(tmp_path / "p.csv", [person_row()], header=header))
    assert "列“姓名”出现了两次" in error.reason


def test_template_decorations_and_aliases_in_the_header_are_accepted(personas, tmp_path):
    header = ["身份证号码*", "姓名（必填）", *PERSON_HEADERS[2:5], "手机号码", *PERSON_HEADERS[6:]]
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", [person_row()], header=header))
    assert batch.status == ImportBatch.Status.COMMITTED


def test_a_truncated_last_row_is_rejected_not_half_imported(personas, tmp_path):
    path = write_csv(tmp_path / "p.csv", [person_row(), person_row(**{"身份证号码": citizen_id(13)})])
    text = path.read_text(encoding="utf-8").rstrip("\r\n")
    path.write_text(text[: text.rindex(GRID_A)], encoding="utf-8")  # cut inside the last row
    batch = run_import(personas.community, path, mode="good")
    [(row, _, reason)] = errors_of(batch)
    assert row == 3 and "文件可能被截断" in reason
    assert batch.rows_written == 1


def test_an_unclosed_quote_is_refused_as_malformed(personas, tmp_path):
    path = write_csv(tmp_path / "p.csv", [person_row()])
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f'{citizen_id(13)},"李四\n')
    error, _ = _refused(personas.community, path)
    assert error.row == 3 and "CSV格式错误" in error.reason


def test_a_file_with_only_a_header_is_refused(personas, tmp_path):
    error, _ = _refused(personas.community, write_csv(tmp_path / "p.csv", []))
    assert error.reason == "文件只有表头，没有数据行"


def test_an_empty_file_is_refused(personas, tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b"")
    error, _ = _refused(personas.community, path)
    assert error.reason == "文件是空的"


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_spreadsheet(personas, tmp_path):
    path = write_csv(
        tmp_path / "p.csv",
        [person_row(), ["", "", ""], [",,,"] * 0 or [""] * 12, person_row(**{"身份证号码": "X"})],
    )
    batch = run_import(personas.community, path, mode="good")
    assert [r for r, _, _ in errors_of(batch)] == [5] and batch.rows_total == 2
