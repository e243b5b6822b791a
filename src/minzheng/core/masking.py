"""Masking of personal information for display and export (《个人信息保护法》第五十一条: 去标识化).

Each function accepts ``None`` or short values and never returns more of a value than its pattern
keeps; a value too short to mask safely is masked entirely.
"""

from __future__ import annotations

import re


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


# An ID number (18 with its check character, or the old 15 digits) or a mainland mobile number standing on
# its own — not inside a longer code such as a case number "DB460105202500000123".
_ID_18 = r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
_ID_15 = r"[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}"
_MOBILE = r"1[3-9]\d{9}"
_PERSONAL = re.compile(
    rf"(?<![0-9A-Za-z*])(?:(?P<id>{_ID_18}|{_ID_15})|(?P<mobile>{_MOBILE}))(?![0-9A-Za-z*])"
)
# A run of 6 or more digits typed as a search term (a partial ID or phone number).
_QUOTED = re.compile(r"(“)([^”]*)(”)")
_DIGIT_RUN = re.compile(r"(?<![0-9A-Za-z*])\d{6,}[Xx]?(?![0-9A-Za-z*])")


def mask_personal_text(value: str | None) -> str:
    """Mask ID numbers and mobile numbers inside free text (a search term, a file name, a note):
    "人员查询“460104196905310016”" → "人员查询“460104********0016”". Inside “…” quotes — where a search
    term is written — any run of six or more digits is masked too (a partial ID or phone number)."""
    text = value or ""
    text = _PERSONAL.sub(
        lambda m: mask_citizen_id(m.group("id")) if m.group("id") else mask_phone(m.group("mobile")), text
    )
    return _QUOTED.sub(lambda m: m.group(1) + _DIGIT_RUN.sub(_mask_run, m.group(2)) + m.group(3), text)


def _mask_run(match: re.Match[str]) -> str:
    return mask_citizen_id(match.group(0))
