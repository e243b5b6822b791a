"""Case types: each declares its states, its transitions (who may take them) and its deadlines.

A domain writes one subclass of :class:`CaseType` and registers it::

    class DibaoApplication(CaseType):
        code = "dibao_application"
        label = "低保申请"
        prefix = "DB"
        states = {"applied": "申请", "accepted": "受理", ...}
        initial = "applied"
        final = {"enrolled", "rejected", "withdrawn"}
        transitions = (Transition("accept", "受理", ("applied",), "accepted", roles={Role.TOWN_CASEWORKER},
                                  deadline=Deadline(workdays=10)), ...)
        total_deadline = Deadline(workdays=30)
        total_deadline_from = "accept"  # 30 working days from 受理, not from 申请
        extension = Deadline(workdays=45)

    case_type_register(DibaoApplication)

The total deadline (办结时限) runs from registration unless the type names the action that starts it
(``total_deadline_from``): a 低保 application's 30 working days run from 受理 (民发〔2021〕57号), and its
one extension to 45 working days is counted from the same moment.

Domain consequences of a move (enrol the household, notify a provider…) go in ``on_transition``, which
runs inside the transition's transaction and receives the moment of the move as ``at``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils import timezone

from minzheng.core.workdays import add_work_hours, add_workdays

if TYPE_CHECKING:
    from minzheng.casework.models import Case
    from minzheng.core.models import User


@dataclass(frozen=True)
class Deadline:
    """Time allowed, in working days (official calendar), working hours or calendar days/hours."""

    workdays: int = 0
    work_hours: int = 0
    days: int = 0
    hours: int = 0

    def due_from(self, start: datetime) -> datetime:
        local = timezone.localtime(start)
        if self.workdays:
            # "n working days from start" ends at the close of the n-th working day after it
            return datetime.combine(
                add_workdays(local.date(), self.workdays), time(23, 59, 59), tzinfo=local.tzinfo
            )
        if self.work_hours:
            return add_work_hours(local, self.work_hours)
        return local + timedelta(days=self.days, hours=self.hours)

    def describe(self) -> str:
        if self.workdays:
            return f"{self.workdays}个工作日"
        if self.work_hours:
            return f"{self.work_hours}个工作小时"
        return f"{self.days}天" if self.days else f"{self.hours}小时"


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    source: tuple[str, ...]
    target: str
    roles: frozenset[str] = field(default_factory=frozenset)  # empty: any role in scope
    deadline: Deadline | None = None  # time allowed in the target state
    requires_comment: bool = False

    def __init__(
        self,
        action: str,
        label: str,
        source: Iterable[str],
        target: str,
        *,
        roles: Iterable[str] = (),
        deadline: Deadline | None = None,
        requires_comment: bool = False,
    ) -> None:
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "source", tuple(source))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "roles", frozenset(str(r) for r in roles))
        object.__setattr__(self, "deadline", deadline)
        object.__setattr__(self, "requires_comment", requires_comment)


class CaseType:
    code: ClassVar[str]
    label: ClassVar[str]
    prefix: ClassVar[str]
    states: ClassVar[Mapping[str, str]]
    initial: ClassVar[str]
    final: ClassVar[frozenset[str] | set[str]]
    transitions: ClassVar[tuple[Transition, ...]]
    initial_deadline: ClassVar[Deadline | None] = None
    total_deadline: ClassVar[Deadline | None] = None
    # the action whose first taking starts the total deadline (e.g. "accept", 受理); None: registration
    total_deadline_from: ClassVar[str | None] = None
    extension: ClassVar[Deadline | None] = None  # how far the total deadline may be extended, once

    @classmethod
    def state_label(cls, state: str) -> str:
        return cls.states.get(state, state)

    @classmethod
    def transitions_from(cls, state: str) -> list[Transition]:
        return [t for t in cls.transitions if state in t.source]

    @classmethod
    def transition(cls, state: str, action: str) -> Transition | None:
        return next((t for t in cls.transitions_from(state) if t.action == action), None)

    @classmethod
    def states_for_role(cls, role: str) -> set[str]:
        """States in which a user of ``role`` has something to do (their worklist)."""
        return {s for t in cls.transitions if not t.roles or role in t.roles for s in t.source}

    @classmethod
    def action_label(cls, action: str) -> str:
        return next((t.label for t in cls.transitions if t.action == action), action)

    @classmethod
    def on_transition(
        cls, case: Case, transition: Transition, actor: User, *, at: datetime, **context: Any
    ) -> None:
        """Domain consequences of a move; runs inside the transition's transaction. ``at`` is the moment
        of the move (the caller's ``at``, else now; equal to ``case.state_entered_at``)."""

    @classmethod
    def detail_url(cls, case: Case) -> str | None:
        """The domain's own page for the case, if it has one."""
        return None


_types: dict[str, type[CaseType]] = {}


def case_type_register(case_type: type[CaseType]) -> type[CaseType]:
    missing = {t.target for t in case_type.transitions} - set(case_type.states)
    if missing or case_type.initial not in case_type.states:
        raise ValueError(f"{case_type.code}: 未声明的状态 {missing or case_type.initial}")
    start = case_type.total_deadline_from
    if start is not None and all(t.action != start for t in case_type.transitions):
        raise ValueError(f"{case_type.code}: 办结时限起算的操作 {start} 未声明")
    _types[case_type.code] = case_type
    return case_type


def case_type_get(code: str) -> type[CaseType]:
    return _types[code]


def case_types() -> list[type[CaseType]]:
    return list(_types.values())
