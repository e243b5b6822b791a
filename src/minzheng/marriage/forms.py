"""Forms of the marriage pages: both parties with the registry's person picker (a person the clerk may see),
the office chosen among the clerk's own, the confirmations a registrar records (both present, documents
checked), Chinese labels throughout."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from minzheng.core.models import User
from minzheng.marriage.models import Kind, Office, Party
from minzheng.registry.forms import PersonPickerField, PersonPickForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> reads


class _OfficeForm(PersonPickForm):
    """The office is one of the user's offices (a registrar's own); preselected when there is one."""

    office = forms.ModelChoiceField(label="登记机关", queryset=Office.objects.none(), empty_label=None)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["office"].queryset = Office.objects.filter(registrars=user).order_by("code")  # type: ignore[attr-defined]


class AppointmentForm(_OfficeForm):
    day = forms.DateField(label="预约日期", widget=DATE)
    kind = forms.ChoiceField(label="业务", choices=Kind.choices)
    party = forms.ChoiceField(label="当事人类别", choices=Party.choices)
    man = PersonPickerField(label="男方")
    woman = PersonPickerField(label="女方")
    phone = forms.CharField(label="联系电话", required=False, max_length=20)


class MarriageForm(_OfficeForm):
    man = PersonPickerField(label="男方")
    woman = PersonPickerField(label="女方")
    party = forms.ChoiceField(label="当事人类别", choices=Party.choices)
    on = forms.DateField(label="登记日期", widget=DATE, initial=timezone.localdate)
    both_present = forms.BooleanField(label="双方均亲自到场（民法典第一千零四十九条）", required=False)
    documents_checked = forms.BooleanField(
        label="已查验双方身份证件、户口簿及《申请结婚登记声明书》", required=False
    )


class RefuseForm(_OfficeForm):
    kind = forms.ChoiceField(label="登记类别", choices=Kind.choices)
    man = PersonPickerField(label="男方")
    woman = PersonPickerField(label="女方")
    on = forms.DateField(label="日期", widget=DATE, initial=timezone.localdate)
    reasons = forms.CharField(label="不予登记的理由（告知当事人）", widget=forms.Textarea(attrs={"rows": 3}))


class DivorceAcceptForm(_OfficeForm):
    number = forms.CharField(label="结婚证字号", max_length=24)
    received_on = forms.DateField(label="受理日期", widget=DATE, initial=timezone.localdate)
    both_present = forms.BooleanField(label="双方均亲自到场", required=False)
    agreement_checked = forms.BooleanField(
        label="已查验双方签订的书面离婚协议书（子女抚养、财产及债务处理）", required=False
    )


class WithdrawForm(forms.Form):
    by = forms.ChoiceField(label="撤回方", choices=[("M", "男方"), ("F", "女方")])
    on = forms.DateField(label="撤回日期", widget=DATE)


class DivorceRegisterForm(forms.Form):
    on = forms.DateField(label="登记日期", widget=DATE)
    both_present = forms.BooleanField(label="双方均亲自到场", required=False)
    documents_checked = forms.BooleanField(label="已查验双方身份证件和结婚证", required=False)


class RegisterFromAppointmentForm(forms.Form):
    on = forms.DateField(label="登记日期", widget=DATE)
    both_present = forms.BooleanField(label="双方均亲自到场（民法典第一千零四十九条）", required=False)
    documents_checked = forms.BooleanField(
        label="已查验双方身份证件、户口簿及《申请结婚登记声明书》", required=False
    )


class AppointmentRefuseForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE)
    reasons = forms.CharField(label="不予登记的理由（告知当事人）", widget=forms.Textarea(attrs={"rows": 3}))


class ReissueForm(forms.Form):
    on = forms.DateField(label="补领日期", widget=DATE)
    reason = forms.CharField(label="补领原因", max_length=200)


class RevokeForm(forms.Form):
    on = forms.DateField(label="撤销日期", widget=DATE)
    judgment = forms.CharField(label="人民法院判决书文号", max_length=100)
    reason = forms.CharField(label="撤销原因", max_length=200)
