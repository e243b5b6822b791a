from decimal import Decimal

import pytest

from minzheng.core.money import (
    fen_to_yuan,
    format_wan,
    format_wan_yuan,
    format_yuan,
    round_fen_to_yuan,
    yuan_to_fen,
)


@pytest.mark.parametrize(
    ("value", "fen"),
    [
        (12, 1200),
        (Decimal("0.01"), 1),
        (Decimal("1.500"), 150),  # trailing zero is still exact
        ("1,234.50", 123450),
        ("¥12", 1200),
        ("￥12元", 1200),
        ("１，２３４．５", 123450),
        (" 710 ", 71000),
        ("-3.20", -320),
    ],
)
def test_yuan_to_fen_accepts(value, fen):
    assert yuan_to_fen(value) == fen


def test_float_is_rejected():
    # given a float / when converting / then TypeError, never a silent rounding
    with pytest.raises(TypeError, match="float"):
        yuan_to_fen(0.1)  # type: ignore[arg-type]


def test_bool_is_rejected():
    with pytest.raises(TypeError):
        yuan_to_fen(True)


@pytest.mark.parametrize("value", ["1.234", Decimal("0.005")])
def test_more_than_two_decimals_is_rejected(value):
    with pytest.raises(ValueError, match="最多保留两位小数"):
        yuan_to_fen(value)


@pytest.mark.parametrize("value", ["", "abc", "1,23", "1.2e3", "1..2", "١٢"])
def test_malformed_strings_are_rejected(value):
    with pytest.raises(ValueError, match="金额"):
        yuan_to_fen(value)


def test_fen_to_yuan_is_exact():
    assert fen_to_yuan(123450) == Decimal("1234.50")
    assert str(fen_to_yuan(5)) == "0.05"


def test_format_yuan():
    assert format_yuan(123450) == "1,234.50 元"
    assert format_yuan(-5) == "-0.05 元"


def test_format_wan_yuan_matches_the_annual_report():
    # given the seed report's totals / when formatting in 万元 / then two decimals
    assert format_wan_yuan(yuan_to_fen(53_840_000)) == "5384.00万元"
    assert format_wan_yuan(yuan_to_fen(3_910_000)) == "391.00万元"
    assert format_wan_yuan(yuan_to_fen(53_838_000)) == "5383.80万元"


def test_format_wan_yuan_rounds_half_up():
    assert format_wan_yuan(yuan_to_fen(50)) == "0.01万元"  # 0.005 万元
    assert format_wan_yuan(yuan_to_fen("49.99")) == "0.00万元"


def test_format_wan_counts():
    assert format_wan(2_386_500) == "238.65万"
    assert format_wan(145_650) == "14.57万"  # 14.565 rounds half up


def test_round_fen_to_yuan():
    assert round_fen_to_yuan(12350) == 12400
    assert round_fen_to_yuan(12349) == 12300
    assert round_fen_to_yuan(-12350) == -12400  # half away from zero
