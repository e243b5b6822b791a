"""Filters of the assistance pages that core's ``{% load minzheng %}`` does not have: program and income
labels, parameter values as plain numbers (money and months come from core)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from minzheng.assistance import rules
from minzheng.assistance.selectors import plain_decimal

register = template.Library()


@register.filter
def program(code: str) -> str:
    return rules.program_label(code)


@register.filter
def income_type(code: str) -> str:
    return rules.INCOME_LABELS.get(code, code)


@register.filter
def plain_number(value: Any) -> str:
    """A parameter's value as typed: 4.0000 → "4", 1.5000 → "1.5", 10 → "10" (never "1E+1")."""
    if value is None or value == "":
        return "—"
    return str(plain_decimal(Decimal(str(value))))
