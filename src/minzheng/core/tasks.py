from __future__ import annotations

from typing import Any

from django_tasks import task

from minzheng.core.audit import audit_verify
from minzheng.core.jobs import job_progress, job_runner
from minzheng.core.models import AuditEntry


@task()
@job_runner
def audit_verify_task(job_id: int) -> dict[str, Any]:
    """Verify the whole audit chain in the background (an auditor's button)."""
    total = AuditEntry.objects.count()
    job_progress(job_id, done=0, total=total, message="正在校验审计链")
    result = audit_verify(
        progress=lambda n: job_progress(job_id, done=n, total=total, message="正在校验审计链")
    )
    message = f"审计链完整：共{result.checked}条" if result.ok else f"审计链断裂：{result.reason}"
    job_progress(job_id, done=result.checked, total=total, message=message)
    return {
        "ok": result.ok,
        "checked": result.checked,
        "broken_seq": result.broken_seq,
        "reason": result.reason,
    }
