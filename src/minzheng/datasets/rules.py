"""The rules of aggregate reporting, each in one function (DHIS2's data set model: a data set has a period type;
a value is keyed by data element, organisation unit and period; a unit marks a period complete, on time when it
does so within the data set's "days after period end to qualify for timely submission"; a period approved by the
level above is locked against edits until it is unapproved).

Sources: DHIS2 documentation, "Manage data sets and data entry forms" (period type, timely days), "Data approval"
(approval levels, approve / unapprove, approved data locked), "Reporting rate summary" (expected reports, actual
reports, reports on time); 《统计法》第七条 (units report true, accurate and complete figures, on time).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import models


class PeriodType(models.TextChoices):
    MONTHLY = "monthly", "月报"
    QUARTERLY = "quarterly", "季报"
    YEARLY = "yearly", "年报"


class ValueType(models.TextChoices):
    INTEGER = "integer", "非负整数"
    DECIMAL = "decimal", "数值（最多两位小数）"


# the region levels that report, and the level above that approves each (one level up the tree)
REPORT_LEVELS = {"community": "村/社区", "town": "乡镇/街道", "district": "区县"}
APPROVE_LEVEL = {"community": "town", "town": "district", "district": "city"}
LEVEL_LABELS = {"city": "市", "district": "区县", "town": "乡镇/街道", "community": "村/社区"}
_LEVEL_ORDER = ("city", "district", "town", "community")


def level_at_or_above(level: str, other: str) -> bool:
    """Whether a region of ``level`` sits at ``other``'s level or above it (市 above 区县 above 乡镇 above 村居);
    a level off the reporting ladder (a grid) is above nothing."""
    if level not in _LEVEL_ORDER or other not in _LEVEL_ORDER:
        return False
    return _LEVEL_ORDER.index(level) <= _LEVEL_ORDER.index(other)


MAX_VALUE = Decimal("999999999999.99")


def period_start(period_type: str, day: date) -> date:
    """The first day of the period of ``period_type`` that holds ``day``."""
    if period_type == PeriodType.MONTHLY:
        return day.replace(day=1)
    if period_type == PeriodType.QUARTERLY:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, 1, 1)


def period_end(period_type: str, start: date) -> date:
    """The last day of the period that begins on ``start``."""
    if period_type == PeriodType.MONTHLY:
        last_month = start.month
    elif period_type == PeriodType.QUARTERLY:
        last_month = start.month + 2
    else:
        last_month = 12
    return date(start.year, last_month, calendar.monthrange(start.year, last_month)[1])


def period_is_start(period_type: str, day: date) -> bool:
    return period_start(period_type, day) == day


def period_next(period_type: str, start: date) -> date:
    return period_end(period_type, start) + timedelta(days=1)


def period_label(period_type: str, start: date) -> str:
    """How a clerk writes the period: 2020年3月, 2020年第1季度, 2020年."""
    if period_type == PeriodType.MONTHLY:
        return f"{start.year}年{start.month}月"
    if period_type == PeriodType.QUARTERLY:
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    return f"{start.year}年"


def periods_between(period_type: str, first: date, last: date) -> list[date]:
    """The starts of the periods that begin within [first, last]."""
    start = period_start(period_type, first)
    if start < first:
        start = period_next(period_type, start)
    out = []
    while start <= last:
        out.append(start)
        start = period_next(period_type, start)
    return out


def deadline(period_type: str, start: date, timely_days: int) -> date:
    """The last day a period's report counts as on time: ``timely_days`` calendar days after the period ends
    (DHIS2: "days after period end to qualify for timely submission")."""
    return period_end(period_type, start) + timedelta(days=timely_days)


def is_on_time(period_type: str, start: date, timely_days: int, completed_on: date) -> bool:
    return completed_on <= deadline(period_type, start, timely_days)


def value_parse(text: str, *, value_type: str, label: str) -> Decimal:
    """A value typed by the unit, cleaned: digits (full-width too), an integer element takes whole numbers only,
    a decimal element at most two decimals; never negative (a count or a quantity handed out). The message names
    the element."""
    cleaned = (text or "").strip().translate(_FULL_WIDTH).replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"“{label}”应填写数字，填写的是“{text.strip()}”") from None
    if not number.is_finite():
        raise ValueError(f"“{label}”应填写数字，填写的是“{text.strip()}”")
    if number < 0:
        raise ValueError(f"“{label}”不能为负数")
    if value_type == ValueType.INTEGER and number != number.to_integral_value():
        raise ValueError(f"“{label}”应为整数，填写的是“{text.strip()}”")
    if value_type == ValueType.DECIMAL and number != number.quantize(Decimal("0.01")):
        raise ValueError(f"“{label}”最多保留两位小数，填写的是“{text.strip()}”")
    if number > MAX_VALUE:
        raise ValueError(f"“{label}”数值过大")
    return number.quantize(Decimal("1") if value_type == ValueType.INTEGER else Decimal("0.01"))


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
