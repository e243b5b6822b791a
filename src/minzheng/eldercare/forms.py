"""Forms of the eldercare pages: they check types and formats only; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from minzheng.core.fields import CitizenIdField, MonthField, PhoneField, YuanField
from minzheng.eldercare import rules
from minzheng.eldercare.models import (
    AssessmentStandard,
    CareLevel,
    HelpCategory,
    InspectionKind,
    InstitutionKind,
    MealType,
    Ownership,
    Rating,
    SkillLevel,
    StaffPost,
    SubsidyCategory,
)


class DateField(forms.DateField):
    """A date typed into the browser's date picker."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InstitutionForm(forms.Form):
    name = forms.CharField(label="机构名称", max_length=100)
    kind = forms.ChoiceField(label="机构类型", choices=InstitutionKind.choices)
    ownership = forms.ChoiceField(label="运营性质", choices=Ownership.choices)
    region = forms.CharField(
        label="所在区划代码", max_length=20, help_text="如 460105001（街道）或 460105001001（社区）"
    )
    address = forms.CharField(label="地址", max_length=200, required=False)
    phone = PhoneField(label="联系电话", max_length=20, required=False)
    uscc = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    chain = forms.CharField(label="连锁品牌", max_length=50, required=False)
    opened_on = DateField(label="开业日期", required=False)


class BedsForm(forms.Form):
    care_level = forms.ChoiceField(label="护理等级", choices=CareLevel.choices)
    beds = forms.IntegerField(label="床位数", min_value=0)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(label="等级", choices=Rating.choices[1:], coerce=int)
    rated_on = DateField(label="评定日期")


class OperatorForm(forms.Form):
    username = forms.CharField(label="经办人账号", max_length=150)


class AdmitForm(forms.Form):
    id_number = CitizenIdField()
    care_level = forms.ChoiceField(label="护理等级", choices=CareLevel.choices)
    admitted_on = DateField(label="入住日期")
    tekun = forms.BooleanField(label="特困集中供养", required=False)


class DischargeForm(forms.Form):
    left_on = DateField(label="离院日期")
    reason = forms.CharField(label="离院原因", max_length=100)


class StaffForm(forms.Form):
    id_number = CitizenIdField()
    post = forms.ChoiceField(label="岗位", choices=StaffPost.choices)
    skill_level = forms.ChoiceField(label="职业技能等级", choices=SkillLevel.choices, required=False)
    hired_on = DateField(label="入职日期")


class TrainingForm(forms.Form):
    staff = forms.IntegerField(label="人员", widget=forms.HiddenInput)
    course = forms.CharField(label="培训项目", max_length=100)
    organiser = forms.CharField(label="组织单位", max_length=100, required=False)
    start_on = DateField(label="开始日期")
    end_on = DateField(label="结束日期")
    hours = forms.IntegerField(label="学时", min_value=1, max_value=2000)
    passed = forms.BooleanField(label="考核合格", required=False, initial=True)
    certificate_no = forms.CharField(label="证书编号", max_length=40, required=False)


class HelpForm(forms.Form):
    caller_name = forms.CharField(label="来电人", max_length=50)
    caller_phone = PhoneField(label="来电号码", max_length=20)
    caller_relation = forms.CharField(label="与老人关系", max_length=20, required=False)
    elderly_id = CitizenIdField(label="老人身份证号码", required=False, help_text="人员库中查找老人")
    region = forms.CharField(
        label="所在区划代码", max_length=20, required=False, help_text="未关联老人时填写"
    )
    category = forms.ChoiceField(label="求助类别", choices=HelpCategory.choices)
    address = forms.CharField(label="服务地址", max_length=200, required=False)
    description = forms.CharField(label="诉求内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class MealForm(forms.Form):
    canteen = forms.IntegerField(label="长者饭堂")
    id_number = CitizenIdField(label="就餐老人身份证号码")
    served_on = DateField(label="就餐日期", initial=timezone.localdate)
    meal_type = forms.ChoiceField(label="餐别", choices=MealType.choices, initial=MealType.LUNCH)
    price = YuanField(label="餐费（元）", allow_zero=False)


class MonthForm(forms.Form):
    month = MonthField(label="月份", help_text="如 2021-03")


class RuleForm(forms.Form):
    region = forms.CharField(label="适用区划代码", max_length=20, initial="460100")
    category = forms.ChoiceField(label="补贴类别", choices=SubsidyCategory.choices[:-1])
    amount = YuanField(label="每餐补贴（元）")
    effective_from = DateField(label="生效日期")
    is_demo = forms.BooleanField(label="演示数据", required=False)
    note = forms.CharField(label="依据/说明", max_length=200, required=False)


class LimitForm(forms.Form):
    key = forms.ChoiceField(label="环节", choices=[(k, v[0]) for k, v in rules.HELP_TIME_LIMITS.items()])
    minutes = forms.IntegerField(label="时限（分钟）", min_value=1)
    note = forms.CharField(label="说明", max_length=200, required=False)


class CutoffForm(forms.Form):
    region = forms.CharField(label="适用区划代码", max_length=20, initial="460100")
    effective_from = DateField(label="生效日期")
    intact_min = forms.IntegerField(label="能力完好最低分", initial=90)
    mild_min = forms.IntegerField(label="轻度失能最低分", initial=66)
    moderate_min = forms.IntegerField(label="中度失能最低分", initial=46)
    severe_min = forms.IntegerField(label="重度失能最低分", initial=30)
    note = forms.CharField(label="依据/说明", max_length=200, required=False)


class AssessmentHeadForm(forms.Form):
    id_number = CitizenIdField(label="评估对象身份证号码")
    standard = forms.ChoiceField(label="评估标准", choices=AssessmentStandard.choices)
    assessed_on = DateField(label="评估日期", initial=timezone.localdate)
    mental = forms.IntegerField(label="精神状态分级（0-3）", min_value=0, max_value=3, required=False)
    sensory = forms.IntegerField(label="感知觉与沟通分级（0-3）", min_value=0, max_value=3, required=False)
    social = forms.IntegerField(label="社会参与分级（0-3）", min_value=0, max_value=3, required=False)
    coma = forms.BooleanField(label="昏迷", required=False)
    raise_one = forms.BooleanField(label="确诊认知障碍/精神疾病或近30天2次以上意外", required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)


class InspectionHeadForm(forms.Form):
    institution = forms.IntegerField(label="被检查机构")
    kind = forms.ChoiceField(label="检查类型", choices=InspectionKind.choices)
    inspected_on = DateField(label="检查日期", initial=timezone.localdate)
    team = forms.CharField(label="检查组成员", max_length=200, required=False)
    summary = forms.CharField(label="检查意见", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class WorksForm(forms.Form):
    institution = forms.ModelChoiceField(label="机构（敬老院、养老院）", queryset=None)  # type: ignore[arg-type]
    name = forms.CharField(label="工程名称", max_length=100)
    scope_text = forms.CharField(label="改造内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    budget = YuanField(label="预算（元）", allow_zero=False)
    approved_on = DateField(label="立项日期")

    def __init__(self, *args: Any, institutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["institution"]
        field.queryset = institutions  # type: ignore[attr-defined]
        field.label_from_instance = lambda i: f"{i.name}（{i.get_kind_display()}，{i.region.name}）"  # type: ignore[attr-defined]


class WorksReportForm(forms.Form):
    on = DateField(label="填报日期")
    progress = forms.IntegerField(label="形象进度（%）", min_value=0, max_value=100)
    spent = YuanField(label="累计支付（元）")
    note = forms.CharField(label="说明", required=False, max_length=200)


class WorksAcceptForm(forms.Form):
    on = DateField(label="验收日期")
    passed = forms.TypedChoiceField(label="验收结论", coerce=lambda v: v == "1",
                                    choices=[("1", "验收合格"), ("0", "验收不合格，限期整改")])  # fmt: skip
    note = forms.CharField(label="验收意见", max_length=200)
