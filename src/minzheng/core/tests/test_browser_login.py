import pytest

from minzheng.core.testing import GRID_A, GRID_B, PASSWORD, browser_login, nav_click

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_grid_worker_sees_only_its_grid(page, personas):
    # given a 网格员 logging in through the real login page
    browser_login(page, "grid_a")
    assert "网格员" in page.inner_text("[data-testid=whoami]")
    # when they open the region browser
    nav_click(page, "区划与网格")
    # then they land on their own grid and its count is one
    assert page.inner_text("[data-testid=region-name]").startswith("秀华社区第1网格")
    page.goto(f"{page.base_url}/")
    assert page.inner_text("[data-testid=grid-count]") == "1"
    # and another grid is not found for them
    response = page.goto(f"{page.base_url}/regions/{GRID_B}/")
    assert response.status == 404
    response = page.goto(f"{page.base_url}/regions/{GRID_A}/")
    assert response.status == 200


def test_five_wrong_passwords_lock_the_account(page, personas):
    for _ in range(4):
        browser_login(page, "grid_b", "not-the-password", expect_in=False)
        assert "用户名或密码错误" in page.inner_text("[data-testid=login-error]")
    browser_login(page, "grid_b", "not-the-password", expect_in=False)  # the fifth locks the account
    assert "已被锁定" in page.inner_text("[data-testid=login-error]")
    browser_login(page, "grid_b", PASSWORD, expect_in=False)
    assert "已被锁定" in page.inner_text("[data-testid=login-error]")
    assert page.url.startswith(f"{page.base_url}/login/")


def test_phone_sized_viewport_has_a_menu(page, personas):
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, "grid_a")
    page.wait_for_load_state("load")
    assert not page.is_visible("nav.mainnav")
    page.click("label.navbutton")
    assert page.is_visible("nav.mainnav")
    page.screenshot(path="/tmp/phone.png")
