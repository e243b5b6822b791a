"""In a real browser: the station's staff register a man who asks for help with his ID number, notify his family
and escort him home, the hand-over recorded — logging in through the page."""

from datetime import date

import pytest

from minzheng.core.testing import browser_login, nav_click
from minzheng.rescue.models import Intake
from minzheng.rescue.tests import given

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_intake_to_escort_home(page, personas):
    # given a man in the registry, the station and its staff
    who = given.person("林归", birth=date(1966, 6, 6))
    where = given.station()
    given.staff("jiuzhu")
    browser_login(page, "jiuzhu")
    # when the staff register him from the menu
    nav_click(page, "登记求助")
    page.select_option("#id_station", str(where.pk))
    page.select_option("#id_source", "self")
    page.fill("#id_id_number", who.id_number)
    page.fill("#id_reason", "务工不着，身无分文")
    page.click("[data-testid=rescue-form] button[type=submit]")
    # then he is sheltered, identified from the registry
    page.wait_for_selector("[data-testid=case-state]")
    assert page.inner_text("[data-testid=case-state]") == "在站救助"
    assert "林归" in page.inner_text("h1")
    # when his family is notified and he is escorted home
    page.select_option("[data-testid=notice-form] select[name=kind]", "family")
    page.fill("[data-testid=notice-form] input[name=channel]", "电话")
    page.fill("[data-testid=notice-form] input[name=recipient]", "其妻")
    page.click("[data-testid=notice-form] button[type=submit]")
    page.wait_for_selector("[data-testid=notices]")
    page.fill("[data-testid=form-escort] input[name=handover_to]", "林妻")
    page.fill("[data-testid=form-escort] input[name=handover_relation]", "妻子")
    page.fill("[data-testid=form-escort] input[name=handover_place]", "海口汽车南站")
    page.click("[data-testid=action-escort]")
    page.wait_for_selector(".msg-success")
    # then the stay is closed with the hand-over on the page
    assert page.inner_text("[data-testid=case-state]") == "已返乡（护送/接领）"
    assert "林妻" in page.inner_text("[data-testid=leaving]")
    intake = Intake.objects.get()
    assert (
        intake.leave == "returned" and intake.handover_place == "海口汽车南站" and intake.family_notified_at
    )
