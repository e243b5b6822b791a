"""家庭经济状况调查: the case worker records who lives together, their incomes and their assets.

Only the 镇街 case worker writes (《社会救助暂行办法》第十一条: the 乡镇 investigates), and only while the
application is under investigation (or the review is open): a figure changed after 公示 would make the
published result a different one.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from minzheng.assistance import rules
from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.models import Application, Assessment, AssessmentMember, Asset, Income
from minzheng.core.audit import Action, audit_append
from minzheng.core.models import User
from minzheng.core.roles import require
from minzheng.core.scope import access_scoped
from minzheng.registry.models import Person

EDITABLE_CASE_STATES = frozenset({"applied", "investigating", "paperwork"})


def _editable(actor: User, assessment_id: int) -> Assessment:
    require(actor, "assistance.investigate")
    assessment = access_scoped(actor, Assessment, assessment_id, lock=True, label="家庭经济状况调查")
    application = Application.objects.select_related("case").filter(assessment_id=assessment.pk).first()
    if application is not None and application.case.state not in EDITABLE_CASE_STATES:
        raise AssistanceError("申请已提交审核，调查结果不能再修改；如需更正请由区县退回重新调查")
    review = getattr(assessment, "review", None)
    if review is not None and review.status != review.Status.OPEN:
        raise AssistanceError("复核意见已提出，调查结果不能再修改")
    return assessment


def _touch(assessment: Assessment) -> None:
    """A recorded fact changed: the cached result no longer holds."""
    if assessment.result is not None:
        assessment.result = None
        assessment.save(update_fields=["result"])


def _money(value: Any, *, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AssistanceError(f"{label}须为整数分")
    if value < 0:
        raise AssistanceError(f"{label}不能为负数")
    return value


def assessment_update(*, actor: User, assessment: Assessment, **changes: Any) -> Assessment:
    """Household-level facts: 单人户 reason, unstable income, 特困 facts, 刚性支出."""
    allowed = {
        "single_person_reason",
        "unstable_income",
        "no_supporter",
        "orphan",
        "care_items_failed",
        "rigid_expenses_fen",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise AssistanceError(f"不能修改：{', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = _editable(actor, assessment.pk)
        if "care_items_failed" in changes and not 0 <= int(changes["care_items_failed"]) <= len(
            rules.CARE_ITEMS
        ):
            raise AssistanceError("不能完成的自理项目数应为0–6", field="care_items_failed")
        if (
            "single_person_reason" in changes
            and changes["single_person_reason"] not in rules.SINGLE_PERSON_LABELS
        ):
            raise AssistanceError("单人户理由无效", field="single_person_reason")
        if changes.get("single_person_reason") and locked.program not in rules.DIBAO_PROGRAMS:
            raise AssistanceError("只有低保可以按单人户申请", field="single_person_reason")
        if "rigid_expenses_fen" in changes:
            _money(changes["rigid_expenses_fen"], label="刚性支出")
        for key, value in changes.items():
            setattr(locked, key, value)
        locked.result = None
        locked.save(update_fields=[*changes, "result"])
    return locked


def member_update(
    *,
    actor: User,
    member: AssessmentMember,
    included: bool,
    exclusion_reason: str = "",
    disability_kind: str = "",
    disability_grade: int | None = None,
    major_illness: bool = False,
) -> AssessmentMember:
    if not included and not exclusion_reason.strip():
        raise AssistanceError("不计入共同生活人口须说明原因", field="exclusion_reason")
    if disability_kind and disability_kind not in rules.DISABILITY_LABELS:
        raise AssistanceError("残疾类别无效", field="disability_kind")
    if disability_kind and not (disability_grade and 1 <= disability_grade <= 4):
        raise AssistanceError("残疾等级应为1–4级", field="disability_grade")
    with transaction.atomic():
        assessment = _editable(actor, member.assessment_id)
        if member.is_applicant and not included and assessment.program != rules.Program.TEMPORARY:
            raise AssistanceError("申请人须计入共同生活人口", field="included")
        locked = AssessmentMember.objects.get(pk=member.pk)
        locked.included = included
        locked.exclusion_reason = "" if included else exclusion_reason.strip()[:100]
        locked.disability_kind = disability_kind
        locked.disability_grade = disability_grade if disability_kind else None
        locked.major_illness = major_illness
        locked.save(
            update_fields=[
                "included",
                "exclusion_reason",
                "disability_kind",
                "disability_grade",
                "major_illness",
            ]
        )
        _touch(assessment)
    return locked


def member_add(*, actor: User, assessment: Assessment, person: Person, relation: str) -> AssessmentMember:
    """A person living together who is not in the registered household (e.g. a spouse registered elsewhere)."""
    with transaction.atomic():
        locked = _editable(actor, assessment.pk)
        if locked.members.filter(person=person).exists():
            raise AssistanceError(f"{person.name}已在成员名单中")
        member = AssessmentMember.objects.create(
            assessment=locked, person=person, relation=relation.strip()[:20]
        )
        _touch(locked)
    return member


def income_add(
    *, actor: User, member: AssessmentMember, income_type: str, monthly_fen: int, note: str = ""
) -> Income:
    if income_type not in rules.INCOME_LABELS:
        raise AssistanceError("收入类型无效", field="income_type")
    _money(monthly_fen, label="月收入")
    with transaction.atomic():
        assessment = _editable(actor, member.assessment_id)
        income = Income.objects.create(
            member=member, income_type=income_type, monthly_fen=monthly_fen, note=note[:200]
        )
        _touch(assessment)
    return income


def income_delete(*, actor: User, income: Income) -> None:
    with transaction.atomic():
        assessment = _editable(actor, income.member.assessment_id)
        income.delete()
        _touch(assessment)


def asset_add(
    *,
    actor: User,
    assessment: Assessment,
    asset_type: str,
    value_fen: int = 0,
    count: int = 1,
    livelihood: bool = False,
    member: AssessmentMember | None = None,
    note: str = "",
) -> Asset:
    if asset_type not in rules.ASSET_LABELS:
        raise AssistanceError("财产类型无效", field="asset_type")
    _money(value_fen, label="财产价值")
    if count < 1:
        raise AssistanceError("数量至少为1", field="count")
    with transaction.atomic():
        locked = _editable(actor, assessment.pk)
        if member is not None and member.assessment_id != locked.pk:
            raise AssistanceError("所有人不是本次调查的成员")
        asset = Asset.objects.create(
            assessment=locked, member=member, asset_type=asset_type, value_fen=value_fen, count=count,
            livelihood=livelihood, note=note[:200],
        )  # fmt: skip
        _touch(locked)
    return asset


def asset_delete(*, actor: User, asset: Asset) -> None:
    with transaction.atomic():
        assessment = _editable(actor, asset.assessment_id)
        asset.delete()
        _touch(assessment)


def assessment_copy(*, source: Assessment, on: Any) -> Assessment:
    """A new assessment for a review, starting from the facts of the last one (members, incomes, assets),
    which the case worker then updates."""
    copy = Assessment.objects.create(
        program=source.program, region=source.region, household=source.household, applicant=source.applicant, on=on,
        single_person_reason=source.single_person_reason, unstable_income=source.unstable_income,
        no_supporter=source.no_supporter, orphan=source.orphan, care_items_failed=source.care_items_failed,
        rigid_expenses_fen=source.rigid_expenses_fen,
    )  # fmt: skip
    mapping: dict[int, AssessmentMember] = {}
    for member in source.members.order_by("id"):
        mapping[member.pk] = AssessmentMember.objects.create(
            assessment=copy, person_id=member.person_id, relation=member.relation, is_applicant=member.is_applicant,
            included=member.included, exclusion_reason=member.exclusion_reason, disability_kind=member.disability_kind,
            disability_grade=member.disability_grade, major_illness=member.major_illness,
        )  # fmt: skip
    Income.objects.bulk_create(
        Income(member=mapping[i.member_id], income_type=i.income_type, monthly_fen=i.monthly_fen, note=i.note)
        for i in Income.objects.filter(member__assessment=source).order_by("id")
    )
    Asset.objects.bulk_create(
        Asset(
            assessment=copy,
            member=mapping.get(a.member_id),
            asset_type=a.asset_type,
            value_fen=a.value_fen,
            count=a.count,
            livelihood=a.livelihood,
            note=a.note,
        )  # fmt: skip
        for a in source.assets.order_by("id")
    )
    audit_append(
        action=Action.BULK,
        obj=copy,
        detail=f"复核调查从第{source.pk}号调查复制成员{len(mapping)}人及其收入、财产",
    )
    return copy
