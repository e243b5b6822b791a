"""In a real browser: a 护理补贴 application from the form (the person picked with the picker) through the town's
受理初审 and the district's approval to the enrolment shown on the person's page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from minzheng.core.testing import browser_act, browser_login, browser_logout, nav_click
from minzheng.disability import rules
from minzheng.disability.models import Application
from minzheng.disability.tests import given

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_care_subsidy_from_the_form_to_the_enrolment_on_the_person(page, personas):
    # given the subsidies' standards and a person of 秀英街道 holding a 肢体一级 certificate
    given.standards()
    holder = given.person("符重度")
    given.certified(holder, kind=rules.Kind.PHYSICAL, grade=1)
    # when the town registers the application through the form, picking the person by name
    browser_login(page, "town")
    nav_click(page, "两项补贴申请")
    page.click("[data-testid=new-application]")
    page.click("#id_person-ts-control")
    page.keyboard.type("符重度")
    page.click(".ts-dropdown .option:has-text('符重度')")
    page.wait_for_load_state("networkidle")  # the picker's searches are over before the form is sent
    page.select_option("#id_subsidy", "care")
    page.click("[data-testid=disability-form] button[type=submit]")
    # then the case is open, the ID number masked; the town accepts it (受理初审)
    expect(page.locator("[data-testid=case-state]")).to_have_text("已申请，待乡镇受理")
    assert holder.id_number not in page.content()
    browser_act(page, "accept")
    app = Application.objects.get(person=holder)
    browser_logout(page)
    # when the district approves it
    browser_login(page, "district")
    page.goto(f"{page.base_url}/disability/{app.pk}/")
    browser_act(page, "approve")
    # then the decision shows the grade's standard and the month payment starts
    expect(page.locator("[data-testid=decision]")).to_contain_text("批准")
    expect(page.locator("[data-testid=decision]")).to_contain_text("220.00")
    # and the person's page shows the certificate, the application and the enrolment on the ledger
    page.click(f"a[href='/registry/persons/{holder.pk}/']")
    expect(page.locator("[data-testid=disability-panel]")).to_contain_text("肢体残疾一级")
    expect(page.locator("[data-testid=benefits-panel]")).to_contain_text("重度残疾人护理补贴")
    # and the enrolment pays the 一级 standard from the first month
    page.click("[data-testid=benefits-panel] a:has-text('重度残疾人护理补贴')")
    expect(page.locator("[data-testid=amounts]")).to_contain_text("220.00")
