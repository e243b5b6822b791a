"""Forms of the citizens' marriage and funeral services: what the resident types or chooses, nothing more — the
rules (capacity, quota, age, once per season…) are the domains' own, applied by their services."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.funeral.models import Cemetery
from minzheng.marriage.models import Kind, Party

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ID_ATTRS = {"autocomplete": "off", "spellcheck": "false", "inputmode": "text"}


class MarriageBookingForm(forms.Form):
    day = forms.ChoiceField(label="预约日期")
    kind = forms.ChoiceField(label="办理业务", choices=Kind.choices, widget=forms.RadioSelect)
    party = forms.ChoiceField(
        label="当事人类别",
        choices=Party.choices,
        help_text="涉外、涉港澳台、涉华侨的婚姻登记只能在海口市民政局婚姻登记处办理。",
    )
    other_name = forms.CharField(label="对方姓名", max_length=50)
    other_id_number = forms.CharField(
        label="对方身份证号码", max_length=30, widget=forms.TextInput(attrs=ID_ATTRS)
    )
    phone = forms.CharField(
        label="联系电话", max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )

    def __init__(self, *args: Any, days: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = days  # type: ignore[attr-defined]
        self.fields["kind"].initial = Kind.MARRIAGE
        self.fields["party"].initial = Party.MAINLAND


class QingmingForm(forms.Form):
    slot = forms.ChoiceField(label="祭扫时段", widget=forms.RadioSelect)
    visitors = forms.IntegerField(label="祭扫人数（含本人）", initial=1)
    plate = forms.CharField(
        label="车牌号（驾车前往时填写）",
        max_length=12,
        required=False,
        help_text="如：琼A12345，新能源车如：琼AD12345",
    )

    def __init__(self, *args: Any, slots: list[tuple[str, str]], max_visitors: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slots  # type: ignore[attr-defined]
        self.fields["visitors"].label = f"祭扫人数（含本人，最多{max_visitors}人）"


class ProxyForm(forms.Form):
    cemetery = forms.ModelChoiceField(
        label="公墓", queryset=Cemetery.objects.none(), empty_label="请选择公墓"
    )
    deceased_name = forms.CharField(label="逝者姓名", max_length=50)
    day = forms.DateField(label="希望祭扫的日期", widget=DATE)
    phone = forms.CharField(
        label="联系电话（回传照片时通知您）",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cemetery"].queryset = Cemetery.objects.filter(active=True).order_by("name")  # type: ignore[attr-defined]


class MessageForm(forms.Form):
    author = forms.CharField(label="署名", max_length=50, help_text="审核通过后与留言一同公开显示。")
    text = forms.CharField(label="留言", max_length=500, widget=forms.Textarea(attrs={"rows": 4}))


class VerifyForm(forms.Form):
    code = forms.CharField(
        label="核验码或核验网址",
        max_length=300,
        help_text="证书、证明上二维码旁印有核验网址或核验码；用手机相机扫描二维码可直接打开核验页面。",
        widget=forms.TextInput(attrs=ID_ATTRS),
    )
