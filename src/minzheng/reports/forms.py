from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone

from minzheng.reports.annual import TemplateError, template_parse
from minzheng.reports.dashboards import FIRST_YEAR


def year_choices() -> list[tuple[int, str]]:
    return [(y, f"{y}年") for y in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=year_choices)

    @classmethod
    def for_query(cls, query: QueryDict, *, default_year: Callable[[], int], **defaults: Any) -> YearForm:
        """The form bound to the page's query, the fields it lacks filled in: the year with
        ``default_year()`` (the latest year with data, asked only when the query names no valid year)."""
        data = query.copy()
        for name, value in defaults.items():
            data.setdefault(name, str(value))
        if not cls.base_fields["year"].valid_value(data.get("year", "")):
            data["year"] = str(default_year())
        return cls(data)

    def chosen_year(self) -> int:
        """The year asked for, or the default filled in by :meth:`for_query`."""
        return self.cleaned_data["year"] if self.is_valid() else int(self.data["year"])


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
