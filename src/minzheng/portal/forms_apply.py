"""The steps of the online application: each form checks its own input (amounts in 元 → 分, IDs by GB 11643);
the rules are assistance's (``assistance.services.public``), applied again on submit."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from minzheng.assistance.rules import INCOME_LABELS, TEKUN_SUPPORT_LABELS
from minzheng.assistance.services.public import DOCUMENT_KINDS, PUBLIC_KINDS, RELATIONS, city_towns
from minzheng.core.fields import CitizenIdField, YuanField


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label="您要申请哪一项救助？",
        choices=list(PUBLIC_KINDS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "请选择申请的救助项目", "invalid_choice": "请选择申请的救助项目"},
    )


class DetailsForm(forms.Form):
    support = forms.ChoiceField(
        label="供养方式",
        required=False,
        choices=[("", "请选择"), *TEKUN_SUPPORT_LABELS.items()],
        help_text="集中供养：入住敬老院等供养机构；分散供养：在家生活，按月领取供养金。由您本人选择。",
    )
    requested = YuanField(label="申请救助金额（元）", required=False, allow_zero=False)
    town = forms.ChoiceField(label="户籍所在乡镇（街道）", required=False, choices=[])
    reason = forms.CharField(
        label="申请理由",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="简要说明家庭困难情况，如因病、因残、失业等。",
    )

    def __init__(self, *args: Any, kind: str, needs_town: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind != "tekun":
            del self.fields["support"]
        if not kind.startswith("temporary"):
            del self.fields["requested"]
        if needs_town:
            towns = city_towns()
            cast(forms.ChoiceField, self.fields["town"]).choices = [
                ("", "请选择"),
                *((t.code, _town_label(t, towns)) for t in towns),
            ]
            self.fields[
                "town"
            ].help_text = "人口库中没有您的户籍信息，请选择户籍所在的乡镇（街道），镇街受理时将核对户口簿。"
        else:
            del self.fields["town"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if "support" in self.fields and not data.get("support"):
            self.add_error("support", "请选择供养方式：集中供养或分散供养")
        if "requested" in self.fields and not data.get("requested") and "requested" not in self.errors:
            self.add_error("requested", "临时救助请填写申请救助的金额")
        if "town" in self.fields and not data.get("town"):
            self.add_error("town", "请选择户籍所在的乡镇（街道）")
        return data


def _town_label(town: Any, towns: list[Any]) -> str:
    parent = town.parent.name if town.parent_id and town.parent else ""
    return f"{parent} {town.name}".strip()


class MemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "请填写家庭成员的姓名"})
    id_number = CitizenIdField(label="身份证号码", error_messages={"required": "请填写家庭成员的身份证号码"})
    relation = forms.ChoiceField(
        label="与申请人关系",
        choices=[("", "请选择"), *((r, r) for r in RELATIONS)],
        error_messages={"required": "请选择与申请人的关系"},
    )


class IncomeForm(forms.Form):
    who = forms.ChoiceField(label="谁的收入", choices=[])
    income_type = forms.ChoiceField(label="收入类型", choices=list(INCOME_LABELS.items()))
    monthly = YuanField(
        label="每月收入（元）", allow_zero=False, error_messages={"required": "请填写每月收入"}
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["who"]).choices = people


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=list(DOCUMENT_KINDS.items()))
    file = forms.FileField(
        label="照片或PDF文件",
        help_text="可拍照上传，支持JPEG、PNG、PDF，每份不超过10MB，最多9份。",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
        error_messages={"required": "请选择要上传的文件"},
    )
