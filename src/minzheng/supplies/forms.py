"""Forms of the materials ledger, with Chinese labels; regions by the region picker, recipients by the registry's
person picker."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.core.fields import YuanField
from minzheng.registry.forms import PersonPickerField, PersonPickForm, RegionCodeField
from minzheng.supplies.models import Campaign, Item

_DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class _Choices(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "item" in self.fields:
            self.fields["item"].queryset = Item.objects.filter(active=True)  # type: ignore[attr-defined]
        if "campaign" in self.fields:
            self.fields["campaign"].queryset = Campaign.objects.all()  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    name = forms.CharField(label="物资名称", max_length=100)
    category = forms.ChoiceField(label="类别", choices=Item.Category.choices)
    unit = forms.CharField(label="计量单位", max_length=10)
    unit_value = YuanField(label="单价（元）")


class CampaignForm(forms.Form):
    name = forms.CharField(label="专项行动名称", max_length=100)
    starts_on = forms.DateField(label="开始日期", widget=_DATE)
    ends_on = forms.DateField(label="结束日期", required=False, widget=_DATE)


class ReceiveForm(_Choices):
    item = forms.ModelChoiceField(label="物资", queryset=Item.objects.none())
    region = RegionCodeField(label="入库区划（不填为本单位）", required=False)
    quantity = forms.IntegerField(label="数量", min_value=1)
    source = forms.CharField(label="来源（采购、捐赠、上级调拨等）", max_length=100)
    campaign = forms.ModelChoiceField(label="专项行动", queryset=Campaign.objects.none(), required=False)
    day = forms.DateField(label="日期", widget=_DATE)
    note = forms.CharField(label="备注", max_length=200, required=False)


class TransferForm(_Choices):
    item = forms.ModelChoiceField(label="物资", queryset=Item.objects.none())
    source = RegionCodeField(label="调出区划（不填为本单位）", required=False)
    target = RegionCodeField(label="调入区划（下级）")
    quantity = forms.IntegerField(label="数量", min_value=1)
    campaign = forms.ModelChoiceField(label="专项行动", queryset=Campaign.objects.none(), required=False)
    day = forms.DateField(label="日期", widget=_DATE)


class IssueForm(PersonPickForm):
    item = forms.ModelChoiceField(label="物资", queryset=Item.objects.none())
    region = RegionCodeField(label="出库区划（不填为本单位）", required=False)
    quantity = forms.IntegerField(label="数量", min_value=1)
    person = PersonPickerField(label="领取人（个人）", required=False)
    unit_name = forms.CharField(label="或领取单位", max_length=100, required=False)
    campaign = forms.ModelChoiceField(label="专项行动", queryset=Campaign.objects.none(), required=False)
    day = forms.DateField(label="日期", widget=_DATE)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = Item.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["campaign"].queryset = Campaign.objects.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not (data.get("unit_name") or "").strip():
            raise forms.ValidationError("请选择领取人，或填写领取单位")
        return data
