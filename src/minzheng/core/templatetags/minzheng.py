"""Template filters every app uses: money, months, dates with the year when it is not this year, masking.

``{% load minzheng %}`` then ``{{ amount_fen|yuan }}``, ``{{ month|month }}``, ``{{ due_at|when }}``.
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone

from minzheng.core.inputs import url_is_http
from minzheng.core.masking import mask_citizen_id, mask_name, mask_phone
from minzheng.core.money import fen_to_yuan, format_wan_yuan, format_yuan
from minzheng.core.values import month_label

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """1234550 → "12,345.50元"; None → "—"."""
    return "—" if fen is None or fen == "" else format_yuan(int(fen))


@register.filter
def yuan_plain(fen: int | None) -> str:
    """1234550 → "12,345.50" (for inputs and tables with the unit in the header)."""
    return "" if fen is None or fen == "" else f"{fen_to_yuan(int(fen)):,.2f}"


@register.filter
def wan_yuan(fen: int | None) -> str:
    return "—" if fen is None else format_wan_yuan(int(fen))


@register.filter
def month(value: date | None) -> str:
    return "—" if value is None else month_label(value)


@register.filter
def count(value: int | None) -> str:
    """Thousands separators: 2386500 → "2,386,500"."""
    return "—" if value is None else f"{int(value):,}"


@register.filter
def when(value: datetime | date | None) -> str:
    """A date or moment as a clerk reads it: "12月10日 10:00" this year, "2020年12月10日 10:00" otherwise."""
    if value is None:
        return "—"
    today = timezone.localdate()
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        day = local.date()
        clock = f" {local:%H:%M}"
    else:
        day, clock = value, ""
    text = f"{day.month}月{day.day}日" if day.year == today.year else f"{day.year}年{day.month}月{day.day}日"
    return text + clock


@register.filter
def masked_name(value: str | None) -> str:
    return mask_name(value)


@register.filter
def masked_id(value: str | None) -> str:
    return mask_citizen_id(value)


@register.filter
def masked_phone(value: str | None) -> str:
    return mask_phone(value)


@register.filter
def http_link(value: str | None) -> bool:
    """May a stored URL be rendered as a link? Only an http(s) one (core.inputs.url_is_http): a
    ``javascript:`` or ``data:`` URL already in the database is shown as text."""
    return url_is_http(value)
