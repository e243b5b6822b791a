"""Forms of the child-welfare pages. People are picked from the registry by search (name, 拼音首字母, ID or its last
digits), regions from the tree: nothing is typed from memory."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.children import rules
from minzheng.children.models import WelfareHome, Worker
from minzheng.core.fields import PhoneField
from minzheng.core.models import Region, User
from minzheng.registry.forms import PersonPickerField, RegionCodeField, ScopedForm


class SupportForm(ScopedForm):
    child = PersonPickerField(label="儿童")
    kind = forms.ChoiceField(label="申请类别", choices=rules.Kind.choices)
    placement = forms.ChoiceField(
        label="养育方式", choices=rules.Placement.choices, initial=rules.Placement.DISPERSED
    )
    home = forms.ModelChoiceField(
        label="儿童福利机构（集中养育时）", queryset=WelfareHome.objects.none(), required=False
    )
    father_situation = forms.ChoiceField(label="父亲情形", choices=rules.ParentSituation.choices)
    father_months = forms.IntegerField(
        label="父亲情形持续或刑期（月）", min_value=0, initial=0, required=False
    )
    mother_situation = forms.ChoiceField(label="母亲情形", choices=rules.ParentSituation.choices)
    mother_months = forms.IntegerField(
        label="母亲情形持续或刑期（月）", min_value=0, initial=0, required=False
    )
    applicant_name = forms.CharField(label="申请人", max_length=50)
    applicant_relation = forms.CharField(label="申请人与儿童关系", max_length=20)
    applied_on = forms.DateField(label="申请日期", widget=forms.DateInput(attrs={"type": "date"}))
    in_school_until = forms.DateField(
        label="在校就读至（年满18周岁后仍在校的）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    guardian_name = forms.CharField(label="监护人姓名", max_length=50, required=False)
    guardian_relation = forms.CharField(label="监护人与儿童关系", max_length=20, required=False)
    guardian_phone = PhoneField(label="监护人电话", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        from minzheng.children.selectors import home_list

        self.fields["home"].queryset = home_list(user=user)


class EndForm(forms.Form):
    reason = forms.ChoiceField(
        label="终止原因",
        choices=[
            (c, label)
            for c, label in rules.EndReason.choices
            if c not in (rules.EndReason.AGE, rules.EndReason.SCHOOL_END)
        ],
    )
    on = forms.DateField(label="事由发生日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="说明（如收养登记证号）", max_length=100, required=False)


class WorkerForm(ScopedForm):
    person = PersonPickerField(label="人员")
    post = forms.ChoiceField(label="岗位", choices=Worker.Post.choices)
    region = RegionCodeField(
        label="负责的村/居或乡镇/街道", levels=(Region.Level.TOWN, Region.Level.COMMUNITY)
    )
    phone = PhoneField(label="联系电话", required=False)
    appointed_on = forms.DateField(label="任职日期", widget=forms.DateInput(attrs={"type": "date"}))


class LeaveForm(forms.Form):
    left_on = forms.DateField(label="离任日期", widget=forms.DateInput(attrs={"type": "date"}))


class VisitForm(ScopedForm):
    worker = forms.ModelChoiceField(label="走访人", queryset=Worker.objects.none())
    child = PersonPickerField(label="儿童")
    category = forms.ChoiceField(label="儿童类别", choices=rules.ChildCategory.choices)
    visited_on = forms.DateField(label="走访日期", widget=forms.DateInput(attrs={"type": "date"}))
    risk = forms.ChoiceField(label="风险等级", choices=rules.Risk.choices)
    findings = forms.CharField(label="走访情况", widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.CharField(label="跟进措施（高风险必填）", max_length=300, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        from minzheng.children.selectors import worker_list

        self.fields["worker"].queryset = worker_list(user=user)


class IntakeForm(ScopedForm):
    home = forms.ModelChoiceField(label="接收机构", queryset=WelfareHome.objects.none())
    received_on = forms.DateField(label="接收日期", widget=forms.DateInput(attrs={"type": "date"}))
    found_on = forms.DateField(label="发现日期", widget=forms.DateInput(attrs={"type": "date"}))
    found_place = forms.CharField(label="发现地点", max_length=200)
    gender = forms.ChoiceField(label="性别", choices=[("M", "男"), ("F", "女")])
    estimated_birth = forms.DateField(label="估计出生日期", widget=forms.DateInput(attrs={"type": "date"}))
    police_report = forms.CharField(label="公安机关捡拾报案证明编号", max_length=50)
    disabled = forms.BooleanField(label="残疾或患病", required=False)
    health_note = forms.CharField(label="健康状况", max_length=200, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        from minzheng.children.selectors import intake_homes

        self.fields["home"].queryset = intake_homes(user=user)


class OutreachForm(ScopedForm):
    region = RegionCodeField(
        label="宣讲地点（村/居或乡镇/街道）", levels=(Region.Level.TOWN, Region.Level.COMMUNITY)
    )
    held_on = forms.DateField(label="宣讲日期", widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label="主题", max_length=100)
    speaker = forms.CharField(label="宣讲人", max_length=50)
    audience = forms.IntegerField(label="参加人数", min_value=1)
    children = forms.IntegerField(label="其中儿童及监护人", min_value=0, initial=0)
