"""Decisions on an enrollment outside a review: stop or change it with a reason and a date (the county,
《社会救助暂行办法》第十三条), and apply a change of standard to everyone it concerns (调标).

A change of standard applies from its effective date and never rewrites a month already paid: each
enrollment's amount is recomputed from its latest assessment under the new standard and recorded from
the standard's first month on (the ledger refuses a month whose payroll is approved).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from minzheng.assistance import ledger, rules
from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.evaluation import assessment_evaluate
from minzheng.assistance.means_test import yuan
from minzheng.assistance.models import ReviewPlan
from minzheng.core.audit import Action, audit_append
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import access_scoped


def _month(value: date, *, label: str) -> date:
    if value.day != 1:
        raise AssistanceError(f"{label}须为某月1日")
    return value


def enrollment_stop_decide(*, actor: User, enrollment: Any, last_month: date, reason: str) -> Any:
    """停发 with a written reason (Art. 13) after ``last_month``."""
    require(actor, "assistance.decide")  # the county decides (《社会救助暂行办法》第十三条)
    if not reason.strip():
        raise AssistanceError("停发须书面说明理由（《社会救助暂行办法》第十三条）")
    with transaction.atomic():
        ledger.stop(
            actor=actor,
            enrollment=enrollment,
            last_month=_month(last_month, label="末次发放月"),
            reason=reason,
        )
        ReviewPlan.objects.filter(enrollment=enrollment).update(active=False)
    return enrollment


def enrollment_change_decide(
    *, actor: User, enrollment: Any, from_month: date, amount_fen: int, reason: str
) -> Any:
    """增发/减发 from ``from_month`` (Art. 13)."""
    require(actor, "assistance.decide")  # the county decides (《社会救助暂行办法》第十三条)
    if not reason.strip():
        raise AssistanceError("调整金额须说明理由")
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen < 0:
        raise AssistanceError("金额无效")
    return ledger.change_amount(
        actor=actor, enrollment=enrollment, from_month=_month(from_month, label="起始月"), amount_fen=amount_fen,
        reason=reason, basis={"decision": reason},
    )  # fmt: skip


@dataclass
class RestandardResult:
    changed: int = 0
    unchanged: int = 0
    flagged: list[int] = field(default_factory=list)  # plans no longer eligible: reviewed now

    def summary(self) -> str:
        return f"调整{self.changed}户，不变{self.unchanged}户，需复核{len(self.flagged)}户"


def standard_change_apply(
    *, actor: User, program: str, region: Region, effective_from: date
) -> RestandardResult:
    """调标: recompute every active enrollment of ``program`` in ``region``'s subtree under the standard in
    force on ``effective_from``, from that month on. An enrollment that would no longer be eligible is not
    stopped here (a stop needs a review and a written reason): its review is brought forward to today."""
    require(actor, "assistance.restandardize")
    month = rules.first_of_month(effective_from)
    result = RestandardResult()
    plans = (
        ReviewPlan.objects.visible_to(actor)
        .filter(program=program, active=True, region__path__startswith=region.path)
        .select_related("enrollment", "assessment")
        .order_by("pk")
    )
    with transaction.atomic():
        for plan in plans:
            access_scoped(actor, ReviewPlan, plan.pk, lock=True, label="复核计划")
            means = assessment_evaluate(assessment=plan.assessment, on=month)
            current = ledger.amount_on(plan.enrollment, month)
            if not means.eligible:
                plan.next_due = timezone.localdate()
                plan.save(update_fields=["next_due"])
                result.flagged.append(plan.pk)
                continue
            if means.amount_fen == current:
                result.unchanged += 1
                continue
            ledger.change_amount(
                actor=actor, enrollment=plan.enrollment, from_month=month, amount_fen=means.amount_fen,
                reason=f"保障标准调整，自{month:%Y年%m月}起 {yuan(current)} → {yuan(means.amount_fen)} 元/月",
                basis={"standard_change": f"{effective_from:%Y-%m-%d}", "lines": means.lines},
            )  # fmt: skip
            result.changed += 1
        audit_append(
            action=Action.BULK, object_type="assistance.reviewplan", object_repr=f"{rules.program_label(program)}调标",
            detail=f"{region.name} {effective_from:%Y-%m-%d}起：{result.summary()}",
        )  # fmt: skip
    return result
