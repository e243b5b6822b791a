"""Filters of the ledger's pages that core's ``{% load minzheng %}`` does not have: masked bank accounts and
category labels (money, months and masked names come from core)."""

from __future__ import annotations

from django import template

from minzheng.benefits.programs import category_label as _category_label

register = template.Library()


@register.filter
def masked_account(value: str | None) -> str:
    """Bank accounts keep the last 4 digits: "6228480000000001234" → "****1234"."""
    text = "".join((value or "").split())
    return "" if not text else ("*" * 4 + text[-4:] if len(text) > 4 else "*" * len(text))


@register.filter
def category_label(code: str | None) -> str:
    """A standard's or enrollment's category code as a clerk reads it: "full_care" → "特困：全护理"."""
    return _category_label(code or "")
