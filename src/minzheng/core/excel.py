"""XLSX writing for every export: streamed to a temporary file with constant memory, then sent."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

import xlsxwriter
from django.http import FileResponse


def xlsx_write(fh: Any, *, sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write one sheet to a binary file object; return the number of data rows."""
    book = xlsxwriter.Workbook(fh, {"constant_memory": True, "in_memory": False, "strings_to_numbers": False})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    for col, title in enumerate(headers):
        ws.write_string(0, col, str(title), bold)
        ws.set_column(col, col, max(10, len(str(title)) * 2 + 2))
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                ws.write_string(count, col, "是" if value else "否")
            elif isinstance(value, int | float):
                ws.write_number(count, col, value)
            else:
                ws.write_string(count, col, str(value))  # IDs and codes stay text: no 4.6E+17
    ws.freeze_panes(1, 0)
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
