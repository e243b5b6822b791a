from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import BooleanField, Q, QuerySet, Value, When
from django.db.models import Case as When_
from django.utils import timezone

from minzheng.casework.models import Case
from minzheng.casework.moves import waiting_reason
from minzheng.casework.types import Transition, case_type_get, case_types
from minzheng.casework.worklist import worklist_items, worklist_sources
from minzheng.core.models import User

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _Overdue(TypedDict):
    is_overdue: bool


def _overdue_q(now) -> Q:  # noqa: ANN001
    return Q(closed_at__isnull=True) & (Q(state_due_at__lt=now) | Q(due_at__lt=now))


def case_annotate_overdue(qs: QuerySet[Case]) -> QuerySet[WithAnnotations[Case, _Overdue]]:
    return qs.annotate(
        is_overdue=When_(
            When(_overdue_q(timezone.now()), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def case_worklist(
    *, user: User, case_type: str | None = None, overdue_only: bool = False
) -> QuerySet[WithAnnotations[Case, _Overdue]]:
    """One queue of every open case, of every type, waiting on a move the user's capabilities allow, in
    their region — so the load a grid worker carries from many departments is visible in one place."""
    q = Q(pk__in=[])
    for kind in case_types():
        if case_type and kind.code != case_type:
            continue
        states = kind.states_for(user)
        if states:
            q |= Q(case_type=kind.code, state__in=states)
    qs = Case.objects.visible_to(user).filter(q, closed_at__isnull=True)
    if overdue_only:
        qs = qs.filter(_overdue_q(timezone.now()))
    return case_annotate_overdue(qs).select_related("region", "subject").order_by("state_due_at", "opened_at")


def case_overdue(*, user: User) -> QuerySet[WithAnnotations[Case, _Overdue]]:
    return case_annotate_overdue(Case.objects.visible_to(user).filter(_overdue_q(timezone.now())))


def case_get(*, user: User, pk: int) -> Case:
    from minzheng.core.scope import access_scoped

    return access_scoped(
        user, case_annotate_overdue(Case.objects.select_related("region", "subject")), pk, label="案件"
    )


def case_worklist_panel(*, user: User) -> dict[str, Any]:
    """The home-page summary of the user's queue: how many cases and other tasks (``casework.worklist``
    sources) wait on them, how many are overdue, and the most urgent few (three queries, plus the sources').
    A user to whom no case type gives a move and no source applies has no panel."""
    has_moves = any(kind.states_for(user) for kind in case_types())
    if not has_moves and not worklist_sources(user):
        return {"hidden": True}
    items = worklist_items(user=user)
    qs = case_worklist(user=user)
    first = list(qs[:5]) if has_moves else []
    for case in first:
        case.kind = case_type_get(case.case_type)
        case.state_label = case.kind.state_label(case.state)
    cases, late = (qs.count(), qs.filter(is_overdue=True).count()) if has_moves else (0, 0)
    return {
        "work_count": cases + len(items),
        "overdue_count": late + sum(1 for item in items if item.overdue),
        "first": first,
        "items": items[:5],
    }


# --- the actions of a case page ------------------------------------------------------------------------

PRIMARY, SECONDARY, DANGER, DISABLED = "primary", "secondary", "danger", "disabled"
_SHOWN_ORDER = {PRIMARY: 0, DISABLED: 1, SECONDARY: 2, DANGER: 3}


@dataclass(frozen=True)
class CaseAction:
    """A move as a case page offers it. ``state``: ``primary`` (the usual next step: the filled button),
    ``secondary`` (another usual step), ``danger`` (an exceptional move: set apart, confirmed), ``disabled``
    (not open yet: ``reason`` says why and from when, ``opens_at``)."""

    transition: Transition
    state: str
    reason: str = ""
    opens_at: datetime | None = None

    @property
    def action(self) -> str:
        return self.transition.action

    @property
    def label(self) -> str:
        return self.transition.label

    @property
    def requires_comment(self) -> bool:
        return self.transition.requires_comment

    @property
    def dom(self) -> str:
        """Suffix of the element ids of the move's form: none for the primary move (``#comment``)."""
        return "" if self.state == PRIMARY else f"-{self.action}"


def case_actions(*, user: User, case: Case, now: datetime | None = None) -> list[CaseAction]:
    """The moves the case's page offers ``user``, in the order shown: the first open usual move as the
    primary button, moves not open yet disabled with their reason, the other usual moves, then the
    exceptional ones. Moves the user's capabilities do not allow (or that the case type does not offer
    them, :meth:`CaseType.offered_to`) are left out; a closed case offers only what its state declares."""
    kind = case_type_get(case.case_type)
    now = now or timezone.now()
    shown: list[CaseAction] = []
    primary_taken = False
    for t in kind.moves_for(user, case):
        opens_at = kind.available_from(case, t)
        if opens_at is not None and now < opens_at:
            shown.append(CaseAction(t, DISABLED, waiting_reason(t, opens_at), opens_at))
        elif t.exceptional:
            shown.append(CaseAction(t, DANGER))
        elif not primary_taken:
            shown.append(CaseAction(t, PRIMARY))
            primary_taken = True
        else:
            shown.append(CaseAction(t, SECONDARY))
    return sorted(shown, key=lambda a: _SHOWN_ORDER[a.state])
