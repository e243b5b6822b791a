"""The run page follows its computation (issue 12 item 5): while the job is queued or running, the run's
figures poll their own partial; once the worker has computed the run, the partial answers the new figures
and stops polling — no reload needed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from minzheng.benefits.models import PayrollRun
from minzheng.benefits.tests import given
from minzheng.core.testing import client_for

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.django_db(transaction=True)
def test_the_run_figures_follow_the_job_to_its_result(personas):
    # given a city manager who starts March's run from the page (the job waits for the worker)
    given.enrolled(name="甲", amount_fen=61_000)
    given.enrolled(name="乙", amount_fen=40_000)
    client = client_for(personas.city)
    client.post(
        reverse("benefits:run_create"),
        {"program": given.program_id("dibao_urban"), "month": "2021-03", "kind": "regular"},
    )
    run = PayrollRun.objects.get()
    summary = reverse("benefits:run_summary", args=[run.pk])
    # then the page shows nothing computed yet, and its figures poll the summary partial
    page = client.get(reverse("benefits:run_detail", args=[run.pk])).content.decode()
    assert 'data-testid="total-lines">0<' in page
    assert f'hx-get="{summary}"' in page and 'data-following="1"' in page
    partial = client.get(summary, **HTMX).content.decode()
    assert 'data-testid="total-lines">0<' in partial and 'hx-trigger="every 2s"' in partial
    assert 'data-testid="job-status"' in page  # the maker follows their job's card
    # and a district reviewer, who may not open the city's job, is shown no job card (it would poll a page
    # refused to them) but the run's own figures, waiting and polling
    district = client_for(personas.district)
    theirs = district.get(reverse("benefits:run_detail", args=[run.pk])).content.decode()
    assert 'data-testid="job-status"' not in theirs
    assert 'data-testid="run-queued"' in theirs and f'hx-get="{summary}"' in theirs
    # when the worker computes the run ("计算完成：2笔")
    call_command("worker", batch=True)
    # then the next poll answers the new figures and the steps they open, and polls no more
    partial = client.get(summary, **HTMX).content.decode()
    assert 'data-testid="total-lines">2<' in partial and 'data-testid="total-amount">1,010.00 元<' in partial
    assert 'data-testid="total-payees">2<' in partial and "计算完成" in partial
    assert "hx-trigger" not in partial and 'data-following="0"' in partial
    assert 'data-testid="action-compute">重新计算<' in partial
    theirs = district.get(summary, **HTMX).content.decode()
    assert 'data-testid="total-amount">1,010.00 元<' in theirs and 'data-testid="action-review"' in theirs
    assert 'data-testid="run-queued"' not in theirs and "hx-trigger" not in theirs


def test_the_summary_is_a_partial_of_the_run_page_for_who_may_read_it(personas):
    run = PayrollRun.objects.create(
        program_id=given.program_id("dibao_urban"),
        month=date(2021, 3, 1),
        region=personas.city.region,
    )
    summary = reverse("benefits:run_summary", args=[run.pk])
    # a plain request (no HTMX) goes to the run's page
    response = client_for(personas.district).get(summary)
    assert response.status_code == 302 and response.url == reverse("benefits:run_detail", args=[run.pk])
    # a run that is not computing does not poll
    partial = client_for(personas.district).get(summary, **HTMX).content.decode()
    assert 'data-testid="run-summary"' in partial and "hx-get" not in partial
    # and the system administrator may not read it
    assert client_for(personas.admin).get(summary, **HTMX).status_code == 403
