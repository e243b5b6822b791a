import pytest
from django.core.management import call_command

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
