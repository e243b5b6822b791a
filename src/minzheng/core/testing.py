"""Test personas (after Healthchecks.io's alice/bob/charlie): who may see what, by region.

grid_a   网格员 of 秀华社区第1网格 (460105001001001)
grid_b   网格员 of 秀海社区第1网格 (460105001002001), same town, must see nothing of grid A
community 社区 worker of 秀华社区
town     镇街 case worker of 秀英街道 (460105001)
district 区局 reviewer of 秀英区 (460105)
other_district 区局 reviewer of 美兰区 (460108), must see nothing of 秀英区
city     市局 manager; auditor; admin
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.test import Client

from minzheng.core.models import Region, User
from minzheng.core.regions import regions_load
from minzheng.core.roles import Role

PASSWORD = "Test-Passw0rd!"

GRID_A = "460105001001001"
GRID_B = "460105001002001"
COMMUNITY_A = "460105001001"
TOWN = "460105001"
DISTRICT = "460105"
OTHER_DISTRICT = "460108"
CITY = "460100"


@dataclass(frozen=True)
class Personas:
    grid_a: User
    grid_b: User
    community: User
    town: User
    district: User
    other_district: User
    city: User
    auditor: User
    admin: User


def regions_ensure(scale: float = 0.01) -> None:
    if not Region.objects.filter(level=Region.Level.GRID).exists():
        regions_load(scale=scale)


def user_make(username: str, role: str, code: str, **extra: Any) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        region=Region.objects.get(code=code),
        display_name=username,
        **extra,
    )
    return user


def personas_create() -> Personas:
    regions_ensure()
    return Personas(
        grid_a=user_make("grid_a", Role.GRID_WORKER, GRID_A),
        grid_b=user_make("grid_b", Role.GRID_WORKER, GRID_B),
        community=user_make("community", Role.COMMUNITY_WORKER, COMMUNITY_A),
        town=user_make("town", Role.TOWN_CASEWORKER, TOWN),
        district=user_make("district", Role.DISTRICT_REVIEWER, DISTRICT),
        other_district=user_make("other_district", Role.DISTRICT_REVIEWER, OTHER_DISTRICT),
        city=user_make("city", Role.CITY_MANAGER, CITY),
        auditor=user_make("auditor", Role.AUDITOR, CITY),
        admin=user_make("admin", Role.SYSADMIN, CITY, is_staff=True, is_superuser=True),
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def nav_click(page: Any, label: str) -> None:
    """In a browser test: open the bar's menu holding the page ``label`` and follow it."""
    menu = page.locator("nav.mainnav details.navmenu", has=page.locator("a", has_text=label)).first
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()
    menu.locator("a", has_text=label).first.click()
