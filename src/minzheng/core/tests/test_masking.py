import pytest

from minzheng.core.masking import mask_citizen_id, mask_name, mask_phone


def test_mask_citizen_id_keeps_region_and_last_four():
    assert mask_citizen_id("460105199001011234") == "460105********1234"


def test_mask_legacy_citizen_id():
    assert mask_citizen_id("130503670401001") == "130503*****1001"


def test_mask_phone_keeps_prefix_and_last_four():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("138 1234 5678") == "138****5678"


def test_mask_short_phone_keeps_last_four():
    assert mask_phone("66668888") == "****8888"


@pytest.mark.parametrize(("name", "masked"), [("张三丰", "张*丰"), ("张三", "张*"), ("欧阳娜娜", "欧**娜")])
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize("mask", [mask_citizen_id, mask_phone, mask_name])
@pytest.mark.parametrize("value", [None, "", "   "])
def test_missing_values_give_empty_string(mask, value):
    assert mask(value) == ""


def test_short_values_are_fully_masked():
    # given values too short for their pattern / then nothing is revealed
    assert mask_citizen_id("4601051") == "*******"
    assert mask_phone("110") == "***"
    assert mask_name("张") == "*"
