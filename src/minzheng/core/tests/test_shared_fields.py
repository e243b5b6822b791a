"""The one rule for money, month, phone and ID fields, and the shared filters."""

from datetime import date, datetime

import pytest
from django import forms
from django.utils import timezone

from minzheng.core.errors import DomainError
from minzheng.core.fields import CitizenIdField, MonthField, PhoneField, YuanField
from minzheng.core.templatetags.minzheng import count, when, yuan
from minzheng.core.values import phone_clean


class _Form(forms.Form):
    amount = YuanField(label="金额", required=False)
    positive = YuanField(label="补助", required=False, allow_zero=False)
    month = MonthField(label="发放月份", required=False)
    phone = PhoneField(label="联系电话", required=False)
    id_number = CitizenIdField(required=False)


def _clean(**data):
    form = _Form(data)
    form.is_valid()
    return form


def test_money_is_cleaned_to_fen_and_refuses_negative_and_float_noise():
    form = _clean(amount="1,234.50", positive="0")
    assert form.cleaned_data["amount"] == 123450
    assert "金额须大于0" in form.errors["positive"][0]
    assert "金额不能为负数" in _clean(amount="-1").errors["amount"][0]
    assert "两位小数" in _clean(amount="1.005").errors["amount"][0]


def test_month_accepts_the_usual_spellings():
    assert _clean(month="2021年3月").cleaned_data["month"] == date(2021, 3, 1)
    assert "发放月份格式应为" in _clean(month="2021-13").errors["month"][0]


@pytest.mark.parametrize("good", ["13907551234", "0898-66668888", "+86 139 0755 1234", "12349", "66668888"])
def test_phone_numbers_of_one_rule(good):
    assert _clean(phone=good).errors == {}


@pytest.mark.parametrize("bad", ["12", "139075512345", "phone", "0898-666"])
def test_wrong_phone_numbers_name_the_field(bad):
    with pytest.raises(DomainError) as exc:
        phone_clean(bad, label="紧急联系人电话", field="contact")
    assert "紧急联系人电话" in exc.value.message and exc.value.field == "contact"


def test_a_citizen_id_with_a_wrong_check_character_is_refused():
    assert "校验码错误" in _clean(id_number="460104196905310017").errors["id_number"][0]
    assert _clean(id_number="460104196905310016").cleaned_data["id_number"] == "460104196905310016"


def test_dates_show_the_year_only_when_it_is_not_this_year():
    this_year = timezone.localdate().year
    assert when(date(this_year, 12, 10)) == "12月10日"
    assert when(date(2020, 12, 10)) == "2020年12月10日"
    moment = timezone.make_aware(datetime(2020, 12, 10, 10, 0))
    assert when(moment) == "2020年12月10日 10:00"


def test_numbers_and_money_have_thousands_separators():
    assert count(2386500) == "2,386,500"
    assert "12,345.50" in yuan(1234550)
