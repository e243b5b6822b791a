"""Template filters of the eldercare pages only (money, dates and masking are ``{% load minzheng %}``)."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping: object, key: str) -> object:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
