"""Spreadsheet files for every export: XLSX streamed to a temporary file with constant memory, then sent; CSV
through :func:`csv_writer`, which escapes formulas (OWASP CSV injection).

A cell that a spreadsheet program would run as a formula — text starting with ``=``, ``+``, ``-``, ``@``, tab
or carriage return, e.g. a payee named ``=HYPERLINK("http://evil.example/","点我")`` — is written to CSV with
a leading apostrophe, which Excel, WPS and LibreOffice show as text. Numbers (``int``, ``Decimal``, ``float``)
go out as they are: a negative amount is a number, not a formula, and a bank's system must read its amount
column as a number — so a writer passes amounts as numbers and every text column is escaped. XLSX needs no
escaping: :func:`xlsx_write` writes text with ``write_string``, a string cell that is never evaluated.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

import xlsxwriter
from django.http import FileResponse

SHEET_MAX_ROWS = 1_048_576  # Excel's limit per sheet, header row included
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP: what makes a spreadsheet read a formula


def csv_cell(value: Any) -> Any:
    """One CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe; numbers and
    everything else pass unchanged (the csv module writes them with ``str``)."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return "'" + value
    return value


class CsvWriter:
    """``csv.writer`` whose rows go through :func:`csv_cell`. The one way the platform writes a CSV that a
    person may open (``core/tests/test_inputs_csv.py`` finds any other)."""

    def __init__(self, fh: Any, **options: Any) -> None:
        self._writer = csv.writer(fh, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(fh: Any, **options: Any) -> CsvWriter:
    """A CSV writer (``csv.writer``'s options) that escapes formulas in every cell."""
    return CsvWriter(fh, **options)


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
