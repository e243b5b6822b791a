"""The issue report of a batch, built by the import itself (the job worker for the page, the process
for ``minzheng import``) once the batch is finished — never by a request, which only sends the file.

One XLSX: the sheet 错误报告 lists the stored issues (at most the import's limit: errors first, then
warnings, each in row order), the sheet 问题统计 the exact counts of every issue by severity, field
and reason, for all rows, and says how many were stored.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import xlsxwriter
from django.conf import settings

from minzheng.registry.importing.selectors import REPORT_HEADERS, import_issue_report_rows
from minzheng.registry.models import ImportBatch, ImportIssue

SUMMARY_HEADERS = ("级别", "字段", "原因", "条数")


def import_report_path(batch: ImportBatch) -> Path | None:
    """The batch's report file, if it was built and is still there."""
    if not batch.report_file:
        return None
    path = Path(batch.report_file)
    return path if path.is_file() else None


def import_report_build(*, batch: ImportBatch) -> Path:
    """Write the report of a finished batch under MEDIA_ROOT/imports/reports/ and record it on the batch."""
    folder = Path(settings.MEDIA_ROOT) / "imports" / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{batch.pk}-{uuid.uuid4().hex}.xlsx"
    summary = batch.issue_summary or {}
    labels = dict(ImportIssue.Severity.choices)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    sheet = book.add_worksheet("错误报告")
    for col, title in enumerate(REPORT_HEADERS):
        sheet.write_string(0, col, title, bold)
        sheet.set_column(col, col, 40 if title == "原因" else 16)
    sheet.freeze_panes(1, 0)
    line = 0
    for line, row in enumerate(import_issue_report_rows(batch=batch), start=1):
        for col, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(line, col, value)
            else:
                sheet.write_string(line, col, str(value))  # IDs and codes stay text
    counts = book.add_worksheet("问题统计")
    total = summary.get("errors", 0) + summary.get("warnings", 0)
    counts.write_string(
        0,
        0,
        f"共{total:,}条问题（错误{summary.get('errors', 0):,}条、警告{summary.get('warnings', 0):,}条），"
        f"“错误报告”列出其中{line:,}条" + ("（每次导入最多保存这么多条）" if line < total else ""),
    )
    for col, title in enumerate(SUMMARY_HEADERS):
        counts.write_string(2, col, title, bold)
        counts.set_column(col, col, 40 if title == "原因" else 14)
    for r, (severity, field, reason, n) in enumerate(summary.get("counts", []), start=3):
        counts.write_string(r, 0, labels.get(severity, severity))
        counts.write_string(r, 1, field or "（整行）")
        counts.write_string(r, 2, reason)
        counts.write_number(r, 3, n)
    book.close()
    ImportBatch.objects.filter(pk=batch.pk).update(report_file=str(path))
    batch.report_file = str(path)
    return path
