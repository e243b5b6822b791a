"""Background payroll computation: a run started from the page is computed by the job worker with
progress (one step per committed chunk)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from minzheng.benefits.models import PayrollRun
from minzheng.benefits.services.payroll import payroll_run_compute
from minzheng.core.audit import acting_as
from minzheng.core.jobs import job_progress, job_runner
from minzheng.core.models import User
from minzheng.core.money import format_yuan


@task()
@job_runner
def payroll_compute_task(job_id: int, *, run_id: int, user_id: int) -> dict[str, Any]:
    user = User.objects.get(pk=user_id)
    run = PayrollRun.objects.select_related("program", "region").get(pk=run_id)
    job_progress(job_id, done=0, total=None, message=f"正在计算{run}")

    def progress(done: int, total: int) -> None:
        job_progress(job_id, done=done, total=total, message=f"正在计算{run}：第{done}/{total}段")

    with acting_as(user):
        totals = payroll_run_compute(actor=user, run=run, progress=progress)
    job_progress(
        job_id,
        done=1,
        total=1,
        message=f"{run}计算完成：{totals.lines}笔，合计{format_yuan(totals.amount_fen)}",
    )
    return {"run_id": run_id, "lines": totals.lines, "payees": totals.payees, "amount_fen": totals.amount_fen}
