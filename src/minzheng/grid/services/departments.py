"""Writes of responsible units (处置单位) and their accounts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.core.scope import access_scoped, region_within_scope
from minzheng.grid.models import Department
from minzheng.grid.services._common import GridError, check_text

# Units are set up by the dispatching levels: 镇街, 区局 and 市局.
DEPARTMENT_MANAGERS = frozenset({Role.TOWN_CASEWORKER, Role.DISTRICT_REVIEWER, Role.CITY_MANAGER})


def _require_manager(actor: User) -> None:
    if actor.role not in DEPARTMENT_MANAGERS:
        raise PermissionDenied("只有镇街、区局、市局的工作人员可以维护处置单位")


def department_create(
    *, actor: User, name: str, function: str, region: Region, phone: str = ""
) -> Department:
    _require_manager(actor)
    name = check_text(name, field="name", label="单位名称", max_length=100, required=True)
    if function not in Department.Function.values:
        raise GridError(f"职能“{function}”无效", field="function")
    if region is None or not region_within_scope(actor, region) or region.level == Region.Level.GRID:
        raise GridError("单位所属区划须为您辖区内的市、区、镇街或社区", field="region")
    if Department.objects.filter(region=region, name=name).exists():
        raise GridError(f"“{region.name}”已有名为“{name}”的单位", field="name")
    return Department.objects.create(
        name=name,
        function=function,
        region=region,
        phone=check_text(phone, field="phone", label="联系电话", max_length=20),
    )


def department_users_set(*, actor: User, department: Department, users: list[User]) -> Department:
    """The accounts that handle what is dispatched to the unit: 机构经办人 whose region contains the
    unit's region, so they can see the events in it (the account's region is its data scope)."""
    _require_manager(actor)
    with transaction.atomic():
        department = access_scoped(actor, Department, department.pk, lock=True, label="处置单位")
        for user in users:
            if user.role != Role.INSTITUTION_OPERATOR:
                raise GridError(f"账号“{user}”的角色不是机构经办人", field="users")
            if user.region is None or not department.region.path.startswith(user.region.path):
                raise GridError(f"账号“{user}”的区划不覆盖“{department.name}”的辖区", field="users")
        department.users.set(users)
    return department


def department_set_active(*, actor: User, department: Department, active: bool) -> Department:
    _require_manager(actor)
    department = access_scoped(actor, Department, department.pk, label="处置单位")
    department.active = active
    department.save(update_fields=["active"])
    return department
