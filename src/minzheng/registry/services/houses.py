"""房屋: houses, always in a grid. Moving a house to another grid moves the management of its occupants."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from minzheng.core.audit import Action, audit_append
from minzheng.core.ids import normalize_code
from minzheng.core.models import Region, User
from minzheng.core.roles import Perm, require
from minzheng.core.scope import access_scoped
from minzheng.registry.models import House, Person
from minzheng.registry.services._common import RegistryError, check_text, region_in_scope

_MAX_AREA = Decimal("999999.99")


def _check_code(code: str, *, exclude_pk: int | None = None) -> str:
    code = normalize_code(check_text(code, field="code", label="房屋编号", max_length=32, required=True))
    qs = House.objects.filter(code=code)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise RegistryError(f"房屋编号{code}已存在", field="code")
    return code


def _check_grid(actor: User, grid: Region | None) -> Region:
    grid = region_in_scope(actor, grid, field="grid", label="所属网格")
    if grid.level != Region.Level.GRID:
        raise RegistryError(f"“{grid.name}”是{grid.get_level_display()}，房屋须属于一个网格", field="grid")
    return grid


def _check_choice(value: str, choices: Any, *, field: str, label: str) -> str:
    if value not in choices.values:
        raise RegistryError(f"{label}“{value}”无效，应为：{'、'.join(choices.labels)}", field=field)
    return value


def _check_area(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        area = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise RegistryError(f"建筑面积“{value}”不是数字", field="area") from exc
    if not Decimal("0") < area <= _MAX_AREA:
        raise RegistryError(f"建筑面积应在0到{_MAX_AREA}平方米之间", field="area")
    return area


def house_create(
    *,
    actor: User,
    code: str,
    address: str,
    grid: Region | None,
    house_type: str = House.Type.APARTMENT,
    use: str = House.Use.OWN,
    area: Any = None,
) -> House:
    """Register a house in a grid the actor covers."""
    require(actor, Perm.EDIT_REGISTRY)
    house = House(
        code=_check_code(code),
        address=check_text(address, field="address", label="地址", max_length=200, required=True),
        grid=_check_grid(actor, grid),
        house_type=_check_choice(house_type, House.Type, field="house_type", label="房屋类型"),
        use=_check_choice(use, House.Use, field="use", label="房屋用途"),
        area=_check_area(area),
    )
    house.save(force_insert=True)
    return house


HOUSE_EDITABLE = frozenset({"code", "address", "grid", "house_type", "use", "area"})


def house_update(*, actor: User, house: House, **changes: Any) -> House:
    """Correct a house. A new grid moves its occupants' management to that grid (one set-based UPDATE,
    audited as one entry)."""
    require(actor, Perm.EDIT_REGISTRY)
    unknown = sorted(set(changes) - HOUSE_EDITABLE)
    if unknown:
        raise RegistryError(f"字段“{unknown[0]}”不能在此修改", field=unknown[0])
    with transaction.atomic():
        house = access_scoped(actor, House, house.pk, lock=True, label="房屋")
        values = _house_values(actor, house, changes)
        changed = [f for f, v in values.items() if getattr(house, f) != v]
        for field in changed:
            setattr(house, field, values[field])
        if changed:
            house.save(update_fields=[*changed, "updated_at"])
        if "grid" in changed:
            moved = Person.objects.filter(residence_house=house).update(region=house.grid)
            if moved:
                audit_append(
                    action=Action.BULK,
                    obj=house,
                    actor=actor,
                    detail=f"房屋改属{house.grid.name}，{moved}名居住人员的管理网格随之变更",
                )
    return house


def _house_values(actor: User, house: House, changes: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "code" in changes and changes["code"] != house.code:
        values["code"] = _check_code(changes["code"], exclude_pk=house.pk)
    if "address" in changes:
        values["address"] = check_text(
            changes["address"], field="address", label="地址", max_length=200, required=True
        )
    if "grid" in changes:
        values["grid"] = _check_grid(actor, changes["grid"])
    if "house_type" in changes:
        values["house_type"] = _check_choice(
            changes["house_type"], House.Type, field="house_type", label="房屋类型"
        )
    if "use" in changes:
        values["use"] = _check_choice(changes["use"], House.Use, field="use", label="房屋用途")
    if "area" in changes:
        values["area"] = _check_area(changes["area"])
    return values
