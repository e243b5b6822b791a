"""In a real browser: a district-level data set from the district's entry through the city's approval to the
completeness page showing the district's report approved."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from minzheng.core.testing import DISTRICT, browser_login, browser_logout, nav_click
from minzheng.datasets import rules, selectors
from minzheng.datasets.services import data_set_create, element_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "殡葬改革宣传月报"


def test_the_district_reports_its_month_and_the_city_approves_it(page, personas):
    # given a monthly set the districts report to the city: 宣传场次 and 宣传经费
    sessions = element_create(actor=personas.city, name="殡葬改革宣传场次", unit="场")
    money = element_create(actor=personas.city, name="殡葬改革宣传经费", unit="元",
                           value_type=rules.ValueType.DECIMAL)  # fmt: skip
    data_set = data_set_create(actor=personas.city, title=TITLE, period_type=rules.PeriodType.MONTHLY,
                               report_level="district", elements=[sessions, money])  # fmt: skip
    # when the district's clerk opens its form from 填报汇总报表, enters last month's figures and reports them
    browser_login(page, "district")
    nav_click(page, "填报汇总报表")
    board = page.locator("[data-testid=entry-board]", has_text=TITLE)
    board.locator(f"a[href*='unit={DISTRICT}']").click()
    page.fill(f"#e{sessions.pk}", "6")
    page.fill(f"#e{money.pk}", "1,250.5")
    page.click("[data-testid=entry-form] button[value=complete]")
    # then the period shows reported, with the figures kept
    expect(page.locator("[data-testid=entry-state]")).to_contain_text("已上报")
    expect(page.locator(f"#e{money.pk}")).to_have_value("1250.50")
    browser_logout(page)
    # when the city opens 审核汇总报表 and approves the district's report
    browser_login(page, "city")
    nav_click(page, "审核汇总报表")
    page.locator("[data-testid=approval-boards] tr", has_text=TITLE).locator("a", has_text="审核").click()
    page.click(f"[data-testid=approve-{DISTRICT}]")
    expect(page.locator(".msg-success")).to_contain_text("已审核通过")
    # then the completeness page of that month (the last one ended, as the forms open on) shows it approved
    label = data_set.period_label(selectors.default_period(data_set, timezone.localdate()))
    page.goto(f"{page.base_url}/datasets/{data_set.pk}/")
    page.locator("tr", has_text=label).locator("a", has_text="上报情况").first.click()
    expect(page.locator("h1")).to_contain_text(label)
    row = page.locator("[data-testid=units] tr", has_text="秀英区")
    expect(row.locator("td").nth(1)).to_have_text("已审核")
    expect(row.locator("td").nth(3)).to_have_text("按时")
    expect(row.locator("td").nth(4)).to_have_text("已审核")
    expect(page.locator("[data-testid=summary]")).to_contain_text("已审核 1")
