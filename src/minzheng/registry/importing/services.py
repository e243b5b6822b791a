"""Starting imports: from the page (upload stored under MEDIA_ROOT/imports/, run by the job worker) and
from the command line (run in-process). Both end in :func:`pipeline.import_batch_run`."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from minzheng.core.jobs import job_enqueue
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.registry.importing.errors import ImportFileError
from minzheng.registry.importing.pipeline import Progress, import_batch_run
from minzheng.registry.models import ImportBatch

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".txt")
DEFAULT_MAX_MB = 200


def import_max_bytes() -> int:
    """Upload limit: setting ``REGISTRY_IMPORT_MAX_MB`` or env ``MINZHENG_IMPORT_MAX_MB`` (default 200)."""
    megabytes = getattr(settings, "REGISTRY_IMPORT_MAX_MB", None) or os.environ.get("MINZHENG_IMPORT_MAX_MB")
    return int(float(megabytes or DEFAULT_MAX_MB) * 1024 * 1024)


def import_size_check(*, size: int) -> None:
    limit = import_max_bytes()
    if size > limit:
        raise ImportFileError(
            f"文件过大：{size / 1048576:.1f} MB，超过上限{limit / 1048576:.0f} MB。请拆分成几个文件分别导入"
        )


def import_batch_create(
    *, user: User | None, kind: str, mode: str, file_name: str, stored_file: str, region: Region | None = None
) -> ImportBatch:
    """A pending batch. ``region`` (the importer's scope) defaults to the user's region, or for a
    command run without a user, the root of the tree."""
    if kind not in ImportBatch.Kind.values:
        raise ImportFileError(f"导入类型“{kind}”无效，应为：{'、'.join(ImportBatch.Kind.values)}")
    if mode not in ImportBatch.Mode.values:
        raise ImportFileError(f"导入方式“{mode}”无效，应为：{'、'.join(ImportBatch.Mode.values)}")
    if user is not None:
        require(user, "registry.import")  # as the import pages and the `minzheng import --user` command
    region = region or (user.region if user is not None else Region.objects.get(parent__isnull=True))
    if region is None:
        raise PermissionDenied("您的账号未设置所属区划，不能导入")
    return ImportBatch.objects.create(
        kind=kind,
        mode=mode,
        file_name=file_name[:200],
        stored_file=stored_file,
        uploaded_by=user,
        region=region,
    )


def import_upload_store(*, upload: UploadedFile) -> Path:
    """Save an upload under MEDIA_ROOT/imports/<year>/<month>/ with a random name; return the path."""
    name = upload.name or "upload"
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ImportFileError(f"只能导入CSV或XLSX文件，“{name}”不是")
    import_size_check(size=upload.size or 0)
    folder = Path(settings.MEDIA_ROOT) / "imports" / timezone.localdate().strftime("%Y/%m")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def import_batch_submit(*, user: User, kind: str, mode: str, upload: UploadedFile) -> ImportBatch:
    """Store the upload, create the batch and queue its job; the page then follows the job."""
    from minzheng.registry.tasks import import_batch_task

    path = import_upload_store(upload=upload)
    batch = import_batch_create(
        user=user, kind=kind, mode=mode, file_name=upload.name or path.name, stored_file=str(path)
    )
    job = job_enqueue(
        task=import_batch_task,
        kind="registry_import",
        title=f"{batch.get_kind_display()}导入：{batch.file_name}",
        user=user,
        batch_id=batch.pk,
    )
    ImportBatch.objects.filter(pk=batch.pk).update(job=job)
    batch.job = job
    return batch


def import_file(
    *,
    path: Path,
    kind: str,
    mode: str,
    user: User | None = None,
    progress: Progress | None = None,
    offline: bool = False,
    max_issues: int | None = None,
) -> ImportBatch:
    """Import a file on this machine now (the command line and the benchmark). ``offline``: the site is
    closed, a large person file may take the first-load path into a table with people (see
    :func:`pipeline.import_batch_run`)."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"文件不存在：{path}")
    batch = import_batch_create(
        user=user, kind=kind, mode=mode, file_name=path.name, stored_file=str(path.resolve())
    )
    return import_batch_run(batch=batch, progress=progress, offline=offline, max_issues=max_issues)


def import_batch_result(batch: ImportBatch) -> dict[str, Any]:
    return {
        "batch_id": batch.pk,
        "status": batch.status,
        "rows_total": batch.rows_total,
        "rows_written": batch.rows_written,
        "rows_rejected": batch.rows_rejected,
        "warnings": batch.warnings,
    }
