"""The rules of grid event handling, each with its source (domain.md §9 and §13).

Time limits that no published Haikou source fixes are marked [U] and kept here as named constants, in
one place; the per-category handling limits are data (``EventCategory.deadline_*``), edited by the city.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from minzheng.casework.types import Deadline
from minzheng.core.errors import DomainError

# 受理立案: an event reported by a grid worker or the hotline is accepted (立案) or voided within this
# time. [U] — practice in digital city management is "立即/当日"; 2 working hours is our choice.
FILING_DEADLINE = Deadline(work_hours=2)
# 任务派遣: a filed event is dispatched to a unit within this time. [U] (same reasoning)
DISPATCH_DEADLINE = Deadline(work_hours=2)
# 核查结案: the reporting grid verifies the feedback within one working day. [U]
VERIFY_DEADLINE = Deadline(workdays=1)
# 回访评价: the satisfaction callback by phone "the day after closing". [L] 12345 rules of one bureau,
# domain.md §13 (http://fsou.com/html/text/lar/172733/17273310_2.html)
CALLBACK_DEADLINE = Deadline(workdays=1)
# An event is shown as 临期 (deadline approaching) this many hours before its step deadline. [U]
DUE_SOON_HOURS = 4

# 满意度 as a score for averaging (satisfied 100, basic 60, dissatisfied 0). [U] — GB/T 33357 (热线服务
# 评价) grades satisfaction but the weights of the grades are our choice.
SATISFACTION_SCORES = {"satisfied": 100, "basic": 60, "dissatisfied": 0}


def category_deadline(*, amount: int, unit: str) -> Deadline:
    """The handling time limit of a category (处置时限): working hours (12345 practice: emergencies the
    same day) or working days (complaints ≤ 13 working days), domain.md §13 [L]."""
    if amount <= 0:
        raise ValueError("处置时限须为正数")
    return Deadline(work_hours=amount) if unit == "work_hours" else Deadline(workdays=amount)


def close_due(handle_due_at: datetime) -> datetime:
    """结案时限: the first handling deadline plus the verification allowance. 按期结案 means closed by it."""
    return VERIFY_DEADLINE.due_from(handle_due_at)


# --- Open311 service attributes (GeoReport v2 service definitions) ------------------------------------

ATTRIBUTE_DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
_ATTRIBUTE_CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class AttributeValueError(DomainError):
    """A bad attribute definition or value; ``message`` is Chinese, ``field`` the attribute's code."""


def check_attribute_definitions(attributes: Any) -> list[dict[str, Any]]:
    """Validate a category's attribute list against GeoReport v2's service definition
    (https://wiki.open311.org/GeoReport_v2#GET_Service_Definition): each has a unique ``code``, a
    ``datatype`` of the six allowed, ``required`` and ``variable`` flags, and list types have values."""
    if not isinstance(attributes, list):
        raise AttributeValueError("附加字段须为列表")
    seen: set[str] = set()
    out = []
    for order, item in enumerate(attributes, start=1):
        code = str(item.get("code", "")) if isinstance(item, dict) else ""
        if not _ATTRIBUTE_CODE.match(code) or code in seen:
            raise AttributeValueError(f"第{order}个附加字段的代码“{code}”无效或重复", field=code)
        seen.add(code)
        datatype = item.get("datatype")
        if datatype not in ATTRIBUTE_DATATYPES:
            raise AttributeValueError(f"附加字段“{code}”的类型“{datatype}”无效", field=code)
        values = item.get("values") or []
        if datatype.endswith("valuelist") and not values:
            raise AttributeValueError(f"附加字段“{code}”为选项类型，须列出选项", field=code)
        out.append(
            {
                "variable": bool(item.get("variable", True)),
                "code": code,
                "datatype": datatype,
                "required": bool(item.get("required", False)),
                "datatype_description": item.get("datatype_description") or None,
                "order": int(item.get("order", order)),
                "description": str(item.get("description", "")),
                "values": [{"key": str(v["key"]), "name": str(v["name"])} for v in values],
            }
        )
    return out


def check_attribute_values(definitions: list[dict[str, Any]], given: dict[str, Any]) -> dict[str, Any]:
    """The values a request gave for ``attribute[CODE]``: required ones present, list values among the
    keys, numbers numeric. Unknown codes are ignored (clients may send more than a service asks)."""
    out: dict[str, Any] = {}
    for definition in definitions:
        if not definition.get("variable", True):
            continue
        code = definition["code"]
        label = definition.get("description") or code
        raw = given.get(code)
        values = [v for v in (raw if isinstance(raw, list) else [raw]) if v not in (None, "")]
        if not values:
            if definition.get("required"):
                raise AttributeValueError(f"请填写“{label}”（必填）", field=code)
            continue
        keys = {v["key"] for v in definition.get("values", [])}
        datatype = definition["datatype"]
        if datatype.endswith("valuelist") and any(str(v) not in keys for v in values):
            raise AttributeValueError(f"“{label}”的取值不在可选项中", field=code)
        if datatype == "number":
            try:
                float(values[0])
            except (TypeError, ValueError):
                raise AttributeValueError(f"“{label}”须为数字", field=code) from None
        out[code] = [str(v) for v in values] if datatype == "multivaluelist" else str(values[0])
    return out
