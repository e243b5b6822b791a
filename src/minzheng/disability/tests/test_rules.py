"""The rules of the two subsidies, each with its source (disability/rules.py)."""

import pytest

from minzheng.core.ids import make_citizen_id
from minzheng.disability import rules
from minzheng.disability.errors import DisabilityError

ID = make_citizen_id(region_code="460105", birth_date=__import__("datetime").date(1970, 1, 1), sequence=11)


def test_the_certificate_number_is_the_id_then_kind_then_grade():
    # 残疾人证号: 18-character ID + 类别 (1–7) + 等级 (1–4), 20 characters (第二、三代残疾人证 [V])
    number = rules.certificate_number(id_number=ID, kind=4, grade=2)
    assert number == ID + "42" and len(number) == 20
    parsed = rules.certificate_parse(number, id_number=ID)
    assert (parsed.kind, parsed.grade) == (4, 2)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (ID + "4", "应为20位"),
        ("460105197001010000" + "42", "前18位应与持证人身份证号码一致"),
        (ID + "82", "第19位（残疾类别代码）应为1至7"),
        (ID + "45", "第20位（残疾等级代码）应为1至4"),
    ],
)
def test_a_wrong_certificate_number_is_refused_naming_the_position(number, message):
    with pytest.raises(DisabilityError, match=message) as caught:
        rules.certificate_parse(number, id_number=ID)
    assert caught.value.field == "number"


def test_care_goes_to_grades_one_and_two_and_to_three_four_mental_only_where_extended():
    # 国发〔2015〕52号: 护理补贴 for 一级、二级; may be extended to non-severe 智力/精神 disability
    assert rules.care_category(kind=rules.Kind.PHYSICAL, grade=1, extended=False) == rules.CARE_GRADE1
    assert rules.care_category(kind=rules.Kind.VISUAL, grade=2, extended=False) == rules.CARE_GRADE2
    assert rules.care_category(kind=rules.Kind.MENTAL, grade=3, extended=False) is None
    assert rules.care_category(kind=rules.Kind.MENTAL, grade=3, extended=True) == rules.CARE_EXTENDED
    assert rules.care_category(kind=rules.Kind.INTELLECTUAL, grade=4, extended=True) == rules.CARE_EXTENDED
    assert rules.care_category(kind=rules.Kind.PHYSICAL, grade=3, extended=True) is None


def test_living_goes_to_dibao_households_and_to_low_income_only_where_extended():
    assert rules.living_category(in_dibao=True, in_low_income=False, low_income_extended=False) == ""
    assert rules.living_category(in_dibao=False, in_low_income=True, low_income_extended=False) is None
    assert (
        rules.living_category(in_dibao=False, in_low_income=True, low_income_extended=True)
        == rules.LIVING_LOW_INCOME
    )
    assert rules.excluded_as_tekun(in_tekun=True)
