"""Forms of the rescue pages. They only shape input: the rules (identity, voluntary principle, limits) are the
services'; a refusal comes back on the field it names (``core.web.form_refuse``)."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.core.models import Region, User
from minzheng.registry.forms import PersonPickerField, PersonPickForm
from minzheng.rescue import selectors
from minzheng.rescue.rules import CampaignKind, Gender, NoticeKind, Schooling, Source

DATE = forms.DateInput(attrs={"type": "date"})
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class IntakeForm(forms.Form):
    station = forms.ModelChoiceField(label="救助管理机构", queryset=None, empty_label=None)
    source = forms.ChoiceField(label="来站方式", choices=Source.choices)
    grid_case = forms.TypedChoiceField(
        label="对应的网格事件（流浪乞讨）", required=False, coerce=int, empty_value=None
    )
    id_number = forms.CharField(label="身份证号（本人提供的）", required=False, max_length=20)
    name = forms.CharField(label="姓名（自述）", required=False, max_length=50)
    gender = forms.ChoiceField(label="性别", choices=Gender.choices, initial=Gender.UNKNOWN)
    age = forms.IntegerField(label="年龄（身份不明的填估计年龄）", required=False, min_value=0, max_value=120)
    description = forms.CharField(
        label="体貌特征（身份不明的必填）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photo = forms.FileField(label="照片（JPG/PNG）", required=False)
    hukou_place = forms.CharField(label="自述户籍地/住所地", required=False, max_length=200)
    found_place = forms.CharField(label="发现/求助地点", required=False, max_length=200)
    voluntary = forms.BooleanField(label="本人自愿求助", required=False, initial=True)
    voluntary_note = forms.CharField(label="求助意愿记录", required=False, max_length=300)
    impaired = forms.BooleanField(label="疑似精神障碍或智力残疾", required=False)
    reason = forms.CharField(label="流浪乞讨原因及经过", required=False, max_length=300)
    belongings = forms.CharField(label="随身物品登记", required=False, max_length=300)
    schooling = forms.ChoiceField(
        label="就学情况（未成年人）", required=False, choices=[("", "—"), *Schooling.choices]
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = selectors.stations(user=user)  # type: ignore[attr-defined]
        events = selectors.outreach_events(user=user)[:200]
        self.fields["grid_case"].choices = [
            ("", "—（无）"),
            *((c.pk, f"{c.number} {c.title}") for c in events),
        ]  # type: ignore[attr-defined]


class ActForm(forms.Form):
    action = forms.CharField(max_length=40)
    expected_state = forms.CharField(max_length=30)
    comment = forms.CharField(required=False)
    hospital = forms.CharField(required=False, max_length=100)
    handover_to = forms.CharField(required=False, max_length=50)
    handover_relation = forms.CharField(required=False, max_length=50)
    handover_place = forms.CharField(required=False, max_length=200)
    handover_at = forms.DateTimeField(required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    extend_days = forms.IntegerField(required=False, min_value=1, max_value=90)


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=NoticeKind.choices)
    channel = forms.CharField(label="方式/发布渠道", max_length=100)
    recipient = forms.CharField(label="通知对象", required=False, max_length=100)
    note = forms.CharField(label="内容摘要", required=False, max_length=300)
    at = forms.DateTimeField(label="时间", required=False, widget=MOMENT,
                             input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])  # fmt: skip


class IdentifyForm(forms.Form):
    id_number = forms.CharField(label="查明的身份证号", max_length=20)
    hukou_place = forms.CharField(label="户籍地/住所地", required=False, max_length=200)


class SessionForm(forms.Form):
    station = forms.ModelChoiceField(label="救助管理机构", queryset=None, empty_label=None)
    held_on = forms.DateField(label="日期", widget=DATE)
    topic = forms.CharField(label="主题", max_length=100)
    teacher = forms.CharField(label="授课人/志愿者", max_length=50)
    attendees = forms.ModelMultipleChoiceField(label="参加的未成年人（在站）", queryset=None,
                                               widget=forms.CheckboxSelectMultiple)  # fmt: skip

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = selectors.stations(user=user)  # type: ignore[attr-defined]
        self.fields["attendees"].queryset = selectors.minors_recent(user=user)  # type: ignore[attr-defined]
        self.fields["attendees"].label_from_instance = lambda i: (
            f"{i.rescuee.name}（{i.age}岁，{i.case.number}）"
        )  # type: ignore[attr-defined]


class CampaignForm(forms.Form):
    kind = forms.ChoiceField(label="专项活动", choices=CampaignKind.choices)
    region = forms.ModelChoiceField(label="开展区域", queryset=None, empty_label=None)
    held_on = forms.DateField(label="日期", widget=DATE)
    place = forms.CharField(label="地点", max_length=200)
    person_times = forms.IntegerField(label="惠及人次", min_value=1)
    items = forms.CharField(label="发放物资", required=False, max_length=200)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = Region.objects.filter(level__in=[Region.Level.CITY, Region.Level.DISTRICT, Region.Level.TOWN])
        if user.region is not None:
            qs = qs.filter(path__startswith=user.region.path)
        self.fields["region"].queryset = qs.order_by("code")  # type: ignore[attr-defined]


class VisitForm(PersonPickForm):
    station = forms.ModelChoiceField(label="救助管理机构", queryset=None, empty_label=None)
    child = PersonPickerField(label="未成年人")
    visited_on = forms.DateField(label="走访日期", widget=DATE)
    situation = forms.CharField(label="困境情况", max_length=300)
    help_given = forms.CharField(label="帮扶措施", max_length=300)
    visitor = forms.CharField(label="走访人", max_length=50)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["station"].queryset = selectors.stations(user=user)  # type: ignore[attr-defined]
