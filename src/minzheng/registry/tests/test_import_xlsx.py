"""The streaming XLSX reader: cell types as Excel stores them, sparse rows, and flat memory."""

import tracemalloc
from datetime import date, datetime

import pytest
import xlsxwriter

from minzheng.registry.importing import xlsx
from minzheng.registry.importing.errors import ImportFileError
from minzheng.registry.importing.xlsx import xlsx_first_sheet


def _book(path, *, inline=False):
    # constant_memory makes xlsxwriter write inline strings (t="inlineStr"), Excel writes shared ones
    return xlsxwriter.Workbook(str(path), {"constant_memory": inline})


@pytest.mark.parametrize("inline", [False, True])
def test_cells_come_back_typed_and_rows_keep_their_numbers(tmp_path, inline):
    # given a sheet with text, numbers, a date cell, a datetime cell, a boolean, a gap and a blank row
    path = tmp_path / "t.xlsx"
    book = _book(path, inline=inline)
    sheet = book.add_worksheet("人员")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    cn_day = book.add_format({"num_format": 31})  # built-in yyyy"年"m"月"d"日"
    sheet.write_row(0, 0, ["身份证号码", "姓名", "电话", "出生日期", "时间", "是否", "备注"])
    sheet.write_string(1, 0, "46010519900101001X")
    sheet.write_string(1, 1, "张三丰")
    sheet.write_number(1, 2, 13812345678)
    sheet.write_datetime(1, 3, datetime(1990, 1, 1), day)
    sheet.write_datetime(1, 4, datetime(2024, 5, 6, 7, 8), moment)
    sheet.write_boolean(1, 5, True)
    sheet.write_datetime(3, 3, datetime(2001, 2, 3), cn_day)  # row 4 only has a date; row 3 is absent
    book.close()
    # when it is read
    with xlsx_first_sheet(path) as table:
        rows = list(table.rows)
    # then every row is as wide as the sheet, with its spreadsheet row number and typed cells
    assert table.name == "人员" and table.last_row == 4
    assert rows[0] == (1, ["身份证号码", "姓名", "电话", "出生日期", "时间", "是否", "备注"])
    assert rows[1] == (
        2,
        [
            "46010519900101001X",
            "张三丰",
            13812345678.0,
            date(1990, 1, 1),
            datetime(2024, 5, 6, 7, 8),
            True,
            None,
        ],
    )
    assert rows[2] == (4, [None, None, None, date(2001, 2, 3), None, None, None])


def test_rich_text_is_read_as_its_plain_text(tmp_path):
    path = tmp_path / "r.xlsx"
    book = _book(path)
    sheet = book.add_worksheet()
    bold = book.add_format({"bold": True})
    sheet.write_rich_string(0, 0, "张", bold, "三", "丰")
    book.close()
    with xlsx_first_sheet(path) as table:
        assert list(table.rows) == [(1, ["张三丰"])]


def test_the_first_visible_sheet_is_read(tmp_path):
    path = tmp_path / "h.xlsx"
    book = _book(path)
    hidden = book.add_worksheet("说明")
    hidden.write_string(0, 0, "hidden")
    hidden.hide()
    book.add_worksheet("数据").write_string(0, 0, "visible")
    book.get_worksheet_by_name("数据").activate()
    book.close()
    with xlsx_first_sheet(path) as table:
        assert table.name == "数据" and list(table.rows) == [(1, ["visible"])]


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    with pytest.raises(ImportFileError, match="XLSX文件已损坏或不完整"), xlsx_first_sheet(path):
        pass


@pytest.mark.slow
def test_memory_stays_flat_whatever_the_number_of_rows(tmp_path, monkeypatch):
    # given 1,000 and 10,000 rows of distinct IDs and names (all shared strings, as Excel saves them),
    # and a string cache small enough that both sizes fill it
    monkeypatch.setattr(xlsx, "_CACHED_STRINGS", 256)
    peaks = {}
    for n in (1_000, 10_000):
        path = tmp_path / f"m{n}.xlsx"
        book = _book(path)
        sheet = book.add_worksheet()
        for r in range(n):
            sheet.write_row(r, 0, [f"4601051990{r:08d}", f"姓名{r}", f"秀华路{r}号", f"{r:011d}", r, "汉族"])
        book.close()
        # when it is read through, row by row
        tracemalloc.start()
        with xlsx_first_sheet(path) as table:
            count = sum(1 for _ in table.rows)
        peaks[n] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert count == n
    # then ten times the rows costs about the same memory (the strings wait on disk, not in a list)
    assert peaks[10_000] < peaks[1_000] * 1.5 + 256 * 1024, peaks
