"""Writes of the case engine: open, move, supervise, extend, attach. Every move locks the case row,
checks it against the case type, records the timeline and runs the domain's consequences in one
transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from minzheng.casework.errors import CaseError
from minzheng.casework.models import Case, CaseAttachment, CaseEvent, Supervision
from minzheng.casework.moves import (
    case_number,
    move_apply,
    move_check,
    open_deadlines,
)
from minzheng.casework.types import CaseType, case_type_get
from minzheng.core.audited import audit_deferred
from minzheng.core.models import Region, User
from minzheng.core.roles import can, require
from minzheng.core.scope import access_scoped, region_within_scope


def _deadline_started_at(kind: type[CaseType], case: Case) -> datetime | None:
    """When the case's total deadline began to run: its registration, or the first time the case type's
    starting action (``total_deadline_from``, e.g. 受理) was taken; None if that has not happened yet."""
    if kind.total_deadline_from is None:
        return case.opened_at
    return (
        case.events.filter(action=kind.total_deadline_from)
        .order_by("at", "id")
        .values_list("at", flat=True)
        .first()
    )


def case_open(
    *,
    case_type: str,
    actor: User | None,
    region: Region,
    title: str,
    subject: Any = None,
    comment: str = "",
    at: datetime | None = None,
    check_scope: bool = True,
) -> Case:
    """Open a case in its initial state. ``check_scope=False`` is for intake channels (hotline, Open311)
    whose operator files cases for any region of the city."""
    kind = case_type_get(case_type)
    if check_scope and actor is not None and not region_within_scope(actor, region):
        raise CaseError(f"“{region.name}”不在您的管辖范围内，不能在此登记")
    now = at or timezone.now()
    # the audit entry of the new case is written with its final number, not the placeholder
    with transaction.atomic(), audit_deferred():
        case = Case(
            case_type=kind.code,
            number=f"tmp-{now.timestamp()}-{id(object())}",
            title=title[:200],
            state=kind.initial,
            region=region,
            subject=subject,
            opened_by=actor,
            opened_at=now,
            state_entered_at=now,
            **open_deadlines(kind, now),
        )
        case.save(force_insert=True)
        case.number = case_number(kind, region, now, case.pk)
        Case.objects.filter(pk=case.pk).update(number=case.number)
        CaseEvent.objects.create(
            case=case,
            at=now,
            actor=actor,
            action="open",
            action_label="登记",
            to_state=kind.initial,
            comment=comment,
        )
    return case


def case_transition(
    *,
    actor: User,
    case: Case | int,
    action: str,
    comment: str = "",
    expected_state: str | None = None,
    at: datetime | None = None,
    attachments: list[UploadedFile] | None = None,
    **context: Any,
) -> Case:
    """Take ``action`` on the case. ``expected_state`` (the state the user's form was rendered in) turns a
    double click or a stale form into a clear refusal instead of a second move."""
    now = at or timezone.now()
    case_id = case.pk if isinstance(case, Case) else case
    with transaction.atomic():
        locked = access_scoped(actor, Case, case_id, lock=True, label="案件")
        kind = case_type_get(locked.case_type)
        if expected_state is not None and locked.state != expected_state:
            raise CaseError(
                f"该案件已被处理，当前状态为“{kind.state_label(locked.state)}”，请刷新页面后再操作"
            )
        transition = move_check(
            kind, case=locked, action=action, may=lambda code: can(actor, code),
            who=actor.get_role_display(), comment=comment, at=now,
        )  # fmt: skip
        from_state = locked.state
        first_taking = (
            action == kind.total_deadline_from
            and kind.total_deadline is not None
            and not locked.events.filter(action=action).exists()
        )
        move_apply(kind, locked, transition, at=now, first_taking=first_taking)
        locked.save(update_fields=["state", "state_entered_at", "state_due_at", "closed_at", "due_at"])
        event = CaseEvent.objects.create(
            case=locked,
            at=now,
            actor=actor,
            action=action,
            action_label=transition.label,
            from_state=from_state,
            to_state=transition.target,
            comment=comment,
        )
        for upload in attachments or []:
            CaseAttachment.objects.create(
                case=locked, event=event, file=upload, name=upload.name or "", uploaded_by=actor
            )
        kind.on_transition(locked, transition, actor, at=now, **context)
    return locked


def case_assign(*, actor: User, case: Case, assignee: User | None) -> Case:
    with transaction.atomic():
        locked = access_scoped(actor, Case, case.pk, lock=True, label="案件")
        if assignee is not None and not region_within_scope(assignee, locked.region):
            raise CaseError(f"承办人{assignee}的管辖范围不包含该案件")
        locked.assignee = assignee
        locked.save(update_fields=["assignee"])
        CaseEvent.objects.create(
            case=locked,
            at=timezone.now(),
            actor=actor,
            action="assign",
            action_label="指派",
            from_state=locked.state,
            to_state=locked.state,
            comment=f"承办人：{assignee or '（无）'}",
        )
    return locked


def case_extend(*, actor: User, case: Case, reason: str) -> Case:
    """延期: extend the total deadline once, to the case type's allowed extension counted from the same
    start as the deadline itself, with a reason recorded in the timeline.

    低保: 《最低生活保障审核确认办法》（民发〔2021〕57号）— 审核确认 within 30 working days *from 受理*;
    in special circumstances extendable to 45 working days (domain.md §1, "Time limit"). A case whose
    clock has not started (not yet 受理) has nothing to extend."""
    require(actor, "case.extend")
    with transaction.atomic():
        locked = access_scoped(actor, Case, case.pk, lock=True, label="案件")
        kind = case_type_get(locked.case_type)
        if kind.extension is None:
            raise CaseError(f"{kind.label}不能延期")
        if locked.extended:
            raise CaseError("该案件已延期一次，不能再次延期")
        if locked.closed_at is not None:
            raise CaseError("案件已办结")
        if not reason.strip():
            raise CaseError("延期须说明理由")
        started = _deadline_started_at(kind, locked)
        if started is None:
            step = kind.action_label(kind.total_deadline_from or "")
            raise CaseError(f"案件尚未{step}，办结时限自{step}之日起算，尚不能延期")
        locked.due_at = kind.extension.due_from(started)
        locked.extended = True
        locked.save(update_fields=["due_at", "extended"])
        CaseEvent.objects.create(
            case=locked,
            at=timezone.now(),
            actor=actor,
            action="extend",
            action_label="延期",
            from_state=locked.state,
            to_state=locked.state,
            comment=reason,
        )
    return locked


def case_supervise(*, actor: User, case: Case, note: str, due_at: datetime | None = None) -> Supervision:
    """督办 from a higher level: only a user whose region strictly contains the case's region may press."""
    require(actor, "case.supervise")
    if not note.strip():
        raise CaseError("督办须填写督办意见")
    with transaction.atomic():
        locked = access_scoped(actor, Case, case.pk, lock=True, label="案件")
        if actor.region_id == locked.region_id or locked.closed_at is not None:
            raise CaseError("只能由上级对未办结的案件督办")
        supervision = Supervision.objects.create(
            case=locked, by=actor, at=timezone.now(), note=note, due_at=due_at
        )
        if due_at is not None and (locked.state_due_at is None or due_at < locked.state_due_at):
            locked.state_due_at = due_at
        locked.supervised = True
        locked.save(update_fields=["supervised", "state_due_at"])
        CaseEvent.objects.create(
            case=locked,
            at=supervision.at,
            actor=actor,
            action="supervise",
            action_label="督办",
            from_state=locked.state,
            to_state=locked.state,
            comment=note,
        )
    return supervision


def case_supervision_resolve(*, actor: User, supervision: Supervision, comment: str = "") -> None:
    with transaction.atomic():
        case = access_scoped(actor, Case, supervision.case_id, lock=True, label="案件")
        Supervision.objects.filter(pk=supervision.pk, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )
        if not case.supervisions.filter(resolved_at__isnull=True).exists():
            case.supervised = False
            case.save(update_fields=["supervised"])
        CaseEvent.objects.create(
            case=case,
            at=timezone.now(),
            actor=actor,
            action="supervise_resolve",
            action_label="解除督办",
            from_state=case.state,
            to_state=case.state,
            comment=comment,
        )


def case_attach(*, actor: User, case: Case, upload: UploadedFile) -> CaseAttachment:
    access_scoped(actor, Case, case.pk, label="案件")
    return CaseAttachment.objects.create(
        case=case, file=upload, name=(upload.name or "")[:200], uploaded_by=actor
    )
