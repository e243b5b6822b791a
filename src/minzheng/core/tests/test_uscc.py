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


# GB 32100-2015 第4章: position 1 is the 登记管理部门代码 and position 2 the 机构类别代码, both code symbols
# of the 31-character alphabet; codes issued by "其他" authorities begin with Y (python-stdnum 2.2 rejects them).


def test_letter_authority_code_is_valid():
    # given a code of registering authority Y (其他) with category 1 / when parsing / then it is accepted
    result = parse_uscc("Y1460100MA5T00001Y")
    assert result.registering_authority == "Y"
    assert result.authority_label == "其他"
    assert result.entity_type == "1"
    assert not result.is_civil_affairs


def test_letter_in_first_two_positions_other_than_y():
    # given authority codes the standard assigns with letters (A, N) / then accepted, unnamed
    assert parse_uscc("A1460100MA5T00003R").authority_label is None
    assert parse_uscc("N2460100MA5T000027").entity_type == "2"


def test_civil_affairs_authority_is_named():
    assert parse_uscc("51460100MJ00000017").authority_label == "民政"


def test_excluded_letter_in_authority_position():
    # given I, which the alphabet leaves out / then the refusal names position 1
    assert _reason("I1460100MA5T00001Y").startswith("第1位“I”不合法")


def test_letter_in_category_position_with_bad_check():
    # given a letter category and a wrong check character / then the check is what is refused
    assert _reason("Y1460100MA5T000010").startswith("校验码错误：应为Y")
