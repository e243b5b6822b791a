from __future__ import annotations

import os

from django import forms
from django.utils import timezone

from minzheng.reports.annual import TemplateError, template_parse

# The year the pages open on: the seed document's year unless the deployment says otherwise.
DEFAULT_YEAR = int(os.environ.get("MINZHENG_REPORT_YEAR", "2020"))
FIRST_YEAR = 2015


def year_choices() -> list[tuple[int, str]]:
    return [(y, f"{y}年") for y in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=year_choices, initial=DEFAULT_YEAR)

    def year_or_default(self) -> int:
        return self.cleaned_data["year"] if self.is_valid() else DEFAULT_YEAR


MONTHS = [(m, f"{m}月") for m in range(1, 13)]


class TableForm(YearForm):
    first = forms.TypedChoiceField(label="起始月", coerce=int, choices=MONTHS, initial=1)
    last = forms.TypedChoiceField(label="截止月", coerce=int, choices=MONTHS, initial=12)
    by = forms.ChoiceField(
        label="行", choices=[("regions", "按下级区划"), ("months", "按月")], initial="regions"
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("first") and data.get("last") and data["first"] > data["last"]:
            raise forms.ValidationError("起始月不能晚于截止月")
        return data


class AnnualTemplateForm(forms.Form):
    text = forms.CharField(label="正文模板", widget=forms.Textarea(attrs={"rows": 30, "class": "mono"}))

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        try:
            template_parse(text)
        except TemplateError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return text
