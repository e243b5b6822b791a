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
    # --- eldercare ---------------------------------------------------------------------------------------
    _cap(
        "eldercare.overview",
        "查看养老服务概览",
        OFFICE | {Role.COMMUNITY_WORKER, Role.INSTITUTION_OPERATOR, Role.HOTLINE_OPERATOR},
    ),
    _cap(
        "eldercare.help_read",
        "查阅12349求助",
        OFFICE | {Role.COMMUNITY_WORKER, Role.INSTITUTION_OPERATOR, Role.HOTLINE_OPERATOR},
    ),
    _cap("eldercare.help_take", "受理12349来电", {Role.HOTLINE_OPERATOR}),
    _cap(
        "eldercare.records_read",
        "查阅养老机构、助餐、能力评估和检查记录",
        OFFICE | {Role.COMMUNITY_WORKER, Role.INSTITUTION_OPERATOR},
    ),
    _cap(
        "eldercare.institution_manage",
        "登记、评定养老服务机构并设置其经办人",
        {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER},
    ),
    _cap("eldercare.institution_act", "办理辖区内养老机构的床位、入住、人员、助餐和整改", OFFICE),
    # an institution's own operator: acts for (and reads) only the institutions whose operator it is
    _cap("eldercare.institution_own", "作为经办人办理本机构的养老服务业务", {Role.INSTITUTION_OPERATOR}),
    _cap(
        "eldercare.assess", "开展老年人能力评估", OFFICE | {Role.COMMUNITY_WORKER, Role.INSTITUTION_OPERATOR}
    ),
    _cap("eldercare.settlement_run", "计算和确认助餐补贴结算", {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER}),
    _cap(
        "eldercare.settlement_export",
        "导出助餐补贴结算明细",
        OFFICE | {Role.COMMUNITY_WORKER, Role.INSTITUTION_OPERATOR},
    ),
    _cap("eldercare.inspect", "开展养老机构检查和整改复查", OFFICE),
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
