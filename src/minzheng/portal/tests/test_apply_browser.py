"""In a phone's browser: a resident signs in through the real page (the code read from the text-message outbox),
applies for 低保 with two household members and one document, a 镇街 worker accepts (受理), and the resident's
我的申请 then says so."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from minzheng.assistance.models import Application
from minzheng.assistance.tests import given
from minzheng.casework.services import case_transition
from minzheng.core.ids import make_citizen_id
from minzheng.portal.sms import LocmemBackend
from minzheng.registry.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def phone(chromium, live_server):  # noqa: ANN001, ANN201
    """A phone-sized tab (390×844, touch) that may only talk to the live test server."""
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
        device_scale_factor=2,
    )  # fmt: skip
    context.set_default_timeout(15_000)
    allowed = urlsplit(live_server.url).netloc
    outside: list[str] = []

    def guard(route, request) -> None:  # noqa: ANN001
        if urlsplit(request.url).netloc == allowed or request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    tab.base_url = live_server.url  # type: ignore[attr-defined]
    yield tab
    context.close()
    assert outside == [], f"页面请求了外部地址（不得使用 CDN）：{outside}"


def _added(page) -> None:  # noqa: ANN001
    expect(page.locator(".p-messages .msg-success")).to_be_visible()


def test_a_resident_applies_on_the_phone_and_sees_the_town_accept(phone, personas):
    page = phone
    household = given.family(2, surname="符")
    Person.objects.filter(pk=household.head.pk).update(phone="13876549999")
    head = Person.objects.get(pk=household.head.pk)
    child = household.memberships.exclude(person=head).get().person
    # signs in through the real page: ID, name, consent; the code goes to the number on record
    page.goto(f"{page.base_url}/m/apply/")
    expect(page).to_have_url(re.compile(r"/m/login/"))
    page.fill("#id_id_number", head.id_number)
    page.fill("#id_name", head.name)
    page.check("#id_consent")
    page.click("main button:has-text('获取验证码')")
    expect(page).to_have_url(re.compile(r"/m/login/code/"))
    code = re.search(r"验证码为(\d{6})", LocmemBackend.outbox[-1][1]).group(1)
    assert LocmemBackend.outbox[-1][0] == "13876549999"
    page.fill("#id_code", code)
    page.click("main button[type=submit]")
    # 1. which assistance
    expect(page.locator("h1")).to_have_text("申请救助")
    page.click("[data-testid=kind-dibao]")
    page.click("[data-testid=apply-start]")
    # 2. the situation
    expect(page.locator("[data-testid=apply-step]")).to_contain_text("第2步，共6步")
    page.fill("#id_reason", "因病致贫，无力负担医疗费用")
    page.click("[data-testid=apply-next]")
    # 3. two household members: the registered child and a spouse registered elsewhere
    expect(page.locator("h1")).to_have_text("家庭成员")
    spouse = make_citizen_id(region_code="460105", birth_date=date(1981, 3, 3), sequence=701)
    for name, number, relation in ((child.name, child.id_number, "子女"), ("陈美玲", spouse, "配偶")):
        page.fill("#id_name", name)
        page.fill("#id_id_number", number)
        page.select_option("#id_relation", relation)
        page.click("[data-testid=member-add]")
        _added(page)
    expect(page.locator("[data-testid=members] li")).to_have_count(2)
    page.click("[data-testid=apply-next]")
    # 4. incomes: the applicant's wage
    expect(page.locator("h1")).to_have_text("收入情况")
    page.select_option("#id_who", "self")
    page.select_option("#id_income_type", "wage")
    page.fill("#id_monthly", "900")
    page.click("[data-testid=income-add]")
    _added(page)
    page.click("[data-testid=apply-next]")
    # 5. one document, a photo of the 户口簿 as PDF
    expect(page.locator("h1")).to_have_text("证明材料")
    page.select_option("#id_kind", "hukou")
    page.set_input_files(
        "#id_file", files=[{"name": "户口簿.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.click("[data-testid=document-add]")
    _added(page)
    page.click("[data-testid=apply-next]")
    # 6. check the answers and submit
    expect(page.locator("[data-testid=check-people] li")).to_have_count(3)
    page.click("[data-testid=apply-submit]")
    expect(page.locator("[data-testid=application-state]")).to_have_text("已提交")
    app = Application.objects.get(applicant=head)
    assert app.case.state == "applied" and app.case.attachments.count() == 1
    # the 镇街 worker accepts it through the staff service
    case_transition(actor=personas.town, case=app.case, action="accept", expected_state="applied")
    # the resident reloads 我的申请 and sees 已受理
    page.goto(f"{page.base_url}/m/applications/")
    page.reload()
    expect(page.locator(f"[data-testid=application-{app.pk}] [data-testid=state]")).to_have_text("已受理")
    page.click(f"[data-testid=application-{app.pk}]")
    expect(page.locator("[data-testid=application-state]")).to_have_text("已受理")
    expect(page.locator("[data-testid=total-due]")).to_be_visible()
    # no page is wider than the phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
