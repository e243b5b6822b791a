from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from minzheng.core.calendar import entered_days
from minzheng.core.workdays import (
    CalendarOutOfRangeError,
    add_work_hours,
    add_workdays,
    calendar_is_provisional,
    calendar_loader_set,
    is_workday,
    workdays_between,
)

# 2026 春节 (国务院办公厅 2026 notice, as encoded in chinese_calendar 1.11): off 2026-02-15 (Sun) to
# 2026-02-23 (Mon); make-up working Saturdays 2026-02-14 and 2026-02-28.


def test_2026_spring_festival_calendar():
    assert is_workday(date(2026, 2, 14))  # Saturday, 调休上班
    assert not is_workday(date(2026, 2, 15))
    assert not is_workday(date(2026, 2, 23))  # Monday, still holiday
    assert is_workday(date(2026, 2, 24))
    assert is_workday(date(2026, 2, 28))  # Saturday, 调休上班
    assert not is_workday(date(2026, 3, 1))  # ordinary Sunday


def test_deadline_across_2026_spring_festival():
    # given Thursday 2026-02-12 / when counting 5 working days
    # then 02-13 (1), Sat 02-14 (2), 02-24 (3), 02-25 (4), 02-26 (5)
    assert add_workdays(date(2026, 2, 12), 5) == date(2026, 2, 26)


def test_day_one_is_the_first_working_day_after_start():
    assert add_workdays(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert add_workdays(date(2026, 2, 14), 1) == date(2026, 2, 24)


def test_zero_days_returns_start():
    assert add_workdays(date(2026, 2, 15), 0) == date(2026, 2, 15)


def test_negative_days_are_rejected():
    with pytest.raises(ValueError):
        add_workdays(date(2026, 2, 15), -1)


def test_adjusted_working_sunday_2020():
    # given Friday 2020-01-17 / then Sunday 2020-01-19 (调休上班) is the next working day
    assert add_workdays(date(2020, 1, 17), 1) == date(2020, 1, 19)
    # and the holiday extended to 2020-02-02 (国办发明电〔2020〕1号) puts the next after 01-23 on 02-03
    assert add_workdays(date(2020, 1, 23), 1) == date(2020, 2, 3)


def test_adjusted_working_sunday_2021():
    assert add_workdays(date(2021, 2, 5), 1) == date(2021, 2, 7)  # Sunday, 调休上班
    assert add_workdays(date(2021, 2, 10), 1) == date(2021, 2, 18)  # after 02-11..02-17


def test_workdays_between_is_half_open():
    # (2026-02-13, 2026-02-28]: 02-14, 02-24..02-27, 02-28
    assert workdays_between(date(2026, 2, 13), date(2026, 2, 28)) == 6
    assert workdays_between(date(2026, 2, 28), date(2026, 2, 13)) == -6
    assert workdays_between(date(2026, 2, 15), date(2026, 2, 15)) == 0


def test_workdays_between_inverts_add_workdays():
    start = date(2026, 1, 30)
    for n in (0, 1, 7, 20):
        assert workdays_between(start, add_workdays(start, n)) == n


def test_year_before_the_calendar_raises_chinese_error():
    with pytest.raises(CalendarOutOfRangeError) as excinfo:
        is_workday(date(2003, 12, 31))
    assert excinfo.value.reason == "节假日数据不包含2003年（最早为2004年）"


def test_year_beyond_the_package_is_provisional_weekdays_without_fixed_holidays():
    # given chinese_calendar 1.11, which ends with 2026, and no days entered for 2027
    calendar_loader_set(lambda year: {})
    try:
        assert calendar_is_provisional(2027)
        # then 元旦 and 国庆 (fixed dates, 放假办法 art. 2) are off, weekends are off, other weekdays work
        assert add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)  # 1-1 Fri holiday, 1-2/1-3 weekend
        assert not is_workday(date(2027, 10, 1)) and is_workday(date(2027, 10, 4))
    finally:
        calendar_loader_set(entered_days)


def test_entered_notice_days_decide_for_a_later_year():
    # given the administrator entered 2027-02-06 (Sat) as a 调休 working day and 2027-02-08 as a holiday
    calendar_loader_set(
        lambda year: {date(2027, 2, 6): True, date(2027, 2, 8): False} if year == 2027 else {}
    )
    try:
        assert not calendar_is_provisional(2027)
        assert is_workday(date(2027, 2, 6)) and not is_workday(date(2027, 2, 8))
    finally:
        calendar_loader_set(entered_days)


def test_work_hours_carry_over_the_make_up_saturday():
    # given Friday 16:30 before the festival / when adding 2 working hours
    # then 1 hour on Friday, 1 hour on the make-up Saturday
    assert add_work_hours(datetime(2026, 2, 13, 16, 30), 2) == datetime(2026, 2, 14, 9, 30)


def test_work_hours_skip_the_holiday():
    assert add_work_hours(datetime(2026, 2, 14, 17, 0), 1) == datetime(2026, 2, 24, 9, 0)


def test_work_hours_start_outside_working_time():
    assert add_work_hours(datetime(2026, 3, 2, 7, 0), 1) == datetime(2026, 3, 2, 9, 30)
    assert add_work_hours(datetime(2026, 3, 1, 10, 0), 1) == datetime(2026, 3, 2, 9, 30)  # Sunday
    assert add_work_hours(datetime(2026, 3, 2, 18, 0), 1) == datetime(2026, 3, 3, 9, 30)


def test_work_hours_may_end_at_closing_time():
    assert add_work_hours(datetime(2026, 3, 2, 16, 30), 1) == datetime(2026, 3, 2, 17, 30)


def test_work_hours_keep_timezone_and_custom_day():
    shanghai = ZoneInfo("Asia/Shanghai")
    start = datetime(2026, 3, 2, 11, 0, tzinfo=shanghai)
    result = add_work_hours(start, 2, day_start=time(9, 0), day_end=time(12, 0))
    assert result == datetime(2026, 3, 3, 10, 0, tzinfo=shanghai)


@pytest.mark.django_db
def test_days_entered_in_the_admin_table_are_used():
    from minzheng.core.models import CalendarDay

    CalendarDay.objects.create(day=date(2027, 2, 8), is_workday=False, name="春节")
    assert not is_workday(date(2027, 2, 8))
    CalendarDay.objects.filter(day=date(2027, 2, 8)).delete()
    CalendarDay.objects.create(day=date(2027, 2, 9), is_workday=False, name="春节")  # save resets the cache
    assert is_workday(date(2027, 2, 8)) and not is_workday(date(2027, 2, 9))
