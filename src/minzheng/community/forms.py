"""Forms of the community pages: Chinese labels, the region picker for a village/community, the registry's person
picker for an applicant or a candidate."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.community import rules
from minzheng.community.models import Award, Election, Posting, Project
from minzheng.core.fields import YuanField
from minzheng.core.models import Region, User
from minzheng.registry.forms import PersonPickerField, PersonPickForm, RegionCodeField

_DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
COMMITTEE = (Region.Level.COMMUNITY,)


class CommitteeMixin:
    """A form whose ``region`` is the user's own village/community when they sit at one (the field is then
    dropped), else picked among the villages and communities of their subtree."""

    fields: dict[str, forms.Field]

    def committee_setup(self, user: User) -> None:
        self.fixed_region = (
            user.region if user.region and user.region.level == Region.Level.COMMUNITY else None
        )
        if self.fixed_region is not None:
            self.fields.pop("region", None)

    def committee(self, cleaned: dict[str, Any]) -> Region:
        return self.fixed_region or cleaned["region"]


class ProjectForm(forms.Form):
    name = forms.CharField(label="项目名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=Project.Kind.choices)
    region = RegionCodeField(
        label="所在村（社区）或镇（街道）", levels=(Region.Level.COMMUNITY, Region.Level.TOWN)
    )
    planned_on = forms.DateField(label="入库日期", widget=_DATE)
    facilities = forms.CharField(
        label="设施（每行一项）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    services = forms.CharField(
        label="服务项目（每行一项）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    area_m2 = forms.IntegerField(label="建筑面积（平方米）", required=False, min_value=0)
    budget = YuanField(label="投资（元）", required=False)
    note = forms.CharField(label="备注", required=False, max_length=200)


class DateForm(forms.Form):
    on = forms.DateField(label="日期", widget=_DATE)


class ItemForm(forms.Form):
    name = forms.CharField(label="证明事项", max_length=60)
    allowed = forms.TypedChoiceField(label="是否可以出具", coerce=lambda v: v == "1",
                                     choices=[("1", "可以出具"), ("0", "不应出具")])  # fmt: skip
    basis = forms.CharField(label="设定依据", max_length=200)
    refuse_reason = forms.CharField(label="不予出具的理由（不应出具时必填）", required=False, max_length=200)


class CertificateForm(CommitteeMixin, PersonPickForm):
    region = RegionCodeField(label="出具证明的村（社区）", levels=COMMITTEE)
    person = PersonPickerField(label="申请人")
    item = forms.TypedChoiceField(label="证明事项", coerce=int)
    purpose = forms.CharField(label="用途", max_length=100, required=False)
    content = forms.CharField(
        label="证明内容（可不填，按事项生成）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: User, items: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.committee_setup(user)
        self.fields["item"].choices = [
            (i.pk, f"{i.name}{'' if i.allowed else '（不应出具）'}") for i in items
        ]


class RefusalForm(CommitteeMixin, PersonPickForm):
    region = RegionCodeField(label="村（社区）", levels=COMMITTEE)
    person = PersonPickerField(label="申请人", required=False)
    requested = forms.CharField(label="申请出具的证明", max_length=60)
    reason = forms.CharField(label="不予出具的理由", max_length=200)
    refer_to = forms.CharField(label="告知办理渠道", max_length=200, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.committee_setup(user)


class RevokeForm(forms.Form):
    on = forms.DateField(label="作废日期", widget=_DATE)
    reason = forms.CharField(label="作废原因", max_length=200)


class PostingForm(CommitteeMixin, forms.Form):
    region = RegionCodeField(label="村（社区）", levels=COMMITTEE)
    category = forms.ChoiceField(label="类别", choices=Posting.Category.choices)
    period_start = forms.DateField(label="公开期间自", widget=_DATE)
    period_end = forms.DateField(label="公开期间至", widget=_DATE)
    title = forms.CharField(label="标题", max_length=100)
    content = forms.CharField(label="公开内容", widget=forms.Textarea(attrs={"rows": 5}))
    posted_on = forms.DateField(label="公开日期", widget=_DATE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.committee_setup(user)


class SettingForm(forms.Form):
    finance_monthly = forms.BooleanField(label="集体财务往来较多，财务收支按月公开", required=False)


class ElectionForm(CommitteeMixin, forms.Form):
    region = RegionCodeField(label="村（社区）", levels=COMMITTEE)
    kind = forms.ChoiceField(label="委员会", choices=Election.Kind.choices)
    term = forms.IntegerField(label="届次", min_value=1, max_value=99, initial=9)
    election_day = forms.DateField(label="选举日", widget=_DATE)
    seats = forms.IntegerField(label="应选名额", min_value=3, max_value=9, initial=5)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.committee_setup(user)


class CandidateForm(PersonPickForm):
    person = PersonPickerField(label="候选人（须在选民名单中）")


class CountForm(forms.Form):
    voted = forms.IntegerField(label="参加投票人数", min_value=0)
    ballots_returned = forms.IntegerField(label="收回选票数", min_value=0)
    ballots_invalid = forms.IntegerField(label="无效票数", min_value=0, initial=0)

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for c in candidates:
            self.fields[f"votes_{c.pk}"] = forms.IntegerField(label=f"{c.person.name}得票数", min_value=0)

    def votes(self) -> dict[int, int]:
        return {int(k[6:]): v for k, v in self.cleaned_data.items() if k.startswith("votes_")}


PERIOD_HELP = f"财务公开每季度一次（集体财务往来较多的村每月一次），党务、村（居）务每季度一次；期满后{rules.POSTING_GRACE_DAYS}日内公开。"


class PowerItemForm(forms.Form):
    category = forms.ChoiceField(label="类别", choices=list(rules.POWER_CATEGORY_LABELS.items()))
    name = forms.CharField(label="权力事项", max_length=80)
    basis = forms.CharField(label="法律政策依据", max_length=300)
    steps = forms.CharField(label="运行流程（每行一步）", widget=forms.Textarea(attrs={"rows": 4}))
    post = forms.CharField(label="责任岗位", max_length=60)


class AwardForm(PersonPickForm):
    title = forms.ChoiceField(label="荣誉称号", choices=Award.Title.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    edition = forms.CharField(label="届次（如：第二届）", max_length=20, required=False)
    region = RegionCodeField(label="所在村（社区）", levels=COMMITTEE)
    person = PersonPickerField(label="获奖人（人口库）", required=False)
    worker = forms.CharField(label="或：获奖的工作人员（平台登录名）", max_length=150, required=False)
    post = forms.CharField(label="职务", max_length=60, required=False)
    citation = forms.CharField(label="事迹简介", widget=forms.Textarea(attrs={"rows": 4}))
    conferred_by = forms.CharField(label="授予单位", max_length=100)
    conferred_on = forms.DateField(label="授予日期", widget=_DATE)

    def clean_worker(self) -> User | None:
        """An account of the user's subtree, by its login name (the name of anyone else is not told apart)."""
        username = self.cleaned_data.get("worker", "").strip()
        if not username:
            return None
        own = self.user.region
        worker = User.objects.filter(username=username).select_related("region").first()
        if (
            worker is None
            or own is None
            or worker.region is None
            or not worker.region.path.startswith(own.path)
        ):
            raise forms.ValidationError(f"登录名“{username}”不存在或不在您的管辖范围内")
        return worker
