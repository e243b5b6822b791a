"""The phone-first grid worker and the grid maps in real headless Chromium (issue 12): the big 上报事件 first
on the home page, the event list as cards without sideways scrolling, 44 px touch targets; the events map's
clusters and filters; a grid boundary drawn and edited on the map and saved as GeoJSON."""

import re

import pytest
from playwright.sync_api import expect

from minzheng.core.testing import GRID_A, GRID_B, browser_login
from minzheng.grid.models import GridProfile
from minzheng.grid.tests import given

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# The touch targets of a page that are smaller than 44 px: menu links, buttons, form controls (a checkbox
# counts by its label) and the links of the list cards, crumbs and pager. Playwright's evaluate runs a
# function, not a string eval, so the page's CSP allows it.
SMALL_TARGETS = """() => {
  const picked = document.querySelectorAll(
    '.mainnav a, .navmenu > summary, .navbutton, button, .button, select, textarea, input:not([type=hidden]),'
    + ' table.cardlist a, .crumbs a, .pager a, .viewswitch a, .ts-control, .leaflet-bar a');
  const small = [];
  for (const el of picked) {
    const target = (el.type === 'checkbox' || el.type === 'radio') ? el.closest('label') || el : el;
    const box = target.getBoundingClientRect();
    const style = getComputedStyle(target);
    if (box.width === 0 || style.visibility === 'hidden') continue;  // not shown (e.g. a hidden control)
    if (el.closest('.ts-control') || el.classList.contains('ts-hidden-accessible')) continue;  // the picker counts as its box
    if (box.height < 44) small.push(`${target.tagName} ${target.textContent.trim().slice(0, 12)} ${box.height}`);
  }
  return small;
}"""
PAGE_WIDTH = "() => document.documentElement.scrollWidth"


def test_a_grid_worker_on_a_phone_reports_first_and_reads_events_as_cards(page, personas):
    # given a 网格员 of grid A with a few events, on a 390 px phone
    given.profile(GRID_A)
    given.worker(personas.grid_a)
    for code in ("0102", "0201", "0104"):
        given.event(personas.grid_a, code=code, address="秀华路一段很长很长的地址描述不会撑破屏幕")
    page.set_viewport_size(PHONE)
    browser_login(page, "grid_a")
    # when they open the home page
    page.goto(f"{page.base_url}/")
    report = page.locator("[data-testid=home-report]")
    # then the big 上报事件 comes first, full width, above the figures
    expect(report).to_be_visible()
    box = report.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300
    assert box["y"] < page.locator(".cards").first.bounding_box()["y"]
    assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]
    page.click("label.navbutton")  # the menu opens, and a menu of it
    expect(page.locator(".mainnav")).to_be_visible()
    page.locator(".navmenu > summary").first.click()
    expect(page.locator(".navmenu[open] .navpanel a").first).to_be_visible()
    assert page.evaluate(SMALL_TARGETS) == []
    page.screenshot(path="/tmp/grid-phone-home.png", full_page=True)
    # when they open the event list
    page.goto(f"{page.base_url}/grid/events/")
    rows = page.locator("[data-testid=events] tbody tr")
    expect(rows).to_have_count(3)
    # then every event is a card: the row is a block with its cells named, and nothing scrolls sideways
    assert rows.first.evaluate("tr => getComputedStyle(tr).display") == "block"
    label = rows.first.locator("td[data-label=分类]").evaluate(
        "td => getComputedStyle(td, '::before').content"
    )
    assert label == '"分类"'
    assert page.locator("[data-testid=events] thead").bounding_box()["height"] <= 1
    assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]
    assert page.evaluate(SMALL_TARGETS) == []
    page.screenshot(path="/tmp/grid-phone-events.png", full_page=True)
    # and the same page on a desktop is a table
    page.set_viewport_size({"width": 1280, "height": 900})
    assert rows.first.evaluate("tr => getComputedStyle(tr).display") == "table-row"


def test_the_events_map_clusters_markers_and_a_filter_changes_them(page, personas):
    # given six events close together in grid A: four 暴露垃圾, a 非法小广告 and a 违章张贴悬挂宣传品
    given.profile(GRID_A)
    given.profile(GRID_B)
    lat, long = given.POINT_A
    for i, code in enumerate(("0102", "0102", "0102", "0102", "0201", "0202")):
        given.event(personas.grid_a, code=code, grid=None, lat=lat + i * 0.00004, long=long + i * 0.00004)
    page.set_viewport_size(PHONE)
    browser_login(page, "grid_a")
    # when the worker opens the events map
    page.goto(f"{page.base_url}/grid/events/map/")
    # then the six are one cluster over the grid outlines
    cluster = page.locator(".marker-cluster")
    expect(page.locator("[data-testid=map-status]")).to_contain_text("共 6 件")
    # (a zoom animates: the old cluster fades out beside the new one, so each is found by its number)
    expect(page.locator(".marker-cluster", has_text=re.compile(r"^6$"))).to_have_count(1)
    expect(cluster).to_have_count(1)
    expect(page.locator("#event-map path.leaflet-interactive")).not_to_have_count(0)
    assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]
    assert page.evaluate(SMALL_TARGETS) == []
    page.screenshot(path="/tmp/grid-phone-map.png", full_page=True)
    # when they narrow the category to 宣传广告 (both its sub-classes)
    page.select_option("#id_category", "02")
    # then the cluster holds two, and the address says so
    expect(page.locator("[data-testid=map-status]")).to_contain_text("共 2 件")
    expect(page.locator(".marker-cluster", has_text=re.compile(r"^2$"))).to_have_count(1)
    expect(cluster).to_have_count(1)
    assert "category=02" in page.url
    # when they narrow it to 非法小广告: one marker, whose popup shows category, state and date
    page.select_option("#id_category", "0201")
    expect(cluster).to_have_count(0)
    marker = page.locator(".leaflet-marker-icon")
    expect(marker).to_have_count(1)
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("非法小广告")
    expect(popup).to_contain_text("待受理")
    # and its link opens the event's page
    popup.locator("[data-testid=map-event-link]").click()
    expect(page.locator("[data-testid=event-number]")).to_be_visible()


def _map_point(page, dx: float, dy: float) -> tuple[float, float]:
    box = page.locator("#boundary-map").bounding_box()
    return box["x"] + box["width"] * dx, box["y"] + box["height"] * dy


def test_a_grid_boundary_is_drawn_on_the_map_and_saved_as_geojson(page, personas):
    # given grid A without a boundary, beside grid B's
    given.profile(GRID_A)
    given.profile(GRID_B)
    GridProfile.objects.filter(region__code=GRID_A).update(
        boundary=None, min_lat=None, max_lat=None, min_long=None, max_long=None
    )
    browser_login(page, "town")
    page.goto(f"{page.base_url}/grid/grids/{GRID_A}/")
    expect(page.locator("#boundary-map path.leaflet-interactive")).to_have_count(1)  # grid B for context
    # when the town draws a four-cornered polygon and finishes it
    page.click(".leaflet-draw-draw-polygon")
    corners = ((0.3, 0.3), (0.7, 0.3), (0.7, 0.7), (0.3, 0.7))
    for placed, (dx, dy) in enumerate(corners, start=1):
        page.mouse.click(*_map_point(page, dx, dy))
        expect(page.locator("#boundary-map .leaflet-editing-icon")).to_have_count(placed)
        page.wait_for_timeout(120)  # Leaflet.draw ignores a click within 50 ms of the last vertex
    page.locator(".leaflet-draw-actions a", has_text="完成").click()
    # then the hidden field holds the polygon, and saving stores it
    expect(page.locator("[data-testid=boundary-input]")).to_have_value(
        re.compile(r'^\{"type":"Polygon","coordinates":\[\[\[')
    )
    expect(page.locator("[data-testid=boundary-status]")).to_contain_text("边界已修改")
    page.click("[data-testid=save-profile]")
    expect(page.locator(".messages")).to_contain_text("已保存")
    profile = GridProfile.objects.get(region__code=GRID_A)
    assert profile.boundary["type"] == "Polygon"
    ring = profile.boundary["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    assert profile.min_lat < profile.max_lat and profile.min_long < profile.max_long
    assert profile.boundary_generated is False


def test_a_grid_boundary_is_edited_by_dragging_a_corner(page, personas):
    # given grid A with its rectangle
    given.profile(GRID_A)
    before = GridProfile.objects.get(region__code=GRID_A).boundary["coordinates"][0]
    browser_login(page, "town")
    page.goto(f"{page.base_url}/grid/grids/{GRID_A}/")
    # when the town drags one corner outwards in edit mode and keeps the change
    page.click(".leaflet-draw-edit-edit")
    corner = page.locator(".leaflet-editing-icon").first
    expect(corner).to_be_visible()
    box = corner.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 30, y + 30, steps=5)
    page.mouse.up()
    page.locator(".leaflet-draw-actions a", has_text="完成").click()
    page.click("[data-testid=save-profile]")
    expect(page.locator(".messages")).to_contain_text("已保存")
    # then the stored boundary has moved that corner and is still a closed polygon
    after = GridProfile.objects.get(region__code=GRID_A).boundary["coordinates"][0]
    assert after != before and after[0] == after[-1]
    assert len(after) == len(before)
