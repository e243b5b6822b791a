"""Connect the working-day calculator to the administrator-entered holiday days (core.CalendarDay)."""

from __future__ import annotations

from datetime import date
from typing import Any

from minzheng.core import workdays


def entered_days(year: int) -> dict[date, bool]:
    from minzheng.core.models import CalendarDay

    return dict(CalendarDay.objects.filter(day__year=year).values_list("day", "is_workday"))


def calendar_changed(**kwargs: Any) -> None:
    workdays.calendar_reset()
