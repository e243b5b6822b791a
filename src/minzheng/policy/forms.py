"""Forms of the policy library."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from minzheng.core.models import Region
from minzheng.policy.models import Document
from minzheng.registry.forms import RegionCodeField

_DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class DocumentForm(forms.Form):
    number = forms.CharField(label="文号", max_length=60)
    title = forms.CharField(label="标题", max_length=200)
    issuer = forms.CharField(label="发文机关", max_length=100)
    region = RegionCodeField(label="发文机关所在区划", levels=(Region.Level.CITY, Region.Level.DISTRICT))
    kind = forms.ChoiceField(label="文件类型", choices=Document.Kind.choices)
    topic = forms.ChoiceField(label="业务领域", choices=Document.Topic.choices)
    issued_on = forms.DateField(label="印发日期", widget=_DATE)
    effective_from = forms.DateField(label="施行日期", widget=_DATE)
    effective_until = forms.DateField(label="有效期至", required=False, widget=_DATE)
    body = forms.CharField(label="全文", widget=forms.Textarea(attrs={"rows": 12}))


class RepealForm(forms.Form):
    on = forms.DateField(label="废止日期", widget=_DATE)
    reason = forms.CharField(label="废止说明", max_length=200)


class ParameterLinkForm(forms.Form):
    """Which dated parameter the document sets (values no document is recorded for yet) and the article."""

    parameter = forms.ChoiceField(label="参数及起始日期")
    clause = forms.CharField(label="条款", max_length=100, required=False, help_text="如：第三条第二款")

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parameter"].choices = [("", "请选择")] + choices

    def clean_parameter(self) -> tuple[str, date]:
        key, _, day = self.cleaned_data["parameter"].rpartition("|")
        try:
            return key, date.fromisoformat(day)
        except ValueError:
            raise forms.ValidationError("参数无效") from None
