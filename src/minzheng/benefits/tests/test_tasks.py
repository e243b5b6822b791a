"""The background computation: the real database worker computes a run started from the page."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from minzheng.benefits.models import PayrollRun
from minzheng.benefits.tests import given
from minzheng.core.models import Job
from minzheng.core.testing import client_for


@pytest.mark.django_db(transaction=True)
def test_a_run_started_from_the_page_is_computed_by_the_worker(personas):
    given.enrolled(name="甲")
    given.enrolled(name="乙", amount_fen=40_000)
    client = client_for(personas.city)
    client.post(
        reverse("benefits:run_create"),
        {"program": given.program_id("dibao_urban"), "month": "2021-03", "kind": "regular"},
    )
    run = PayrollRun.objects.get()
    assert run.computed_at is None
    call_command("worker", batch=True)
    run.refresh_from_db()
    job = Job.objects.get(pk=run.job_id)
    assert job.status == Job.Status.SUCCEEDED and job.result["lines"] == 2
    assert (run.lines, run.amount_fen, run.created_by) == (2, 101_000, personas.city)
    page = client.get(reverse("benefits:run_detail", args=[run.pk])).content.decode()
    assert "1,010.00 元" in page and "计算完成" in page
