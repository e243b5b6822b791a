"""Forms of the grid pages: they parse and type the input; the rules are in the services. Regions and grids
are picked by searching (``registry.forms.RegionCodeField`` on ``core.widgets.RegionPickerWidget``), not typed
as codes; the picker still submits the code, so a test or script may post one."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.core.fields import PhoneField
from minzheng.core.models import Region
from minzheng.core.widgets import RegionPickerWidget
from minzheng.grid.models import (
    Campaign,
    Department,
    Event,
    GridProfile,
    MedicalObservation,
    Open311Client,
    Visit,
)
from minzheng.grid.services.weights import WEIGHT_FIELDS
from minzheng.registry.forms import RegionCodeField

Level = Region.Level


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class EventReportForm(forms.Form):
    category = forms.IntegerField(label="事件分类")
    description = forms.CharField(label="事件描述", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    grid = forms.IntegerField(label="所在网格", required=False)
    lat = forms.FloatField(label="纬度", required=False, min_value=-90, max_value=90)
    long = forms.FloatField(label="经度", required=False, min_value=-180, max_value=180)
    address = forms.CharField(label="地址/位置描述", max_length=200, required=False)
    photos = MultipleImageField(label="现场照片", required=False)


class HotlineReportForm(EventReportForm):
    contact_name = forms.CharField(label="来电人", max_length=50, required=False)
    contact_phone = PhoneField(label="来电号码", required=False)


class EventActionForm(forms.Form):
    action = forms.CharField()
    expected_state = forms.CharField()
    comment = forms.CharField(required=False, max_length=2000)
    department = forms.IntegerField(required=False)
    grid_code = forms.CharField(
        label="所属网格", required=False, max_length=20, widget=RegionPickerWidget(levels=(Level.GRID,))
    )
    category = forms.IntegerField(required=False)
    satisfaction = forms.ChoiceField(choices=[("", "—"), *Event.Satisfaction.choices], required=False)
    attachments = MultipleImageField(required=False)


class SuperviseForm(forms.Form):
    note = forms.CharField(label="督办意见", max_length=1000)
    due_at = forms.DateTimeField(label="督办时限", required=False)


class GridFileForm(forms.Form):
    """The grid of 立案 for an event the intake could not place (rendered inside the case actions; the
    posted ``grid_code`` is read by :class:`EventActionForm`)."""

    grid_code = forms.CharField(
        label="所属网格（事件未定位，须选择）", max_length=20, widget=RegionPickerWidget(levels=(Level.GRID,))
    )


class GridProfileForm(forms.Form):
    grid_type = forms.ChoiceField(label="网格类型", choices=GridProfile.Type.choices)
    # drawn on the map (static/grid/boundary_edit.js writes the GeoJSON here); "" clears the boundary
    boundary = forms.CharField(label="边界", required=False, widget=forms.HiddenInput)
    note = forms.CharField(label="备注", max_length=200, required=False)


class TrainingForm(forms.Form):
    title = forms.CharField(label="培训内容", max_length=100)
    held_on = forms.DateField(label="培训日期")
    hours = forms.DecimalField(label="学时", max_digits=4, decimal_places=1)
    organiser = forms.CharField(label="组织单位", max_length=100, required=False)
    passed = forms.BooleanField(label="考核合格", required=False, initial=True)


class DepartmentForm(forms.Form):
    name = forms.CharField(label="单位名称", max_length=100)
    function = forms.ChoiceField(label="职能", choices=Department.Function.choices)
    region = RegionCodeField(
        label="所属区划", max_length=20, levels=(Level.CITY, Level.DISTRICT, Level.TOWN, Level.COMMUNITY)
    )
    phone = PhoneField(label="联系电话", required=False)


class CampaignForm(forms.Form):
    title = forms.CharField(label="任务名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=Campaign.Kind.choices)
    starts_on = forms.DateField(label="开始日期")
    ends_on = forms.DateField(label="截止日期")
    description = forms.CharField(label="任务要求", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CampaignAssignForm(forms.Form):
    """下达: a region of the user's scope; the campaign goes to every grid under it (or to that grid)."""

    region = RegionCodeField(label="下达到（区划或网格，含其下全部网格）", max_length=20)


class EventMapFilterForm(forms.Form):
    """The filters of the events map (GET): category (a top class takes its sub-classes), state, period
    (reported between two days) and region (the events in it and below)."""

    category = forms.ChoiceField(label="分类", required=False)
    state = forms.ChoiceField(label="状态", required=False)
    since = forms.DateField(label="上报自", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="上报至", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    region = RegionCodeField(label="区划或网格", required=False, max_length=20)

    def __init__(self, *args: Any, tree: list[dict[str, Any]], states: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups: list[Any] = [("", "全部")]
        for node in tree:
            top = node["category"]
            options = [(top.code, f"{top.name}（全部）"), *((c.code, c.name) for c in node["children"])]
            groups.append((top.name, options))
        self.fields["category"].choices = groups
        self.fields["state"].choices = [("", "全部"), *states.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "“上报至”不能早于“上报自”")
        return data


class VisitForm(forms.Form):
    household = forms.IntegerField(label="户")
    result = forms.ChoiceField(label="走访结果", choices=Visit.Result.choices)
    people_seen = forms.IntegerField(label="见面人数", min_value=0, max_value=50, initial=0)
    newcomers = forms.IntegerField(label="新到人员数", min_value=0, max_value=50, initial=0)
    note = forms.CharField(label="情况说明", max_length=300, required=False)


class ObservationForm(forms.Form):
    id_number = forms.CharField(label="观察对象身份证号码", max_length=18)
    place = forms.CharField(label="观察地点", max_length=200)
    reason = forms.CharField(label="观察原因", max_length=200)
    starts_on = forms.DateField(label="开始日期")
    ends_on = forms.DateField(label="解除日期（默认14天）", required=False)


class CheckInForm(forms.Form):
    day = forms.DateField(label="日期")
    temperature = forms.DecimalField(label="体温(℃)", max_digits=3, decimal_places=1)
    symptoms = forms.BooleanField(label="有异常症状", required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)


class ObservationEndForm(forms.Form):
    status = forms.ChoiceField(
        label="结果",
        choices=[
            (MedicalObservation.Status.ENDED, "解除观察"),
            (MedicalObservation.Status.TRANSFERRED, "转送"),
        ],
    )
    ended_on = forms.DateField(label="日期")
    note = forms.CharField(label="说明", max_length=200, required=False)


class WeightsForm(forms.Form):
    effective_from = forms.DateField(label="生效日期")
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from minzheng.grid.models import PerformanceWeights

        for name in WEIGHT_FIELDS:
            label = PerformanceWeights._meta.get_field(name).verbose_name
            self.fields[name] = forms.IntegerField(label=f"{label}（%）", min_value=0, max_value=100)
        self.fields["reported_target"] = forms.IntegerField(label="月上报目标数", min_value=1)
        self.fields["visits_target"] = forms.IntegerField(label="月走访目标户次", min_value=1)


class ClientForm(forms.Form):
    name = forms.CharField(label="客户端名称", max_length=100)
    source = forms.ChoiceField(label="来源", choices=Open311Client.Source.choices)
