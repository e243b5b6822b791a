import subprocess

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from minzheng.core.jobs import INTERRUPTED, JOB_LOCK_CLASS, worker_startup_run
from minzheng.core.liveness import runner_name, running_proof, worker_id
from minzheng.core.models import Job
from minzheng.core.testing import client_for


@pytest.mark.django_db(transaction=True)
def test_audit_verify_job_runs_on_the_database_queue(personas):
    # given an auditor who starts the chain check from the page
    client = client_for(personas.auditor)
    response = client.post("/audit/verify/")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == Job.Status.QUEUED and job.task_id
    # when the real worker drains the queue
    call_command("worker", batch=True)
    # then the job page shows the outcome
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.result["ok"] is True and job.total == job.done
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "审计链完整" in page


@pytest.mark.django_db
def test_jobs_are_private_to_their_owner(personas):
    job = Job.objects.create(
        kind="x", title="导入", created_by=personas.grid_a, region=personas.grid_a.region
    )
    assert client_for(personas.grid_a).get(f"/jobs/{job.pk}/").status_code == 200
    assert client_for(personas.grid_b).get(f"/jobs/{job.pk}/").status_code == 404


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])  # noqa: S607
    process.wait()
    return process.pid


def _running(job: Job, worker: str) -> None:
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING", worker_ids=[worker])


@pytest.mark.django_db(transaction=True)
def test_a_job_killed_with_its_worker_is_failed_when_the_next_worker_starts(personas):
    # given two audit checks started from the page and claimed by workers: one killed (kill -9: its process is
    # gone, its connection and lock with it), one still running in this process
    client = client_for(personas.auditor)
    client.post("/audit/verify/")
    client.post("/audit/verify/")
    killed, alive = Job.objects.order_by("pk")
    _running(killed, f"{runner_name().rpartition(':')[0]}:{_dead_pid()}:dead")
    _running(alive, worker_id())
    with running_proof(JOB_LOCK_CLASS, alive.pk):
        # when a worker starts
        lines = worker_startup_run()
        # then the killed job says it failed and why, the live one still runs
        killed.refresh_from_db()
        alive.refresh_from_db()
        assert killed.status == Job.Status.FAILED and killed.message == INTERRUPTED and killed.finished_at
        assert alive.status == Job.Status.RUNNING
        assert "1 个任务的进程已不在" in lines[0]
    # and the job page tells its owner
    assert INTERRUPTED in client.get(f"/jobs/{killed.pk}/").content.decode()
