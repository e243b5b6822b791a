"""Forms of the assistance pages: they parse and check input (amounts in 元 → 分, months "YYYY-MM");
the rules and the writes are in the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from minzheng.assistance import rules
from minzheng.assistance.casetypes import APPLICATION_KINDS
from minzheng.assistance.rules import PARAMS, PROGRAM_LABELS
from minzheng.core.fields import CitizenIdField, MonthField, YuanField
from minzheng.core.models import Region, User


class ApplicationForm(forms.Form):
    kind = forms.ChoiceField(label="申请事项", choices=list(APPLICATION_KINDS.items()))
    via_residence_permit = forms.BooleanField(label="持居住证在居住地申请", required=False)
    support = forms.ChoiceField(
        label="特困供养方式", required=False, choices=[("", "—"), *rules.TEKUN_SUPPORT_LABELS.items()]
    )
    single_person_reason = forms.ChoiceField(
        label="低保单人户理由", required=False, choices=list(rules.SINGLE_PERSON_LABELS.items())
    )
    requested = YuanField(label="临时救助拟救助金额（元）", required=False)
    comment = forms.CharField(label="申请事由", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ActForm(forms.Form):
    action = forms.CharField(max_length=40)
    expected_state = forms.CharField(max_length=30)
    comment = forms.CharField(required=False)
    amount = YuanField(label="救助金额（元）", required=False, allow_zero=False)


class AssessmentFactsForm(forms.Form):
    unstable_income = forms.BooleanField(label="收入不稳定且有劳动能力成员（每半年复核）", required=False)
    single_person_reason = forms.ChoiceField(
        label="低保单人户理由", required=False, choices=list(rules.SINGLE_PERSON_LABELS.items())
    )
    no_supporter = forms.BooleanField(
        label="特困：无法定赡养、抚养、扶养义务人或其无履行能力", required=False
    )
    orphan = forms.BooleanField(label="特困：未成年人符合孤儿条件", required=False)
    care_items_failed = forms.IntegerField(
        label="特困：自理能力6项中不能完成的项数", min_value=0, max_value=6, required=False
    )
    rigid_expenses = YuanField(label="支出型临时救助：刚性支出（元/月）", required=False)


class MemberForm(forms.Form):
    included = forms.BooleanField(label="共同生活", required=False)
    exclusion_reason = forms.CharField(label="不计入原因", required=False, max_length=100)
    disability_kind = forms.ChoiceField(
        label="残疾类别", required=False, choices=list(rules.DISABILITY_LABELS.items())
    )
    disability_grade = forms.IntegerField(label="残疾等级", required=False, min_value=1, max_value=4)
    major_illness = forms.BooleanField(label="重特大疾病", required=False)


class MemberAddForm(forms.Form):
    id_number = CitizenIdField(label="身份证号码")
    relation = forms.CharField(label="关系", max_length=20)


class IncomeForm(forms.Form):
    member = forms.IntegerField(label="成员")
    income_type = forms.ChoiceField(label="收入类型", choices=list(rules.INCOME_LABELS.items()))
    monthly = YuanField(label="月收入（元）")
    note = forms.CharField(label="说明", required=False, max_length=200)


class AssetForm(forms.Form):
    member = forms.IntegerField(label="所有人", required=False)
    asset_type = forms.ChoiceField(label="财产类型", choices=list(rules.ASSET_LABELS.items()))
    value = YuanField(label="价值（元）", required=False)
    count = forms.IntegerField(label="数量", min_value=1, initial=1)
    livelihood = forms.BooleanField(label="生活、就业必需", required=False)
    note = forms.CharField(label="说明", required=False, max_length=200)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", required=False, max_length=500)


class StopForm(forms.Form):
    last_month = MonthField(label="末次发放月份")
    reason = forms.CharField(label="停发理由（书面说明）", max_length=200)


class ChangeForm(forms.Form):
    from_month = MonthField(label="起始月份")
    amount = YuanField(label="月发放金额（元）")
    reason = forms.CharField(label="理由", max_length=200)


def _regions_choice(label: str, message: str) -> forms.ModelChoiceField:
    """A region chosen by name from those the form's user may act for (posted as its code)."""
    return forms.ModelChoiceField(
        Region.objects.none(),
        label=label,
        to_field_name="code",
        empty_label=None,
        error_messages={"invalid_choice": message, "required": f"请选择{label}"},
    )


class TopUpForm(forms.Form):
    town = _regions_choice("乡镇（街道）", "该乡镇（街道）不存在或不在您的管辖范围内")
    amount = YuanField(label="拨付金额（元）", allow_zero=False)
    note = forms.CharField(label="说明", required=False, max_length=200)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        towns = Region.objects.visible_to(user).filter(level=Region.Level.TOWN).order_by("code")
        self.fields["town"].queryset = towns


class CpiForm(forms.Form):
    month = MonthField(label="月份")
    cpi_yoy = forms.DecimalField(label="CPI同比涨幅（%）", max_digits=5, decimal_places=2)
    food_yoy = forms.DecimalField(
        label="食品价格同比涨幅（%）", max_digits=5, decimal_places=2, required=False
    )
    source = forms.CharField(label="数据来源", required=False, max_length=200)


class ParameterForm(forms.Form):
    code = forms.ChoiceField(label="参数", choices=[(p.code, p.label) for p in PARAMS])
    region = _regions_choice("适用区划（市或区）", "该区划不存在、不是市或区，或不在您的管辖范围内")
    effective_from = forms.DateField(label="起始日期", widget=forms.DateInput(attrs={"type": "date"}))
    value = forms.DecimalField(label="数值", max_digits=12, decimal_places=4, min_value=Decimal(0))
    source = forms.CharField(label="依据", required=False, max_length=300)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = [Region.Level.CITY, Region.Level.DISTRICT]
        self.fields["region"].queryset = (
            Region.objects.visible_to(user).filter(level__in=levels).order_by("code")
        )


class RestandardForm(forms.Form):
    program = forms.ChoiceField(
        label="项目",
        choices=[
            (p, PROGRAM_LABELS[p])
            for p in (rules.Program.DIBAO_URBAN, rules.Program.DIBAO_RURAL, rules.Program.TEKUN)
        ],
    )
    effective_from = forms.DateField(label="新标准起始日期", widget=forms.DateInput(attrs={"type": "date"}))
