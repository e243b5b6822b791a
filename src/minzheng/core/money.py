"""Exact money as integer 分 (fen); 1 元 = 100 分, 1 万元 = 1,000,000 分.

Amounts never pass through float. Rounding is 四舍五入 (``ROUND_HALF_UP``: halves away from zero),
as in the bureau's reports and benefit rules that round to whole 元.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from minzheng.core.ids import normalize_code

_FEN_PER_YUAN = 100
_FEN_PER_WAN_YUAN = 1_000_000
_CENT = Decimal("0.01")
# Optional minus, digits with correctly placed thousands separators or none, up to any decimals.
_AMOUNT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", re.ASCII)


def yuan_to_fen(value: str | int | Decimal) -> int:
    """Convert 元 to 分 exactly.

    Accepts ``int``, ``Decimal`` and strings such as "1,234.50", "¥12", "１２元" (full-width digits).
    Raises ``TypeError`` for float (and bool) and ``ValueError`` for more than two decimals.
    """
    if isinstance(value, bool | float) or not isinstance(value, str | int | Decimal):
        raise TypeError(f"金额须为字符串、整数或Decimal，不能为{type(value).__name__}")
    if isinstance(value, int):
        return value * _FEN_PER_YUAN
    amount = _parse_amount(value) if isinstance(value, str) else value
    if not amount.is_finite():
        raise ValueError(f"金额无效：{value}")
    fen = amount * _FEN_PER_YUAN
    if fen != fen.to_integral_value():
        raise ValueError(f"金额最多保留两位小数（精确到分），实为{value}")
    return int(fen)


def fen_to_yuan(fen: int) -> Decimal:
    """分 → 元 as a ``Decimal`` with two places (123450 → Decimal("1234.50"))."""
    return Decimal(_require_int(fen)).scaleb(-2)


def format_yuan(fen: int) -> str:
    """Format as "1,234.50 元" (thousands separators, two decimals)."""
    return f"{fen_to_yuan(fen):,.2f} 元"


def format_wan_yuan(fen: int) -> str:
    """万元 with two decimals, 四舍五入, as in the bureau's annual report: 53,840,000 元 → "5384.00万元"."""
    wan = (Decimal(_require_int(fen)) / _FEN_PER_WAN_YUAN).quantize(_CENT, rounding=ROUND_HALF_UP)
    return f"{wan}万元"


def format_wan(count: int) -> str:
    """A 人/人次 count in 万 with two decimals, 四舍五入: 2,386,500 → "238.65万"."""
    wan = (Decimal(_require_int(count)) / 10_000).quantize(_CENT, rounding=ROUND_HALF_UP)
    return f"{wan}万"


def round_fen_to_yuan(fen: int) -> int:
    """Round to whole 元 (四舍五入), still in 分: 12350 → 12400, 12349 → 12300."""
    yuan = (Decimal(_require_int(fen)) / _FEN_PER_YUAN).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(yuan) * _FEN_PER_YUAN


def _parse_amount(text: str) -> Decimal:
    cleaned = normalize_code(text).removeprefix("¥").removeprefix("\uffe5").removesuffix("元")
    if not cleaned:
        raise ValueError("金额不能为空")
    if not _AMOUNT.fullmatch(cleaned):
        raise ValueError(f"金额格式错误：“{text}”")
    return Decimal(cleaned.replace(",", ""))


def _require_int(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"分必须是整数，不能为{type(value).__name__}")
    return value
