"""The application procedures on the case engine (domain.md §1 state machine, §2 Art. 16, §3).

低保, 特困 and 低收入家庭 follow one route: 申请 → 受理 (乡镇/街道) → 家庭经济状况调查 → 乡镇审核（初审）→
公示 7 days → 区县审核确认 → 纳入 / 不予救助 (in writing, with reasons). An objection during 公示 sends the
case back to investigation, or to 民主评议 and a new 公示. The applicant may object to a refusal: the
county re-examines (复查). 30 working days from 受理, once extendable to 45.

临时救助 支出型 takes the same route, except that the 乡镇 approves a small amount itself after 公示
(《社会救助暂行办法》第四十八条). 急难型: the 乡镇 helps first (先行救助, within 48 h and its delegated limit),
then completes the paperwork within 5 working days and publishes afterwards.

The domain consequences of each move (enrol, record the decision, draw on the reserve) are in
``services.applications`` and run inside the move's transaction.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from minzheng.assistance import rules
from minzheng.casework.types import EXCEPTIONAL, CaseType, Transition, case_type_register

PUBLICITY_NOTE = "公示期为7天，期满后可结束公示"

STANDARD_STATES = {
    "applied": "申请",
    "investigating": "家庭经济状况调查",
    "town_review": "乡镇审核",
    "publicity": "公示",
    "objection": "公示异议处理",
    "district_review": "区县审核确认",
    "enrolled": "已纳入保障",
    "rejected": "不予救助",
    "not_accepted": "不予受理",
    "withdrawn": "已撤回",
}
OPEN_BEFORE_DECISION = (
    "applied",
    "investigating",
    "town_review",
    "publicity",
    "objection",
    "district_review",
)

STANDARD_TRANSITIONS = (
    Transition("accept", "受理", ["applied"], "investigating", capability="assistance.accept",
               deadline=rules.INVESTIGATION_LIMIT),
    Transition("refuse", "不予受理", ["applied"], "not_accepted", capability="assistance.refuse",
               kind=EXCEPTIONAL, requires_comment=True),
    Transition("submit", "调查完毕，提交审核", ["investigating"], "town_review", capability="assistance.submit"),
    Transition("publish", "初审通过，公示", ["town_review"], "publicity", capability="assistance.publish",
               deadline=rules.PUBLICITY),
    Transition("report_ineligible", "初审不符合，报区县", ["town_review"], "district_review",
               capability="assistance.report_ineligible", deadline=rules.COUNTY_LIMIT, requires_comment=True),
    Transition("object", "登记公示异议", ["publicity"], "objection", capability="assistance.object",
               kind=EXCEPTIONAL, requires_comment=True),
    Transition("reinvestigate", "重新调查", ["objection"], "investigating", capability="assistance.reinvestigate",
               deadline=rules.INVESTIGATION_LIMIT),
    Transition("democratic_review", "民主评议后重新公示", ["objection"], "publicity",
               capability="assistance.democratic_review", deadline=rules.PUBLICITY, requires_comment=True),
    Transition("publicity_end", "公示期满，报区县", ["publicity"], "district_review",
               capability="assistance.publicity_end", deadline=rules.COUNTY_LIMIT,
               opens_after=rules.PUBLICITY, opens_note=PUBLICITY_NOTE),
    Transition("approve", "审核确认，纳入保障", ["district_review"], "enrolled", capability="assistance.approve"),
    Transition("reject", "不予救助（书面说明理由）", ["district_review"], "rejected", capability="assistance.reject",
               kind=EXCEPTIONAL, requires_comment=True),
    Transition("return", "退回重新调查", ["district_review"], "investigating", capability="assistance.return",
               kind=EXCEPTIONAL, deadline=rules.INVESTIGATION_LIMIT, requires_comment=True),
    Transition("appeal", "申请人异议，复查", ["rejected"], "district_review", capability="assistance.appeal",
               kind=EXCEPTIONAL, deadline=rules.COUNTY_LIMIT, requires_comment=True),
    Transition("withdraw", "申请人撤回", OPEN_BEFORE_DECISION, "withdrawn", capability="assistance.withdraw",
               kind=EXCEPTIONAL, requires_comment=True),
)  # fmt: skip
"""The ordinary route and its exceptions (``EXCEPTIONAL``: 不予受理, 公示异议, 不予救助, 退回, 申请人异议, 撤回).
公示 lasts 7 days (domain.md §1 state 4): it cannot be ended, nor a 临时救助 approved after it, before."""


class AssistanceCaseType(CaseType):
    """Shared by the assistance procedures: states, moves, limits and the hook into the services."""

    program_kind: str = ""
    amount_actions: frozenset[str] = frozenset()  # moves whose form takes the amount decided (临时救助)
    states = STANDARD_STATES
    initial = "applied"
    final = {"enrolled", "rejected", "not_accepted", "withdrawn"}
    transitions = STANDARD_TRANSITIONS
    total_deadline = rules.TOTAL_LIMIT
    total_deadline_from = "accept"  # 30 working days from 受理 (民发〔2021〕57号 [V]), counted by the engine
    extension = rules.EXTENDED_LIMIT

    @classmethod
    def on_transition(cls, case: Any, transition: Transition, actor: Any, **context: Any) -> None:
        from minzheng.assistance.services.applications import application_on_transition

        application_on_transition(case=case, transition=transition, actor=actor, **context)

    @classmethod
    def detail_url(cls, case: Any) -> str | None:
        return reverse("assistance:application_by_case", args=[case.pk])


@case_type_register
class DibaoApplication(AssistanceCaseType):
    code = "dibao_application"
    label = "低保申请"
    prefix = "DB"
    program_kind = "dibao"


@case_type_register
class TekunApplication(AssistanceCaseType):
    code = "tekun_application"
    label = "特困人员救助供养申请"
    prefix = "TK"
    program_kind = "tekun"


@case_type_register
class LowIncomeApplication(AssistanceCaseType):
    code = "low_income_application"
    label = "低收入家庭认定申请"
    prefix = "DSR"
    program_kind = "low_income"
    states = {**STANDARD_STATES, "enrolled": "已认定为低收入家庭", "rejected": "不予认定"}


@case_type_register
class TemporaryExpenseApplication(AssistanceCaseType):
    code = "temporary_expense"
    label = "临时救助（支出型）"
    prefix = "LSZ"
    program_kind = "temporary_expense"
    amount_actions = frozenset({"town_approve", "approve"})
    states = {**STANDARD_STATES, "enrolled": "已批准救助"}
    transitions = (
        *STANDARD_TRANSITIONS,
        Transition("town_approve", "乡镇审批（小额）", ["publicity"], "enrolled", capability="assistance.town_approve",
                   opens_after=rules.PUBLICITY, opens_note="公示期为7天，期满后可由乡镇审批"),
    )  # fmt: skip


@case_type_register
class TemporaryEmergencyApplication(AssistanceCaseType):
    code = "temporary_emergency"
    label = "临时救助（急难型）"
    prefix = "LSJ"
    program_kind = "temporary_emergency"
    amount_actions = frozenset({"advance_pay", "report_district", "approve"})
    total_deadline_from = (
        None  # 急难型 is helped first and has no 受理 step: the limit runs from registration
    )
    states = {
        "applied": "申请",
        "paperwork": "已先行救助，补办手续",
        "publicity": "公示",
        "objection": "公示异议处理",
        "district_review": "区县审批",
        "enrolled": "救助完成",
        "rejected": "不予救助",
        "withdrawn": "已撤回",
    }
    final = {"enrolled", "rejected", "withdrawn"}
    initial_deadline = rules.EMERGENCY_PAY_LIMIT
    transitions = (
        Transition("advance_pay", "先行救助（乡镇限额内）", ["applied"], "paperwork",
                   capability="assistance.advance_pay", deadline=rules.EMERGENCY_PAPERWORK_LIMIT),
        Transition("report_district", "超出乡镇限额，报区县", ["applied"], "district_review",
                   capability="assistance.report_district", deadline=rules.COUNTY_LIMIT),
        Transition("refuse", "不予救助", ["applied"], "rejected", capability="assistance.refuse",
                   kind=EXCEPTIONAL, requires_comment=True),
        Transition("paperwork_done", "手续补齐，公示", ["paperwork"], "publicity",
                   capability="assistance.paperwork_done", deadline=rules.PUBLICITY),
        Transition("object", "登记公示异议", ["publicity"], "objection", capability="assistance.object",
                   kind=EXCEPTIONAL, requires_comment=True),
        Transition("democratic_review", "民主评议后重新公示", ["objection"], "publicity",
                   capability="assistance.democratic_review", deadline=rules.PUBLICITY, requires_comment=True),
        Transition("publicity_end", "公示期满，办结", ["publicity"], "enrolled", capability="assistance.publicity_end",
                   opens_after=rules.PUBLICITY, opens_note=PUBLICITY_NOTE),
        Transition("approve", "区县审批，发放救助", ["district_review"], "enrolled", capability="assistance.approve"),
        Transition("reject", "不予救助（书面说明理由）", ["district_review"], "rejected",
                   capability="assistance.reject", kind=EXCEPTIONAL, requires_comment=True),
        Transition("withdraw", "申请人撤回", ["applied", "district_review"], "withdrawn",
                   capability="assistance.withdraw", kind=EXCEPTIONAL, requires_comment=True),
    )  # fmt: skip


CASE_TYPES: dict[str, type[AssistanceCaseType]] = {
    t.program_kind: t
    for t in (
        DibaoApplication,
        TekunApplication,
        LowIncomeApplication,
        TemporaryExpenseApplication,
        TemporaryEmergencyApplication,
    )
}
EMERGENCY_ACTIONS_WITH_AMOUNT = (
    TemporaryExpenseApplication.amount_actions | TemporaryEmergencyApplication.amount_actions
)
"""临时救助 moves that take the amount decided (the form shows an amount field)."""
APPLICATION_KINDS: dict[str, str] = {k: t.label for k, t in CASE_TYPES.items()}
