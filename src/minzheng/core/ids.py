"""居民身份证号码 (citizen ID numbers), GB 11643-1999《公民身份号码》.

An 18-character number is 6-digit 地址码 + 8-digit 出生日期 (YYYYMMDD) + 3-digit 顺序码 (odd = male,
even = female) + 1 check character (ISO 7064 MOD 11-2). A 15-digit first-generation number (YYMMDD,
century 19, no check character) is converted to the 18-digit form on input; first-generation cards
ceased to be valid on 2013-01-01, so only the 18-digit form is stored.

This is our own implementation rather than ``stdnum.cn.ric``: that library checks the 地址码 against the
division table in force on the birth date, so it rejects genuine numbers whose region was created or
renamed later (e.g. 460105 秀英区 for someone born in 1985) and crashes on retired codes. The 地址码
records where the number was first issued; a code missing from today's table is normal, so we warn and
never reject for it.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

Gender = Literal["M", "F"]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_ALLOWED_CHARS = frozenset("0123456789X")
# GB/T 2260 province-level codes (71 台湾, 81 香港, 82 澳门) plus 83 and 91, which appear on
# 港澳台居民居住证 and 外国人永久居留身份证 numbers.
_PROVINCE_CODES = frozenset(
    ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"]
    + ["41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"]
    + ["71", "81", "82", "83", "91"]
)
_EARLIEST_BIRTH_YEAR = 1900
_CHINA_TZ = ZoneInfo("Asia/Shanghai")

# Full-width ASCII forms (U+FF01–U+FF5E) → ASCII, then a–z → A–Z, in one table.
_TO_ASCII_UPPER = str.maketrans(
    {chr(code): chr(code - 0xFEE0).upper() for code in range(0xFF01, 0xFF5F)}
    | {chr(code): chr(code).upper() for code in range(ord("a"), ord("z") + 1)}
)
# Invisible characters that survive copy-paste from web pages and spreadsheets but are not whitespace.
_INVISIBLE = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff"))


class CitizenIdError(ValueError):
    """An invalid 居民身份证号码; ``reason`` is the Chinese message for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CitizenId:
    """A validated 18-digit 居民身份证号码 and the facts encoded in it (GB 11643-1999)."""

    number: str
    birth_date: date
    gender: Gender
    region_code: str
    warnings: tuple[str, ...] = ()

    def age_on(self, day: date) -> int:
        """Age in completed years on ``day`` (a 29 February birthday counts from 1 March)."""
        had_birthday = (day.month, day.day) >= (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - (0 if had_birthday else 1)


def normalize_code(raw: str) -> str:
    """Strip all whitespace (incl. U+3000 and NBSP) and invisible characters, map full-width forms to
    ASCII and upper-case letters. Shared by citizen IDs and USCC (GB 32100-2015)."""
    return "".join(raw.translate(_INVISIBLE).split()).translate(_TO_ASCII_UPPER)


def normalize_citizen_id(raw: str) -> str:
    """Normalise a typed or pasted 居民身份证号码: no spaces, ASCII digits, upper-case ``X``."""
    return normalize_code(raw)


def citizen_id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character (ISO 7064 MOD 11-2) for the first 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"计算校验码需要17位数字，实为“{first17}”")
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def make_citizen_id(*, region_code: str, birth_date: date, sequence: int) -> str:
    """Build a valid 18-digit number (for synthetic data); ``sequence`` 0–999, odd = male."""
    if len(region_code) != 6 or not region_code.isascii() or not region_code.isdigit():
        raise ValueError(f"地址码应为6位数字，实为“{region_code}”")
    if not 0 <= sequence <= 999:
        raise ValueError(f"顺序码应在0–999之间，实为{sequence}")
    first17 = f"{region_code}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + citizen_id_check_char(first17)


def parse_citizen_id(
    raw: str, *, today: date | None = None, known_regions: Container[str] | None = None
) -> CitizenId:
    """Validate a 居民身份证号码 (GB 11643-1999) and return its parts.

    Accepts a 15-digit legacy number by converting it (with a warning). Rejects bad length or
    characters, an unknown province, an impossible, future or pre-1900 birth date, and a wrong check
    character. A 地址码 absent from ``known_regions`` only adds a warning.
    """
    number = normalize_citizen_id(raw)
    warnings: list[str] = []
    _check_shape(number)
    if len(number) == 15:
        legacy = number
        number = _convert_legacy(legacy)
        warnings.append(f"15位旧身份证号码已转换为18位：{legacy} → {number}")
    if number[:2] not in _PROVINCE_CODES:
        raise CitizenIdError(f"地址码格式错误：“{number[:2]}”不是有效的省级代码")
    birth_date = _birth_date(number[6:14], today=today or datetime.now(_CHINA_TZ).date())
    expected = citizen_id_check_char(number[:17])
    if number[17] != expected:
        raise CitizenIdError(f"校验码错误：应为{expected}，实为{number[17]}")
    region_code = number[:6]
    if known_regions is not None and region_code not in known_regions:
        warnings.append(f"地址码{region_code}不在当前行政区划表中（可能为历史代码），已接受")
    gender: Gender = "M" if int(number[16]) % 2 == 1 else "F"
    return CitizenId(
        number=number,
        birth_date=birth_date,
        gender=gender,
        region_code=region_code,
        warnings=tuple(warnings),
    )


def is_valid_citizen_id(raw: str) -> bool:
    """True when ``raw`` parses as a 居民身份证号码 (warnings allowed)."""
    try:
        parse_citizen_id(raw)
    except CitizenIdError:
        return False
    return True


def _check_shape(number: str) -> None:
    if not number:
        raise CitizenIdError("请输入身份证号码")
    illegal = next((char for char in number if char not in _ALLOWED_CHARS), None)
    if illegal is not None:
        raise CitizenIdError(f"含有非法字符“{illegal}”")
    if len(number) not in (15, 18):
        raise CitizenIdError(f"长度应为18位（或15位旧号码），实为{len(number)}位")
    if "X" in number[:17] or (len(number) == 15 and "X" in number):
        raise CitizenIdError("X只能出现在18位号码的最后一位")


def _convert_legacy(number: str) -> str:
    first17 = number[:6] + "19" + number[6:]
    return first17 + citizen_id_check_char(first17)


def _birth_date(digits: str, *, today: date) -> date:
    try:
        birth_date = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise CitizenIdError(f"出生日期不存在：{digits}") from None
    if birth_date > today:
        raise CitizenIdError("出生日期晚于今天")
    if birth_date.year < _EARLIEST_BIRTH_YEAR:
        raise CitizenIdError("出生日期早于1900年")
    return birth_date
