"""What every grid write shares: the error type and small checks."""

from __future__ import annotations

from typing import Any

from minzheng.casework.services import CaseError
from minzheng.core.inputs import text_refusal


class GridError(CaseError):
    """A grid write refused for a reason the user can fix. ``field`` names the input (English, as in the
    forms, the API and Open311: "" for the record as a whole); ``message`` says why, in Chinese.

    A subclass of the casework engine's ``CaseError``, so a refusal raised inside a transition reaches the
    caller of ``case_transition`` the same way as the engine's own."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


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
