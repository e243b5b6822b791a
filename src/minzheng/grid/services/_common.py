"""What every grid write shares: the error type and small checks."""

from __future__ import annotations

from datetime import date
from typing import Any

from minzheng.casework.errors import CaseError
from minzheng.core.errors import DomainError
from minzheng.core.inputs import text_refusal
from minzheng.core.values import phone_clean


class GridError(CaseError):
    """A grid write refused for a reason the user can fix: ``message`` in Chinese, ``field`` the input
    (English, as in the forms, the API and Open311; "" for the record as a whole).

    A subclass of the casework engine's ``CaseError``, so a refusal raised inside a transition reaches the
    caller of ``case_transition`` the same way as the engine's own."""


def day_label(day: date) -> str:
    """A date in a refusal, as a clerk writes it: 2026年3月2日."""
    return f"{day.year}年{day.month}月{day.day}日"


def check_text(value: Any, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise GridError(f"请填写{label}", field=field)
    if len(text) > max_length:
        raise GridError(f"{label}不能超过{max_length}个字（现有{len(text)}个）", field=field)
    refused = text_refusal(text, label=label, multiline=True)  # core.inputs: control and bidi characters
    if refused is not None:
        raise GridError(refused, field=field)
    return text


def check_phone(value: Any, *, field: str, label: str, max_length: int = 20) -> str:
    """A phone number by the platform's one rule (``core.values.phone_clean``); "" when not given."""
    try:
        text = phone_clean(value, field=field, label=label)
    except DomainError as exc:
        raise GridError(exc.message, field=exc.field) from None
    if len(text) > max_length:
        raise GridError(f"{label}“{text}”过长（最多{max_length}位）", field=field)
    return text
