"""Writes of responsible units (处置单位) and their accounts."""

from __future__ import annotations

from django.db import transaction

from minzheng.core.models import Region, User
from minzheng.core.roles import can, require
from minzheng.core.scope import access_scoped, region_within_scope
from minzheng.grid.models import Department
from minzheng.grid.services._common import GridError, check_phone, check_text


def department_create(
    *, actor: User, name: str, function: str, region: Region | None, phone: str = ""
) -> Department:
    """A unit set up by the dispatching levels (镇街, 区局, 市局) in their region."""
    require(actor, "department.manage")
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
        phone=check_phone(phone, field="phone", label="联系电话"),
    )


def department_users_set(*, actor: User, department: Department, users: list[User]) -> Department:
    """The accounts that handle what is dispatched to the unit: 机构经办人 whose region contains the
    unit's region, so they can see the events in it (the account's region is its data scope)."""
    require(actor, "department.manage")
    with transaction.atomic():
        department = access_scoped(actor, Department, department.pk, lock=True, label="处置单位")
        for user in users:
            if not can(user, "department.handle"):
                raise GridError(f"账号“{user}”不是在用的机构经办人账号", field="users")
            if user.region is None or not department.region.path.startswith(user.region.path):
                raise GridError(f"账号“{user}”的区划不覆盖“{department.name}”的辖区", field="users")
        department.users.set(users)
    return department


def department_set_active(*, actor: User, department: Department, active: bool) -> Department:
    require(actor, "department.manage")
    department = access_scoped(actor, Department, department.pk, label="处置单位")
    department.active = active
    department.save(update_fields=["active"])
    return department
