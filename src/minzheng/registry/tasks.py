"""Background jobs of the registry: running an uploaded import file."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from minzheng.core.audit import acting_as
from minzheng.core.jobs import job_progress, job_runner
from minzheng.registry.importing.pipeline import import_batch_run
from minzheng.registry.importing.services import import_batch_result
from minzheng.registry.models import ImportBatch


@task()
@job_runner
def import_batch_task(job_id: int, batch_id: int) -> dict[str, Any]:
    """Validate and commit one uploaded file; progress (rows read) is shown on the job and batch pages.
    A refused file fails the job with the reason; the batch page shows it too."""
    batch = ImportBatch.objects.select_related("uploaded_by").get(pk=batch_id)

    def progress(done: int, total: int | None, message: str) -> None:
        job_progress(job_id, done=done, total=total, message=message)

    with acting_as(batch.uploaded_by):
        batch = import_batch_run(batch=batch, progress=progress)
    return import_batch_result(batch)
