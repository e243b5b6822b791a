"""Demo logins: one per role, each attached to the node of the tree that role works at."""

from __future__ import annotations

from dataclasses import dataclass

from minzheng.core.models import Region, User
from minzheng.core.roles import Role

DEMO_PASSWORD = "Minzheng@2026"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    display_name: str
    region: Region


def _first(level: str, under: str = "") -> Region:
    qs = Region.objects.filter(level=level)
    if under:
        qs = qs.filter(path__startswith=Region.objects.get(code=under).path)
    region = qs.order_by("code").first()
    if region is None:
        raise LookupError(f"区划表中没有层级为{level}的节点，请先加载区划")
    return region


def demo_logins() -> list[DemoLogin]:
    city = _first("city")
    district = _first("district")
    town = _first("town", district.code)
    community = _first("community", town.code)
    grid = _first("grid", community.code)
    other_district = Region.objects.filter(level="district").exclude(pk=district.pk).order_by("-code").first()
    other_grid = _first("grid", other_district.code if other_district else district.code)
    return [
        DemoLogin("shiju", Role.CITY_MANAGER, "市局管理员", city),
        DemoLogin("quju", Role.DISTRICT_REVIEWER, "区局审核员", district),
        DemoLogin("zhenjie", Role.TOWN_CASEWORKER, "镇街经办人", town),
        DemoLogin("shequ", Role.COMMUNITY_WORKER, "社区工作人员", community),
        DemoLogin("wangge", Role.GRID_WORKER, "网格员", grid),
        DemoLogin("wangge2", Role.GRID_WORKER, "网格员（另一区）", other_grid),
        DemoLogin("jigou", Role.INSTITUTION_OPERATOR, "机构经办人", district),
        DemoLogin("rexian", Role.HOTLINE_OPERATOR, "热线话务员", city),
        DemoLogin("shenji", Role.AUDITOR, "审计员", city),
        DemoLogin("admin", Role.SYSADMIN, "系统管理员", city),
    ]


def demo_users_create(*, password: str = DEMO_PASSWORD) -> list[DemoLogin]:
    logins = demo_logins()
    for login in logins:
        user, _ = User.objects.update_or_create(
            username=login.username,
            defaults={
                "role": login.role,
                "region": login.region,
                "display_name": login.display_name,
                "is_staff": login.role == Role.SYSADMIN,
                "is_superuser": login.role == Role.SYSADMIN,
                "failed_logins": 0,
                "locked_until": None,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
    return logins
