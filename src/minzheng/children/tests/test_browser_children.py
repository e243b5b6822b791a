"""In a real browser: a child whose father died and whose mother is imprisoned for three years is identified as a
事实无人抚养儿童 (民发〔2019〕62号) through the form, the town's 受理 and 查验, the district's 审核确认 — and the
allowance is on the child's page: the enrolment at the 散居 standard (1,050 元/月)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from minzheng.children.models import Support
from minzheng.children.tests import given
from minzheng.core.testing import browser_act, browser_login, browser_logout, nav_click

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_de_facto_child_from_the_form_to_the_allowance(page, personas):
    # given the allowance standards and a child of 秀英街道 aged ten
    given.standards()
    today = timezone.localdate()
    child = given.person(name="吴小禾", birth=date(today.year - 10, 3, 1))
    # when the town registers the application with the parents' facts, picking the child by name
    browser_login(page, "town")
    nav_click(page, "孤儿和事实无人抚养儿童")
    page.click("a.button[href='/children/new/']")
    page.click("#id_child-ts-control")
    page.keyboard.type("吴小禾")
    page.click(".ts-dropdown .option:has-text('吴小禾')")
    page.wait_for_load_state("networkidle")  # the picker's searches are over before the form is sent
    page.select_option("#id_kind", "de_facto")
    page.select_option("#id_placement", "dispersed")
    page.select_option("#id_father_situation", "deceased")
    page.select_option("#id_mother_situation", "imprisoned")
    page.fill("#id_mother_months", "36")
    page.fill("#id_applicant_name", "吴奶奶")
    page.fill("#id_applicant_relation", "祖母")
    page.fill("#id_applied_on", today.isoformat())
    page.click("[data-testid=children-form] button[type=submit]")
    # then the rules' verdict is on the page and the town accepts and reports it after 查验
    expect(page.locator("[data-testid=verdict]")).to_contain_text("符合")
    assert child.id_number not in page.content()
    browser_act(page, "accept")
    browser_act(page, "report")
    support = Support.objects.get(child=child)
    browser_logout(page)
    # when the district confirms it
    browser_login(page, "district")
    page.goto(f"{page.base_url}/children/{support.pk}/")
    browser_act(page, "approve")
    # then payment starts the month after, and the child's page shows the allowance on the ledger
    expect(page.locator("[data-testid=enrollment]")).to_contain_text("起发放")
    page.click(f"a[href='/registry/persons/{child.pk}/']")
    expect(page.locator("[data-testid=children-panel]")).to_contain_text("事实无人抚养儿童")
    expect(page.locator("[data-testid=benefits-panel]")).to_contain_text("事实无人抚养儿童基本生活补贴")
    # and its enrolment pays the 散居 standard from the first month
    page.click("[data-testid=benefits-panel] a:has-text('事实无人抚养儿童基本生活补贴')")
    expect(page.locator("[data-testid=amounts]")).to_contain_text("1,050.00")
