"""A new road's name from the application to the register, in a real browser: the district reviewer files it
(the region picked with the picker), reviews it, records the expert opinion and, once the 30 days of 公示 have
passed, reports it; the city approves; the name is in the register with its pinyin."""

from datetime import timedelta

import pytest
from django.utils import timezone

from minzheng.casework.models import Case
from minzheng.core.testing import browser_act, browser_login
from minzheng.placenames.models import NamingApplication, PlaceName

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_naming_application_ends_with_the_name_in_the_register(page, personas):
    browser_login(page, "district")
    page.goto(f"{page.base_url}/placenames/applications/")
    page.click("[data-testid=new-application]")
    page.select_option("#id_action", "name")
    page.select_option("#id_kind", "road")
    page.fill("#id_name", "椰风路")
    page.click("#id_region-ts-control")
    page.keyboard.type("秀英区")
    page.click(".ts-dropdown .option:has-text('秀英区')")
    page.wait_for_load_state("networkidle")  # the picker's searches are over before the form writes
    page.fill("#id_reason", "新建道路，取椰风之意")
    page.fill("#id_applicant", "秀英区住房和城乡建设局")
    page.click("[data-testid=placenames-form] button[type=submit]")
    page.wait_for_selector("[data-testid=case-state]")
    assert page.inner_text("[data-testid=case-state]") == "已申报，待审查"
    assert "Yefeng Lu" in page.inner_text("h1")
    browser_act(page, "review")
    page.fill("#comment", "专家一致同意命名")
    browser_act(page, "expert")
    assert page.inner_text("[data-testid=case-state]") == "公示中"
    # the 30 days of 公示 cannot be cut short: the move is shown disabled with its reason
    assert page.is_disabled("[data-testid=action-notice_end]")
    assert "公示期为30日" in page.inner_text("[data-testid=reason-notice_end]")
    app = NamingApplication.objects.get(name="椰风路")
    Case.objects.filter(pk=app.case_id).update(state_entered_at=timezone.now() - timedelta(days=31))
    page.reload()
    page.fill("#comment", "公示期内无异议")
    browser_act(page, "notice_end")
    assert page.inner_text("[data-testid=case-state]") == "公示期满，待批准"
    page.click("text=退出")
    # the city approves, and the name is in the register
    browser_login(page, "city")
    page.goto(f"{page.base_url}/placenames/applications/{app.pk}/")
    browser_act(page, "approve")
    assert page.inner_text("[data-testid=case-state]") == "已批准，已录入地名录"
    page.click("[data-testid=register-link]")
    page.wait_for_selector("[data-testid=place-status]")
    assert page.inner_text("[data-testid=place-status]") == "在用"
    assert "Yefeng Lu" in page.inner_text("h1")
    assert PlaceName.objects.get(name="椰风路").origin == PlaceName.Origin.NAMED
