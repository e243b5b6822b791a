"""The rules, each against its source: 民法典 第一千零四十七条 (ages), 第一千零七十七条 with 第二百零一条、第二百零三条
(the cooling-off and the collection window), 《婚姻登记工作规范》 (certificate 字号)."""

from datetime import date

import pytest

from minzheng.marriage import rules


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2000, 5, 1), date(2022, 4, 30), 21),
        (date(2000, 5, 1), date(2022, 5, 1), 22),  # the birthday completes the year
        (date(2000, 2, 29), date(2022, 2, 27), 21),
        (date(2000, 2, 29), date(2022, 2, 28), 22),  # no 29 February in 2022: the month's last day
        (date(2000, 2, 29), date(2024, 2, 28), 23),
        (date(2000, 2, 29), date(2024, 2, 29), 24),
    ],
)
def test_age_is_counted_in_full_years_on_the_day(born, on, age):
    assert rules.age_on(born, on) == age


def test_a_man_under_22_and_a_woman_under_20_are_refused_naming_the_first_day_they_may_register():
    # given a man born on 29 February 2000 and a woman born 1 March 2002
    # then on 27 February 2022 he is refused, with the day he may register; on 28 February he is of age
    reason = rules.marriage_age_refusal(gender="M", born=date(2000, 2, 29), on=date(2022, 2, 27), name="王")
    assert "不得早于22周岁" in reason and "2022年02月28日" in reason
    assert (
        rules.marriage_age_refusal(gender="M", born=date(2000, 2, 29), on=date(2022, 2, 28), name="王") == ""
    )
    # and she may register on her 20th birthday, not the day before
    assert rules.marriage_age_refusal(gender="F", born=date(2002, 3, 1), on=date(2022, 2, 28), name="李")
    assert rules.marriage_age_refusal(gender="F", born=date(2002, 3, 1), on=date(2022, 3, 1), name="李") == ""


@pytest.mark.parametrize(
    ("received", "cooling_end", "first", "last"),
    [
        # a leap year: 31 January + 30 days is 1 March (a Friday); the window's 30th day, 31 March, is a Sunday
        # and moves to Monday 1 April (第二百零三条)
        (date(2024, 1, 31), date(2024, 3, 1), date(2024, 3, 2), date(2024, 4, 1)),
        # the same day of a common year: 2 March; the window's last day 1 April 2023 (a Saturday) moves to 3 April
        (date(2023, 1, 31), date(2023, 3, 2), date(2023, 3, 3), date(2023, 4, 3)),
        # received on 29 February: the cooling-off's 30th day, 30 March 2024, is a Saturday → Monday 1 April;
        # 30 days later is 1 May, the 劳动节 holiday (1–5 May 2024) → 6 May
        (date(2024, 2, 29), date(2024, 4, 1), date(2024, 4, 2), date(2024, 5, 6)),
        # a month end into a short month: 30 November 2020 + 30 = 30 December (a Wednesday); + 30 = 29 January 2021
        (date(2020, 11, 30), date(2020, 12, 30), date(2020, 12, 31), date(2021, 1, 29)),
    ],
)
def test_the_cooling_off_and_collection_window_are_counted_in_calendar_days_from_the_day_after(
    received, cooling_end, first, last
):
    assert rules.cooling_off_end(received) == cooling_end
    assert rules.collect_window(received) == (first, last)


def test_certificate_numbers_follow_the_documented_format():
    assert rules.certificate_number(kind="marriage", region_code="460106", year=2021, serial=1) == (
        "J460106-2021-000001"
    )
    assert rules.certificate_number(kind="divorce", region_code="460100", year=2020, serial=75) == (
        "L460100-2020-000075"
    )
    assert rules.certificate_number(
        kind="marriage", region_code="460105", year=2021, serial=3, reissue=True
    ) == ("BJ460105-2021-000003")
    assert rules.NUMBER_RE.match("BL460108-2021-000010")
    with pytest.raises(ValueError):
        rules.certificate_number(kind="marriage", region_code="4601", year=2021, serial=1)


def test_public_names_are_masked_after_the_surname():
    assert rules.mask_name("王建国") == "王＊＊" and rules.mask_name("李") == "李"
