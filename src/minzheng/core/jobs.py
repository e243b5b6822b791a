"""Background jobs: the django-tasks API, with the application's own database as the queue
(django-tasks-db, worker: ``minzheng worker``). A :class:`Job` row is what users see: who asked, what,
how far it got. Live progress goes to the cache, not the job row, because a job that writes its
results in one transaction cannot make a row update visible to others before it commits.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from minzheng.core.liveness import live_keys, runner_alive, running_proof
from minzheng.core.models import Job, Region, User

_PROGRESS_KEY = "job-progress:{}"


def job_create(*, kind: str, title: str, user: User | None, region: Region | None = None) -> Job:
    return Job.objects.create(
        kind=kind, title=title, created_by=user, region=region or (user.region if user else None)
    )


def job_enqueue(
    *, task: Any, kind: str, title: str, user: User | None, region: Region | None = None, **kwargs: Any
) -> Job:
    """Create the job row and put the task on the queue; the task receives ``job_id`` plus ``kwargs``."""
    job = job_create(kind=kind, title=title, user=user, region=region)
    result = task.enqueue(job_id=job.pk, **kwargs)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def job_progress(job_id: int, *, done: int, total: int | None = None, message: str = "") -> None:
    cache.set(_PROGRESS_KEY.format(job_id), {"done": done, "total": total, "message": message}, 24 * 3600)


def job_live(job: Job) -> Job:
    """The job with its live progress laid over the stored row (while it runs)."""
    if job.status == Job.Status.RUNNING:
        live = cache.get(_PROGRESS_KEY.format(job.pk))
        if live:
            job.done, job.total = live["done"], live["total"] if live["total"] is not None else job.total
            job.message = live["message"] or job.message
    return job


def job_runner(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a task body: mark the job running, then succeeded with its result or failed with the error.
    The error is recorded for the user and re-raised, so the task backend records it too."""

    @functools.wraps(func)
    def wrapper(job_id: int, **kwargs: Any) -> Any:
        with running_proof(JOB_LOCK_CLASS, job_id):  # see job_debris_cleanup
            return _job_run(func, job_id, **kwargs)

    return wrapper


def _job_run(func: Callable[..., Any], job_id: int, **kwargs: Any) -> Any:
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        result = func(job_id, **kwargs)
    except Exception as exc:
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, finished_at=timezone.now(), message=str(exc)[:2000]
        )
        raise
    live = cache.get(_PROGRESS_KEY.format(job_id)) or {}
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.SUCCEEDED,
        finished_at=timezone.now(),
        result=result if isinstance(result, dict) else None,
        done=live.get("done", 0),
        total=live.get("total"),
        message=live.get("message", ""),
    )
    cache.delete(_PROGRESS_KEY.format(job_id))
    return result


JOB_LOCK_CLASS = 0x4A42  # "JB": the first key of a running job's advisory lock; the second is the job id
INTERRUPTED = "后台任务进程中断（服务重启时发现），请重新提交"


def job_debris_cleanup() -> str:
    """Mark failed the jobs that say they are running but whose process is gone (the worker killed with
    them): on PostgreSQL nobody holds their running proof; on SQLite the worker that claimed the task
    (``host:pid`` in django-tasks-db's worker ids, see ``minzheng worker``) no longer exists. Runs when the
    worker starts. The order of the reads matters as for imports: running jobs first, then live proofs (a job
    takes its proof before it says it runs)."""
    running = list(Job.objects.filter(status=Job.Status.RUNNING).values_list("pk", "task_id"))
    if not running:
        return "后台任务：没有中断的任务"
    if connection.vendor == "postgresql":
        live = live_keys(JOB_LOCK_CLASS)
        dead = [pk for pk, _ in running if pk not in live]
    else:
        from django_tasks_db.models import DBTaskResult

        workers = dict(
            DBTaskResult.objects.filter(id__in=[t for _, t in running if t]).values_list("id", "worker_ids")
        )
        dead = [
            pk
            for pk, task_id in running
            if not any(runner_alive(w) for w in workers.get(_uuid(task_id), []) or [])
        ]
    failed = Job.objects.filter(pk__in=dead, status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED, finished_at=timezone.now(), message=INTERRUPTED
    )
    return f"后台任务：{failed} 个任务的进程已不在，标记为失败"


def _uuid(task_id: str) -> Any:
    import uuid

    try:
        return uuid.UUID(task_id)
    except ValueError:
        return task_id


# --- the worker's start ------------------------------------------------------------------------------------

_STARTUP: list[Callable[[], str]] = []


def worker_startup_register(run: Callable[[], str]) -> None:
    """A domain's clean-up when the worker starts (what work killed with the previous worker left
    behind); ``run`` returns a line for the log."""
    if run not in _STARTUP:
        _STARTUP.append(run)


def worker_startup_run() -> list[str]:
    return [job_debris_cleanup()] + [run() for run in _STARTUP]
