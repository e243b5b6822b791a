"""The navigation bar, by domain. Each app registers its entries in its AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

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


def nav_for(user: Any) -> list[dict[str, Any]]:
    sections: dict[str, list[dict[str, str]]] = {}
    for item in sorted(_items, key=lambda i: i.order):
        if item.capability and not can(user, item.capability):
            continue
        sections.setdefault(item.section, []).append({"label": item.label, "url": reverse(item.url_name)})
    return [{"section": s, "items": items} for s, items in sections.items()]
