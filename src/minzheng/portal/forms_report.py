"""Forms of the reports and 12349 help pages. The checks are the grid intake's (``grid.public``): the forms only
collect; a refusal comes back on the field it names (the same names as the Open311 parameters)."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.grid.models import EventCategory

STARS = [(5, "5星 非常满意"), (4, "4星 满意"), (3, "3星 基本满意"), (2, "2星 不满意"), (1, "1星 很不满意")]


class LocationForm(forms.Form):
    """Where the problem is: a point on the map (or the phone's location)."""

    lat = forms.FloatField(
        label="纬度", min_value=-90, max_value=90, widget=forms.NumberInput(attrs={"step": "any"})
    )
    long = forms.FloatField(
        label="经度", min_value=-180, max_value=180, widget=forms.NumberInput(attrs={"step": "any"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lat"].error_messages = {
            "required": "请在地图上点选问题的位置",
            "invalid": "纬度须为数字",
        }
        self.fields["long"].error_messages = {
            "required": "请在地图上点选问题的位置",
            "invalid": "经度须为数字",
        }
        self.fields["lat"].widget.attrs["id"] = "lat"
        self.fields["long"].widget.attrs["id"] = "long"


class _Marked(forms.Field):
    """A category attribute's field: never required by the form (the intake checks it, with the message an Open311
    POST gets); ``required_mark`` only puts the star on its label (portal/_field.html)."""

    required_mark = False


class _AnyText(forms.CharField, _Marked):
    pass


class _AnyChoice(forms.ChoiceField, _Marked):
    """The intake checks the value (with the message an Open311 POST gets), not the form."""

    def valid_value(self, value: Any) -> bool:
        return True


class _AnyChoices(forms.MultipleChoiceField, _Marked):
    def valid_value(self, value: Any) -> bool:
        return True


def _attribute_field(definition: dict[str, Any]) -> _Marked:
    label = definition.get("description") or definition["code"]
    choices = [(v["key"], v["name"]) for v in definition.get("values", [])]
    required = bool(definition.get("required"))
    datatype = definition["datatype"]
    field: _Marked
    if datatype == "singlevaluelist":
        field = _AnyChoice(label=label, choices=choices, widget=forms.RadioSelect, required=False)
    elif datatype == "multivaluelist":
        field = _AnyChoices(label=label, choices=choices, widget=forms.CheckboxSelectMultiple, required=False)
    elif datatype == "text":
        field = _AnyText(label=label, widget=forms.Textarea(attrs={"rows": 3}), required=False)
    else:
        field = _AnyText(label=label, required=False, max_length=200)
    field.required_mark = required
    return field


class _WithAttributes(forms.Form):
    def __init__(self, *args: Any, category: EventCategory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.category = category
        for definition in category.attributes or []:
            if definition.get("variable", True):
                self.fields[f"attribute[{definition['code']}]"] = _attribute_field(definition)

    def attributes(self) -> dict[str, Any]:
        return {
            name[len("attribute[") : -1]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("attribute[")
        }


class ReportDetailsForm(_WithAttributes):
    description = forms.CharField(
        label="问题描述",
        widget=forms.Textarea(attrs={"rows": 4, "id": "description"}),
        required=False,
        help_text="写清是什么问题、在哪个位置（如门牌号、路口），请不要写身份证号等个人信息。",
    )
    # the platform's own upload check decides what is an image (grid.public.photos_check), not Pillow
    photo = forms.FileField(
        label="照片（可选，一张）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "id": "photo"}),
    )


class HelpForm(_WithAttributes):
    description = forms.CharField(
        label="需要什么帮助",
        widget=forms.Textarea(attrs={"rows": 4, "id": "description"}),
        required=False,
        help_text="如：独居老人需要上门探访、行动不便需要助餐助浴、生活遇到困难需要救助。",
    )
    address_string = forms.CharField(
        label="上门服务地址",
        required=False,
        max_length=200,
        help_text="写到小区、楼栋和门牌号，便于工作人员上门。",
    )
    home = forms.BooleanField(label="地址为我在人口库登记的居住地址", required=False)

    def __init__(self, *args: Any, has_home: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_home:
            del self.fields["home"]


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(label="评分", choices=STARS, coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="评价（可选）", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stars"].error_messages["required"] = "请选择评分"
