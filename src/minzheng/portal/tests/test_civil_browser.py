"""On a phone: a resident signs in through the real page (the code read from the text-message outbox), books a
清明 slot and is shown the QR code to scan at the cemetery's gate."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region
from minzheng.core.testing import COMMUNITY_A, personas_create
from minzheng.funeral import booking as qm
from minzheng.funeral.models import Booking, Slot
from minzheng.funeral.tests import given as fgiven
from minzheng.portal.sms import LocmemBackend
from minzheng.registry.services.persons import person_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(chromium, live_server):  # noqa: ANN001, ANN201
    """A phone-sized tab (390×844, touch) that may only talk to the live test server."""
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
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


def test_a_resident_signs_in_on_the_phone_books_a_qingming_slot_and_sees_the_qr_code(phone):
    from playwright.sync_api import expect

    # Given a resident the registry holds with a mobile number, and a cemetery open for booking
    personas = personas_create()
    person_create(
        actor=personas.city,
        id_number=make_citizen_id(region_code="460105", birth_date=date(1962, 4, 5), sequence=41),
        name="吴清明",
        phone="13876500001",
        region=Region.objects.get(code=COMMUNITY_A),
    )
    now, today = timezone.now(), timezone.localdate()
    season = qm.season_set(
        actor=None, year=today.year + 1, sweep_from=today + timedelta(days=1), sweep_to=today + timedelta(days=2),
        booking_opens=now - timedelta(hours=1), booking_closes=now + timedelta(days=1), max_visitors=10,
    )  # fmt: skip
    cemetery = fgiven.cemetery()
    qm.slots_open(
        actor=None, season=season, cemetery=cemetery, quota=30, days=[today + timedelta(days=1)],
        times=[(time(8), time(10))],
    )  # fmt: skip
    # when they open the service, they are sent to sign in, and sign in with the code texted to them
    phone.goto(f"{phone.base_url}/m/qingming/")
    expect(phone).to_have_url(re.compile(r"/m/login/"))
    phone.fill(
        "#id_id_number", make_citizen_id(region_code="460105", birth_date=date(1962, 4, 5), sequence=41)
    )
    phone.fill("#id_name", "吴清明")
    phone.check("#id_consent")
    phone.click("main button[type=submit]")
    expect(phone).to_have_url(re.compile(r"/m/login/code/"))
    sent_to, text = LocmemBackend.outbox[-1]
    assert sent_to == "13876500001"
    phone.fill("#id_code", re.search(r"验证码为(\d{6})", text).group(1))
    phone.click("main button[type=submit]")
    # back on the service: choose the cemetery, the slot, the visitors and the car
    expect(phone).to_have_url(re.compile(r"/m/qingming/$"))
    phone.tap(f"[data-testid=cemeteries] >> text={cemetery.name}")
    expect(phone.locator("[data-testid=qingming-form]")).to_be_visible()
    slot_label = phone.locator("[data-testid=qingming-form] label", has_text="余30个")
    phone.wait_for_load_state("load")  # the stylesheet applied before measuring (the DOM can come first)
    box = slot_label.bounding_box()
    assert box is not None and box["height"] >= 44  # a thumb-sized target
    slot_label.tap()
    phone.fill("#id_visitors", "4")
    phone.fill("#id_plate", "琼A12345")
    phone.tap("[data-testid=qingming-form] button[type=submit]")
    # then the booking is shown with its QR code to scan at the gate
    qr = phone.locator("[data-testid=qr] svg")
    expect(qr).to_be_visible()
    made = Booking.objects.get()
    expect(phone.locator("[data-testid=code]")).to_have_text(made.code)
    assert (made.visitors, made.plate, made.name) == (4, "琼A12345", "吴清明")
    assert Slot.objects.get().left == 29
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone
