"""Forms of the place-name pages, with Chinese labels; regions through the region picker (a code the view
resolves within the user's scope)."""

from __future__ import annotations

from django import forms

from minzheng.core.widgets import RegionPickerWidget
from minzheng.placenames.models import Condition, NamingApplication, RegionChange, Sign
from minzheng.placenames.rules import KIND_LABELS


def _date(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


GEOMETRY_HELP = (
    '点或线的GeoJSON，经度在前，如 {"type":"LineString","coordinates":[[110.30,20.02],[110.31,20.03]]}'
)


class ApplicationForm(forms.Form):
    action = forms.ChoiceField(label="申请事项", choices=NamingApplication.Action.choices)
    kind = forms.ChoiceField(label="地名类别", choices=list(KIND_LABELS.items()))
    name = forms.CharField(label="拟用名称", max_length=50)
    target = forms.IntegerField(label="原地名（更名时填写地名录编号）", required=False, min_value=1)
    region = forms.CharField(
        label="所属区划（更名时可不选，沿用原地名的区划）",
        required=False,
        widget=RegionPickerWidget(levels=("district", "town", "community")),
    )
    pinyin = forms.CharField(
        label="汉语拼音（多音字等需人工审定时填写，留空自动生成）", required=False, max_length=120
    )
    reason = forms.CharField(label="命名理由与含义", max_length=300)
    applicant = forms.CharField(label="申报单位", max_length=100)
    geometry = forms.CharField(label="位置（GeoJSON）", required=False, help_text=GEOMETRY_HELP,
                               widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class CheckForm(forms.Form):
    name = forms.CharField(label="名称", max_length=50)
    kind = forms.ChoiceField(label="地名类别", choices=list(KIND_LABELS.items()))
    pinyin = forms.CharField(label="汉语拼音（可不填）", required=False, max_length=120)


class RecordForm(forms.Form):
    name = forms.CharField(label="标准名称", max_length=50)
    kind = forms.ChoiceField(label="地名类别", choices=list(KIND_LABELS.items()))
    region = forms.CharField(
        label="所属区划", widget=RegionPickerWidget(levels=("district", "town", "community"))
    )
    valid_from = _date("启用日期")
    pinyin = forms.CharField(label="汉语拼音（留空自动生成）", required=False, max_length=120)
    approval = forms.CharField(label="批准文号或来源", required=False, max_length=100)
    geometry = forms.CharField(label="位置（GeoJSON）", required=False, help_text=GEOMETRY_HELP,
                               widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class RetireForm(forms.Form):
    on = _date("停用日期")
    reason = forms.CharField(label="停用原因", max_length=200)


class ActForm(forms.Form):
    action = forms.CharField(max_length=40)
    expected_state = forms.CharField(max_length=30)
    comment = forms.CharField(required=False)


class SignForm(forms.Form):
    kind = forms.ChoiceField(label="标志类别", choices=Sign.Kind.choices)
    code = forms.CharField(label="标志编号", max_length=30)
    place_name = forms.IntegerField(label="标示地名（路名牌填地名录编号）", required=False, min_value=1)
    text = forms.CharField(label="标示村名（村牌填写）", required=False, max_length=50)
    region = forms.CharField(label="所在村（社区）", widget=RegionPickerWidget(levels=("community",)))
    lat = forms.DecimalField(label="纬度", max_digits=9, decimal_places=6)
    lng = forms.DecimalField(label="经度", max_digits=9, decimal_places=6)
    installed_on = _date("设置日期")


class InspectForm(forms.Form):
    on = _date("巡查日期")
    condition = forms.ChoiceField(label="状况", choices=Condition.choices)
    note = forms.CharField(label="情况说明", required=False, max_length=200)


class JointInspectForm(InspectForm):
    parties = forms.CharField(label="参加检查单位（双方）", max_length=200)


class MarkerForm(forms.Form):
    number = forms.CharField(label="界桩编号", max_length=30)
    region_a = forms.CharField(label="一侧区划", widget=RegionPickerWidget(levels=("district", "town")))
    region_b = forms.CharField(
        label="另一侧区划", widget=RegionPickerWidget(levels=("district", "town"), anywhere=True)
    )
    lat = forms.DecimalField(label="纬度", max_digits=9, decimal_places=6)
    lng = forms.DecimalField(label="经度", max_digits=9, decimal_places=6)
    installed_on = _date("埋设日期")


class RepairForm(forms.Form):
    damage = forms.CharField(label="损坏情况", max_length=200)
    on = _date("报告日期")
    case_number = forms.CharField(label="来源网格事件编号（可不填）", required=False, max_length=40)


class CompleteForm(forms.Form):
    on = _date("修复日期")
    note = forms.CharField(label="修复情况", max_length=200)


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label="调整类别", choices=RegionChange.Kind.choices)
    region = forms.CharField(
        label="涉及区划", widget=RegionPickerWidget(levels=("district", "town", "community"))
    )
    new_name = forms.CharField(label="新名称（更名时填写）", required=False, max_length=100)
    new_parent = forms.CharField(label="新上级或并入区划（隶属变更、撤并时填写）", required=False,
                                 widget=RegionPickerWidget(levels=("city", "district", "town", "community")))  # fmt: skip
    effective_on = _date("生效日期")
    approval = forms.CharField(label="批准机关及文号", max_length=150)
    note = forms.CharField(label="说明", required=False, max_length=300)
