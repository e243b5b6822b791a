"""Working-day arithmetic for statutory deadlines (工作日).

Holidays and make-up working days (调休) follow the 国务院办公厅 annual notices on public holidays
(关于…年部分节假日安排的通知), as encoded in ``chinese_calendar``. Version 1.11 holds data for
2004–2026 only. A deadline does not wait for a package upgrade, so for later years:

1. days entered by the administrator from the published notice (``core.CalendarDay``, loaded through
   :func:`calendar_loader_set`) decide first;
2. otherwise Monday–Friday are working days except the fixed-date statutory holidays of
   《全国年节及纪念日放假办法》(2024 revision, art. 2: 元旦 1-1, 劳动节 5-1/5-2, 国庆节 10-1…10-3). The
   lunar holidays (春节, 清明, 端午, 中秋) and 调休 are unknown until the notice is entered, so such a year
   is *provisional* (:func:`calendar_is_provisional`) and pages should say so.

Dates before 2004 raise ``CalendarOutOfRangeError``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import cache

import chinese_calendar

_ONE_DAY = timedelta(days=1)


class CalendarOutOfRangeError(ValueError):
    """The holiday calendar has no data for the year; ``reason`` is the Chinese message."""

    def __init__(self, year: int) -> None:
        self.reason = f"节假日数据不包含{year}年（最早为{_FIRST_COVERED_YEAR}年）"
        super().__init__(self.reason)
        self.year = year


def is_workday(d: date) -> bool:
    """True on a working day: Monday–Friday not a public holiday, or a 调休 working weekend day."""
    return _is_workday(d.date() if isinstance(d, datetime) else d)


def add_workdays(start: date, n: int) -> date:
    """The deadline "n working days from start": day 1 is the first working day after ``start``.

    ``n=0`` returns ``start`` unchanged.
    """
    if n < 0:
        raise ValueError(f"工作日数不能为负数：{n}")
    day = start
    remaining = n
    while remaining:
        day += _ONE_DAY
        remaining -= is_workday(day)
    return day


def workdays_between(start: date, end: date) -> int:
    """Working days in (start, end]; the inverse of ``add_workdays``. Negative when end < start."""
    if end < start:
        return -workdays_between(end, start)
    return sum(is_workday(start + _ONE_DAY * offset) for offset in range(1, (end - start).days + 1))


def add_work_hours(
    start: datetime, hours: int, *, day_start: time = time(8, 30), day_end: time = time(17, 30)
) -> datetime:
    """The moment ``hours`` working hours after ``start`` (12345 hotline SLAs).

    Working time is ``day_start``–``day_end`` on working days (no lunch break is deducted). A start
    outside working time counts from the next opening. Keeps ``start``'s tzinfo.
    """
    if hours < 0:
        raise ValueError(f"工作小时数不能为负数：{hours}")
    if day_start >= day_end:
        raise ValueError("上班时间须早于下班时间")
    current = _next_working_moment(start, day_start=day_start, day_end=day_end)
    remaining = timedelta(hours=hours)
    while True:
        closing = datetime.combine(current.date(), day_end, tzinfo=current.tzinfo)
        if remaining <= closing - current:
            return current + remaining
        remaining -= closing - current
        current = datetime.combine(add_workdays(current.date(), 1), day_start, tzinfo=current.tzinfo)


def _next_working_moment(moment: datetime, *, day_start: time, day_end: time) -> datetime:
    day = moment.date()
    if is_workday(day) and moment.time() < day_end:
        opening = datetime.combine(day, day_start, tzinfo=moment.tzinfo)
        return max(moment, opening)
    return datetime.combine(add_workdays(day, 1), day_start, tzinfo=moment.tzinfo)


_FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}
_FIRST_COVERED_YEAR = 2004
_loader: Callable[[int], dict[date, bool]] | None = None


def calendar_loader_set(loader: Callable[[int], dict[date, bool]] | None) -> None:
    """Install the function that returns the administrator-entered days of a year ({day: is_workday})."""
    global _loader
    _loader = loader
    calendar_reset()


def calendar_reset() -> None:
    """Forget cached answers (after the administrator enters or changes days)."""
    _is_workday.cache_clear()
    _entered.cache_clear()


@cache
def _entered(year: int) -> dict[date, bool]:
    return _loader(year) if _loader is not None else {}


def _covered(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 12, 31))
    except NotImplementedError:
        return False
    return True


def calendar_is_provisional(year: int) -> bool:
    """True when ``year`` is neither in chinese_calendar nor entered by the administrator."""
    return year >= _FIRST_COVERED_YEAR and not _covered(year) and not _entered(year)


@cache
def _is_workday(d: date) -> bool:
    if d.year < _FIRST_COVERED_YEAR:
        raise CalendarOutOfRangeError(d.year)
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        pass
    entered = _entered(d.year)
    if d in entered:
        return entered[d]
    return d.weekday() < 5 and (d.month, d.day) not in _FIXED_HOLIDAYS
