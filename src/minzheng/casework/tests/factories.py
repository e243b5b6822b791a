"""A small case type used by the engine's own tests."""

from minzheng.casework.types import CaseType, Deadline, Transition, case_type_register
from minzheng.core.roles import Role


@case_type_register
class SampleCase(CaseType):
    code = "sample"
    label = "测试事项"
    prefix = "TS"
    states = {"new": "登记", "accepted": "受理", "reviewed": "审核", "done": "办结", "rejected": "不予受理"}
    initial = "new"
    final = {"done", "rejected"}
    initial_deadline = Deadline(workdays=1)
    total_deadline = Deadline(workdays=30)
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
