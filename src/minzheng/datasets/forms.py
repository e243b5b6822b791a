"""Forms of the data set pages: definitions (the city), the reason of a return or an unapproval. The entry grid
is built from the data set's elements in the view (one field per element, named ``e<id>``)."""

from __future__ import annotations

from django import forms

from minzheng.datasets.models import DataElement
from minzheng.datasets.rules import REPORT_LEVELS, PeriodType, ValueType


class ElementForm(forms.Form):
    name = forms.CharField(label="数据项名称", max_length=60)
    unit = forms.CharField(label="计量单位", max_length=10, help_text="如：场、份、人次、元")
    value_type = forms.ChoiceField(label="数值类型", choices=ValueType.choices)
    description = forms.CharField(label="口径说明", max_length=300, required=False)


class DataSetForm(forms.Form):
    title = forms.CharField(label="报表名称", max_length=60)
    period_type = forms.ChoiceField(label="报告期", choices=PeriodType.choices)
    report_level = forms.ChoiceField(
        label="填报层级（上一级审核）", choices=list(REPORT_LEVELS.items()), initial="town"
    )
    timely_days = forms.IntegerField(label="报送时限（期末后天数）", min_value=0, max_value=90, initial=10)
    elements = forms.ModelMultipleChoiceField(
        label="数据项", queryset=DataElement.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(
        label="填报说明（口径、对象，以及为何按汇总数上报）",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    active = forms.BooleanField(label="启用", required=False, initial=True)


class ReasonForm(forms.Form):
    region = forms.CharField(max_length=20)
    period = forms.DateField()
    action = forms.ChoiceField(
        choices=[("approve", "审核通过"), ("return", "退回"), ("unapprove", "取消审核")]
    )
    reason = forms.CharField(label="理由", max_length=300, required=False)
