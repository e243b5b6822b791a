"""Registration applications on the case engine: 申请 → 受理（收到全部有效文件）→ 准予登记 / 不予登记.

The decision period runs from 受理, the day the authority has all valid documents: 60 days for 成立登记
(社团条例第十二条、民非条例第十一条、基金会条例第十一条); for 变更、注销登记 the regulations set none and the
20 days of 《行政许可法》第四十二条 are used (``rules.AMEND_DECISION_DAYS``, unverified for these registrations).
A refusal states its reasons (社团条例第十二条 "不予登记的，应当向发起人说明理由"; 民非条例第十一条; 基金会条例第十一条
"应当书面说明理由"): the move requires a comment. The consequences are in ``services.application_apply_move``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from minzheng.casework.types import EXCEPTIONAL, CaseType, Deadline, Transition, case_type_register
from minzheng.orgs import rules

if TYPE_CHECKING:
    from minzheng.casework.models import Case
    from minzheng.core.models import User

ESTABLISH = "orgs_establish"
AMEND = "orgs_amend"
MATERIALS_LIMIT = Deadline(workdays=5)  # [U] a working habit for checking the materials, not a legal period

_STATES = {
    "applied": "已申请，待审查材料",
    "accepted": "已受理，待作出决定",
    "approved": "准予登记",
    "refused": "不予登记",
    "withdrawn": "已撤回",
}


def _transitions(decision: Deadline) -> tuple[Transition, ...]:
    return (
        Transition("accept", "受理（材料齐全有效）", ["applied"], "accepted", capability="orgs.register",
                   deadline=decision),
        Transition("withdraw", "登记申请人撤回", ["applied", "accepted"], "withdrawn", capability="orgs.register",
                   kind=EXCEPTIONAL, requires_comment=True),
        Transition("approve", "准予登记", ["accepted"], "approved", capability="orgs.decide"),
        Transition("refuse", "不予登记（说明理由）", ["accepted"], "refused", capability="orgs.decide",
                   kind=EXCEPTIONAL, requires_comment=True),
    )  # fmt: skip


class _Registration(CaseType):
    states = _STATES
    initial = "applied"
    final = {"approved", "refused", "withdrawn"}
    initial_deadline = MATERIALS_LIMIT
    total_deadline_from = "accept"

    @classmethod
    def on_transition(cls, case: Case, transition: Transition, actor: User, **context: Any) -> None:
        from minzheng.orgs.services import application_apply_move

        application_apply_move(case=case, action=transition.action, actor=actor, **context)

    @classmethod
    def detail_url(cls, case: Case) -> str | None:
        from minzheng.orgs.models import Application

        pk = Application.objects.filter(case_id=case.pk).values_list("pk", flat=True).first()
        return reverse("orgs:application_detail", args=[pk]) if pk else None


@case_type_register
class EstablishApplication(_Registration):
    code = ESTABLISH
    label = "社会组织成立登记"
    prefix = "SZ"
    transitions = _transitions(Deadline(days=rules.ESTABLISH_DECISION_DAYS[rules.ASSOCIATION]))
    total_deadline = Deadline(days=rules.ESTABLISH_DECISION_DAYS[rules.ASSOCIATION])


@case_type_register
class AmendApplication(_Registration):
    code = AMEND
    label = "社会组织变更、注销登记"
    prefix = "SB"
    transitions = _transitions(Deadline(workdays=rules.AMEND_DECISION_DAYS))
    total_deadline = Deadline(workdays=rules.AMEND_DECISION_DAYS)
