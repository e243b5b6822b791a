"""Forms of the orgs pages, with Chinese labels. Money is typed in 元 (``YuanField``)."""

from __future__ import annotations

from django import forms

from minzheng.core.fields import YuanField
from minzheng.core.models import Region
from minzheng.orgs import rules
from minzheng.orgs.models import AnnualReport, Listing
from minzheng.registry.forms import PersonPickerField, PersonPickForm

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


def _rep_clean(form: forms.Form, *, required: bool) -> None:
    """The legal representative: picked from the registry (linked) or, when the registry lacks them, named."""
    data = form.cleaned_data
    person = data.get("legal_rep")
    if person is not None and not data.get("legal_rep_name"):
        data["legal_rep_name"] = person.name
    if required and not data.get("legal_rep_name") and "legal_rep" not in form.errors:
        form.add_error("legal_rep_name", "请选择或填写法定代表人")


class EstablishForm(PersonPickForm):
    kind = forms.ChoiceField(
        label="类型", choices=[(k, v) for k, v in rules.KIND_LABELS.items() if k != rules.FOUNDATION]
    )
    name = forms.CharField(label="名称", max_length=100)
    authority = forms.ModelChoiceField(label="登记管理机关", queryset=Region.objects.none())
    region = forms.ModelChoiceField(label="住所所在镇街", queryset=Region.objects.none())
    domicile = forms.CharField(label="住所", max_length=200, required=False)
    business_scope = forms.CharField(label="业务范围", widget=forms.Textarea(attrs={"rows": 2}))
    sponsor = forms.CharField(label="业务主管单位", max_length=100, required=False)
    legal_rep = PersonPickerField(label="法定代表人（从人口库选择）", required=False)
    legal_rep_name = forms.CharField(
        label="法定代表人姓名（人口库中没有此人时填写）", max_length=50, required=False
    )
    funds = YuanField(label="活动资金/开办资金（元）", required=False)
    comment = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, user, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, user=user, **kwargs)
        own = user.region
        mine = Region.objects.filter(path__startswith=own.path) if own else Region.objects.none()
        self.fields["authority"].queryset = mine.filter(
            level__in=[Region.Level.CITY, Region.Level.DISTRICT]
        ).order_by("code")
        self.fields["region"].queryset = mine.filter(level=Region.Level.TOWN).order_by("code")

    def clean(self) -> dict:
        super().clean()
        _rep_clean(self, required=True)
        return self.cleaned_data


class AmendForm(PersonPickForm):
    purpose = forms.ChoiceField(
        label="申请事项", choices=[("change", "变更登记"), ("deregister", "注销登记")]
    )
    name = forms.CharField(label="新名称（不变的留空）", max_length=100, required=False)
    domicile = forms.CharField(label="新住所", max_length=200, required=False)
    business_scope = forms.CharField(label="新业务范围", required=False)
    legal_rep = PersonPickerField(label="新法定代表人（从人口库选择）", required=False)
    legal_rep_name = forms.CharField(
        label="新法定代表人姓名（人口库中没有此人时填写）", max_length=50, required=False
    )
    comment = forms.CharField(label="说明", max_length=200, required=False)

    def clean(self) -> dict:
        super().clean()
        _rep_clean(self, required=False)
        return self.cleaned_data


class UsccForm(forms.Form):
    uscc = forms.CharField(label="统一社会信用代码", max_length=30)


class ReportForm(forms.Form):
    year = forms.IntegerField(label="报告年度", min_value=2000, max_value=2100)
    submitted_on = forms.DateField(label="报送登记管理机关日期", **DATE)
    sponsor_reviewed_on = forms.DateField(label="业务主管单位初审日期", required=False, **DATE)
    result = forms.ChoiceField(
        label="年检结论", choices=[("", "—")] + list(AnnualReport.Result.choices), required=False
    )


class PenaltyForm(forms.Form):
    kind = forms.ChoiceField(label="处罚种类", choices=list(rules.PENALTY_LABELS.items()))
    decided_on = forms.DateField(label="决定日期", **DATE)
    facts = forms.CharField(label="违法事实", widget=forms.Textarea(attrs={"rows": 2}))
    basis = forms.CharField(label="处罚依据（条款）", max_length=200)
    turnover = YuanField(label="违法经营额（元）", required=False)
    gain = YuanField(label="违法所得（元）", required=False)
    fine = YuanField(label="罚款（元）", required=False)
    suspend_until = forms.DateField(label="停止活动至", required=False, **DATE)


class ListingForm(forms.Form):
    reason = forms.ChoiceField(label="列入事由", choices=list(Listing.Reason.choices))
    on = forms.DateField(label="列入日期", **DATE)
    detail = forms.CharField(label="情况说明", max_length=300, required=False)


class RemoveForm(forms.Form):
    on = forms.DateField(label="移出日期", **DATE)
    reason = forms.CharField(label="移出理由", max_length=300)


class FilingForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    field = forms.ChoiceField(
        label="服务类别",
        choices=[
            (f, f)
            for f in (
                "文体娱乐",
                "志愿服务",
                "邻里互助",
                "老年服务",
                "儿童关爱",
                "环境保护",
                "法律援助",
                "其他",
            )
        ],
    )
    community = forms.ModelChoiceField(label="活动社区", queryset=Region.objects.none(), required=False)
    leader_name = forms.CharField(label="负责人", max_length=50)
    members = forms.IntegerField(label="成员人数", min_value=0, required=False)
    filed_on = forms.DateField(label="备案日期", **DATE)

    def __init__(self, *args, user, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        own = user.region
        self.fields["community"].queryset = (
            Region.objects.filter(parent=own, level=Region.Level.COMMUNITY).order_by("code")
            if own
            else Region.objects.none()
        )


class EvaluateForm(forms.Form):
    evaluator = forms.CharField(label="第三方评估机构", max_length=100)
    score = forms.DecimalField(label="评估得分（0–100）", max_digits=5, decimal_places=1)
    on = forms.DateField(label="评估日期", **DATE)


class ActForm(forms.Form):
    action = forms.CharField(max_length=40)
    expected_state = forms.CharField(max_length=30)
    comment = forms.CharField(required=False)
