"""Small case types used by the engine's own tests, with capabilities of their own (``sample.*``, added to
the table for the tests only, so that the engine's tests do not lean on a domain's moves)."""

from datetime import datetime
from typing import Any, ClassVar

from minzheng.casework.types import EXCEPTIONAL, CaseType, Deadline, Transition, case_type_register
from minzheng.core.roles import CAPABILITIES, Capability, Role

_TEST_CAPABILITIES = {
    "sample.accept": ("受理测试事项", {Role.TOWN_CASEWORKER}),
    "sample.reject": ("不予受理测试事项", {Role.TOWN_CASEWORKER}),
    "sample.review": ("审核测试事项", {Role.DISTRICT_REVIEWER}),
    "sample.return": ("退回测试事项", {Role.DISTRICT_REVIEWER}),
    "sample.close": ("办结测试事项", {Role.DISTRICT_REVIEWER}),
    "sample.close_request": ("办结测试求助", {Role.HOTLINE_OPERATOR}),
    "sample.publish": ("公示测试事项", {Role.TOWN_CASEWORKER}),
    "sample.object": ("登记测试事项公示异议", {Role.TOWN_CASEWORKER, Role.COMMUNITY_WORKER}),
    "sample.publicity_end": ("结束测试事项公示", {Role.TOWN_CASEWORKER}),
}
for _code, (_label, _roles) in _TEST_CAPABILITIES.items():
    CAPABILITIES.setdefault(_code, Capability(_code, _label, frozenset(_roles)))


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
            capability="sample.accept",
            deadline=Deadline(workdays=10),
        ),
        Transition(
            "reject",
            "不予受理",
            ["new"],
            "rejected",
            capability="sample.reject",
            kind=EXCEPTIONAL,
            requires_comment=True,
        ),
        Transition(
            "review",
            "审核",
            ["accepted"],
            "reviewed",
            capability="sample.review",
            deadline=Deadline(workdays=10),
        ),
        Transition(
            "return",
            "退回",
            ["reviewed"],
            "accepted",
            capability="sample.return",
            kind=EXCEPTIONAL,
            requires_comment=True,
        ),
        Transition("close", "办结", ["reviewed"], "done", capability="sample.close"),
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
    transitions = (Transition("close", "办结", ["received"], "closed", capability="sample.close_request"),)


@case_type_register
class SampleNotice(CaseType):
    """Like a 公示: the usual next step (结束公示) opens 7 days after publication; an objection may be
    registered meanwhile."""

    code = "sample_notice"
    label = "测试公示"
    prefix = "TG"
    states = {"new": "登记", "publicity": "公示", "objection": "异议处理", "done": "办结"}
    initial = "new"
    final = {"done"}
    transitions = (
        Transition("publish", "公示", ["new"], "publicity", capability="sample.publish"),
        Transition(
            "object", "登记公示异议", ["publicity"], "objection", capability="sample.object", kind=EXCEPTIONAL,
            requires_comment=True,
        ),
        Transition(
            "publicity_end", "公示期满，办结", ["publicity"], "done", capability="sample.publicity_end",
            opens_after=Deadline(days=7), opens_note="公示期为7天，期满后可结束公示",
        ),
    )  # fmt: skip
