"""The official GeoReport v2 JSON Schemas (open311/schema-validation, copied in ``open311_schemas/``) and
a reading of the XML answers into the same structure, typed by the same schemas, so both formats are
validated against them."""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMAS = Path(__file__).parent / "open311_schemas"
# XML containers → (item tag, item schema)
_LISTS = {"services": ("service", "service.json"), "service_requests": ("request", "request.json")}


@cache
def _schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text())


@cache
def _registry() -> Registry:
    return Registry().with_resources(
        (path.name, Resource.opaque(json.loads(path.read_text()))) for path in SCHEMAS.glob("*.json")
    )


def validate(name: str, data: Any) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``data`` satisfies the schema ``name`` (e.g. "services.json").
    Date-times are checked to be ISO 8601 with a time zone, as the spec requires."""
    Draft202012Validator(_schema(name), registry=_registry()).validate(data)
    for item in data if isinstance(data, list) else [data]:
        for key in ("requested_datetime", "updated_datetime", "expected_datetime"):
            if isinstance(item, dict) and item.get(key) is not None:
                assert datetime.fromisoformat(item[key]).tzinfo is not None, f"{key} 缺少时区：{item[key]}"


def _types(prop: dict[str, Any]) -> list[str]:
    if "anyOf" in prop:
        return [t["type"] for t in prop["anyOf"]]
    return [prop.get("type", "string")]


def _typed(element: ET.Element, prop: dict[str, Any]) -> Any:
    types = _types(prop)
    if "array" in types:
        item_schema = prop["items"]
        return [_object(child, item_schema) for child in element]
    text = element.text
    if text is None or text == "":
        return None if "null" in types else ""
    if "boolean" in types:
        return {"true": True, "false": False}[text]
    if "integer" in types:
        return int(text)
    if "number" in types:
        return float(text)
    return text


def _object(element: ET.Element, schema: dict[str, Any]) -> dict[str, Any]:
    props = schema.get("properties", {})
    return {child.tag: _typed(child, props.get(child.tag, {})) for child in element}


def xml_read(body: bytes) -> Any:
    """An XML answer as the JSON structure it stands for (lists, objects, typed values)."""
    root = ET.fromstring(body)
    if root.tag in _LISTS:
        tag, item = _LISTS[root.tag]
        assert all(child.tag == tag for child in root), f"<{root.tag}> 只能包含 <{tag}>"
        return [_object(child, _schema(item)) for child in root]
    if root.tag == "service_definition":
        return _object(root, _schema("service-definition.json"))
    if root.tag == "errors":
        return [{c.tag: (int(c.text) if c.tag == "code" else c.text) for c in error} for error in root]
    raise AssertionError(f"未知的根元素 <{root.tag}>")
