"""Display of money, months and masked payee details on the ledger's pages."""

from __future__ import annotations

from datetime import date

from django import template

from minzheng.benefits.rules import month_label
from minzheng.core.masking import mask_citizen_id, mask_name
from minzheng.core.money import fen_to_yuan, format_wan_yuan, format_yuan

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    return "—" if fen is None else format_yuan(int(fen))


@register.filter
def yuan_plain(fen: int | None) -> str:
    return "" if fen is None else f"{fen_to_yuan(int(fen)):,.2f}"


@register.filter
def wan_yuan(fen: int | None) -> str:
    return "—" if fen is None else format_wan_yuan(int(fen))


@register.filter
def month(value: date | None) -> str:
    return "—" if value is None else month_label(value)


@register.filter
def masked_name(value: str | None) -> str:
    return mask_name(value)


@register.filter
def masked_id(value: str | None) -> str:
    return mask_citizen_id(value)


@register.filter
def masked_account(value: str | None) -> str:
    """Bank accounts keep the last 4 digits: "6228480000000001234" → "****1234"."""
    text = "".join((value or "").split())
    return "" if not text else ("*" * 4 + text[-4:] if len(text) > 4 else "*" * len(text))
