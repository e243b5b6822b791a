"""Roles and what each may do. One table, read by views, API and tests alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
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


# --- the capability table ------------------------------------------------------------------------------
# Every permission check in the platform asks one question: may this user take this capability? A capability
# has a code (``<area>.<action>``), a Chinese name shown on refusals ("您的角色不能“审批工资单”") and the roles that
# hold it. Services call ``require(actor, code)``; views use ``core.web.staff_view(code)``; templates and the
# navigation ask ``can(user, code)``. No module outside this one compares a user's role.


@dataclass(frozen=True)
class Capability:
    code: str
    label: str
    roles: frozenset[str]


ALL_STAFF = frozenset(Role)
OFFICE = frozenset({Role.CITY_MANAGER, Role.DISTRICT_REVIEWER, Role.TOWN_CASEWORKER})
FIELD = frozenset({Role.COMMUNITY_WORKER, Role.GRID_WORKER})
CASE_HANDLERS = ALL_STAFF - {Role.AUDITOR, Role.SYSADMIN}


def _table(*caps: Capability) -> dict[str, Capability]:
    table: dict[str, Capability] = {}
    for cap in caps:
        if cap.code in table:
            raise ValueError(f"capability {cap.code} declared twice")
        table[cap.code] = cap
    return table


def _cap(code: str, label: str, roles: frozenset[str] | set[str]) -> Capability:
    return Capability(code, label, frozenset(roles))


CAPABILITIES: dict[str, Capability] = _table(
    # --- core: personal data, exports, audit, accounts ---------------------------------------------------
    _cap(Perm.REVEAL_PERSONAL, Perm.REVEAL_PERSONAL.label, OFFICE),
    _cap(Perm.EXPORT, Perm.EXPORT.label, OFFICE | {Role.COMMUNITY_WORKER}),
    _cap(Perm.VIEW_AUDIT, Perm.VIEW_AUDIT.label, {Role.AUDITOR}),
    _cap(Perm.EDIT_REGISTRY, Perm.EDIT_REGISTRY.label, OFFICE | FIELD),
    _cap(Perm.EDIT_STANDARDS, Perm.EDIT_STANDARDS.label, {Role.CITY_MANAGER}),
    _cap(Perm.MANAGE_USERS, Perm.MANAGE_USERS.label, {Role.SYSADMIN}),
    # --- registry ----------------------------------------------------------------------------------------
    # --- casework ----------------------------------------------------------------------------------------
    # --- benefits ----------------------------------------------------------------------------------------
    # --- assistance --------------------------------------------------------------------------------------
    # --- grid --------------------------------------------------------------------------------------------
    _cap("grid.view", "查阅网格治理信息", CASE_HANDLERS),
    _cap(
        "event.report",
        "上报网格事件",
        {Role.GRID_WORKER, Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.HOTLINE_OPERATOR},
    ),
    _cap("event.take_calls", "登记热线来电事件", {Role.HOTLINE_OPERATOR}),
    _cap(
        "event.supervise",
        "督办网格事件",
        {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER},
    ),
    _cap("department.handle", "办理派给处置单位的事件", {Role.INSTITUTION_OPERATOR}),
    _cap(
        "department.manage", "维护处置单位", {Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER}
    ),
    _cap(
        "grid.manage",
        "维护网格和网格员",
        {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER},
    ),
    _cap(
        "grid.load",
        "查看网格员工作负荷",
        {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER},
    ),
    _cap("grid.serve", "在网格员名册中负责网格", {Role.GRID_WORKER}),
    _cap(
        "campaign.manage",
        "发起和下达排查任务",
        {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER},
    ),
    _cap("campaign.visit", "登记入户走访", {Role.GRID_WORKER, Role.COMMUNITY_WORKER}),
    _cap(
        "observation.record",
        "登记居家医学观察",
        {Role.GRID_WORKER, Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER},
    ),
    _cap(
        "performance.view",
        "查看绩效考核",
        {
            Role.GRID_WORKER,
            Role.COMMUNITY_WORKER,
            Role.TOWN_CASEWORKER,
            Role.DISTRICT_REVIEWER,
            Role.CITY_MANAGER,
        },
    ),
    _cap(
        "performance.export",
        "导出绩效考核",
        {Role.COMMUNITY_WORKER, Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER},
    ),
    _cap("performance.weights", "设置绩效考核权重", {Role.CITY_MANAGER}),
    _cap("open311.keys", "发放和停用接口密钥", {Role.CITY_MANAGER, Role.SYSADMIN}),
    # --- eldercare ---------------------------------------------------------------------------------------
    # --- reports -----------------------------------------------------------------------------------------
)


def capability(code: str) -> Capability:
    try:
        return CAPABILITIES[code]
    except KeyError:
        raise LookupError(f"unknown capability {code!r}: declare it in core/roles.py") from None


def role_can(role: str, code: str) -> bool:
    return role in capability(code).roles


def can(user: Any, code: str) -> bool:
    """May ``user`` (a logged-in, active staff account) take the capability ``code``?"""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        capability(code)  # an unknown code is a programming error, even for an anonymous user
        return False
    return role_can(user.role, code)


def refusal(user: Any, code: str) -> str:
    """The Chinese sentence shown when ``user`` may not take ``code``."""
    cap = capability(code)
    if user is None or not getattr(user, "is_authenticated", False):
        return f"“{cap.label}”需要登录的经办人"
    return f"您的角色（{user.get_role_display()}）不能“{cap.label}”"


def require(user: Any, code: str) -> None:
    """Raise ``PermissionDenied`` with the refusal unless ``user`` may take ``code``. ``None`` is never an
    allowed actor: a user action always names its user (system work uses its own paths)."""
    if not can(user, code):
        raise PermissionDenied(refusal(user, code))


def roles_with(code: str) -> frozenset[str]:
    """The roles holding ``code`` (for querysets of accounts, e.g. whom a case can be handed to)."""
    return capability(code).roles


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
    return role_can(role, perm)
