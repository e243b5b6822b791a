"""The seed's payroll history (2020 of the demo): runs closed by the system as paid are shown as such —
每区 "未经复核" beside 已对账, never "待复核" (issue 12 item 5, "the demo's years disagree")."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from minzheng.benefits import services
from minzheng.benefits.models import PayrollRun
from minzheng.benefits.payroll import payroll_source_get, payroll_source_unregister
from minzheng.benefits.seeding import HISTORY_NOTE, payroll_history_seed
from minzheng.benefits.selectors import payroll_run_district_totals
from minzheng.benefits.tests import given
from minzheng.core.testing import client_for


@pytest.fixture
def without_price_subsidy():  # noqa: ANN201
    """The price subsidy's source (assistance's) needs a CPI table these tests do not load."""
    previous = payroll_source_get("price_subsidy")
    payroll_source_unregister("price_subsidy")
    yield
    if previous is not None:
        services.payroll_source_register("price_subsidy", previous)


def test_history_runs_are_paid_and_never_awaiting_review(personas, without_price_subsidy):
    # given 2020 enrollments in two districts, and the seed's history of 2020
    given.enrolled(name="王甲", start=date(2020, 1, 1), account="")  # no account was ever recorded
    given.enrolled(name="李乙", start=date(2020, 1, 1), grid=given.grid_in_other_district())
    assert "2020年历史工资单12份" in payroll_history_seed(scale=0.01, year=2020)
    run = PayrollRun.objects.get(program__code="dibao_urban", month=date(2020, 3, 1))
    assert run.status == PayrollRun.Status.RECONCILED and run.note == HISTORY_NOTE
    # and each of its steps is dated in its own month (reconciled early the next), not on the seed's day
    moments = (run.created_at, run.computed_at, run.reviewed_at, run.approved_at, run.exported_at)
    assert {(m.year, m.month) for m in moments} == {(2020, 3)}
    assert (run.reconciled_at.year, run.reconciled_at.month) == (2020, 4)
    assert {p.settled_at for p in run.payments.all()} == {run.reconciled_at}
    # then no district is shown as waiting to review it: they were never asked
    labels = {row.district.code: row.review_label for row in payroll_run_district_totals(run=run, user=None)}
    assert labels["460105"] == labels["460108"] == "未经复核" and labels["460106"] == "—"
    page = client_for(personas.city).get(reverse("benefits:run_detail", args=[run.pk])).content.decode()
    page = page.split('data-testid="run-summary"')[1]  # the run's part of the page (not the menu)
    assert "已对账" in page and "未经复核" in page and "待复核" not in page
    assert "<td>审批（市局）</td><td>系统</td>" in page
    assert "缺少银行账号" not in page  # the lines were paid: no warning about a file already settled
    # and neither does the command line
    out = StringIO()
    call_command("payroll", "show", "--program", "dibao_urban", "--month", "2020-03", stdout=out)
    assert "未经复核" in out.getvalue() and "待复核" not in out.getvalue()


def test_a_draft_still_waits_for_each_district(personas):
    given.enrolled(name="王甲", account="")
    run = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=date(2021, 3, 1))
    page = client_for(personas.city).get(reverse("benefits:run_detail", args=[run.pk])).content.decode()
    assert "有1笔缺少银行账号" in page  # the file is still to be made: the clerk can still fix it
    labels = {row.district.code: row.review_label for row in payroll_run_district_totals(run=run, user=None)}
    assert labels["460105"] == "待复核" and labels["460108"] == "—"
    given.through_review(run, [personas.district])
    labels = {row.district.code: row.review_label for row in payroll_run_district_totals(run=run, user=None)}
    assert labels["460105"] == "已复核"
