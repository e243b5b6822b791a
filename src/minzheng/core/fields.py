"""Form fields shared by every app: money in 元 (cleaned to integer 分), month, phone, citizen ID.

One rule each (``core.money``, ``core.values``, ``core.ids``); a wrong value is a Chinese form error.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from minzheng.core.errors import DomainError
from minzheng.core.ids import CitizenIdError, parse_citizen_id
from minzheng.core.money import yuan_to_fen
from minzheng.core.values import month_parse, phone_clean


class YuanField(forms.CharField):
    """An amount typed in 元 ("1,234.50", "¥12", full-width digits), cleaned to integer 分 (never float).
    Negative amounts are refused; ``allow_zero=False`` refuses 0 too."""

    def __init__(self, *args: Any, allow_zero: bool = True, **kwargs: Any) -> None:
        self.allow_zero = allow_zero
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0.00"}))
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> int | None:
        text = super().clean(value)
        if text in (None, ""):
            return None
        try:
            fen = yuan_to_fen(text)
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(f"金额格式错误：{exc}") from None
        if fen < 0:
            raise forms.ValidationError("金额不能为负数")
        if fen == 0 and not self.allow_zero:
            raise forms.ValidationError("金额须大于0")
        return fen


class MonthField(forms.CharField):
    """A month typed as "2021-03" or "2021年3月", cleaned to the first day of that month."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "month", "placeholder": "2021-03"}))
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> date | None:
        text = super().clean(value)
        if text in (None, ""):
            return None
        try:
            return month_parse(text, label=str(self.label or "月份"))
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None


class PhoneField(forms.CharField):
    """A phone number by the platform's one rule (``core.values.phone_clean``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        try:
            return phone_clean(text, label=str(self.label or "联系电话"))
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None


class CitizenIdField(forms.CharField):
    """A 居民身份证号码 checked by GB 11643 (format, real birth date, check character); cleaned to 18
    characters (a 15-digit legacy number is converted)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", "身份证号码")
        kwargs.setdefault("max_length", 18)
        kwargs.setdefault("min_length", 15)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return text
        try:
            return parse_citizen_id(text).number
        except CitizenIdError as exc:
            raise forms.ValidationError(f"{self.label}不正确：{exc}") from None
