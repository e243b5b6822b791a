"""What the load generator fills in so that its writes are ones the rules accept (no dependencies: imported by
the locustfile and the tests). A failure in ``bench load`` must be the platform's, never a form the generator
left half empty: a category's required attributes are answered, from the report page's attribute fields or from
the GeoReport v2 service definition."""

from __future__ import annotations

import re
from typing import Any

_FORM_SELECT = re.compile(r'<select[^>]*name="(?P<name>[a-z_]+)"[^>]*>(?P<body>.*?)</select>', re.S)
_HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"')
_SELECT = re.compile(r'<select[^>]*name="(attribute\[[^\]]+\])"[^>]*>(.*?)</select>', re.S)
_OPTION = re.compile(r'<option value="([^"]+)"')
_CHECKBOX = re.compile(r'<input type="checkbox" name="(attribute\[[^\]]+\])" value="([^"]+)"')
_TEXTAREA = re.compile(r'<textarea[^>]*name="(attribute\[[^\]]+\])"')
_INPUT = re.compile(r'<input id="[^"]*" name="(attribute\[[^\]]+\])"([^>]*)>')
TEXT = "压力测试"
NUMBER = "1"
DATETIME = "2020-06-01T10:00"


def report_form(html: str) -> tuple[dict[str, str], list[str]]:
    """What the event report page (``/grid/events/new/``) holds before the clerk types: its hidden fields and the
    first grid offered, as (data, the category choices)."""
    choices = {m.group("name"): _OPTION.findall(m.group("body")) for m in _FORM_SELECT.finditer(html)}
    data = {name: value for name, value in _HIDDEN.findall(html) if name != "csrfmiddlewaretoken"}
    if choices.get("grid"):
        data["grid"] = choices["grid"][0]
    return data, choices.get("category", [])


def form_attribute_values(html: str) -> dict[str, str | list[str]]:
    """The answers to a category's attribute fields as the report page renders them
    (``grid/_attributes.html``): a list's first choice, one ticked box, a number, a time or a short text."""
    values: dict[str, str | list[str]] = {}
    for name, body in _SELECT.findall(html):
        options = _OPTION.findall(body)
        if options:
            values[name] = options[0]
    for name, value in _CHECKBOX.findall(html):
        values.setdefault(name, [value])
    for name in _TEXTAREA.findall(html):
        values[name] = TEXT
    for name, attrs in _INPUT.findall(html):
        values[name] = NUMBER if 'type="number"' in attrs else DATETIME if "datetime-local" in attrs else TEXT
    return values


def definition_attribute_values(definition: dict[str, Any]) -> dict[str, str | list[str]]:
    """The answers to a GeoReport v2 service definition's attributes (``attribute[code]``, and
    ``attribute[code][]`` for a multivaluelist, as the specification writes them)."""
    values: dict[str, str | list[str]] = {}
    for attribute in definition.get("attributes") or []:
        if not attribute.get("variable", True):
            continue
        code, datatype = attribute["code"], attribute.get("datatype")
        choices = [v["key"] for v in attribute.get("values") or []]
        if datatype == "singlevaluelist" and choices:
            values[f"attribute[{code}]"] = choices[0]
        elif datatype == "multivaluelist" and choices:
            values[f"attribute[{code}][]"] = [choices[0]]
        elif datatype == "number":
            values[f"attribute[{code}]"] = NUMBER
        elif datatype == "datetime":
            values[f"attribute[{code}]"] = DATETIME
        else:
            values[f"attribute[{code}]"] = TEXT
    return values
