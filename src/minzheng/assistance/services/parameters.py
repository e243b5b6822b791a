"""The local rules' parameters and the CPI table: data the city manager keeps (domain.md "How to treat
unverified amounts"), every change audited (``Audited`` models).

A new value applies from its effective date; it never changes a value already in force before that date,
so a decision taken under the old value can always be recomputed as it was.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction

from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.models import CpiMonth, Parameter
from minzheng.assistance.rules import PARAM_SPECS, PARAMS
from minzheng.core.models import Region, User
from minzheng.core.roles import Perm, require


def _decimal(value: Any, *, label: str) -> Decimal:
    if isinstance(value, float):
        raise AssistanceError(f"{label}不能以浮点数录入")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise AssistanceError(f"{label}须为数字，实为“{value}”") from exc
    if not number.is_finite():
        raise AssistanceError(f"{label}须为数字")
    return number


def parameter_set(
    *,
    actor: User,
    code: str,
    region: Region,
    effective_from: date,
    value: Any,
    source: str = "",
    demo: bool = False,
) -> Parameter:
    """Record a parameter value from ``effective_from`` (the demo values are loaded by
    :func:`parameters_demo_load`)."""
    require(actor, Perm.EDIT_STANDARDS)
    spec = PARAM_SPECS.get(code)
    if spec is None:
        raise AssistanceError(f"未知参数：{code}")
    number = _decimal(value, label=spec.label)
    if number < 0:
        raise AssistanceError(f"{spec.label}不能为负数")
    if region.level not in (Region.Level.CITY, Region.Level.DISTRICT):
        raise AssistanceError("参数按市或区设定")
    try:
        with transaction.atomic():
            return Parameter.objects.create(
                code=code, region=region, effective_from=effective_from, value=number,
                source=(source or spec.source)[:300], demo=demo, created_by=actor,
            )  # fmt: skip
    except IntegrityError as exc:
        raise AssistanceError(
            f"{spec.label}在{region.name}已有{effective_from:%Y-%m-%d}起的数值；如需更正请录入新的起始日期"
        ) from exc


def parameters_demo_load(*, city: Region) -> int:
    """Load the demo values of every parameter (rules.PARAMS, labelled 演示数据), once. Re-runnable."""
    created = 0
    for spec in PARAMS:
        for effective_from, value in spec.demo:
            _, made = Parameter.objects.get_or_create(
                code=spec.code,
                region=city,
                effective_from=effective_from,
                defaults={"value": Decimal(value), "source": spec.source[:300], "demo": True},
            )
            created += made
    return created


def cpi_set(
    *,
    actor: User,
    month: date,
    cpi_yoy: Any,
    food_yoy: Any = None,
    source: str = "",
    demo: bool = False,
) -> CpiMonth:
    """Record (or correct) one month's CPI, y/y in percent. Correcting a month whose subsidy was already
    paid does not change that payment (the payroll run keeps its lines)."""
    require(actor, Perm.EDIT_STANDARDS)
    return _cpi_record(
        created_by=actor, month=month, cpi_yoy=cpi_yoy, food_yoy=food_yoy, source=source, demo=demo
    )


def cpi_load_as_system(*, month: date, cpi_yoy: Any, food_yoy: Any, source: str) -> CpiMonth:
    """A demo month of the CPI table loaded by the seed (no user; marked as demo data)."""
    return _cpi_record(
        created_by=None, month=month, cpi_yoy=cpi_yoy, food_yoy=food_yoy, source=source, demo=True
    )


def _cpi_record(
    *, created_by: User | None, month: date, cpi_yoy: Any, food_yoy: Any, source: str, demo: bool
) -> CpiMonth:
    cpi = _decimal(cpi_yoy, label="CPI同比涨幅")
    food = None if food_yoy in (None, "") else _decimal(food_yoy, label="食品价格同比涨幅")
    for number, label in ((cpi, "CPI同比涨幅"), (food, "食品价格同比涨幅")):
        if number is not None and not Decimal(-50) <= number <= Decimal(100):
            raise AssistanceError(f"{label}应在−50%到100%之间，实为{number}%")
    with transaction.atomic():
        row = CpiMonth.objects.select_for_update().filter(month=month.replace(day=1)).first()
        if row is None:
            return CpiMonth.objects.create(
                month=month.replace(day=1),
                cpi_yoy=cpi,
                food_yoy=food,
                source=source[:200],
                demo=demo,
                created_by=created_by,
            )
        row.cpi_yoy, row.food_yoy, row.source, row.demo = cpi, food, source[:200] or row.source, demo
        row.save(update_fields=["cpi_yoy", "food_yoy", "source", "demo"])
        return row
