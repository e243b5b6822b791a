from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Q, QuerySet, Value, When
from django.db.models import Case as When_
from django.utils import timezone

from minzheng.casework.models import Case
from minzheng.casework.types import case_type_get, case_types
from minzheng.core.models import User


def _overdue_q(now) -> Q:  # noqa: ANN001
    return Q(closed_at__isnull=True) & (Q(state_due_at__lt=now) | Q(due_at__lt=now))


def case_annotate_overdue(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.annotate(
        is_overdue=When_(
            When(_overdue_q(timezone.now()), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def case_worklist(*, user: User, case_type: str | None = None, overdue_only: bool = False) -> QuerySet[Case]:
    """One queue of every open case, of every type, waiting on something the user's role can do, in
    their region — so the load a grid worker carries from many departments is visible in one place."""
    q = Q(pk__in=[])
    for kind in case_types():
        if case_type and kind.code != case_type:
            continue
        states = kind.states_for_role(user.role)
        if states:
            q |= Q(case_type=kind.code, state__in=states)
    qs = Case.objects.visible_to(user).filter(q, closed_at__isnull=True)
    if overdue_only:
        qs = qs.filter(_overdue_q(timezone.now()))
    return case_annotate_overdue(qs).select_related("region", "subject").order_by("state_due_at", "opened_at")


def case_overdue(*, user: User) -> QuerySet[Case]:
    return case_annotate_overdue(Case.objects.visible_to(user).filter(_overdue_q(timezone.now())))


def case_get(*, user: User, pk: int) -> Case:
    from minzheng.core.scope import access_scoped

    return access_scoped(
        user, case_annotate_overdue(Case.objects.select_related("region", "subject")), pk, label="案件"
    )


def case_worklist_panel(*, user: User) -> dict[str, Any]:
    """The home-page summary of the user's queue: how many cases wait on them, how many are overdue, and
    the most urgent few (three queries). Roles that no case type gives a step have no panel."""
    if not any(kind.states_for_role(user.role) for kind in case_types()):
        return {"hidden": True}
    qs = case_worklist(user=user)
    first = list(qs[:5])
    for case in first:
        case.kind = case_type_get(case.case_type)
        case.state_label = case.kind.state_label(case.state)
    return {"work_count": qs.count(), "overdue_count": qs.filter(is_overdue=True).count(), "first": first}
