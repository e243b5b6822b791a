"""The payroll pages in a real browser: a district signs off its lines, another city manager approves."""

from __future__ import annotations

from datetime import date

import pytest

from minzheng.benefits import services
from minzheng.benefits.tests import given
from minzheng.core.testing import browser_login, browser_logout, nav_click

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_review_and_approval_through_the_pages(page, personas):
    # given March computed for one household of 秀英区, February paid to nobody
    given.enrolled(name="王大明", amount_fen=61_000)
    run = services.payroll_run_run(actor=personas.city, program="dibao_urban", month=date(2021, 3, 1))
    approver = given.second_city_manager()
    # when the district reviewer opens it from the menu and signs off
    browser_login(page, "district")
    nav_click(page, "工资单")
    page.click(f"text={run}")
    assert page.inner_text("[data-testid=total-amount]") == "610.00 元"
    assert page.inner_text("[data-testid=compare-new]") == "1"
    page.fill("#review-comment", "已核对本区明细")
    page.click("[data-testid=action-review]")
    assert page.get_attribute("[data-testid=run-status]", "data-status") == "reviewed"
    browser_logout(page)
    # then the maker has no approve button, another city manager approves
    browser_login(page, "city")
    page.goto(f"{page.base_url}/benefits/runs/{run.pk}/")
    assert page.locator("[data-testid=action-approve]").count() == 0
    browser_logout(page)
    browser_login(page, approver.username)
    page.goto(f"{page.base_url}/benefits/runs/{run.pk}/")
    page.click("[data-testid=action-approve]")
    assert page.get_attribute("[data-testid=run-status]", "data-status") == "approved"
    # and the bank file is offered for download
    with page.expect_download() as download:
        page.click("[data-testid=action-export]")
    assert download.value.suggested_filename.endswith(".xlsx")
    page.goto(f"{page.base_url}/benefits/runs/{run.pk}/")
    assert page.get_attribute("[data-testid=run-status]", "data-status") == "exported"


def test_the_run_page_shows_the_result_when_its_job_finishes(page, personas):
    from django.core.management import call_command

    # given a city manager who starts March's run from the page; no worker has taken the job yet
    given.enrolled(name="甲", amount_fen=61_000)
    given.enrolled(name="乙", amount_fen=40_000)
    browser_login(page, "city")
    nav_click(page, "工资单")
    page.select_option("#id_program", label="城市低保")
    page.select_option("#id_kind", "regular")
    page.fill("#id_month", "2021-03")
    page.click("[data-testid=run-create] button[type=submit]")
    page.wait_for_selector("[data-testid=run-summary][data-following='1']")
    assert page.inner_text("[data-testid=total-lines]") == "0"
    # when the worker computes the run while the page stays open
    call_command("worker", batch=True)
    # then the page shows the figures by itself (no reload) and stops polling
    page.wait_for_selector("[data-testid=run-summary][data-following='0']")
    assert page.inner_text("[data-testid=total-lines]") == "2"
    assert page.inner_text("[data-testid=total-amount]") == "1,010.00 元"
    assert page.inner_text("[data-testid=job-status] .badge") == "已完成"
