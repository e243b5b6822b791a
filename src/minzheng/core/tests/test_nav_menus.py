"""The bar: a few menus by line of business, each holding only pages the user may open."""

import pytest

from minzheng.core import navigation
from minzheng.core.navigation import MENUS, nav_for, nav_menus
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db


def test_the_city_manager_gets_the_menus_in_order_and_every_page_once(personas):
    menus = nav_menus(personas.city)
    labels = [m["label"] for m in menus]
    # the menus come in the table's order and every section of the user's pages sits in exactly one menu
    order = [label for label, _ in MENUS]
    assert labels == sorted(labels, key=lambda label: order.index(label) if label in order else len(order))
    flat = [item["url"] for m in menus for s in m["sections"] for item in s["items"]]
    assert sorted(flat) == sorted(item["url"] for s in nav_for(personas.city) for item in s["items"])
    assert len(menus) <= 8  # a bar, not a wall of links


def test_a_menu_without_a_page_for_the_user_is_not_shown(personas):
    labels = [m["label"] for m in nav_menus(personas.grid_a)]
    assert "统计报表" in labels and "养老服务" not in labels  # the grid worker reads statistics, runs no home


def test_a_section_missing_from_the_table_gets_a_menu_of_its_own(personas, monkeypatch):
    monkeypatch.setattr(navigation, "_items", [*navigation._items])
    navigation.nav_register(section="新业务", label="新页面", url_name="core:home", order=500)
    menus = nav_menus(personas.city)
    assert menus[-1]["label"] == "新业务" and menus[-1]["sections"][0]["items"][0]["label"] == "新页面"


def test_the_menu_of_the_page_open_is_marked(personas):
    client = client_for(personas.city)
    page = client.get("/reports/", follow=True).content.decode()
    assert '<details class="navmenu" data-current><summary>统计报表</summary>' in page
    assert page.count("data-current") == 1
    assert "/static/minzheng/nav.js" in page
    # and so is the menu of a record opened from one of its lists
    url = [
        u for s in nav_for(personas.city) for u in (i["url"] for i in s["items"]) if u.startswith("/grid/")
    ][0]
    page = client.get(url + "999999/").content.decode()
    assert '<details class="navmenu" data-current><summary>人房与网格</summary>' in page


def test_the_bar_follows_the_script_prefix_and_a_new_entry(personas, monkeypatch):
    # given the bar read once (its addresses are kept between pages)
    from django.urls import get_script_prefix, set_script_prefix

    before = [item["url"] for s in nav_for(personas.city) for item in s["items"]]
    # when the site is served under a prefix, then every address carries it
    old = get_script_prefix()
    set_script_prefix("/minzheng/")
    try:
        prefixed = [item["url"] for s in nav_for(personas.city) for item in s["items"]]
    finally:
        set_script_prefix(old)
    assert prefixed == ["/minzheng" + url for url in before]
    # and an entry registered later shows at once, and is gone with the list it was added to
    monkeypatch.setattr(navigation, "_items", [*navigation._items])
    navigation.nav_register(section="新业务", label="新页面", url_name="core:home", order=500)
    assert any(s["section"] == "新业务" for s in nav_for(personas.city))
    monkeypatch.undo()
    assert not any(s["section"] == "新业务" for s in nav_for(personas.city))
