"""Forms of the ledger's pages: they parse input into Python values; the services decide."""

from __future__ import annotations

from datetime import date

from django import forms

from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.models import PayrollRun, Program
from minzheng.benefits.rules import month_parse
from minzheng.core.models import Region
from minzheng.core.money import yuan_to_fen

CATEGORY_CHOICES = [
    ("", "（无）"),
    ("self_care", "特困：全自理"),
    ("partial_care", "特困：半护理"),
    ("full_care", "特困：全护理"),
    ("basic", "特困：基本生活"),
    ("concentrated", "特困：集中供养"),
    ("dispersed", "特困：分散供养"),
]


class MonthField(forms.CharField):
    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "month", "placeholder": "2021-03"}))
        super().__init__(**kwargs)

    def clean(self, value: str) -> date:  # type: ignore[override]
        text = super().clean(value)
        try:
            return month_parse(text)
        except BenefitsError as exc:
            raise forms.ValidationError(exc.message) from None


class YuanField(forms.CharField):
    def clean(self, value: str) -> int:  # type: ignore[override]
        text = super().clean(value)
        try:
            return yuan_to_fen(text)
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(f"金额格式错误：{exc}") from None


class RunCreateForm(forms.Form):
    program = forms.ModelChoiceField(Program.objects.filter(active=True), label="项目", empty_label=None)
    month = MonthField(label="发放月份")
    kind = forms.ChoiceField(
        label="类型",
        choices=[(PayrollRun.Kind.REGULAR, "月度发放"), (PayrollRun.Kind.ARREARS, "补发（已审批月份）")],
        initial=PayrollRun.Kind.REGULAR,
    )


class ExportForm(forms.Form):
    fmt = forms.ChoiceField(label="格式", choices=[("xlsx", "Excel（XLSX）"), ("csv", "CSV")])
    encoding = forms.ChoiceField(
        label="CSV编码", choices=[("utf-8", "UTF-8（带BOM）"), ("gbk", "GBK")], required=False
    )


class ReturnUploadForm(forms.Form):
    file = forms.FileField(label="银行回盘文件（CSV或XLSX）")


class StandardForm(forms.Form):
    program = forms.ModelChoiceField(Program.objects.all(), label="项目", empty_label=None)
    region = forms.ModelChoiceField(
        Region.objects.filter(level__in=[Region.Level.CITY, Region.Level.DISTRICT]).order_by("code"),
        label="适用区划",
        empty_label=None,
    )
    category = forms.ChoiceField(label="类别", choices=CATEGORY_CHOICES, required=False)
    effective_from = forms.DateField(label="起始日期", widget=forms.DateInput(attrs={"type": "date"}))
    amount = YuanField(label="标准（元/月）", max_length=20)
    source = forms.CharField(label="依据（文件名称与文号）", max_length=300, required=False)
    is_demo = forms.BooleanField(label="演示数据（非正式标准）", required=False)
