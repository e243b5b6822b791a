"""XLSX writing for every export: streamed to a temporary file with constant memory, then sent."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

import xlsxwriter
from django.http import FileResponse

SHEET_MAX_ROWS = 1_048_576  # Excel's limit per sheet, header row included


def xlsx_write(fh: Any, *, sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write the rows to a binary file object under one header; return the number of data rows. Rows
    past Excel's 1,048,576 a sheet go on to further sheets (“名称（2）”, …), each with the header again,
    so that a whole city's export is never cut short."""
    book = xlsxwriter.Workbook(fh, {"constant_memory": True, "in_memory": False, "strings_to_numbers": False})
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})

    def new_sheet(number: int) -> Any:
        ws = book.add_worksheet(sheet[:31] if number == 1 else f"{sheet[:24]}（{number}）")
        for col, title in enumerate(headers):
            ws.write_string(0, col, str(title), bold)
            ws.set_column(col, col, max(10, len(str(title)) * 2 + 2))
        ws.freeze_panes(1, 0)
        return ws

    sheets = 1
    ws = new_sheet(sheets)
    count = line = 0
    for row in rows:
        count += 1
        line += 1
        if line == SHEET_MAX_ROWS:
            sheets += 1
            ws, line = new_sheet(sheets), 1
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                ws.write_string(line, col, "是" if value else "否")
            elif isinstance(value, int | float):
                ws.write_number(line, col, value)
            else:
                ws.write_string(line, col, str(value))  # IDs and codes stay text: no 4.6E+17
    book.close()
    return count


def xlsx_response(
    filename: str, *, sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> FileResponse:
    tmp = tempfile.TemporaryFile()  # noqa: SIM115  (closed by FileResponse when sent)
    xlsx_write(tmp, sheet=sheet, headers=headers, rows=rows)
    tmp.seek(0)
    response = FileResponse(
        tmp,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
