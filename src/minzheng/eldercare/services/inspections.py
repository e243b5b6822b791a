"""Service-quality and fire-safety inspections: the checklist, the findings with rectification deadlines,
and the follow-up (整改上报 by the institution → 复查 by the inspecting office) until every finding is
closed (销号)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from minzheng.core.models import User
from minzheng.core.roles import require
from minzheng.core.scope import OutOfScopeError, access_scoped
from minzheng.eldercare import rules
from minzheng.eldercare.models import Finding, FindingEvent, Inspection, InspectionKind
from minzheng.eldercare.services._common import EldercareError, check_text, institution_for

RESULTS = ("pass", "fail", "na")


def inspection_record(
    *,
    actor: User,
    institution: Any,
    kind: str,
    inspected_on: date,
    checklist: Mapping[str, str],
    findings: Sequence[Mapping[str, Any]] = (),
    team: str = "",
    summary: str = "",
) -> Inspection:
    """Record an inspection. Every checklist item is answered (合格/不合格/不适用); each failed item has at
    least one finding; a finding without a deadline gets the default period of its severity."""
    require(actor, "eldercare.inspect")
    if kind not in InspectionKind.values:
        raise EldercareError("请选择检查类型", field="kind")
    if inspected_on > timezone.localdate():
        raise EldercareError("检查日期不能晚于今天", field="inspected_on")
    items = dict(rules.checklist_items(kind))
    answers = {}
    for code, label in items.items():
        value = checklist.get(code)
        if value not in RESULTS:
            raise EldercareError(f"检查项“{label}”未填写结果", field=f"item_{code}")
        answers[code] = value
    failed = {c for c, v in answers.items() if v == "fail"}
    clean_findings = []
    for number, finding in enumerate(findings, start=1):
        item = finding.get("item")
        if item not in items:
            raise EldercareError(f"第{number}个问题的检查项无效", field="findings")
        severity = finding.get("severity") or Finding.Severity.GENERAL
        if severity not in Finding.Severity.values:
            raise EldercareError(f"第{number}个问题的严重程度无效", field="findings")
        rectify_by = finding.get("rectify_by") or rules.rectify_default_deadline(
            severity=severity, inspected_on=inspected_on
        )
        if rectify_by < inspected_on:
            raise EldercareError(f"第{number}个问题的整改期限早于检查日期", field="findings")
        description = check_text(
            finding.get("description", ""), label=f"第{number}个问题的描述", field="findings", max_length=300
        )
        clean_findings.append((item, description, severity, rectify_by))
    missing = failed - {f[0] for f in clean_findings}
    if missing:
        names = "、".join(items[c] for c in sorted(missing))
        raise EldercareError(f"不合格的检查项须登记发现的问题：{names}", field="findings")
    with transaction.atomic():
        inst = institution_for(actor, institution, what="开展机构检查")
        inspection = Inspection.objects.create(
            institution=inst,
            kind=kind,
            inspected_on=inspected_on,
            inspector=actor,
            team=check_text(team, label="检查组成员", field="team", max_length=200, required=False),
            checklist=answers,
            summary=(summary or "").strip(),
            status=Inspection.Status.RECTIFYING if clean_findings else Inspection.Status.CLEAN,
        )
        now = timezone.now()
        for item, description, severity, rectify_by in clean_findings:
            finding = Finding.objects.create(
                inspection=inspection,
                item=item,
                description=description,
                severity=severity,
                rectify_by=rectify_by,
            )
            FindingEvent.objects.create(
                finding=finding,
                at=now,
                actor=actor,
                action="发现问题",
                note=description,
                rectify_by=rectify_by,
            )
    return inspection


def _finding_locked(actor: User, finding: Finding | int) -> Finding:
    pk = finding.pk if isinstance(finding, Finding) else finding
    try:
        return access_scoped(actor, Finding.objects.select_related("inspection"), pk, lock=True, label="问题")
    except OutOfScopeError as exc:
        raise EldercareError(str(exc)) from exc


def finding_submit(*, actor: User, finding: Finding | int, note: str) -> Finding:
    """整改上报: the institution (or the office for it) reports the problem put right."""
    note = check_text(note, label="整改情况", field="note", max_length=2000)
    with transaction.atomic():
        row = _finding_locked(actor, finding)
        institution_for(actor, row.inspection.institution_id, what="上报整改情况")
        if row.status != Finding.Status.OPEN:
            raise EldercareError(f"该问题当前状态为“{row.get_status_display()}”，不能上报整改")
        row.status = Finding.Status.SUBMITTED
        row.save(update_fields=["status"])
        FindingEvent.objects.create(finding=row, at=timezone.now(), actor=actor, action="整改上报", note=note)
    return row


def finding_verify(
    *, actor: User, finding: Finding | int, passed: bool, note: str = "", rectify_by: date | None = None
) -> Finding:
    """复查: passed → 销号 (and the inspection closes with its last finding); not passed → back to
    待整改 with a reason and, if given, a new deadline (the original one stands otherwise)."""
    require(actor, "eldercare.inspect")
    with transaction.atomic():
        row = _finding_locked(actor, finding)
        if row.status != Finding.Status.SUBMITTED:
            raise EldercareError("只能复查已上报整改的问题")
        now = timezone.now()
        if passed:
            row.status, row.closed_at = Finding.Status.CLOSED, now
            row.save(update_fields=["status", "closed_at"])
            FindingEvent.objects.create(finding=row, at=now, actor=actor, action="复查通过，销号", note=note)
            inspection = Inspection.objects.select_for_update().get(pk=row.inspection_id)
            if not inspection.findings.exclude(status=Finding.Status.CLOSED).exists():
                inspection.status, inspection.closed_at = Inspection.Status.CLOSED, now
                inspection.save(update_fields=["status", "closed_at"])
        else:
            note = check_text(note, label="复查不通过的理由", field="note", max_length=2000)
            if rectify_by is not None and rectify_by < timezone.localdate():
                raise EldercareError("新的整改期限不能早于今天", field="rectify_by")
            row.status = Finding.Status.OPEN
            row.rectify_by = rectify_by or row.rectify_by
            row.save(update_fields=["status", "rectify_by"])
            FindingEvent.objects.create(
                finding=row, at=now, actor=actor, action="复查不通过", note=note, rectify_by=row.rectify_by
            )
    return row
