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
from django.utils import timezone

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

    return wrapper


# --- the worker's start ------------------------------------------------------------------------------------

_STARTUP: list[Callable[[], str]] = []


def worker_startup_register(run: Callable[[], str]) -> None:
    """A domain's clean-up when the worker starts (what work killed with the previous worker left
    behind); ``run`` returns a line for the log."""
    if run not in _STARTUP:
        _STARTUP.append(run)


def worker_startup_run() -> list[str]:
    return [run() for run in _STARTUP]
