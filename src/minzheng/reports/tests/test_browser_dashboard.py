"""A leader drills the dashboard from the city to a grid in real Chromium: the district on the map, then
the links of each level. Every asset is served locally (the page fixture fails on any outside request)."""

import pytest

from minzheng.core.testing import GRID_A, PASSWORD
from minzheng.reports.tests import given

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, username: str) -> None:
    page.goto(f"{page.base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]")


def test_the_city_manager_drills_from_the_city_to_a_grid(page, personas):
    # given people registered in grid A of 秀英区
    home = given.house(personas.grid_a, code="H-BR-1", grid=GRID_A)
    given.person(personas.grid_a, seq=11, home=home)
    _login(page, "city")
    # when the city manager opens the statistics dashboard from the menu
    page.click("nav.mainnav >> text=综合看板")
    page.wait_for_selector("#map[data-ready='1']")
    assert page.inner_text("[data-testid=dashboard-title]").startswith("海口市")
    # and clicks 秀英区 on the district map (a real mouse click at the district's centre)
    x, y = page.evaluate(
        """() => {
            const chart = window.minzhengDashboard.map;
            const [px, py] = chart.convertToPixel({seriesIndex: 0}, [110.2936, 20.0075]);
            const box = document.getElementById('map').getBoundingClientRect();
            return [box.left + px, box.top + py];
        }"""
    )
    with page.expect_navigation():
        page.mouse.click(x, y)
    # then the district's dashboard shows its towns
    assert page.inner_text("[data-testid=dashboard-title]").startswith("秀英区")
    # and the links lead down town → community → grid
    for name in ("秀英街道", "秀华社区", "秀华社区第1网格"):
        with page.expect_navigation():
            page.click(f"[data-testid=children] >> text={name}")
        assert page.inner_text("[data-testid=dashboard-title]").startswith(name)
    # where the grid's own figures are shown and the trail leads back up
    assert page.inner_text("[data-code='registry.persons']") == "1人"
    assert "海口市" in page.inner_text("[data-testid=crumbs]")
    assert page.url.split("/reports/dashboard/")[1].startswith(GRID_A)


def test_a_district_reviewer_lands_on_their_district(page, personas):
    _login(page, "district")
    page.click("nav.mainnav >> text=综合看板")
    page.wait_for_selector("[data-testid=dashboard-title]")
    assert page.inner_text("[data-testid=dashboard-title]").startswith("秀英区")
    assert page.locator("#map").count() == 0
    towns = page.locator("[data-testid=drill]").all_inner_texts()
    assert towns and "海府街道" not in towns  # 美兰区's streets are not theirs
