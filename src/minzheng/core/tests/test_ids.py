from datetime import date

import pytest

from minzheng.core.ids import (
    CitizenIdError,
    citizen_id_check_char,
    is_valid_citizen_id,
    make_citizen_id,
    normalize_citizen_id,
    parse_citizen_id,
)

TODAY = date(2026, 1, 1)
HAIKOU_DISTRICTS = {"460105", "460106", "460107", "460108"}


def _reason(raw: str) -> str:
    with pytest.raises(CitizenIdError) as excinfo:
        parse_citizen_id(raw, today=TODAY)
    return excinfo.value.reason


def test_check_char_matches_the_standards_example():
    # given the example from GB 11643-1999 / when computing the check char / then it is X
    assert citizen_id_check_char("11010519491231002") == "X"


def test_valid_id_yields_birth_date_gender_and_region():
    # given a valid number with an even 顺序码 (002)
    # when parsing
    result = parse_citizen_id("11010519491231002X", today=TODAY)
    # then its parts are decoded
    assert result.number == "11010519491231002X"
    assert result.birth_date == date(1949, 12, 31)
    assert result.gender == "F"
    assert result.region_code == "110105"
    assert result.warnings == ()


def test_odd_sequence_is_male():
    assert parse_citizen_id("460106199003070232", today=TODAY).gender == "M"  # 顺序码 023


def test_lower_case_x_is_accepted_and_upper_cased():
    assert parse_citizen_id("46010719750615008x", today=TODAY).number == "46010719750615008X"


def test_full_width_digits_and_stray_spaces_are_normalised():
    # given full-width digits, a full-width X, an ideographic space, NBSP and a tab
    raw = " ４６０１０７\u3000１９７５０６１５\xa0００８Ｘ\t"
    # when normalising and parsing / then the ASCII number comes out
    assert normalize_citizen_id(raw) == "46010719750615008X"
    assert parse_citizen_id(raw, today=TODAY).number == "46010719750615008X"


def test_bad_check_digit_names_expected_and_actual():
    assert _reason("110105194912310025") == "校验码错误：应为X，实为5"


def test_impossible_date_is_rejected():
    assert _reason("460107199902300034") == "出生日期不存在：19990230"


def test_future_birth_date_is_rejected():
    assert _reason("460106203001010024") == "出生日期晚于今天"


def test_birth_date_before_1900_is_rejected():
    assert _reason("460106189912310011") == "出生日期早于1900年"


def test_today_defaults_to_the_real_date():
    # given someone born 2020 / when parsing without today / then it is not "in the future"
    assert parse_citizen_id("460105202001010023").birth_date == date(2020, 1, 1)


@pytest.mark.parametrize(
    ("raw", "length"), [("11010519491231002", 17), ("11010519491231002X1", 19), ("1234", 4)]
)
def test_wrong_length_is_rejected(raw, length):
    assert _reason(raw) == f"长度应为18位（或15位旧号码），实为{length}位"


def test_empty_input_asks_for_a_number():
    assert _reason("  ") == "请输入身份证号码"


def test_illegal_character_is_named():
    assert _reason("1101051949A231002X") == "含有非法字符“A”"
    assert _reason("11010519491231002-") == "含有非法字符“-”"


def test_x_only_allowed_last():
    assert _reason("1101051949123100X2") == "X只能出现在18位号码的最后一位"


def test_invalid_province_code_is_rejected():
    # given 00 as province code and an otherwise correct check char
    assert _reason("000105198501010017") == "地址码格式错误：“00”不是有效的省级代码"


def test_district_created_after_birth_is_accepted():
    # given 460105 秀英区 (created 2002) for someone born 1985; stdnum.cn.ric rejects this
    result = parse_citizen_id("460105198501010012", today=TODAY, known_regions=HAIKOU_DISTRICTS)
    # then accepted with no warning
    assert result.region_code == "460105"
    assert result.warnings == ()


def test_unknown_region_code_warns_but_accepts():
    # given 460199, absent from the current division table
    result = parse_citizen_id("460199199001010125", today=TODAY, known_regions=HAIKOU_DISTRICTS)
    # then accepted with a warning
    assert result.region_code == "460199"
    assert result.warnings == ("地址码460199不在当前行政区划表中（可能为历史代码），已接受",)


def test_legacy_15_digit_number_is_converted():
    # given 130503670401001: insert 19 → 13050319670401001
    # Σ a·W = 1·7 + 3·9 + 0·10 + 5·5 + 0·8 + 3·4 + 1·2 + 9·1 + 6·6 + 7·3 + 0·7 + 4·9 + 0·10 + 1·5
    #         + 0·8 + 0·4 + 1·2 = 182; 182 mod 11 = 6; "10X98765432"[6] = "6"
    result = parse_citizen_id("130503670401001", today=TODAY)
    # then the 18-digit form is returned with a warning
    assert result.number == "130503196704010016"
    assert result.birth_date == date(1967, 4, 1)
    assert result.gender == "M"
    assert result.warnings == ("15位旧身份证号码已转换为18位：130503670401001 → 130503196704010016",)


def test_legacy_number_with_impossible_date_is_rejected():
    assert _reason("130503670231001") == "出生日期不存在：19670231"


def test_make_citizen_id_round_trips():
    # given parts / when building a number / then it parses back to them
    number = make_citizen_id(region_code="460108", birth_date=date(2000, 2, 29), sequence=4)
    assert number == "460108200002290047"
    result = parse_citizen_id(number, today=TODAY)
    assert (result.birth_date, result.gender) == (date(2000, 2, 29), "F")


def test_make_citizen_id_rejects_bad_sequence():
    with pytest.raises(ValueError, match="顺序码"):
        make_citizen_id(region_code="460108", birth_date=date(2000, 1, 1), sequence=1000)


def test_age_on_counts_completed_years():
    person = parse_citizen_id("460108200002290047", today=TODAY)
    assert person.age_on(date(2018, 2, 28)) == 17
    assert person.age_on(date(2018, 3, 1)) == 18


def test_is_valid_citizen_id():
    assert is_valid_citizen_id("11010519491231002X")
    assert not is_valid_citizen_id("110105194912310025")
