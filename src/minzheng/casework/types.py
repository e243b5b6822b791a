"""Case types: each declares its states, its transitions (the capability that may take each) and deadlines.

A domain writes one subclass of :class:`CaseType` and registers it::

    class DibaoApplication(CaseType):
        code = "dibao_application"
        label = "低保申请"
        prefix = "DB"
        states = {"applied": "申请", "accepted": "受理", ...}
        initial = "applied"
        final = {"enrolled", "rejected", "withdrawn"}
        transitions = (
            Transition("accept", "受理", ("applied",), "accepted", capability="assistance.accept",
                       deadline=Deadline(workdays=10)),
            Transition("refuse", "不予受理", ("applied",), "not_accepted", capability="assistance.refuse",
                       kind=EXCEPTIONAL, requires_comment=True),
            Transition("publicity_end", "公示期满，报区县", ("publicity",), "district_review",
                       capability="assistance.publicity_end", opens_after=Deadline(days=7),
                       opens_note="公示期为7天，期满后可结束公示"),
            ...)
        total_deadline = Deadline(workdays=30)
        total_deadline_from = "accept"  # 30 working days from 受理, not from 申请
        extension = Deadline(workdays=45)

    case_type_register(DibaoApplication)

Who may take a move is a capability of ``core/roles.py`` (``capability=``), never a set of roles: the engine
asks ``can(user, transition.capability)``. A move is ``USUAL`` (the next step of the ordinary course; the
first one open is the page's primary button) or ``EXCEPTIONAL`` (退单, 异议, 撤回, 撤销, 作废, 驳回, 不予受理 …:
set apart and confirmed). A move may open only some time after the case entered its state
(``opens_after``, e.g. the 7 days of 公示): :meth:`CaseType.available_from` says when, the engine refuses it
before then and the page shows it disabled with ``opens_note`` and that moment.

The total deadline (办结时限) runs from registration unless the type names the action that starts it
(``total_deadline_from``): a 低保 application's 30 working days run from 受理 (民发〔2021〕57号), and its
one extension to 45 working days is counted from the same moment.

Domain consequences of a move (enrol the household, notify a provider…) go in ``on_transition``, which
runs inside the transition's transaction and receives the moment of the move as ``at``. A domain whose
moves are open only to some of the holders of the capability (a unit's own accounts, the provider the
request was dispatched to) says so in :meth:`CaseType.offered_to`, so that pages offer only moves that work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils import timezone

from minzheng.core.roles import can, role_can, roles_with
from minzheng.core.roles import capability as capability_get
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


USUAL = "usual"  # a step of the ordinary course
EXCEPTIONAL = "exceptional"  # 退单, 异议, 撤回, 撤销, 作废, 驳回, 不予受理 …: set apart and confirmed
MOVE_KINDS = (USUAL, EXCEPTIONAL)


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    source: tuple[str, ...]
    target: str
    capability: str  # core.roles capability that may take the move
    kind: str = USUAL
    deadline: Deadline | None = None  # time allowed in the target state
    requires_comment: bool = False
    opens_after: Deadline | None = None  # the move opens this long after the case entered its state
    opens_note: str = ""  # why it waits, as the page and the refusal say it ("公示期为7天，期满后可结束公示")

    def __init__(
        self,
        action: str,
        label: str,
        source: Iterable[str],
        target: str,
        *,
        capability: str,
        kind: str = USUAL,
        deadline: Deadline | None = None,
        requires_comment: bool = False,
        opens_after: Deadline | None = None,
        opens_note: str = "",
    ) -> None:
        if kind not in MOVE_KINDS:
            raise ValueError(f"{action}: kind must be one of {MOVE_KINDS}, not {kind!r}")
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "source", tuple(source))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "capability", str(capability))
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "deadline", deadline)
        object.__setattr__(self, "requires_comment", requires_comment)
        object.__setattr__(self, "opens_after", opens_after)
        object.__setattr__(self, "opens_note", opens_note)

    @property
    def exceptional(self) -> bool:
        return self.kind == EXCEPTIONAL

    def allows(self, user: Any) -> bool:
        """May ``user`` take this move (by capability; scope and the case's state are checked apart)?"""
        return can(user, self.capability)

    @property
    def roles(self) -> frozenset[str]:
        """The roles holding the move's capability (for counting other users' queues by role).
        Deciding for a user goes through :meth:`allows`."""
        return roles_with(self.capability)


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
    def states_for(cls, user: Any) -> set[str]:
        """States in which ``user`` has something to do (their worklist): a move their capability allows."""
        return {s for t in cls.transitions if t.allows(user) for s in t.source}

    @classmethod
    def states_for_role(cls, role: str) -> set[str]:
        """States in which the users of ``role`` have something to do (another user's queue, e.g. the load
        of every grid worker of a town)."""
        return {s for t in cls.transitions if role_can(role, t.capability) for s in t.source}

    @classmethod
    def available_from(cls, case: Any, transition: Transition) -> datetime | None:
        """When ``transition`` opens on ``case`` (a Case, or any object with ``state_entered_at``): None if it
        does not wait. By default ``opens_after`` counted from the moment the case entered its state."""
        if transition.opens_after is None:
            return None
        return transition.opens_after.due_from(case.state_entered_at)

    @classmethod
    def offered_to(cls, case: Case, transition: Transition, user: User) -> bool:
        """Is the move, which ``user``'s capability allows, theirs on this case? A domain narrows it here when
        only some holders may take it (the dispatched unit's own accounts); the domain's ``on_transition``
        still refuses the others. Used by pages, so that they offer only moves that will work."""
        return True

    @classmethod
    def moves_for(cls, user: Any, case: Case) -> list[Transition]:
        """The moves from the case's state that ``user`` may take (capability, then :meth:`offered_to`), in
        the order declared — including those that have not opened yet (see :meth:`available_from`)."""
        return [
            t for t in cls.transitions_from(case.state) if t.allows(user) and cls.offered_to(case, t, user)
        ]

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
    for t in case_type.transitions:
        capability_get(
            t.capability
        )  # an undeclared capability is a programming error: declare it in core/roles.py
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
