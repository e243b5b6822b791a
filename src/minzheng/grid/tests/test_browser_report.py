"""A 网格员 files an event from a phone-sized screen: category, description, GPS location, a photo."""

import pytest
from playwright.sync_api import expect

from minzheng.core.testing import GRID_A, browser_login
from minzheng.grid.models import Event
from minzheng.grid.tests import given
from minzheng.grid.tests.test_services_events import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_grid_worker_reports_an_event_from_a_phone(page, personas):
    given.profile(GRID_A)
    given.worker(personas.grid_a)
    given.category()
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.grant_permissions(["geolocation"], origin=page.base_url)
    page.context.set_geolocation({"latitude": given.POINT_A[0], "longitude": given.POINT_A[1], "accuracy": 8})
    # given a 网格员 logged in on a phone
    browser_login(page, "grid_a")
    # when they open the report form from the grid overview
    page.goto(f"{page.base_url}/grid/")
    page.click("[data-testid=report-link]")
    form = page.locator("[data-testid=report-form]")
    assert form.bounding_box()["width"] <= 390
    page.select_option("#category", label="暴露垃圾")
    page.fill("#description", "垃圾桶满溢，垃圾散落路面")
    page.click("[data-testid=locate]")
    expect(page.locator("#lat")).not_to_have_value("")  # no string eval: the site's CSP forbids it
    page.fill("#address", "秀华路12号")
    page.set_input_files("#photos", files=[{"name": "scene.png", "mimeType": "image/png", "buffer": PNG}])
    page.screenshot(path="/tmp/grid-report-form.png", full_page=True)
    page.click("[data-testid=submit-report]")
    # then the event page shows the new event, its photo and its state
    page.wait_for_selector("[data-testid=event-number]")
    page.wait_for_load_state("load")  # the photo is judged once loaded (CI once read it while still loading)
    number = page.inner_text("[data-testid=event-number]")
    assert page.inner_text("[data-testid=event-state]") == "待受理"
    assert page.locator("[data-testid=photo]").evaluate("img => img.complete && img.naturalWidth > 0")
    event = Event.objects.get(case__number=number)
    assert event.case.region.code == GRID_A and abs(event.lat - given.POINT_A[0]) < 1e-6
    assert event.case.attachments.count() == 1
    page.screenshot(path="/tmp/grid-report-phone.png", full_page=True)
