"""Forms of the disability pages: the registry person picker (search as the clerk types), certificate and
application forms with Chinese labels."""

from __future__ import annotations

from django import forms

from minzheng.disability.rules import GRADE_LABELS, KIND_LABELS, SUBSIDY_LABELS
from minzheng.registry.forms import PersonPickerField, PersonPickForm


class CertificateForm(PersonPickForm):
    person = PersonPickerField(label="持证人")
    kind = forms.TypedChoiceField(label="残疾类别", coerce=int, choices=list(KIND_LABELS.items()))
    grade = forms.TypedChoiceField(label="残疾等级", coerce=int, choices=list(GRADE_LABELS.items()))
    number = forms.CharField(
        label="残疾人证号（20位，可不填，按身份证号+类别+等级生成）", required=False, max_length=20
    )
    issued_on = forms.DateField(label="发证日期", widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label="有效期至", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class RegradeForm(forms.Form):
    kind = forms.TypedChoiceField(label="残疾类别", coerce=int, choices=list(KIND_LABELS.items()))
    grade = forms.TypedChoiceField(label="新的残疾等级", coerce=int, choices=list(GRADE_LABELS.items()))
    on = forms.DateField(label="变更日期", widget=forms.DateInput(attrs={"type": "date"}))


class RevokeForm(forms.Form):
    on = forms.DateField(label="注销日期", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="注销原因", max_length=200)


class ApplicationForm(PersonPickForm):
    person = PersonPickerField(label="申请人")
    subsidy = forms.ChoiceField(label="补贴项目", choices=list(SUBSIDY_LABELS.items()))
    comment = forms.CharField(label="说明", required=False, max_length=200)


class ActForm(forms.Form):
    action = forms.CharField(max_length=40)
    expected_state = forms.CharField(max_length=30)
    comment = forms.CharField(required=False)


class SweepForm(forms.Form):
    month = forms.DateField(label="核查月份（该月1日）", widget=forms.DateInput(attrs={"type": "date"}))
