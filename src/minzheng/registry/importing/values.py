"""Cell values as people type them into spreadsheets, turned into clean values (or a Chinese reason).

Cells come from two readers: CSV gives strings; XLSX (``importing.xlsx``) gives str, float, bool,
date, datetime. Every function here takes either and raises :class:`ValueError` with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from minzheng.core.ids import normalize_code
from minzheng.core.inputs import text_refusal, visible

# Excel's 1900 date system: serial 1 = 1900-01-01, and Excel counts a 29 February 1900 that never was,
# so from serial 61 on the day is 1899-12-30 + serial. Serials before 61 are not plausible in this data.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_SERIAL_MIN = 61
_EXCEL_SERIAL_MAX = 2958465  # 9999-12-31
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_INVISIBLE = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff"))
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PHONE = re.compile(r"^(?:\+?86)?(1\d{10}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|\d{7,8})$")
_AREA_UNITS = ("平方米", "平米", "㎡", "m²", "m2", "M2")


def is_clean(text: str) -> bool:
    """True when a string needs no cleaning (the fast path, most cells): printable — to Python tabs,
    newlines, U+3000, NBSP and zero-width characters are not — and no leading, trailing or doubled
    spaces."""
    return text.isprintable() and not text.startswith(" ") and not text.endswith(" ") and "  " not in text


def cells_refusal(cells: list[Any], header: list[Any]) -> tuple[str, str, str] | None:
    """The first text cell of a row that the input boundary refuses (core.inputs: control characters
    other than tab and line breaks, which :func:`cell_text` turns into spaces; bidi overrides and
    isolates; lone surrogates), as (column header, the value made visible, reason) — or None. A row of
    printable text, nearly every row, is passed with one join and one scan."""
    try:
        if "".join(cells).isprintable():
            return None
    except TypeError:  # XLSX numbers and dates beside the text
        pass
    for index, cell in enumerate(cells):
        if type(cell) is str and not cell.isprintable():
            label = cell_text(header[index]) if index < len(header) else f"第{index + 1}列"
            reason = text_refusal(cell, label=label, multiline=True)
            if reason is not None:
                return label, visible(cell), reason
    return None


def cell_text(value: Any) -> str:
    """Any cell as text: surrounding and repeated spaces (incl. full-width U+3000) removed, invisible
    characters dropped; whole numbers from XLSX lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, str):
        if is_clean(value):
            return value
        text = value
    elif isinstance(value, bool):
        text = "是" if value else "否"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = (
            value.strftime("%Y-%m-%d %H:%M:%S")
            if value.time() != datetime.min.time()
            else f"{value:%Y-%m-%d}"
        )
    elif isinstance(value, date):
        text = f"{value:%Y-%m-%d}"
    else:
        text = str(value)
    return " ".join(text.translate(_INVISIBLE).split())


def cell_code(value: Any) -> str:
    """A code (ID number, region code, house number): no spaces at all, full-width digits and letters
    made ASCII, letters upper-case."""
    if type(value) is str and value.isascii() and value.isalnum():
        return value.upper()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_code(cell_text(value)) if value is not None else ""


def numeric_id_lost_digits(value: Any) -> bool:
    """An ID number that Excel stored as a number keeps only 15 significant digits: the rest is lost."""
    return isinstance(value, float) or (
        isinstance(value, int) and not isinstance(value, bool) and value > 10**16
    )


def person_name(value: Any) -> str:
    """A name: Han-character names lose all inner spaces (spreadsheets pad 张  三 to align with 张三丰);
    other names keep single spaces between words."""
    if type(value) is str and value.isprintable() and " " not in value:
        return value
    text = cell_text(value)
    if _HAN.search(text):
        text = "".join(text.split())
    return text


def parse_date(value: Any) -> date:
    """2020-01-02, 2020/1/2, 2020.1.2, 2020年1月2日, 20200102, an Excel date serial (43832; as text
    only with five digits, so that a bare year such as 1990 is not read as a day in 1905) or a date
    cell from XLSX."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value)
    raw = cell_text(value).translate(_FULLWIDTH)
    compact = raw.replace(" ", "")
    for pattern in _DATE_PATTERNS:
        match = pattern.match(raw) or pattern.match(compact)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise ValueError(f"日期不存在：“{raw}”") from None
    if _TEXT_SERIAL.match(compact):
        return _from_serial(float(compact))
    raise ValueError(f"无法识别的日期“{raw}”，请写成2020-01-02")


_FULLWIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)} | {"／": "/", "－": "-", "．": ".", "：": ":"}
)
_TEXT_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")


def _from_serial(serial: float) -> date:
    if not _EXCEL_SERIAL_MIN <= serial <= _EXCEL_SERIAL_MAX:
        raise ValueError(f"无法识别的日期“{serial:g}”，请写成2020-01-02")
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def parse_gender(value: Any) -> str | None:
    """男/女 (also 男性, M, F); blank → None."""
    text = cell_text(value).upper()
    if not text:
        return None
    if text in {"男", "男性", "M", "MALE", "1"}:
        return "M"
    if text in {"女", "女性", "F", "FEMALE", "2"}:
        return "F"
    raise ValueError(f"性别应填“男”或“女”，实为“{text}”")


def parse_phone(value: Any) -> str:
    """A mobile (11 digits from 1) or a landline (0898-66668888); spaces and full-width digits fixed."""
    if type(value) is str and len(value) == 11 and value.isascii() and value.isdigit() and value[0] == "1":
        return value
    text = normalize_code(cell_text(value)).replace("—", "-").replace("－", "-")
    if not text:
        return ""
    if not _PHONE.match(text):
        raise ValueError(f"联系电话格式错误：“{text}”（应为11位手机号或带区号的固定电话）")
    return text[-11:] if text.startswith(("+86", "86")) and len(text) > 11 else text


def parse_area(value: Any) -> Decimal | None:
    """建筑面积 in ㎡, up to two decimals; "85.5㎡" and "85.5平方米" allowed; blank → None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = repr(value)
    else:
        text = normalize_code(cell_text(value))
        for unit in _AREA_UNITS:
            text = text.removesuffix(unit.upper()).removesuffix(unit)
    if not text:
        return None
    try:
        area = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"建筑面积应为数字（平方米），实为“{text}”") from None
    if not area.is_finite() or area <= 0 or area >= 1_000_000:
        raise ValueError(f"建筑面积应大于0且小于1000000平方米，实为“{text}”")
    return area.quantize(Decimal("0.01"))


def parse_choice(
    value: Any, *, choices: Mapping[str, str], label: str, default: str | None = None
) -> str | None:
    """A Chinese label (or its code) mapped to the stored value; blank → ``default``."""
    text = cell_text(value)
    if not text:
        return default
    found = choices.get(text) or choices.get(text.upper())
    if found is None:
        allowed = "、".join(sorted({k for k in choices if not k.isascii()}, key=list(choices).index))
        raise ValueError(f"{label}“{text}”无法识别，应为：{allowed}")
    return found
