"""The navigation bar, by domain. Each app registers its entries in its AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    section: str
    label: str
    url_name: str
    roles: frozenset[str] = field(default_factory=frozenset)  # empty: every role
    perm: str = ""
    order: int = 100


_items: list[NavItem] = []


def nav_register(
    *, section: str, label: str, url_name: str, roles: tuple[str, ...] = (), perm: str = "", order: int = 100
) -> None:
    item = NavItem(section, label, url_name, frozenset(roles), perm, order)
    if item not in _items:
        _items.append(item)


def nav_for(user: Any) -> list[dict[str, Any]]:
    sections: dict[str, list[dict[str, str]]] = {}
    for item in sorted(_items, key=lambda i: i.order):
        if item.roles and user.role not in item.roles:
            continue
        if item.perm and not user.has_role_perm(item.perm):
            continue
        sections.setdefault(item.section, []).append({"label": item.label, "url": reverse(item.url_name)})
    return [{"section": s, "items": items} for s, items in sections.items()]
