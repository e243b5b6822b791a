"""The platform's one rule for each common value typed by a user: a month, a phone number.

Every form, API schema, import and service uses these (money is ``core.money``, citizen IDs ``core.ids``).
Each raises ``DomainError`` with a Chinese message naming the field.
"""

from __future__ import annotations

import re
from datetime import date

from minzheng.core.errors import DomainError

_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")
# Mainland mobile (11 digits from 1), landline with area code (0xx-xxxxxxxx, optional extension), a local
# 7–8 digit number, or a hotline/service number (95xxx, 12xxx, 400/800 numbers); an optional +86 / 86 prefix.
_PHONE = re.compile(
    r"^(?:\+?86[- ]?)?(?:1\d{10}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|\d{7,8}|1\d{4}|9\d{4,5}|[48]00-?\d{3}-?\d{4})$"
)


def month_parse(text: object, *, field: str = "month", label: str = "月份") -> date:
    """ "2021-03", "2021/3", "2021年3月" → date(2021, 3, 1)."""
    match = _MONTH.match(str(text or ""))
    if not match or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2100:
        raise DomainError(f"{label}格式应为YYYY-MM（如2021-03），实为“{text}”", field=field)
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_label(month: date) -> str:
    return f"{month:%Y年%m月}"


def phone_clean(value: str | None, *, field: str = "phone", label: str = "联系电话") -> str:
    """A phone number as stored: spaces removed, full-width digits converted; "" stays "" (callers decide
    whether the field is required)."""
    text = "".join(str(value or "").split()).translate(_FULL_WIDTH)
    if text and not _PHONE.fullmatch(text):
        raise DomainError(
            f"{label}“{text}”格式不正确：应为11位手机号、带区号的固定电话（如0898-66668888）或服务号码",
            field=field,
        )
    return text


_MOBILE = re.compile(r"1[3-9]\d{9}")


def is_mobile(value: str | None) -> bool:
    """An 11-digit mainland mobile number (what a text message can reach)."""
    return bool(_MOBILE.fullmatch(value or ""))


def mobile_clean(value: str | None, *, field: str = "phone", label: str = "手机号码") -> str:
    """A mobile number as typed → as stored (spaces removed, full-width digits converted); "" stays ""."""
    text = "".join(str(value or "").split()).translate(_FULL_WIDTH)
    if text and not is_mobile(text):
        raise DomainError(f"{label}应为11位数字，以1开头", field=field)
    return text


_FULL_WIDTH = str.maketrans("０１２３４５６７８９＋－", "0123456789+-")
