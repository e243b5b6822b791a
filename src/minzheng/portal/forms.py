from __future__ import annotations

from django import forms


class CodeRequestForm(forms.Form):
    id_number = forms.CharField(
        label="身份证号码",
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}),
    )
    name = forms.CharField(
        label="姓名", max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = forms.CharField(
        label="手机号码",
        max_length=20,
        required=False,
        help_text="人口库已登记手机号的，验证码发送到登记的手机号；未登记的，发送到此处填写的手机号。",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    consent = forms.BooleanField(label="我已阅读并同意《个人信息处理告知书》", required=False)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="短信验证码",
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
