"""Small case types used by the engine's own tests."""

from datetime import datetime
from typing import Any, ClassVar

from minzheng.casework.types import CaseType, Deadline, Transition, case_type_register
from minzheng.core.roles import Role


@case_type_register
class SampleCase(CaseType):
    """Like a 低保 application: 30 working days from 受理 (not from registration), once extendable to 45."""

    code = "sample"
    label = "测试事项"
    prefix = "TS"
    states = {"new": "登记", "accepted": "受理", "reviewed": "审核", "done": "办结", "rejected": "不予受理"}
    initial = "new"
    final = {"done", "rejected"}
    initial_deadline = Deadline(workdays=1)
    total_deadline = Deadline(workdays=30)
    total_deadline_from = "accept"
    extension = Deadline(workdays=45)
    transitions = (
        Transition(
            "accept",
            "受理",
            ["new"],
            "accepted",
            roles={Role.TOWN_CASEWORKER},
            deadline=Deadline(workdays=10),
        ),
        Transition(
            "reject", "不予受理", ["new"], "rejected", roles={Role.TOWN_CASEWORKER}, requires_comment=True
        ),
        Transition(
            "review",
            "审核",
            ["accepted"],
            "reviewed",
            roles={Role.DISTRICT_REVIEWER},
            deadline=Deadline(workdays=10),
        ),
        Transition(
            "return", "退回", ["reviewed"], "accepted", roles={Role.DISTRICT_REVIEWER}, requires_comment=True
        ),
        Transition("close", "办结", ["reviewed"], "done", roles={Role.DISTRICT_REVIEWER}),
    )
    moves: ClassVar[list[tuple[str, datetime, dict[str, Any]]]] = []  # what on_transition was given

    @classmethod
    def on_transition(cls, case: Any, transition: Transition, actor: Any, **context: Any) -> None:
        at = context.pop("at")
        cls.moves.append((transition.action, at, context))


@case_type_register
class SampleRequest(CaseType):
    """Like a hotline request: the total deadline runs from registration."""

    code = "sample_request"
    label = "测试求助"
    prefix = "TQ"
    states = {"received": "受理", "closed": "办结"}
    initial = "received"
    final = {"closed"}
    total_deadline = Deadline(workdays=3)
    extension = Deadline(workdays=5)
    transitions = (Transition("close", "办结", ["received"], "closed", roles={Role.HOTLINE_OPERATOR}),)
