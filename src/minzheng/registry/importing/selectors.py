"""Reading import batches and their issues, within the user's scope."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from minzheng.core.models import User
from minzheng.core.roles import can
from minzheng.core.scope import access_scoped
from minzheng.registry.models import ImportBatch, ImportIssue

REPORT_HEADERS = ("行号", "字段", "内容", "原因", "级别")


def import_batch_list(*, user: User) -> QuerySet[ImportBatch]:
    """A user's own batches; case workers and managers see every batch in their region."""
    qs = ImportBatch.objects.visible_to(user).select_related("uploaded_by", "job")
    if not can(user, "registry.import_batches_all"):
        qs = qs.filter(uploaded_by=user)
    return qs.order_by("-created_at")


def import_batch_get(*, user: User, pk: int) -> ImportBatch:
    """One batch (raises OutOfScopeError when it is not the user's to see)."""
    return access_scoped(user, import_batch_list(user=user), pk, label="导入批次")


def import_issue_list(*, batch: ImportBatch, severity: str = "", limit: int = 200) -> list[ImportIssue]:
    qs = batch.issues.all()
    if severity:
        qs = qs.filter(severity=severity)
    return list(qs.order_by("row_number", "id")[:limit])


def import_issue_report_rows(*, batch: ImportBatch) -> Iterator[tuple[Any, ...]]:
    """Every issue of the batch, streamed for the XLSX report: the errors (rows not imported) first, then
    the warnings, each in row order — a whole city's file warns on about half its rows (IDs issued under
    the districts' codes before 2002), which must not bury the rows that were refused."""
    labels = dict(ImportIssue.Severity.choices)
    rows = batch.issues.order_by("severity", "row_number", "id").values_list(  # "error" < "warning"
        "row_number", "field", "value", "reason", "severity"
    )
    for row_number, field, value, reason, severity in rows.iterator(chunk_size=5000):
        yield row_number or "", field, value, reason, labels.get(severity, severity)
