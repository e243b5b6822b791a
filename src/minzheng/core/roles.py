"""Roles and what each may do. One table, read by views, API and tests alike."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    CITY_MANAGER = "city_manager", "市局管理员"
    DISTRICT_REVIEWER = "district_reviewer", "区局审核员"
    TOWN_CASEWORKER = "town_caseworker", "镇街经办人"
    COMMUNITY_WORKER = "community_worker", "村居/社区工作人员"
    GRID_WORKER = "grid_worker", "网格员"
    INSTITUTION_OPERATOR = "institution_operator", "机构经办人"
    HOTLINE_OPERATOR = "hotline_operator", "热线话务员"
    AUDITOR = "auditor", "审计员"
    SYSADMIN = "sysadmin", "系统管理员"


class Perm(models.TextChoices):
    REVEAL_PERSONAL = "reveal_personal", "查看完整身份证号/电话"
    EXPORT = "export", "导出数据"
    VIEW_AUDIT = "view_audit", "查阅审计日志"
    EDIT_REGISTRY = "edit_registry", "维护人房信息"
    EDIT_STANDARDS = "edit_standards", "维护保障标准"
    MANAGE_USERS = "manage_users", "管理账号"


ROLE_PERMS: dict[str, frozenset[str]] = {
    Role.CITY_MANAGER: frozenset(
        {Perm.REVEAL_PERSONAL, Perm.EXPORT, Perm.EDIT_STANDARDS, Perm.EDIT_REGISTRY}
    ),
    Role.DISTRICT_REVIEWER: frozenset({Perm.REVEAL_PERSONAL, Perm.EXPORT, Perm.EDIT_REGISTRY}),
    Role.TOWN_CASEWORKER: frozenset({Perm.REVEAL_PERSONAL, Perm.EXPORT, Perm.EDIT_REGISTRY}),
    Role.COMMUNITY_WORKER: frozenset({Perm.EXPORT, Perm.EDIT_REGISTRY}),
    Role.GRID_WORKER: frozenset({Perm.EDIT_REGISTRY}),
    Role.INSTITUTION_OPERATOR: frozenset(),
    Role.HOTLINE_OPERATOR: frozenset(),
    Role.AUDITOR: frozenset({Perm.VIEW_AUDIT}),
    Role.SYSADMIN: frozenset({Perm.MANAGE_USERS}),
}

# The region level a user of each role normally sits at (used by the demo and the user form).
ROLE_DEFAULT_LEVEL: dict[str, str] = {
    Role.CITY_MANAGER: "city",
    Role.DISTRICT_REVIEWER: "district",
    Role.TOWN_CASEWORKER: "town",
    Role.COMMUNITY_WORKER: "community",
    Role.GRID_WORKER: "grid",
    Role.INSTITUTION_OPERATOR: "district",
    Role.HOTLINE_OPERATOR: "city",
    Role.AUDITOR: "city",
    Role.SYSADMIN: "city",
}


def role_has_perm(role: str, perm: str) -> bool:
    return perm in ROLE_PERMS.get(role, frozenset())
