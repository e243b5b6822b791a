"""老年人能力评估: record an assessment (scored by ``rules``), and the GB/T 42195 cut-off parameters."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from minzheng.core.models import Region, User
from minzheng.core.roles import Perm, require
from minzheng.core.scope import OutOfScopeError, access_scoped, region_within_scope
from minzheng.eldercare import rules, selectors
from minzheng.eldercare.models import Assessment, AssessmentCutoff, AssessmentStandard, Institution, Resident
from minzheng.eldercare.services._common import EldercareError, check_text
from minzheng.registry.models import Person


def assessment_record(
    *,
    actor: User,
    person: Person,
    standard: str,
    assessed_on: date,
    items: Mapping[str, Any],
    mental: int | None = None,
    sensory: int | None = None,
    social: int | None = None,
    coma: bool = False,
    raise_one: bool = False,
    institution: Institution | None = None,
    note: str = "",
) -> Assessment:
    """Score and store an assessment. The resulting 照料护理等级 becomes the care level of the person's
    current stay in an institution (the level drives care: domain.md §2 照料护理标准)."""
    require(actor, "eldercare.assess")
    try:
        who = access_scoped(actor, Person, person.pk, label="评估对象")
    except OutOfScopeError as exc:
        raise EldercareError(str(exc), field="person") from exc
    if assessed_on > timezone.localdate():
        raise EldercareError("评估日期不能晚于今天", field="assessed_on")
    if rules.age_on(who.birth_date, assessed_on) < rules.ELDERLY_AGE:
        raise EldercareError(f"老年人能力评估的对象须年满{rules.ELDERLY_AGE}周岁", field="person")
    cutoff = None
    try:
        if standard == AssessmentStandard.MZT_039_2013:
            if None in (mental, sensory, social):
                raise EldercareError("MZ/T 039-2013须评定精神状态、感知觉与沟通、社会参与三项分级")
            result = rules.assess_mzt039(
                items=items, mental=int(mental), sensory=int(sensory), social=int(social), coma=coma,
                raise_one=raise_one,
            )  # fmt: skip
        elif standard == AssessmentStandard.GBT_42195_2022:
            cutoff = selectors.assessment_cutoffs_for(who.region, assessed_on)
            values = (
                {k: getattr(cutoff, k) for k in rules.GBT42195_DEFAULT_CUTOFFS}
                if cutoff is not None
                else rules.GBT42195_DEFAULT_CUTOFFS
            )
            result = rules.assess_gbt42195(items=items, cutoffs=values, coma=coma, raise_one=raise_one)
        else:
            raise EldercareError("请选择评估标准", field="standard")
    except rules.AssessmentError as exc:
        raise EldercareError(exc.message, field="items") from exc
    with transaction.atomic():
        assessment = Assessment.objects.create(
            person=who,
            standard=standard,
            assessed_on=assessed_on,
            assessor=actor,
            institution=institution,
            items=result.items,
            domain_scores={**result.domain_scores, "coma": coma, "raise_one": raise_one},
            total=result.total,
            level=result.level,
            level_label=result.level_label,
            care_level=result.care_level,
            cutoff=cutoff,
            note=check_text(note, label="说明", field="note", max_length=200, required=False),
        )
        stay = Resident.objects.select_for_update().filter(person=who, left_on__isnull=True).first()
        if stay is not None and stay.care_level != result.care_level:
            stay.care_level = result.care_level
            stay.save(update_fields=["care_level"])
    return assessment


def assessment_cutoff_set(
    *,
    actor: User,
    region: Region,
    effective_from: date,
    intact_min: int,
    mild_min: int,
    moderate_min: int,
    severe_min: int,
    note: str = "",
) -> AssessmentCutoff:
    """Dated GB/T 42195 cut-offs (domain.md §10: the cut-offs are [U])."""
    require(actor, Perm.EDIT_STANDARDS)
    if not region_within_scope(actor, region):
        raise EldercareError(f"“{region.name}”不在您的管辖范围内", field="region")
    if not rules.GBT42195_MAX >= intact_min > mild_min > moderate_min > severe_min > 0:
        raise EldercareError(f"分值须满足 {rules.GBT42195_MAX} ≥ 能力完好 > 轻度 > 中度 > 重度 > 0")
    if AssessmentCutoff.objects.filter(region=region, effective_from=effective_from).exists():
        raise EldercareError("该区划同一生效日期已有分值设置", field="effective_from")
    return AssessmentCutoff.objects.create(
        region=region,
        effective_from=effective_from,
        intact_min=intact_min,
        mild_min=mild_min,
        moderate_min=moderate_min,
        severe_min=severe_min,
        note=check_text(note, label="说明", field="note", max_length=200, required=False),
    )
