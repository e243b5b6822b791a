"""Who opens which ledger page (issue 13 item 12): a run's totals and maker-checker trail are read by the
office, the field staff and the auditor; a run's personal lines and a recipient's 保障记录 only by the office
and field staff — never by the auditor, the hotline or the system administrator. Links and menu entries
are shown only to those the page accepts."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from minzheng.benefits import services
from minzheng.benefits.tests import given
from minzheng.core.roles import Role
from minzheng.core.testing import CITY, client_for, user_make

MARCH = date(2021, 3, 1)


@pytest.fixture
def hotline(personas):  # noqa: ANN001, ANN201
    return user_make("hotline", Role.HOTLINE_OPERATOR, CITY)


@pytest.fixture
def run(personas):  # noqa: ANN001, ANN201
    given.enrolled(name="王甲", amount_fen=61_000)
    return services.payroll_run_run(actor=personas.city, program="dibao_urban", month=MARCH)


def test_personal_lines_and_enrollments_are_refused_to_the_auditor_hotline_and_sysadmin(
    personas, hotline, run
):
    enrollment = run.payments.get().enrollment
    lines = reverse("benefits:run_payments", args=[run.pk])
    record = reverse("benefits:enrollment_detail", args=[enrollment.pk])
    for user in (personas.auditor, personas.admin, hotline):
        for url in (lines, record):
            # when they open a run's lines or a recipient's record
            response = client_for(user).get(url)
            # then the page refuses in Chinese, naming what they may not do
            assert response.status_code == 403, (user.username, url)
            text = response.content.decode()
            assert "查阅保障记录和发放明细" in text and user.get_role_display() in text
            assert "王甲" not in text and "王*" not in text  # nothing of the recipient


def test_the_auditor_reads_the_run_but_is_offered_no_personal_lines(personas, run):
    # given the run and last month's comparison (王甲 is new this month)
    page = client_for(personas.auditor).get(reverse("benefits:run_detail", args=[run.pk])).content.decode()
    # then the auditor sees the totals and who did what
    assert 'data-testid="total-amount">610.00 元<' in page and "制表（市局）" in page
    # but no link to the lines or to a recipient's record
    assert 'data-testid="run-payments-link"' not in page
    assert reverse("benefits:enrollment_detail", args=[run.payments.get().enrollment_id]) not in page
    assert "王*" in page  # the comparison still names (masked) who is new
    # while a district reviewer is offered both
    district = (
        client_for(personas.district).get(reverse("benefits:run_detail", args=[run.pk])).content.decode()
    )
    assert 'data-testid="run-payments-link"' in district
    assert reverse("benefits:enrollment_detail", args=[run.payments.get().enrollment_id]) in district


def test_the_hotline_and_sysadmin_do_not_read_runs_and_have_no_menu_entry(personas, hotline, run):
    for user in (personas.admin, hotline):
        client = client_for(user)
        response = client.get(reverse("benefits:run_detail", args=[run.pk]))
        assert response.status_code == 403 and "查阅工资单" in response.content.decode()
        assert reverse("benefits:run_list") not in client.get("/").content.decode()
    # the auditor has the 工资单 entry (and the page answers), not 保障标准's form
    auditor = client_for(personas.auditor)
    assert reverse("benefits:run_list") in auditor.get("/").content.decode()
    assert auditor.get(reverse("benefits:run_list")).status_code == 200


def test_the_person_panel_hides_enrollments_from_those_who_may_not_read_them(personas, hotline):
    from minzheng.registry.panels import person_panels

    enrollment = given.enrolled(name="周八")
    panel = next(p for p in person_panels() if p.template == "benefits/_person_panel.html")
    assert panel.context(personas.grid_a, enrollment.person)["enrollments"][0].pk == enrollment.pk
    for user in (personas.auditor, hotline):
        context = panel.context(user, enrollment.person)
        assert context["hidden"] and context["enrollments"] == []


def test_steps_are_refused_with_the_capability_named(personas, run):
    # a town case worker who posts the approve form of an old page
    response = client_for(personas.town).post(
        reverse("benefits:run_approve", args=[run.pk]), {"expected_status": "reviewed"}
    )
    assert response.status_code == 403 and "审批工资单" in response.content.decode()
    # the bank file needs 导出银行代发文件和导入回盘
    response = client_for(personas.district).post(
        reverse("benefits:run_export", args=[run.pk]), {"fmt": "csv"}
    )
    assert response.status_code == 403 and "导出银行代发文件和导入回盘" in response.content.decode()
