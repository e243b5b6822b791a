"""In a real browser: the 12349 operator takes a call and dispatches it; the provider's own account
accepts, arrives and finishes; the operator calls back — each logging in through the page."""

from datetime import date

import pytest

from minzheng.casework.models import CaseEvent
from minzheng.core.testing import browser_act, browser_login, browser_logout, nav_click
from minzheng.eldercare.models import HelpRequest
from minzheng.eldercare.tests import given

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_flow_from_call_to_callback(page, personas):
    # given an elderly woman in grid A, the 12349 operator and a home-care provider with its own account
    elderly = given.person(name="陈阿婆", birth=date(1938, 8, 8))
    given.hotline("rexian")
    provider = given.provider(personas.district, given.provider_user("jigou"), name="颐康居家养老服务中心")

    # when the operator takes the call from the board
    browser_login(page, "rexian")
    nav_click(page, "12349看板")
    page.click("[data-testid=take-call]")
    page.fill("#id_caller_name", "陈阿婆之女")
    page.fill("#id_caller_phone", "13800001111")
    page.fill("#id_caller_relation", "女儿")
    page.fill("#id_elderly_id", elderly.id_number)
    page.select_option("#id_category", "cleaning")
    page.fill("#id_description", "老人行动不便，需要上门打扫")
    page.click("[data-testid=help-submit]")
    # then the request is taken, waiting for dispatch, with the phone masked
    assert page.inner_text("[data-testid=help-state]") == "已受理，待派单"
    assert "13800001111" not in page.content()
    help = HelpRequest.objects.get()
    # and the operator dispatches it to the provider
    page.select_option("#provider", str(provider.pk))
    browser_act(page, "dispatch")
    assert page.inner_text("[data-testid=help-state]") == "已派单，待接单"
    assert page.inner_text("[data-testid=help-provider]") == "颐康居家养老服务中心"
    browser_logout(page)

    # when the provider logs in, finds it on their board (refreshed by HTMX) and works it
    browser_login(page, "jigou")
    nav_click(page, "12349看板")
    page.wait_for_selector("[data-testid=board-row]")
    page.click(f"[data-testid=board] >> text={help.case.number}")
    for action, state in (
        ("accept", "已接单，待到达"),
        ("arrive", "已到达，服务中"),
        ("finish", "服务完成，待回访"),
    ):
        if action == "finish":
            page.fill("#comment", "已打扫客厅和厨房")
        browser_act(page, action)
        assert page.inner_text("[data-testid=help-state]") == state
    browser_logout(page)

    # when the operator calls back
    browser_login(page, "rexian")
    page.goto(f"{page.base_url}/eldercare/help/")
    page.wait_for_load_state("load")
    page.click(f"[data-testid=board] >> text={help.case.number}")
    page.select_option("#satisfaction", "satisfied")
    page.fill("#comment", "老人表示满意")
    browser_act(page, "callback")
    # then the request is closed with the satisfaction, and the timeline shows every step
    assert page.inner_text("[data-testid=help-state]") == "已回访办结"
    assert page.inner_text("[data-testid=help-satisfaction]") == "满意"
    timeline = page.inner_text("[data-testid=timeline]")
    for label in ("登记", "派单", "接单", "到达签到", "服务完成", "回访办结"):
        assert label in timeline
    steps = list(CaseEvent.objects.filter(case=help.case).values_list("action", "actor__username"))
    assert steps == [("open", "rexian"), ("dispatch", "rexian"), ("accept", "jigou"), ("arrive", "jigou"),
                     ("finish", "jigou"), ("callback", "rexian")]  # fmt: skip


def test_the_board_updates_itself_when_a_call_comes_in(page, personas):
    # given the operator watching an empty board
    operator = given.hotline("rexian")
    elderly = given.person(name="林阿公", birth=date(1936, 1, 1))
    browser_login(page, "rexian")
    page.goto(f"{page.base_url}/eldercare/help/")
    page.wait_for_load_state("load")
    assert page.locator("[data-testid=board-row]").count() == 0
    # when an emergency call is taken elsewhere
    from minzheng.eldercare import services

    services.help_request_open(actor=operator, caller_name="邻居", caller_phone="13800002222", category="emergency",
                               description="老人摔倒", elderly=elderly)  # fmt: skip
    # then it appears within the polling interval, marked as an emergency
    page.wait_for_selector("[data-testid=board-row]", timeout=12_000)
    assert "紧急" in page.inner_text("[data-testid=board]")
