"""Forms of the funeral pages: Chinese labels, the registry's one person picker."""

from __future__ import annotations

from django import forms

from minzheng.funeral.models import Cremation, Death
from minzheng.registry.forms import PersonPickerField, PersonPickForm

DATE = forms.DateInput(attrs={"type": "date"})


class DeathForm(PersonPickForm):
    person = PersonPickerField(label="死者")
    died_on = forms.DateField(label="死亡日期", widget=DATE)
    place = forms.ChoiceField(label="死亡地点类别", choices=Death.Place.choices)
    place_detail = forms.CharField(label="死亡地点", required=False, max_length=200)
    cause = forms.ChoiceField(label="死亡原因类别", choices=Death.Cause.choices)
    certificate_kind = forms.ChoiceField(label="死亡证明类别", choices=Death.Certificate.choices)
    certificate_number = forms.CharField(label="死亡证明编号", required=False, max_length=40)
    reporter_name = forms.CharField(label="报告人", max_length=50)
    reporter_relation = forms.CharField(label="与死者关系", max_length=20)
    reporter_phone = forms.CharField(label="报告人电话", required=False, max_length=20)
    reporter = PersonPickerField(label="丧事承办人（人员库，发放补助时为领取人）", required=False)


class CremationForm(forms.Form):
    funeral_home = forms.ModelChoiceField(label="殡仪馆", queryset=None, empty_label=None)
    number = forms.CharField(label="火化证号", max_length=30)
    cremated_on = forms.DateField(label="火化日期", widget=DATE)
    body_source = forms.ChoiceField(label="遗体来源", choices=Cremation.Source.choices)
    deceased_id_number = forms.CharField(
        label="死者身份证号（已登记死亡的自动关联）", required=False, max_length=18
    )
    deceased_name = forms.CharField(
        label="死者姓名（身份不明的写明“无名氏”及特征）", required=False, max_length=50
    )

    def __init__(self, *args, homes=None, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["funeral_home"].queryset = homes


class SubsidyForm(PersonPickForm):
    payee = PersonPickerField(label="领取人（丧事承办人）")


class CheckInForm(forms.Form):
    code = forms.CharField(label="预约码（扫描二维码）", max_length=16)


class RescheduleForm(forms.Form):
    slot = forms.TypedChoiceField(label="改到时段", coerce=int, choices=())
    reason = forms.CharField(label="改期原因", max_length=200)

    def __init__(self, *args, slots=(), **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [
            (s.pk, f"{s.day:%m月%d日} {s.starts:%H:%M}-{s.ends:%H:%M}（余{s.left}）") for s in slots
        ]


class RefuseForm(forms.Form):
    reason = forms.CharField(label="取消原因", max_length=200)


class ProxyDoneForm(forms.Form):
    note = forms.CharField(label="祭扫说明", required=False, max_length=200)


class ModerateForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审核", choices=[("1", "发布"), ("0", "不予发布")], coerce=lambda v: v == "1"
    )
