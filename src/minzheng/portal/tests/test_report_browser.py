"""On a phone: a citizen signs in through the real page (the code read from the text-message outbox), starts a report
at a point next to an open report of the same category, and is shown that report before anything is filed."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from minzheng.core.ids import make_citizen_id
from minzheng.core.testing import GRID_A
from minzheng.grid import public as grid_public
from minzheng.grid.models import Open311Request
from minzheng.grid.services.intake import open311_intake_drain
from minzheng.grid.tests import given
from minzheng.portal.models_report import CitizenReport
from minzheng.portal.sms import LocmemBackend

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE_VIEWPORT = {"width": 390, "height": 844}


@pytest.fixture
def phone(chromium, live_server):
    """A phone-sized tab (touch, mobile) that may only talk to the live test server, with its location at grid A."""
    allowed = urlsplit(live_server.url).netloc
    context = chromium.new_context(
        locale="zh-CN", viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    context.set_default_timeout(15_000)
    context.grant_permissions(["geolocation"], origin=live_server.url)
    context.set_geolocation({"latitude": given.POINT_A[0], "longitude": given.POINT_A[1], "accuracy": 10})
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
    assert outside == [], f"页面请求了外部地址：{outside}"


def test_a_citizen_is_shown_the_nearby_open_report_before_filing(phone, personas):
    # given an open report of 暴露垃圾 some 50 m north of where the citizen stands
    given.profile(GRID_A)
    given.category()
    existing = grid_public.citizen_request_accept(
        kind="report", category_code="0102", description="小区门口垃圾堆积", lat=given.POINT_A[0] + 0.00045,
        long=given.POINT_A[1], contact_name="王五", contact_phone="13800001111",
    )  # fmt: skip
    open311_intake_drain()
    requests_before = Open311Request.objects.count()
    id_number = make_citizen_id(region_code="460105", birth_date=date(1975, 6, 1), sequence=33)
    # when the citizen signs in on the real page, with the code the text message carried
    phone.goto(f"{phone.base_url}/m/report/new/")
    expect(phone).to_have_url(re.compile(r"/m/login/"))
    phone.fill("#id_id_number", id_number)
    phone.fill("#id_name", "陈美玲")
    phone.fill("#id_phone", "13688889999")
    phone.check("#id_consent")
    phone.click("main button[type=submit]")
    expect(phone.locator("#id_code")).to_be_visible()
    code = re.search(r"验证码为(\d{6})", LocmemBackend.outbox[-1][1]).group(1)
    phone.fill("#id_code", code)
    phone.click("main button[type=submit]")
    # and starts a report of the same category at their location
    phone.click("a[data-code='0102']")
    expect(
        phone.locator(
            "[data-testid=report-map] .leaflet-container, [data-testid=report-map].leaflet-container"
        )
    ).to_have_count(1)
    phone.click("[data-testid=locate]")
    expect(phone.locator("#lat")).not_to_have_value("")
    phone.screenshot(path="/tmp/portal-report-where.png", full_page=True)
    phone.click("[data-testid=where-next]")
    # then the open report nearby is shown first, without who sent it, and nothing has been filed
    item = phone.locator("[data-testid=nearby-item]")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("小区门口垃圾堆积")
    expect(item).to_contain_text("约 50 米")
    assert "王五" not in phone.content() and "13800001111" not in phone.content()
    phone.wait_for_load_state("load")  # the stylesheet applied before measuring (the DOM can come first)
    assert phone.locator("[data-testid=support]").bounding_box()["height"] >= 44
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    phone.screenshot(path="/tmp/portal-report-nearby.png", full_page=True)
    assert Open311Request.objects.count() == requests_before
    # and "这也是我的问题" joins it instead of filing a duplicate
    phone.click("[data-testid=support]")
    expect(phone.locator("[data-testid=public-id]")).to_have_text(existing.service_request_id)
    assert Open311Request.objects.count() == requests_before
    assert CitizenReport.objects.get(supported=True).event.open311_request == existing
