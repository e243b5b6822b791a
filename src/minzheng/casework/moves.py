"""The rules of the case engine's moves, shared by the services (one case at a time) and the bulk writer
(:mod:`minzheng.casework.bulk`, whole past histories): numbering, the deadlines of a new case, whether a
move is allowed, and what it changes on the case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypedDict

from django.utils import timezone

from minzheng.casework.errors import CaseError
from minzheng.casework.types import CaseType, Transition
from minzheng.core.models import Region
from minzheng.core.templatetags.minzheng import when


def case_number(case_type: type[CaseType], region: Region, at: datetime, pk: int) -> str:
    return f"{case_type.prefix}{region.code[:6]}{timezone.localtime(at):%Y}{pk:08d}"


def counts_from_registration(kind: type[CaseType]) -> bool:
    return kind.total_deadline is not None and kind.total_deadline_from is None


class OpenDeadlines(TypedDict):
    state_due_at: datetime | None
    due_at: datetime | None


def open_deadlines(kind: type[CaseType], at: datetime) -> OpenDeadlines:
    """The deadlines of a case registered at ``at``: its first step's and, when the total deadline runs
    from registration, the total one."""
    return {
        "state_due_at": kind.initial_deadline.due_from(at) if kind.initial_deadline else None,
        "due_at": (
            kind.total_deadline.due_from(at)
            if kind.total_deadline and counts_from_registration(kind)
            else None
        ),
    }


def waiting_reason(transition: Transition, opens_at: datetime) -> str:
    """Why a move is not open yet and when it opens: "公示期为7天，期满后可结束公示（12月10日 10:00起）"."""
    note = transition.opens_note or f"尚未到可“{transition.label}”的时间"
    return f"{note}（{when(opens_at)}起）"


def move_check(
    kind: type[CaseType],
    *,
    case: Any,
    action: str,
    may: Callable[[str], bool],
    who: str,
    comment: str,
    at: datetime,
) -> Transition:
    """The transition ``action`` from the state of ``case`` (a Case, or any object with its fields) for a
    user who holds the capabilities ``may`` says yes to (``who``: their role's name, for the refusal), or a
    refusal: the move must be declared from the state, its capability held, the move open at ``at``
    (:meth:`CaseType.available_from`) and a required comment given."""
    transition = kind.transition(case.state, action)
    if transition is None:
        raise CaseError(f"当前状态“{kind.state_label(case.state)}”下不能执行该操作（{action}）")
    if not may(transition.capability):
        raise CaseError(f"您的角色（{who}）不能执行“{transition.label}”")
    opens_at = kind.available_from(case, transition)
    if opens_at is not None and at < opens_at:
        raise CaseError(waiting_reason(transition, opens_at))
    if transition.requires_comment and not comment.strip():
        raise CaseError(f"“{transition.label}”须填写意见或理由")
    return transition


def move_apply(
    kind: type[CaseType], case: Any, transition: Transition, *, at: datetime, first_taking: bool
) -> None:
    """Set the state and deadlines of ``case`` (a Case, or any object with its fields) after the move.
    ``first_taking``: the action was never taken on the case before (the total deadline starts at the
    first taking of ``total_deadline_from``, e.g. 受理, and does not restart if the step is taken again)."""
    case.state = transition.target
    case.state_entered_at = at
    case.state_due_at = transition.deadline.due_from(at) if transition.deadline else None
    if transition.target in kind.final:
        case.closed_at = at
        case.state_due_at = None
    total = kind.extension if case.extended else kind.total_deadline  # an extended case has an extension
    if transition.action == kind.total_deadline_from and kind.total_deadline and total and first_taking:
        case.due_at = total.due_from(at)
