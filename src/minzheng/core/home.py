"""The home page per role: each app registers panels for the roles they concern."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from minzheng.core.roles import can


@dataclass(frozen=True)
class HomePanel:
    order: int
    template: str
    context: Callable[[Any], dict[str, Any]]
    capability: str = ""  # core.roles capability needed to see the panel ("": every staff user)


_panels: list[HomePanel] = []


def home_panel_register(
    *,
    order: int,
    template: str,
    context: Callable[[Any], dict[str, Any]],
    capability: str = "",
) -> None:
    panel = HomePanel(order, template, context, capability)
    if all(p.template != template for p in _panels):
        _panels.append(panel)


def home_panels_render(request: Any) -> list[str]:
    user = request.user
    return [
        render_to_string(p.template, {**p.context(user), "user": user}, request=request)
        for p in sorted(_panels, key=lambda p: p.order)
        if not p.capability or can(user, p.capability)
    ]
