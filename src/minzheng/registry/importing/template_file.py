"""The templates users download: the columns in order with one example row (XLSX, the ID and code
columns formatted as text so Excel keeps every digit; or CSV in UTF-8 with BOM so Excel opens it)."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter

from minzheng.core.excel import csv_writer
from minzheng.registry.importing.columns import COLUMNS

TEXT_KEYS = {"id_number", "phone", "hukou_code", "house_code", "grid_code", "permit_no", "number", "head_id",
             "member_id", "code"}  # fmt: skip


def template_xlsx(fh: Any, *, kind: str) -> None:
    columns = COLUMNS[kind]
    book = xlsxwriter.Workbook(fh, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("数据")
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    required = book.add_format({"bold": True, "bg_color": "#FDE2E1", "border": 1})
    text = book.add_format({"num_format": "@"})
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column.header, required if column.required else bold)
        sheet.set_column(
            col, col, max(12, len(column.header) * 2 + 4), text if column.key in TEXT_KEYS else None
        )
        sheet.write_string(1, col, column.example, text if column.key in TEXT_KEYS else None)
    sheet.freeze_panes(1, 0)
    notes = book.add_worksheet("填写说明")
    for col, title in enumerate(("列名", "是否必填", "说明")):
        notes.write_string(0, col, title, bold)
    notes.set_column(0, 0, 18)
    notes.set_column(2, 2, 70)
    for row, column in enumerate(columns, start=1):
        notes.write_string(row, 0, column.header)
        notes.write_string(row, 1, "必填" if column.required else "选填")
        notes.write_string(row, 2, column.note)
    last = len(columns) + 2
    notes.write_string(last, 0, "提示")
    notes.write_string(
        last,
        2,
        "第2行是示例，导入前请删除。表头（第1行，红色为必填）请勿修改。也可另存为CSV（UTF-8或GBK）导入。",
    )
    book.close()


def template_csv(*, kind: str) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow([c.header for c in COLUMNS[kind]])
    writer.writerow([c.example for c in COLUMNS[kind]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
