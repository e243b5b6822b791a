"""Template filters of the assistance pages: money in 分 shown in 元, months as "2021年03月"."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template

from minzheng.assistance import rules
from minzheng.core.money import format_yuan

register = template.Library()


@register.filter
def yuan(fen: Any) -> str:
    """12345 → "123.45 元"; empty for None."""
    if fen is None or fen == "":
        return "—"
    return format_yuan(int(fen))


@register.filter
def month(value: date | None) -> str:
    return f"{value:%Y年%m月}" if value else "—"


@register.filter
def program(code: str) -> str:
    return rules.program_label(code)


@register.filter
def income_type(code: str) -> str:
    return rules.INCOME_LABELS.get(code, code)
