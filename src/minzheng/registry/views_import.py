"""Pages of the bulk import: upload a file, follow its job, read and download the rejected rows.

Every page needs ``registry.import`` (批量导入人房信息) — the capability the navigation entry asks and the
import service (``importing.services.import_batch_create``) requires, so the three agree. A batch outside the
user's scope raises ``OutOfScopeError``: the 404 page.
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.audit import Action, audit_append
from minzheng.core.jobs import job_live
from minzheng.core.web import StaffRequest, staff_view
from minzheng.registry.importing.columns import COLUMNS
from minzheng.registry.importing.errors import ImportFileError
from minzheng.registry.importing.report import import_report_path
from minzheng.registry.importing.selectors import (
    import_batch_get,
    import_batch_list,
    import_issue_list,
)
from minzheng.registry.importing.services import import_batch_submit, import_max_bytes
from minzheng.registry.importing.template_file import template_csv, template_xlsx
from minzheng.registry.models import ImportBatch, ImportIssue

ISSUES_SHOWN = 100
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT = "registry.import"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="导入内容", choices=ImportBatch.Kind.choices)
    mode = forms.ChoiceField(
        label="有错误时",
        choices=ImportBatch.Mode.choices,
        initial=ImportBatch.Mode.ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label="文件（CSV或XLSX）", widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"})
    )


@staff_view(IMPORT)
@require_http_methods(["GET", "POST"])
def import_home(request: StaffRequest) -> HttpResponse:
    """The upload form, the templates and the user's recent batches."""
    limit = import_max_bytes()
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        too_big = int(request.META.get("CONTENT_LENGTH") or 0) > limit + 1024 * 1024
        if too_big:
            form.add_error("file", f"文件过大，超过上限{limit // 1048576} MB。请拆分成几个文件分别导入")
        elif form.is_valid():
            try:
                batch = import_batch_submit(
                    user=request.user,
                    kind=form.cleaned_data["kind"],
                    mode=form.cleaned_data["mode"],
                    upload=form.cleaned_data["file"],
                )
            except ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                messages.info(request, "文件已上传，正在后台校验和导入。")
                return redirect("registry_import:batch", pk=batch.pk)
    context = {
        "form": form,
        "batches": import_batch_list(user=request.user)[:20],
        "kinds": [(value, label, COLUMNS[value]) for value, label in ImportBatch.Kind.choices],
        "limit_mb": limit // 1048576,
    }
    return render(request, "registry/import_home.html", context)


@staff_view(IMPORT)
@require_GET
def import_batch(request: StaffRequest, pk: int) -> HttpResponse:
    """One batch: progress while its job runs (HTMX polls the card), then counts and the first issues."""
    batch = import_batch_get(user=request.user, pk=pk)
    finished = batch.status not in (ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING)
    context: dict[str, Any] = {
        "batch": batch,
        "job": job_live(batch.job) if batch.job else None,
        "finished": finished,
        "errors": import_issue_list(batch=batch, severity=ImportIssue.Severity.ERROR, limit=ISSUES_SHOWN)
        if finished
        else [],
        "warnings": import_issue_list(batch=batch, severity=ImportIssue.Severity.WARNING, limit=20)
        if finished
        else [],
        "shown": ISSUES_SHOWN,
        "summary": batch.issue_summary or {},
        "report_ready": finished and import_report_path(batch) is not None,
    }
    template = "registry/import_batch_card.html" if request.htmx else "registry/import_batch.html"
    return render(request, template, context)


@staff_view(IMPORT)
@require_GET
def import_report(request: StaffRequest, pk: int) -> HttpResponseBase:
    """The batch's issue report (XLSX), as its import built it: the request only sends the file (the
    values are the user's own upload; the download is audited like any export)."""
    batch = import_batch_get(user=request.user, pk=pk)
    path = import_report_path(batch)
    if path is None:
        raise Http404("该批次没有错误报告（没有问题，或导入尚未结束）")
    audit_append(action=Action.EXPORT, obj=batch, detail=f"下载导入错误报告（{batch.file_name}）")
    stem = batch.file_name.rsplit(".", 1)[0]
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=f"导入错误报告-{stem}.xlsx", content_type=_XLSX
    )


@staff_view(IMPORT)
@require_GET
def import_template(request: StaffRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in COLUMNS or fmt not in ("xlsx", "csv"):
        raise Http404("没有这种模板")
    label = ImportBatch.Kind(kind).label
    if fmt == "csv":
        response = HttpResponse(template_csv(kind=kind), content_type="text/csv; charset=utf-8")
    else:
        buffer = io.BytesIO()
        template_xlsx(buffer, kind=kind)
        response = HttpResponse(buffer.getvalue(), content_type=_XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{label}导入模板.{fmt}')}"
    return response
