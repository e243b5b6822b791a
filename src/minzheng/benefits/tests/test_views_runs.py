"""The payroll pages: list, create (job), detail with steps for the right roles, lines, bank files."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minzheng.benefits import services
from minzheng.benefits.models import Payment, PayrollRun
from minzheng.benefits.tests import given
from minzheng.core.models import AuditEntry, Job
from minzheng.core.testing import client_for

MARCH = date(2021, 3, 1)


def _run(personas) -> PayrollRun:  # noqa: ANN001
    given.enrolled(name="王甲", amount_fen=61_000)
    given.enrolled(name="李乙", amount_fen=50_000, grid=given.grid_in_other_district())
    return services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)


def test_the_city_creates_a_run_as_a_background_job(personas, django_capture_on_commit_callbacks):
    # given a city manager on the run list
    given.enrolled()
    client = client_for(personas.city)
    page = client.get(reverse("benefits:run_list"))
    assert page.status_code == 200 and "编制工资单" in page.content.decode()
    # when they create March's run
    response = client.post(
        reverse("benefits:run_create"),
        {"program": given.program_id("dibao_urban"), "month": "2021-03", "kind": "regular"},
    )
    # then the run exists, a job computes it, and they land on its page
    run = PayrollRun.objects.get(program__code="dibao_urban", month=MARCH)
    assert response.status_code == 302 and response.url == reverse("benefits:run_detail", args=[run.pk])
    job = Job.objects.get(kind="payroll")
    assert run.job_id == job.pk and job.created_by == personas.city


def test_others_cannot_create_runs(personas):
    response = client_for(personas.district).post(
        reverse("benefits:run_create"), {"program": given.program_id("dibao_urban"), "month": "2021-03"}
    )
    assert response.status_code == 403
    assert (
        "编制工资单" not in client_for(personas.district).get(reverse("benefits:run_list")).content.decode()
    )


def test_detail_shows_each_role_its_share_and_its_step(personas):
    run = _run(personas)
    url = reverse("benefits:run_detail", args=[run.pk])
    # the city sees the whole run and may recompute, not approve (it is not reviewed)
    city = client_for(personas.city).get(url).content.decode()
    assert "111,000.00" not in city and "1,110.00 元" in city
    assert 'data-testid="action-compute"' in city and 'data-testid="action-approve"' not in city
    # a district reviewer sees their district's share and may sign it off
    district = client_for(personas.district).get(url).content.decode()
    assert "610.00 元" in district and "1,110.00 元" not in district
    assert 'data-testid="action-review"' in district and 'data-testid="action-compute"' not in district
    # a grid worker of another grid reads the run but none of its lines
    grid_b = client_for(personas.grid_b).get(url).content.decode()
    assert 'data-testid="total-lines">0<' in grid_b


def test_review_approve_export_and_return_through_the_pages(personas):
    run = _run(personas)
    detail = reverse("benefits:run_detail", args=[run.pk])
    for reviewer in (personas.district, personas.other_district):
        response = client_for(reviewer).post(
            reverse("benefits:run_review", args=[run.pk]), {"expected_status": "draft", "comment": "无误"}
        )
        assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == PayrollRun.Status.REVIEWED
    # a double click on an old page is refused
    approver = client_for(given.second_city_manager())
    approver.post(reverse("benefits:run_approve", args=[run.pk]), {"expected_status": "reviewed"})
    page = approver.post(
        reverse("benefits:run_approve", args=[run.pk]), {"expected_status": "reviewed"}, follow=True
    )
    assert "状态已变为“已审批”" in page.content.decode()
    # the bank file downloads as CSV for the city
    city = client_for(personas.city)
    response = city.post(reverse("benefits:run_export", args=[run.pk]), {"fmt": "csv", "encoding": "utf-8"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[-1][0] == "合计" and rows[-1][1] == "笔数 2"
    # a return file with an error is shown row by row and changes nothing
    lines = list(Payment.objects.filter(run=run).select_related("person").order_by("id"))
    bad = "身份证号码,金额,结果\n" + f"{lines[0].person.id_number},1.00,成功\n"
    response = city.post(
        reverse("benefits:run_import_return", args=[run.pk]),
        {"file": SimpleUploadedFile("回盘.csv", bad.encode())},
    )
    assert (
        response.status_code == 400 and "第2行：金额1.00元与代发金额610.00元不符" in response.content.decode()
    )
    good = "身份证号码,金额,结果,失败原因\n" + "".join(
        f"{p.person.id_number},{p.amount_fen / 100:.2f},{'失败' if i else '成功'},{'账号错误' if i else ''}\n"
        for i, p in enumerate(lines)
    )
    response = city.post(
        reverse("benefits:run_import_return", args=[run.pk]),
        {"file": SimpleUploadedFile("回盘.csv", good.encode())},
    )
    assert response.status_code == 302
    page = city.get(detail).content.decode()
    assert "已对账" in page and 'data-testid="action-reissue"' in page
    assert AuditEntry.objects.filter(action="import", object_id=str(run.pk)).exists()


def test_lines_are_scoped_masked_and_audited(personas):
    run = _run(personas)
    url = reverse("benefits:run_payments", args=[run.pk])
    page = client_for(personas.district).get(url).content.decode()
    payment = (
        Payment.objects.filter(run=run, region__code__startswith="460105").select_related("person").get()
    )
    assert payment.person.id_number not in page and payment.person.id_number[:6] in page
    assert "王*" in page and "李*" not in page
    assert payment.bank_account not in page and payment.bank_account[-4:] in page
    assert AuditEntry.objects.filter(action="view", object_id=str(run.pk)).exists()


def test_a_run_list_is_one_query_per_page_part(personas, django_assert_max_num_queries):
    for month in (1, 2, 3):
        services.payroll_run_create(actor=personas.city, program="dibao_urban", month=date(2021, month, 1))
    client = client_for(personas.city)
    with django_assert_max_num_queries(12):
        client.get(reverse("benefits:run_list"))


@pytest.mark.parametrize("who", ["grid_a", "auditor"])
def test_unknown_runs_are_not_found(personas, who):
    assert (
        client_for(getattr(personas, who)).get(reverse("benefits:run_detail", args=[999999])).status_code
        == 404
    )
