"""Child welfare on the case engine.

``children_support`` — 孤儿/事实无人抚养儿童 认定 (民发〔2019〕62号): the guardian (or the 村/居 for them) applies at
the 乡镇（街道）, which 受理s and 查验s the parents' situation and reports to the county bureau, which 审核确认s
(the child is enrolled on the ledger from the next month) or decides not to. Time limits: 15 working days for
the town's 查验 and 15 for the county's 审核 (the 跨省通办 procedure published by county bureaus [L]); 30
working days in all, counted from 受理.

``children_risk`` — the follow-up of a visit that found a high risk (民发〔2019〕34号: 儿童主任 reports, the
督导员 and the town follow up): taken in hand the next working day, closed within 5 [U: no national limit].
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from minzheng.casework.types import EXCEPTIONAL, CaseType, Deadline, Transition, case_type_register

if TYPE_CHECKING:
    from minzheng.casework.models import Case
    from minzheng.core.models import User

SUPPORT = "children_support"
RISK = "children_risk"

SUPPORT_STATES = {
    "applied": "已申请，待受理",
    "accepted": "已受理，查验中",
    "reported": "已报区县，待审核确认",
    "approved": "已认定，纳入保障",
    "rejected": "不予认定",
    "not_accepted": "不予受理",
    "withdrawn": "申请人撤回",
}
SUPPORT_OPEN = ("applied", "accepted", "reported")


class SupportCase(CaseType):
    code = SUPPORT
    label = "孤儿/事实无人抚养儿童认定"
    prefix = "ET"
    states = SUPPORT_STATES
    initial = "applied"
    final = {"approved", "rejected", "not_accepted", "withdrawn"}
    transitions = (
        Transition("accept", "受理", ["applied"], "accepted", capability="children.accept",
                   deadline=Deadline(workdays=15)),
        Transition("refuse", "不予受理", ["applied"], "not_accepted", capability="children.refuse",
                   kind=EXCEPTIONAL, requires_comment=True),
        Transition("report", "查验完毕，报区县审核确认", ["accepted"], "reported", capability="children.report",
                   deadline=Deadline(workdays=15)),
        Transition("withdraw", "登记申请人撤回", ["applied", "accepted"], "withdrawn",
                   capability="children.withdraw", kind=EXCEPTIONAL, requires_comment=True),
        Transition("approve", "审核确认，纳入保障", ["reported"], "approved", capability="children.approve"),
        Transition("return", "退回重新查验", ["reported"], "accepted", capability="children.return",
                   kind=EXCEPTIONAL, requires_comment=True, deadline=Deadline(workdays=15)),
        Transition("reject", "不予认定", ["reported"], "rejected", capability="children.reject",
                   kind=EXCEPTIONAL, requires_comment=True),
    )  # fmt: skip
    initial_deadline = Deadline(workdays=5)
    total_deadline = Deadline(workdays=30)
    total_deadline_from = "accept"

    @classmethod
    def on_transition(cls, case: Case, transition: Transition, actor: User, **context: Any) -> None:
        from minzheng.children.services.supports import support_apply_move

        support_apply_move(case=case, action=transition.action, actor=actor, **context)

    @classmethod
    def detail_url(cls, case: Case) -> str | None:
        from minzheng.children.models import Support

        pk = Support.objects.filter(case_id=case.pk).values_list("pk", flat=True).first()
        return reverse("children:support_detail", args=[pk]) if pk else None


class RiskCase(CaseType):
    code = RISK
    label = "高风险儿童跟进"
    prefix = "EF"
    states = {"reported": "已报告，待跟进", "handling": "跟进处置中", "closed": "已跟进办结"}
    initial = "reported"
    final = {"closed"}
    transitions = (
        Transition("take", "接手跟进", ["reported"], "handling", capability="children.followup",
                   deadline=Deadline(workdays=5)),
        Transition("close", "跟进办结", ["handling"], "closed", capability="children.followup",
                   requires_comment=True),
    )  # fmt: skip
    initial_deadline = Deadline(workdays=1)
    total_deadline = Deadline(workdays=6)

    @classmethod
    def detail_url(cls, case: Case) -> str | None:
        from minzheng.children.models import Visit

        pk = Visit.objects.filter(case_id=case.pk).values_list("pk", flat=True).first()
        return reverse("children:visit_detail", args=[pk]) if pk else None


case_type_register(SupportCase)
case_type_register(RiskCase)
