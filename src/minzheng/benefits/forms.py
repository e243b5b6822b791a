"""Forms of the ledger's pages: they parse input into Python values; the services decide."""

from __future__ import annotations

from django import forms

from minzheng.benefits.models import PayrollRun, Program
from minzheng.benefits.programs import STANDARD_CATEGORIES
from minzheng.core.fields import MonthField, YuanField
from minzheng.core.models import Region

CATEGORY_CHOICES = [("", "（无）"), *STANDARD_CATEGORIES.items()]


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
    amount = YuanField(label="标准（元/月）")
    source = forms.CharField(label="依据（文件名称与文号）", max_length=300, required=False)
    is_demo = forms.BooleanField(label="演示数据（非正式标准）", required=False)
