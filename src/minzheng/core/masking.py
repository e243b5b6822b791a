"""Masking of personal information for display and export (《个人信息保护法》第五十一条: 去标识化).

Each function accepts ``None`` or short values and never returns more of a value than its pattern
keeps; a value too short to mask safely is masked entirely.
"""

from __future__ import annotations


def mask_citizen_id(value: str | None) -> str:
    """Keep the 地址码 (first 6) and last 4: "460105199001011234" → "460105********1234"."""
    text = _clean(value)
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def mask_phone(value: str | None) -> str:
    """Mobile numbers keep first 3 and last 4 ("13812345678" → "138****5678"); shorter ones the last 4."""
    text = _clean(value)
    if len(text) >= 11:
        return text[:3] + "*" * (len(text) - 7) + text[-4:]
    if len(text) > 4:
        return "*" * (len(text) - 4) + text[-4:]
    return "*" * len(text)


def mask_name(value: str | None) -> str:
    """Keep the surname and, for three or more characters, the last: "张三丰" → "张*丰", "张三" → "张*"."""
    text = (value or "").strip()
    if len(text) <= 1:
        return "*" * len(text)
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


def _clean(value: str | None) -> str:
    return "".join((value or "").split())
