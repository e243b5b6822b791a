"""Forms of the charity pages, with Chinese labels; the registry person picker for a recipient."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.charity.models import Donation, Kind, Organisation
from minzheng.core.fields import YuanField
from minzheng.registry.forms import PersonPickerField, PersonPickForm, RegionCodeField

_DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class OrganisationForm(forms.Form):
    name = forms.CharField(label="慈善组织名称", max_length=100)
    uscc = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    public_fundraising = forms.BooleanField(label="具有公开募捐资格", required=False)
    qualification_number = forms.CharField(label="公开募捐资格证书编号", max_length=50, required=False)
    qualified_on = forms.DateField(label="取得资格日期", required=False, widget=_DATE)
    receipt_prefix = forms.CharField(label="捐赠票据号前缀（字母，最多8位）", max_length=8)


class CampaignForm(forms.Form):
    organisation = forms.ModelChoiceField(label="慈善组织", queryset=Organisation.objects.none())
    name = forms.CharField(label="募捐活动名称", max_length=100)
    purpose = forms.CharField(label="募捐目的与款物用途", max_length=300)
    filing_number = forms.CharField(label="备案编号", max_length=50)
    filed_on = forms.DateField(label="备案日期", widget=_DATE)
    starts_on = forms.DateField(label="起始日期", widget=_DATE)
    ends_on = forms.DateField(label="终止日期", widget=_DATE)
    goal = YuanField(label="募捐目标（元）", required=False)
    emergency = forms.BooleanField(label="应对重大突发事件（可在活动开始后10日内补办备案）", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")  # type: ignore[attr-defined]


class DonationForm(forms.Form):
    kind = forms.ChoiceField(label="捐赠形式", choices=Kind.choices)
    donor_kind = forms.ChoiceField(label="捐赠人类别", choices=Donation.DonorKind.choices)
    donor_name = forms.CharField(label="捐赠人（匿名可不填）", max_length=100, required=False)
    donor_public = forms.BooleanField(label="捐赠人同意公开其名称", required=False)
    amount = YuanField(label="捐赠金额（元，资金捐赠）", required=False)
    goods_name = forms.CharField(label="物资名称", max_length=100, required=False)
    quantity = forms.IntegerField(label="数量", min_value=1, required=False)
    unit = forms.CharField(label="单位", max_length=10, required=False)
    unit_value = YuanField(label="单价折价（元）", required=False)
    received_on = forms.DateField(label="接收日期", widget=_DATE)
    no_receipt = forms.ChoiceField(label="捐赠票据", choices=Donation.NoReceipt.choices, required=False)


class DistributionForm(PersonPickForm):
    kind = forms.ChoiceField(label="发放形式", choices=Kind.choices)
    amount = YuanField(label="金额（元；物资填折价）", allow_zero=False)
    person = PersonPickerField(label="受益人（个人）", required=False)
    institution_name = forms.CharField(label="或受赠单位", max_length=100, required=False)
    region = RegionCodeField(label="受赠单位所在区划", required=False)
    goods_name = forms.CharField(label="物资名称", max_length=100, required=False)
    quantity = forms.IntegerField(label="数量", min_value=1, required=False)
    unit = forms.CharField(label="单位", max_length=10, required=False)
    purpose = forms.CharField(label="用途", max_length=200)
    distributed_on = forms.DateField(label="发放日期", widget=_DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not (data.get("institution_name") or "").strip():
            raise forms.ValidationError("请选择受益人，或填写受赠单位")
        return data
