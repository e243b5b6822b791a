"""The audit log as an auditor reads it: objects by their Chinese names, changes as a table of field
names with choice labels, related rows by name, and ID numbers and phone numbers masked.

Entries store raw values (``before``/``after`` keep what the row held, so a change can be reconstructed);
everything here is presentation, done for one page of entries at a time (one query per related model).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from minzheng.core.masking import mask_citizen_id, mask_personal_text, mask_phone
from minzheng.core.models import AuditEntry

EMPTY = "（空）"

# Keys written by summary entries (bulk work, imports, merges) that are not a field of the object's model.
_KEY_LABELS = {
    "cases": "案件数",
    "timeline_rows": "流程记录数",
    "by_type": "按类型",
    "moved": "迁移的关联记录",
    "other_candidates_closed": "同时关闭的疑似重复",
    "merged_person": "被合并人员编号",
    "merged_id_number": "被合并人员身份证号码",
    "status": "状态",
    "note": "备注",
    "kind": "类型",
    "rows_total": "总行数",
    "rows_written": "写入行数",
    "rows_rejected": "错误行数",
    "count": "数量",
    "total": "合计",
}


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: str
    after: str


@dataclass
class EntryView:
    entry: AuditEntry
    object_label: str
    object_text: str
    detail: str
    actor_text: str
    changes: list[ChangeRow] = field(default_factory=list)
    has_before: bool = False
    has_after: bool = False
    summary: str = ""
    before_header: str = ""
    after_header: str = ""


def _model_of(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def object_type_label(label: str) -> str:
    """ "core.user" → "用户"; a summary type that is no model ("grid.performance") → its app's name."""
    if not label:
        return ""
    model = _model_of(label)
    if model is not None:
        return str(model._meta.verbose_name)
    app_label = label.split(".", 1)[0]
    try:
        return str(apps.get_app_config(app_label).verbose_name)
    except LookupError:
        return ""


def _fields_by_key(model: type[models.Model] | None) -> dict[str, models.Field]:
    if model is None:
        return {}
    result: dict[str, models.Field] = {}
    for f in model._meta.concrete_fields:
        result[f.name] = f
        result[f.attname] = f
    return result


def _sensitive(key: str) -> str:
    key = key.lower()
    if "id_number" in key or "citizen_id" in key or key in {"idcard", "id_card", "sfzh"}:
        return "id"
    if "phone" in key or "mobile" in key or key.endswith("_tel") or key == "tel":
        return "phone"
    if key == "account" or key.endswith("_account") or key.startswith("account_"):
        return "account"
    return ""


def _label(key: str, f: models.Field | None) -> str:
    if f is not None:
        return str(f.verbose_name)
    return _KEY_LABELS.get(key, key)


class _Names:
    """Names of related rows referenced by a page of entries, fetched with one query per model."""

    def __init__(self) -> None:
        self._wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self._names: dict[tuple[type[models.Model], str], str] = {}

    def want(self, f: models.Field | None, value: Any) -> None:
        if f is not None and f.is_relation and f.related_model is not None and value is not None:
            self._wanted[f.related_model].add(value)

    def load(self) -> None:
        for model, ids in self._wanted.items():
            try:
                rows = model._default_manager.in_bulk(list(ids))
            except (ValueError, TypeError):
                continue
            for pk, obj in rows.items():
                self._names[(model, str(pk))] = str(obj)

    def get(self, f: models.Field, value: Any) -> str | None:
        return self._names.get((f.related_model, str(value)))  # type: ignore[arg-type]


def _text(key: str, f: models.Field | None, value: Any, names: _Names) -> str:
    if value is None or value == "":
        return EMPTY
    kind = _sensitive(key) or (_sensitive(f.name) if f is not None else "")
    if kind == "id":
        return mask_citizen_id(str(value))
    if kind == "phone":
        return mask_phone(str(value))
    if kind == "account":
        text = str(value)
        return "*" * (len(text) - 4) + text[-4:] if len(text) > 4 else "*" * len(text)
    if isinstance(value, dict):
        return "；".join(
            f"{_KEY_LABELS.get(str(k), str(k))}：{_text(str(k), None, v, names)}" for k, v in value.items()
        )
    if isinstance(value, list):
        return "、".join(_text(key, None, v, names) for v in value) or EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if f is not None:
        if f.is_relation:
            name = names.get(f, value)
            return mask_personal_text(name) if name else f"编号{value}（已不存在）"
        if f.choices:
            choices = {str(k): str(v) for k, v in f.flatchoices}
            return choices.get(str(value), str(value))
        if isinstance(f, models.DateTimeField):
            moment = parse_datetime(str(value))
            if moment is not None:
                if timezone.is_aware(moment):
                    moment = timezone.localtime(moment)
                return f"{moment:%Y-%m-%d %H:%M:%S}"
        elif isinstance(f, models.DateField):
            day = parse_date(str(value))
            if isinstance(day, date) and not isinstance(day, datetime):
                return f"{day:%Y-%m-%d}"
    return mask_personal_text(str(value))


def _keys(before: Any, after: Any) -> list[str]:
    keys: list[str] = []
    for side in (before, after):
        if isinstance(side, dict):
            keys.extend(k for k in side if k not in keys)
    return keys


def _changes(entry: AuditEntry, fields: dict[str, models.Field], names: _Names) -> list[ChangeRow]:
    before, after = entry.before, entry.after
    if not isinstance(before, dict) and not isinstance(after, dict):
        rows = []
        if before is not None or after is not None:
            rows.append(ChangeRow("内容", _text("", None, before, names), _text("", None, after, names)))
        return rows
    before_d = before if isinstance(before, dict) else {}
    after_d = after if isinstance(after, dict) else {}
    result = []
    for key in _keys(before, after):
        f = fields.get(key)
        result.append(
            ChangeRow(
                _label(key, f),
                _text(key, f, before_d.get(key), names) if key in before_d else "",
                _text(key, f, after_d.get(key), names) if key in after_d else "",
            )
        )
    return result


def _headers(entry: AuditEntry, changes: list[ChangeRow]) -> tuple[str, str, str]:
    """The summary line and the two column headings of an entry's table."""
    if entry.action == AuditEntry.Action.UPDATE and entry.before is not None:
        return f"变更{len(changes)}项", "修改前", "修改后"
    if entry.action == AuditEntry.Action.CREATE:
        return "新增内容", "", "内容"
    if entry.action == AuditEntry.Action.DELETE:
        return "删除前内容", "内容", ""
    return "详情", "之前", "之后" if entry.before is not None else "内容"


def audit_rows(entries: Iterable[AuditEntry]) -> list[EntryView]:
    """One page of entries ready for the template."""
    entries = list(entries)
    names = _Names()
    fields_of: dict[str, dict[str, models.Field]] = {}
    for e in entries:
        fields = fields_of.setdefault(e.object_type, _fields_by_key(_model_of(e.object_type)))
        for side in (e.before, e.after):
            if isinstance(side, dict):
                for key, value in side.items():
                    names.want(fields.get(key), value)
    names.load()
    result = []
    for e in entries:
        changes = _changes(e, fields_of[e.object_type], names)
        summary, before_header, after_header = _headers(e, changes)
        actor = getattr(e, "actor", None) if e.actor_id else None
        display = getattr(actor, "display_name", "") if actor is not None else ""
        result.append(
            EntryView(
                entry=e,
                object_label=object_type_label(e.object_type),
                object_text=mask_personal_text(e.object_repr),
                detail=mask_personal_text(e.detail),
                actor_text=f"{display}（{e.actor_name}）"
                if display and display != e.actor_name
                else e.actor_name,
                changes=changes,
                has_before=e.before is not None,
                has_after=e.after is not None,
                summary=summary,
                before_header=before_header,
                after_header=after_header,
            )
        )
    return result
