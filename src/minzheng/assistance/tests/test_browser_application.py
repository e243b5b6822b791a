"""One 低保 application from 受理 to 纳入, in a real browser, as the successive roles: the town's case worker
registers, accepts, records the income, submits, publishes, ends the 公示; the district reviewer confirms."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from minzheng.assistance.models import Application
from minzheng.assistance.seeding import assistance_reference_load
from minzheng.assistance.tests import given
from minzheng.casework.models import Case, CaseEvent
from minzheng.core.testing import browser_act, browser_login, nav_click

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_town_worker_then_district_reviewer_take_an_application_to_enrolled(page, personas):
    assistance_reference_load()
    household = given.family(3, surname="黄")
    # the town's case worker finds the applicant and registers the application
    browser_login(page, "town")
    nav_click(page, "新申请")
    page.fill("#q", household.head.name)
    page.click("button:has-text('查找')")
    page.click(f"[data-testid=choose-{household.head.pk}]")
    page.select_option("#id_kind", "dibao")
    page.fill("#id_comment", "因病致贫")
    page.click("[data-testid=submit-application]")
    page.wait_for_selector("[data-testid=case-state]")
    assert page.inner_text("[data-testid=case-state]") == "申请"
    # 受理, then the investigation: 1,200 元 of wages for the household of 3
    browser_act(page, "accept")
    assert page.inner_text("[data-testid=case-state]") == "家庭经济状况调查"
    page.fill("#income-monthly", "1200")
    page.click("[data-testid=income-add]")
    page.wait_for_selector(".msg-success")
    assert "家庭月人均收入 400.00 元 = 1,200.00 ÷ 3" in page.inner_text("[data-testid=means-test]")
    browser_act(page, "submit")
    browser_act(page, "publish")
    assert page.inner_text("[data-testid=case-state]") == "公示"
    # the 7-day 公示 cannot end early: the button is disabled, saying why and from when
    assert page.is_disabled("[data-testid=action-publicity_end]")
    assert "公示期为7天" in page.inner_text("[data-testid=reason-publicity_end]")
    app = Application.objects.get(applicant=household.head)
    eight_days_ago = timezone.now() - timedelta(days=8)  # as if published then
    CaseEvent.objects.filter(case=app.case, to_state="publicity").update(at=eight_days_ago)
    Case.objects.filter(pk=app.case_id).update(state_entered_at=eight_days_ago)
    page.reload()
    browser_act(page, "publicity_end")
    assert page.inner_text("[data-testid=case-state]") == "区县审核确认"
    page.click("text=退出")
    # the district reviewer confirms from their worklist
    browser_login(page, "district")
    page.goto(f"{page.base_url}/cases/")
    page.click(f"text={app.case.number}")
    page.click("text=查看业务详情")
    page.fill("#comment", "经审核，符合城市低保条件")
    browser_act(page, "approve")
    assert page.inner_text("[data-testid=case-state]") == "已纳入保障"
    decision = page.inner_text("[data-testid=decision]")
    # (650 − 400) × 3 = 750 元 under today's demo standard, paid from next month
    assert "750.00 元" in decision and "保障人口 3 人" in decision
    app.refresh_from_db()
    assert app.enrollment_id is not None and app.decision_start_month > date.today().replace(day=1)
