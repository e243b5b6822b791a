"""The navigation bar: a few menus, one per line of the bureau's business, each opening onto its domains'
sections and their pages. Each app registers its entries (``nav_register``) in its ``contributions.py``; which
menu a section belongs to is one table here (:data:`MENUS`), so the whole bar reads in one place."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from minzheng.core.roles import can


@dataclass(frozen=True)
class NavItem:
    section: str
    label: str
    url_name: str
    order: int = 100
    capability: str = ""  # core.roles capability needed to see the entry ("": every staff user)


_items: list[NavItem] = []


def nav_register(
    *,
    section: str,
    label: str,
    url_name: str,
    capability: str = "",
    order: int = 100,
) -> None:
    """An entry of the main navigation, shown only to users holding ``capability`` — the same capability the
    page's ``staff_view`` requires, so a link is never shown to someone the page refuses."""
    item = NavItem(section, label, url_name, order, capability)
    if item not in _items:
        _items.append(item)


@functools.cache
def _entries(items: int, count: int, urlconf: str, prefix: str) -> tuple[tuple[NavItem, str], ...]:
    """Every entry in order with its address: ~70 ``reverse`` calls that every page of the staff site made
    (12 ms of a page's time in the demo's crawl). The key: the entry list (its identity and length: entries are
    only ever added), the URL configuration and the script prefix — all an address depends on."""
    return tuple((item, reverse(item.url_name)) for item in sorted(_items, key=lambda i: i.order))


def nav_for(user: Any) -> list[dict[str, Any]]:
    sections: dict[str, list[dict[str, str]]] = {}
    entries = _entries(
        id(_items), len(_items), str(get_urlconf() or settings.ROOT_URLCONF), get_script_prefix()
    )
    for item, url in entries:
        if item.capability and not can(user, item.capability):
            continue
        sections.setdefault(item.section, []).append({"label": item.label, "url": url})
    return [{"section": s, "items": items} for s, items in sections.items()]


# The bar's menus, in order, and the sections (as the apps name them) each gathers. A section missing from the
# table gets a menu of its own at the end, so a new domain shows up before it is placed.
MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("工作台", ("平台",)),
    ("人房与网格", ("人房信息", "网格治理")),
    ("社会救助", ("社会救助", "待遇发放", "残疾人两项补贴", "儿童福利", "救助管理")),
    ("养老服务", ("养老服务",)),
    ("社会事务", ("婚姻登记", "殡葬管理", "区划地名")),
    ("基层治理", ("社区治理", "社会组织", "慈善", "物资", "政策文件")),
    ("统计报表", ("统计报表",)),
)


def nav_menus(user: Any, path: str = "") -> list[dict[str, Any]]:
    """The user's bar: menus holding at least one page they may open, each with its sections; ``current`` marks
    the menu of the page at ``path`` (or of the entry whose address it lies under)."""
    sections = nav_for(user)
    menus: list[dict[str, Any]] = []
    placed: set[str] = set()
    for label, names in MENUS:
        mine = [s for s in sections if s["section"] in names]
        placed.update(names)
        if mine:
            menus.append({"label": label, "sections": mine})
    menus += [{"label": s["section"], "sections": [s]} for s in sections if s["section"] not in placed]
    urls = [item["url"] for m in menus for s in m["sections"] for item in s["items"]]
    # the page's own entry, or the entry its address lies under (a record opened from a list)
    best = max((u for u in urls if u == path or (u != "/" and path.startswith(u))), key=len, default=None)
    for menu in menus:
        menu["current"] = any(item["url"] == best for s in menu["sections"] for item in s["items"])
    return menus
