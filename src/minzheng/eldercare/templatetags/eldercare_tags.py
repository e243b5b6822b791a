from django import template

from minzheng.core.money import format_yuan

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """分 → "1,234.50 元"."""
    return "—" if fen is None else format_yuan(int(fen))


@register.filter
def get_item(mapping: object, key: str) -> object:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
