"""A leader drills the dashboard from the city to a grid in real Chromium: the district on the map, then
the links of each level. Every asset is served locally (the page fixture fails on any outside request)."""

import pytest

from minzheng.core.models import Region
from minzheng.core.testing import GRID_A, GRID_B, OTHER_DISTRICT, browser_login, nav_click
from minzheng.reports.tests import given

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _persons(page) -> str:
    return page.inner_text("[data-code='registry.persons']")


def test_the_city_manager_drills_from_the_city_to_a_grid(page, personas):
    # given one person in grid A and two in grid B (秀英区, one town, two communities), four in 龙华区
    for n, (actor, grid, people) in enumerate(
        ((personas.grid_a, GRID_A, 1), (personas.grid_b, GRID_B, 2), (personas.other_district, None, 4))
    ):
        if grid is None:
            grid = (
                Region.objects.filter(level="grid", path__contains=f"/{OTHER_DISTRICT}/")
                .order_by("code")[0]
                .code
            )
        home = given.house(actor, code=f"H-BR-{n}", grid=grid)
        for k in range(people):
            given.person(actor, seq=10 * n + k + 11, home=home)
    browser_login(page, "city")
    # when the city manager opens the statistics dashboard from the menu
    nav_click(page, "综合看板")
    page.wait_for_selector("#map[data-ready='1']")
    assert page.inner_text("[data-testid=dashboard-title]").startswith("海口市")
    seen = [_persons(page)]
    # and clicks 秀英区 on the district map (a real mouse click at the district's centre, scrolled into view:
    # the menu grows with every domain)
    page.locator("#map").scroll_into_view_if_needed()
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
    seen.append(_persons(page))
    # and the links lead down town → community → grid
    for name in ("秀英街道", "秀华社区", "秀华社区第1网格"):
        with page.expect_navigation():
            page.click(f"[data-testid=children] >> text={name}")
        assert page.inner_text("[data-testid=dashboard-title]").startswith(name)
        seen.append(_persons(page))
    # then each level shows its own subtree's figure: 7 in the city, 3 in 秀英区 and its town, 1 below
    assert seen == ["7人", "3人", "3人", "1人", "1人"]
    # and the grid's trail leads back up
    assert "海口市" in page.inner_text("[data-testid=crumbs]")
    assert page.url.split("/reports/dashboard/")[1].startswith(GRID_A)


def test_a_district_reviewer_lands_on_their_district(page, personas):
    browser_login(page, "district")
    nav_click(page, "综合看板")
    page.wait_for_selector("[data-testid=dashboard-title]")
    assert page.inner_text("[data-testid=dashboard-title]").startswith("秀英区")
    assert page.locator("#map").count() == 0
    towns = page.locator("[data-testid=drill]").all_inner_texts()
    assert towns and "海府街道" not in towns  # 美兰区's streets are not theirs
    # and neither the city's nor another district's dashboard opens for them
    for code in ("460100", OTHER_DISTRICT):
        response = page.goto(f"{page.base_url}/reports/dashboard/{code}/")
        assert response.status == 404
