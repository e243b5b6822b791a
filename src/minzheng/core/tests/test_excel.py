"""xlsx_write: IDs stay text, and rows past Excel's sheet limit go on to further sheets."""

import io

from python_calamine import CalamineWorkbook

from minzheng.core import excel


def _sheets(data: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_ids_stay_text_and_values_keep_their_types():
    out = io.BytesIO()
    count = excel.xlsx_write(
        out, sheet="人员", headers=["身份证号码", "人数", "在册"], rows=[("460105199001011234", 3, True)]
    )
    assert count == 1
    assert _sheets(out.getvalue()) == {
        "人员": [["身份证号码", "人数", "在册"], ["460105199001011234", 3.0, "是"]]
    }


def test_rows_past_the_sheet_limit_go_on_to_further_sheets(monkeypatch):
    # given a sheet limit of 3 lines (header + 2 rows) instead of Excel's 1,048,576
    monkeypatch.setattr(excel, "SHEET_MAX_ROWS", 3)
    out = io.BytesIO()
    # when 5 rows are written
    count = excel.xlsx_write(out, sheet="错误报告", headers=["行号"], rows=[(n,) for n in range(1, 6)])
    # then every row is there, two a sheet, each sheet under the header
    assert count == 5
    assert _sheets(out.getvalue()) == {
        "错误报告": [["行号"], [1.0], [2.0]],
        "错误报告（2）": [["行号"], [3.0], [4.0]],
        "错误报告（3）": [["行号"], [5.0]],
    }
