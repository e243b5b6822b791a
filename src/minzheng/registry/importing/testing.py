"""Helpers for the import tests: files written the way people and spreadsheet programs write them."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter

from minzheng.core.audit import acting_as
from minzheng.core.ids import make_citizen_id
from minzheng.core.models import User
from minzheng.core.testing import COMMUNITY_A, GRID_A
from minzheng.registry.importing.columns import COLUMNS
from minzheng.registry.importing.services import import_file
from minzheng.registry.models import ImportBatch, ImportIssue

PERSON_HEADERS = [c.header for c in COLUMNS["persons"]]
HOUSE_HEADERS = [c.header for c in COLUMNS["houses"]]
HOUSEHOLD_HEADERS = [c.header for c in COLUMNS["households"]]


def citizen_id(seq: int, *, birth: date = date(1990, 1, 1), region: str = "460105") -> str:
    return make_citizen_id(region_code=region, birth_date=birth, sequence=seq)


def person_row(**values: Any) -> list[Any]:
    """A valid person row in template order; keyword arguments by template header."""
    row = {
        "身份证号码": citizen_id(11),
        "姓名": "张三丰",
        "性别": "",
        "出生日期": "",
        "民族": "汉族",
        "联系电话": "13812345678",
        "户籍地区划代码": COMMUNITY_A,
        "户籍地址": "秀华社区",
        "房屋编号": "",
        "网格代码": GRID_A,
        "居住证号": "",
        "居住证有效期至": "",
    }
    unknown = set(values) - set(row)
    if unknown:
        raise KeyError(f"模板中没有这些列：{unknown}")
    row.update(values)
    return [row[h] for h in PERSON_HEADERS]


def write_csv(path: Path, rows: Sequence[Sequence[Any]], *, header: Sequence[str] = PERSON_HEADERS,
              encoding: str = "utf-8") -> Path:  # fmt: skip
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, header: Sequence[str] = PERSON_HEADERS) -> Path:
    """Cells keep their Python types: numbers as numbers, dates as date cells (as Excel stores them)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("人员")
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, value, dates)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    book.close()
    return path


def run_import(
    user: User | None, path: Path, *, kind: str = "persons", mode: str = "all", **options: Any
) -> ImportBatch:
    """``options``: ``offline``, ``max_issues`` (see :func:`import_file`)."""
    with acting_as(user):
        return import_file(path=path, kind=kind, mode=mode, user=user, **options)


def errors_of(batch: ImportBatch) -> list[tuple[int, str, str]]:
    """(row, field, reason) of every error, in row order."""
    return [
        (i.row_number, i.field, i.reason)
        for i in batch.issues.filter(severity=ImportIssue.Severity.ERROR).order_by("row_number", "id")
    ]


def warnings_of(batch: ImportBatch) -> list[tuple[int, str, str]]:
    return [
        (i.row_number, i.field, i.reason)
        for i in batch.issues.filter(severity=ImportIssue.Severity.WARNING).order_by("row_number", "id")
    ]
