import pytest

from minzheng.core.uscc import UsccError, is_valid_uscc, parse_uscc

# Check characters below were computed independently: weights 3^i mod 31, check = (31 − Σ mod 31) mod 31.


def _reason(raw: str) -> str:
    with pytest.raises(UsccError) as excinfo:
        parse_uscc(raw)
    return excinfo.value.reason


def test_business_code_is_valid_and_split():
    # given the GB 32100 example used in domain.md / when parsing / then its parts are split
    result = parse_uscc("9144030071526726XG")
    assert result.code == "9144030071526726XG"
    assert result.registering_authority == "9"
    assert result.entity_type == "1"
    assert result.region_code == "440300"
    assert result.organization_code == "71526726X"
    assert not result.is_civil_affairs
    assert result.entity_type_label is None


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("51460100MJ00000017", "社会团体"),
        ("52460105MJ0000002F", "民办非企业单位"),
        ("53460000MJ00000032", "基金会"),
    ],
)
def test_civil_affairs_entity_types(code, label):
    result = parse_uscc(code)
    assert result.is_civil_affairs
    assert result.entity_type_label == label


def test_full_width_lower_case_and_spaces_are_normalised():
    # given full-width characters, lower case and an ideographic space
    assert parse_uscc("９１４４０３００\u3000７１５２６７２６ｘｇ").code == "9144030071526726XG"


def test_wrong_length():
    assert _reason("9144030071526726X") == "长度应为18位，实为17位"


def test_letter_in_region_part():
    assert _reason("91A4030071526726XG").startswith("第3位“A”应为数字")


def test_excluded_letter_in_organisation_code():
    # given O, which GB 32100 leaves out of the alphabet
    assert _reason("59460100MJ000000OX").startswith("第17位“O”不合法")


def test_bad_check_character():
    assert _reason("9144030071526726XA") == "校验码错误：应为G，实为A"


def test_empty_input():
    assert _reason("") == "请输入统一社会信用代码"


def test_is_valid_uscc():
    assert is_valid_uscc("9144030071526726XG")
    assert not is_valid_uscc("9144030071526726XA")
