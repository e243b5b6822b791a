"""The application for a disability subsidy on the case engine (国发〔2015〕52号: 残疾人向户籍所在地乡镇（街道）
提出申请，乡镇（街道）受理、初审，县级民政部门审核认定): 申请 → 乡镇受理初审 → 区县审核确认.

The time limits are [U] (Hainan's implementing rules were not read): 10 working days for each step, 20 for the
whole, as parameters of this module a later issue may move into the standards table. The consequences of each
move (the eligibility check, the enrollment) are in ``services.application_apply_move``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from minzheng.casework.types import EXCEPTIONAL, CaseType, Deadline, Transition, case_type_register

if TYPE_CHECKING:
    from minzheng.casework.models import Case
    from minzheng.core.models import User

CASE_TYPE = "disability_subsidy"
STEP_LIMIT = Deadline(workdays=10)


@case_type_register
class SubsidyApplication(CaseType):
    code = CASE_TYPE
    label = "残疾人两项补贴申请"
    prefix = "CJ"
    states = {
        "applied": "已申请，待乡镇受理",
        "town_reviewed": "乡镇已初审，待区县审核",
        "approved": "已批准，按月发放",
        "rejected": "不予批准",
        "not_accepted": "不予受理",
        "withdrawn": "已撤回",
    }
    initial = "applied"
    final = {"approved", "rejected", "not_accepted", "withdrawn"}
    transitions = (
        Transition("accept", "受理并初审", ["applied"], "town_reviewed", capability="disability.accept",
                   deadline=STEP_LIMIT),
        Transition("not_accept", "不予受理", ["applied"], "not_accepted", capability="disability.not_accept",
                   kind=EXCEPTIONAL, requires_comment=True),
        Transition("withdraw", "登记申请人撤回", ["applied", "town_reviewed"], "withdrawn",
                   capability="disability.withdraw", kind=EXCEPTIONAL, requires_comment=True),
        Transition("approve", "审核确认", ["town_reviewed"], "approved", capability="disability.approve"),
        Transition("reject", "不予批准", ["town_reviewed"], "rejected", capability="disability.reject",
                   kind=EXCEPTIONAL, requires_comment=True),
        Transition("return", "退回乡镇重新初审", ["town_reviewed"], "applied", capability="disability.return",
                   kind=EXCEPTIONAL, requires_comment=True, deadline=STEP_LIMIT),
    )  # fmt: skip
    initial_deadline = STEP_LIMIT
    total_deadline = Deadline(workdays=20)

    @classmethod
    def on_transition(cls, case: Case, transition: Transition, actor: User, **context: Any) -> None:
        from minzheng.disability.services import application_apply_move

        application_apply_move(case=case, action=transition.action, actor=actor, **context)

    @classmethod
    def detail_url(cls, case: Case) -> str | None:
        from minzheng.disability.models import Application

        pk = Application.objects.filter(case_id=case.pk).values_list("pk", flat=True).first()
        return reverse("disability:application_detail", args=[pk]) if pk else None
