"""The period rules (DHIS2's period types; timeliness as days after the period's end) and value checking."""

from datetime import date
from decimal import Decimal

import pytest

from minzheng.datasets import rules
from minzheng.datasets.rules import PeriodType, ValueType


def test_periods_of_each_type_start_end_and_read_as_a_clerk_writes_them():
    assert rules.period_start(PeriodType.MONTHLY, date(2020, 3, 17)) == date(2020, 3, 1)
    assert rules.period_end(PeriodType.MONTHLY, date(2020, 2, 1)) == date(2020, 2, 29)
    assert rules.period_start(PeriodType.QUARTERLY, date(2020, 5, 5)) == date(2020, 4, 1)
    assert rules.period_end(PeriodType.QUARTERLY, date(2020, 4, 1)) == date(2020, 6, 30)
    assert rules.period_end(PeriodType.YEARLY, date(2020, 1, 1)) == date(2020, 12, 31)
    assert rules.period_label(PeriodType.QUARTERLY, date(2020, 10, 1)) == "2020年第4季度"
    assert rules.period_label(PeriodType.MONTHLY, date(2020, 3, 1)) == "2020年3月"
    assert rules.periods_between(PeriodType.QUARTERLY, date(2020, 1, 1), date(2020, 12, 31)) == [
        date(2020, 1, 1), date(2020, 4, 1), date(2020, 7, 1), date(2020, 10, 1),
    ]  # fmt: skip


def test_a_report_is_on_time_up_to_the_timely_days_after_the_period_ends():
    # given March 2020 with 10 timely days: the deadline is 10 April
    assert rules.deadline(PeriodType.MONTHLY, date(2020, 3, 1), 10) == date(2020, 4, 10)
    assert rules.is_on_time(PeriodType.MONTHLY, date(2020, 3, 1), 10, date(2020, 4, 10))
    assert not rules.is_on_time(PeriodType.MONTHLY, date(2020, 3, 1), 10, date(2020, 4, 11))


def test_values_are_checked_naming_the_element():
    assert rules.value_parse("１２", value_type=ValueType.INTEGER, label="场次") == Decimal(12)
    assert rules.value_parse("1,200.5", value_type=ValueType.DECIMAL, label="经费") == Decimal("1200.50")
    with pytest.raises(ValueError, match="“场次”应为整数"):
        rules.value_parse("3.5", value_type=ValueType.INTEGER, label="场次")
    with pytest.raises(ValueError, match="“场次”不能为负数"):
        rules.value_parse("-1", value_type=ValueType.INTEGER, label="场次")
    with pytest.raises(ValueError, match="“经费”应填写数字"):
        rules.value_parse("三", value_type=ValueType.DECIMAL, label="经费")
    with pytest.raises(ValueError, match="最多保留两位小数"):
        rules.value_parse("1.234", value_type=ValueType.DECIMAL, label="经费")
