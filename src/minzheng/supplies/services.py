"""Writes of the materials ledger. Keyword-only; refusals are ``SuppliesError`` in Chinese naming the field;
``PermissionDenied`` when the acting user lacks the capability; ``actor=None`` is the system (the seed).

Stock is per item and region. A receipt adds to it; an issue or a transfer takes from it with one conditional
UPDATE that matches no row when the stock is short, so two clerks issuing the last boxes at the same moment
cannot take the stock below zero (SQLite and PostgreSQL alike); the table's CHECK holds the same line."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F

from minzheng.core.audit import Action, audit_append
from minzheng.core.inputs import text_check
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import region_within_scope
from minzheng.registry.models import Person
from minzheng.supplies.errors import SuppliesError
from minzheng.supplies.models import Campaign, Item, Movement, Stock


def _scope_check(actor: User | None, region: Region, what: str, field: str = "region") -> None:
    if actor is not None and not region_within_scope(actor, region):
        raise SuppliesError(f"“{region.name}”不在您的管辖范围内，不能{what}", field=field)


def _text(value: str, field: str, label: str, *, required: bool = True, max_length: int = 100) -> str:
    value = (value or "").strip()
    if required and not value:
        raise SuppliesError(f"请填写{label}", field=field)
    if len(value) > max_length:
        raise SuppliesError(f"{label}不能超过{max_length}字", field=field)
    text_check(value, field=field, label=label)
    return value


def _quantity(quantity: int | None) -> int:
    if not quantity or quantity <= 0:
        raise SuppliesError("数量须大于0", field="quantity")
    return quantity


def item_create(*, actor: User | None, name: str, category: str, unit: str, unit_value_fen: int) -> Item:
    if actor is not None:
        require(actor, "supplies.items")
    if category not in Item.Category.values:
        raise SuppliesError("请选择物资类别", field="category")
    if unit_value_fen is None or unit_value_fen < 0:
        raise SuppliesError("单价不能为负数", field="unit_value_fen")
    name = _text(name, "name", "物资名称")
    if Item.objects.filter(name=name).exists():
        raise SuppliesError(f"物资“{name}”已登记", field="name")
    return Item.objects.create(name=name, category=category, unit=_text(unit, "unit", "计量单位", max_length=10),
                               unit_value_fen=unit_value_fen)  # fmt: skip


def campaign_create(
    *, actor: User | None, name: str, starts_on: date, ends_on: date | None = None
) -> Campaign:
    if actor is not None:
        require(actor, "supplies.items")
    name = _text(name, "name", "专项行动名称")
    if ends_on is not None and ends_on < starts_on:
        raise SuppliesError("结束日期不能早于开始日期", field="ends_on")
    if Campaign.objects.filter(name=name).exists():
        raise SuppliesError(f"专项行动“{name}”已登记", field="name")
    return Campaign.objects.create(name=name, starts_on=starts_on, ends_on=ends_on)


def _add(item: Item, region: Region, quantity: int) -> None:
    stock, _ = Stock.objects.get_or_create(item=item, region=region)
    Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") + quantity)


def _take(item: Item, region: Region, quantity: int) -> None:
    """Take ``quantity`` from the stock, or refuse naming what is left (call inside a transaction)."""
    taken = Stock.objects.filter(item=item, region=region, quantity__gte=quantity).update(
        quantity=F("quantity") - quantity
    )
    if not taken:
        left = Stock.objects.filter(item=item, region=region).values_list("quantity", flat=True).first() or 0
        raise SuppliesError(
            f"{region.name}的{item.name}库存不足：现有{left}{item.unit}，本次{quantity}{item.unit}",
            field="quantity",
        )


def stock_receive(
    *,
    actor: User | None,
    item: Item,
    region: Region,
    quantity: int,
    day: date,
    source: str,
    campaign: Campaign | None = None,
    note: str = "",
) -> Movement:
    """入库: goods received into the stock of ``region`` (bought, donated, allocated by the province)."""
    if actor is not None:
        require(actor, "supplies.receive")
    _scope_check(actor, region, "登记入库")
    quantity = _quantity(quantity)
    source = _text(source, "source", "来源")
    with transaction.atomic():
        _add(item, region, quantity)
        return Movement.objects.create(
            kind=Movement.Kind.RECEIPT, item=item, region=region, campaign=campaign, quantity=quantity,
            value_fen=quantity * item.unit_value_fen, day=day, source=source,
            note=_text(note, "note", "备注", required=False, max_length=200), created_by=actor,
        )  # fmt: skip


def stock_transfer(
    *,
    actor: User | None,
    item: Item,
    source: Region,
    target: Region,
    quantity: int,
    day: date,
    campaign: Campaign | None = None,
) -> tuple[Movement, Movement]:
    """下拨: from the stock of ``source`` to a region below it (市 → 区 → 镇街 → 村居)."""
    if actor is not None:
        require(actor, "supplies.issue")
    _scope_check(actor, source, "下拨物资", field="source")
    if target.pk == source.pk or not target.path.startswith(source.path):
        raise SuppliesError(f"只能下拨到{source.name}的下级区划", field="target")
    quantity = _quantity(quantity)
    value = quantity * item.unit_value_fen
    with transaction.atomic():
        _take(item, source, quantity)
        _add(item, target, quantity)
        common = {"item": item, "campaign": campaign, "quantity": quantity, "value_fen": value, "day": day,
                  "created_by": actor}  # fmt: skip
        out = Movement.objects.create(
            kind=Movement.Kind.TRANSFER_OUT, region=source, counterpart=target, **common
        )
        into = Movement.objects.create(
            kind=Movement.Kind.TRANSFER_IN, region=target, counterpart=source, **common
        )
    return out, into


def stock_issue(
    *,
    actor: User | None,
    item: Item,
    region: Region,
    quantity: int,
    day: date,
    person: Person | None = None,
    unit_name: str = "",
    campaign: Campaign | None = None,
    note: str = "",
) -> Movement:
    """发放 from the stock of ``region`` to a registry person (within the clerk's scope) or to a named unit; never
    more than the stock holds."""
    if actor is not None:
        require(actor, "supplies.issue")
    _scope_check(actor, region, "发放物资")
    quantity = _quantity(quantity)
    if person is not None:
        if unit_name:
            raise SuppliesError("领取人与领取单位只能填写一项", field="unit_name")
        _scope_check(actor, person.region, f"向{person.name}发放物资", field="person")
        recipient = {"recipient_kind": Movement.RecipientKind.PERSON, "person": person}
    else:
        recipient = {"recipient_kind": Movement.RecipientKind.UNIT,
                     "unit_name": _text(unit_name, "unit_name", "领取人或领取单位")}  # fmt: skip
    with transaction.atomic():
        _take(item, region, quantity)
        return Movement.objects.create(
            kind=Movement.Kind.ISSUE, item=item, region=region, campaign=campaign, quantity=quantity,
            value_fen=quantity * item.unit_value_fen, day=day, created_by=actor,
            note=_text(note, "note", "备注", required=False, max_length=200), **recipient,
        )  # fmt: skip


def export_log(*, actor: User, what: str) -> None:
    audit_append(action=Action.EXPORT, object_type=f"supplies.{what}", detail=f"导出{what}", actor=actor)
