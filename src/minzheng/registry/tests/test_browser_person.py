"""In a real browser: a grid worker finds a person by pinyin initials; a town worker reveals the ID."""

import pytest

from minzheng.core.models import AuditEntry
from minzheng.core.testing import browser_login, nav_click
from minzheng.registry.tests import given

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_grid_worker_finds_by_pinyin_and_town_worker_reveals_the_id(page, personas):
    # given 张三丰 living in a house of grid A, and 李四 beside him
    home = given.house(personas.grid_a)
    person = given.person(personas.grid_a, home=home)
    given.person(personas.grid_a, name="李四", seq=13)
    masked = f"{person.id_number[:6]}********{person.id_number[-4:]}"

    # when the grid A worker opens 人员查询 from the menu (their grid's people are listed)
    browser_login(page, "grid_a")
    nav_click(page, "人员查询")
    page.wait_for_load_state("load")  # htmx is ready to listen to the search box
    assert "李四" in page.inner_text("[data-testid=person-results]")
    # and types the initials "zsf"
    page.fill("[data-testid=person-search]", "zsf")
    # then the results update in place (HTMX) to 张三丰 alone, with the ID masked
    page.wait_for_selector("[data-testid=search-hint] >> text=按拼音首字母查询")
    results = page.inner_text("[data-testid=person-results]")
    assert "李四" not in results and masked in results and person.id_number not in results
    assert "q=zsf" in page.url
    # and opening him shows his house and grid, the ID still masked and no way to reveal it
    page.click("[data-testid=person-results] >> text=张三丰")
    page.wait_for_selector("[data-testid=person-name]")
    assert page.inner_text("[data-testid=house-link]") == "秀华路1号"
    assert page.inner_text("[data-testid=id-number]") == masked
    assert page.locator("[data-testid=reveal-id]").count() == 0

    # when the town case worker opens the same person and presses 显示
    page.click("text=退出")
    browser_login(page, "town")
    page.goto(f"{page.base_url}/registry/persons/{person.pk}/")
    page.wait_for_load_state("load")
    page.click("[data-testid=reveal-id]")
    # then the full ID number replaces the masked one, and the reveal is in the audit log
    page.wait_for_selector("[data-testid=id_number-revealed]")
    assert page.inner_text("[data-testid=id_number-revealed]") == person.id_number
    assert (
        AuditEntry.objects.filter(action="reveal", object_id=str(person.pk), actor=personas.town).count() == 1
    )


def test_town_worker_picks_the_grid_of_a_new_house_by_its_initials(page, personas):
    from minzheng.registry.models import House

    # given the town case worker on 登记房屋 (no grid chosen yet)
    browser_login(page, "town")
    page.goto(f"{page.base_url}/registry/houses/new/")
    page.fill("#id_code", "H-T-001")
    page.fill("#id_address", "秀华路8号")
    # when they type the initials of 秀华社区第1网格 into the grid picker and choose it
    page.click("#id_grid-ts-control")
    page.keyboard.type("xhsqd1")
    option = page.locator("[data-testid=picker-option]", has_text="秀华社区第1网格").first
    option.wait_for()
    assert option.inner_text() == "秀英区 › 秀英街道 › 秀华社区居民委员会 › 秀华社区第1网格"
    option.click()
    page.click("[data-testid=registry-form] button[type=submit]")
    # then the house is saved in grid A
    page.wait_for_selector("[data-testid=house-address]")
    assert House.objects.get(code="H-T-001").grid == personas.grid_a.region
