"""动态管理: periodic review (复核) of those enrolled (domain.md §1 动态管理 [V]; 《社会救助暂行办法》第十三条).

The 镇街 case worker opens a review (a new assessment starting from the last one), updates the facts and
proposes; the means test re-runs under the standard in force; the county confirms: 增发/减发 from the
next month (never a month already paid), 停发 with a written reason and a date, or 渐退 when configured.
An income above the standard proposes nothing to pay and flags the household for exit.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from minzheng.assistance import ledger, rules
from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.evaluation import assessment_evaluate
from minzheng.assistance.means_test import yuan
from minzheng.assistance.models import Review, ReviewPlan
from minzheng.assistance.rules import REVIEW_OUTCOME_LABELS, ReviewOutcome
from minzheng.assistance.selectors import parameter_value
from minzheng.assistance.services.assessments import assessment_copy
from minzheng.core.models import User
from minzheng.core.roles import require
from minzheng.core.scope import access_scoped


def review_open(*, actor: User, plan: ReviewPlan, at: datetime | None = None) -> Review:
    require(actor, "assistance.review")
    now = at or timezone.now()
    with transaction.atomic():
        locked = access_scoped(actor, ReviewPlan, plan.pk, lock=True, label="复核计划")
        if not locked.active:
            raise AssistanceError("该保障已停止，无需复核")
        if locked.reviews.exclude(status=Review.Status.CONFIRMED).exists():
            raise AssistanceError("该户已有进行中的复核")
        assessment = assessment_copy(source=locked.assessment, on=timezone.localdate(now))
        return Review.objects.create(
            plan=locked, region=locked.region, assessment=assessment, due_on=locked.next_due,
            opened_by=actor, opened_at=now,
        )  # fmt: skip


def review_propose(*, actor: User, review: Review, note: str = "", at: datetime | None = None) -> Review:
    """Re-run the means test and propose the outcome (rules.review_outcome)."""
    require(actor, "assistance.review")
    now = at or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        locked = access_scoped(actor, Review.objects.select_related("plan__enrollment", "assessment"), review.pk,
                               lock=True, label="复核")  # fmt: skip
        if locked.status != Review.Status.OPEN:
            raise AssistanceError("复核意见已提出")
        plan = locked.plan
        result = assessment_evaluate(assessment=locked.assessment, on=today)
        locked.assessment.result = result.as_dict()
        locked.assessment.save(update_fields=["result"])
        next_month = rules.add_months(rules.first_of_month(today), 1)
        current = ledger.amount_on(plan.enrollment, next_month)
        phase_out = parameter_value("phase_out_months", region=plan.region, on=today).as_int()
        if plan.program == rules.Program.LOW_INCOME:
            phase_out = 0  # recognition only: nothing to phase out
        outcome = rules.review_outcome(
            eligible=result.eligible, new_amount_fen=result.amount_fen, current_amount_fen=current,
            phase_out_months=phase_out,
        )  # fmt: skip
        lines = [*result.lines, f"现发放 {yuan(current)} 元/月；复核后 {yuan(result.amount_fen)} 元/月"]
        if outcome in (ReviewOutcome.EXIT, ReviewOutcome.PHASE_OUT):
            last = rules.exit_last_month(decided_on=today, phase_out_months=phase_out)
            extra = f"，渐退期{phase_out}个月" if outcome == ReviewOutcome.PHASE_OUT else ""
            lines.append(
                f"不再符合条件，拟退出：发放至{last:%Y年%m月}{extra}（《社会救助暂行办法》第十三条）"
            )
            locked.effective_month = last
        elif outcome == ReviewOutcome.CHANGE:
            lines.append(
                f"拟自{next_month:%Y年%m月}起调整为 {yuan(result.amount_fen)} 元/月（《社会救助暂行办法》第十三条）"
            )
            locked.effective_month = next_month
        else:
            lines.append("情况无变化，不调整（动态管理规定）")
            locked.effective_month = None
        locked.outcome, locked.exit_flag = outcome, outcome in (ReviewOutcome.EXIT, ReviewOutcome.PHASE_OUT)
        locked.new_amount_fen = result.amount_fen if result.eligible else 0
        locked.lines, locked.note = lines, note
        locked.status, locked.proposed_at = Review.Status.PROPOSED, now
        locked.save(update_fields=[
            "outcome", "exit_flag", "new_amount_fen", "effective_month", "lines", "note", "status", "proposed_at",
        ])  # fmt: skip
    return locked


def review_return(*, actor: User, review: Review, note: str) -> Review:
    """The county sends a proposal back for more investigation."""
    require(actor, "assistance.decide")
    if not note.strip():
        raise AssistanceError("退回须说明理由")
    with transaction.atomic():
        locked = access_scoped(actor, Review, review.pk, lock=True, label="复核")
        if locked.status != Review.Status.PROPOSED:
            raise AssistanceError("只能退回待确认的复核")
        locked.status, locked.note = Review.Status.OPEN, f"{locked.note}\n区县退回：{note}".strip()
        locked.save(update_fields=["status", "note"])
    return locked


def review_confirm(*, actor: User, review: Review, reason: str = "", at: datetime | None = None) -> Review:
    """The county decides (《社会救助暂行办法》第十三条): apply the proposal to the ledger. A stop is
    explained in writing (``reason`` required for an exit)."""
    require(actor, "assistance.decide")
    now = at or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        locked = access_scoped(actor, Review.objects.select_related("plan__enrollment", "assessment"), review.pk,
                               lock=True, label="复核")  # fmt: skip
        if locked.status != Review.Status.PROPOSED:
            raise AssistanceError("复核尚未提出意见，或已确认")
        plan = ReviewPlan.objects.select_for_update().get(pk=locked.plan_id)
        enrollment = plan.enrollment
        outcome = locked.outcome
        label = REVIEW_OUTCOME_LABELS[outcome]
        if outcome in (ReviewOutcome.EXIT, ReviewOutcome.PHASE_OUT):
            if not reason.strip():
                raise AssistanceError("停发须书面说明理由（《社会救助暂行办法》第十三条）")
            ledger.stop(
                actor=actor,
                enrollment=enrollment,
                last_month=locked.effective_month,
                reason=f"复核：{reason}"[:200],
            )
            plan.active = False
        elif outcome == ReviewOutcome.CHANGE:
            ledger.change_amount(
                actor=actor, enrollment=enrollment, from_month=locked.effective_month, amount_fen=locked.new_amount_fen,
                reason=f"复核：{reason or label}"[:200], basis={"review": locked.pk, "lines": locked.lines},
                members_count=(locked.assessment.result or {}).get("members") or None,
            )  # fmt: skip
        plan.assessment = locked.assessment
        plan.interval_months = _interval(plan, today)
        plan.next_due = _next_due(today, plan.interval_months)
        plan.save(update_fields=["active", "assessment", "interval_months", "next_due"])
        if plan.active:
            ledger.set_review_due(actor=actor, enrollment=enrollment, review_due=plan.next_due)
        locked.status, locked.confirmed_by, locked.confirmed_at = Review.Status.CONFIRMED, actor, now
        if reason:
            locked.note = f"{locked.note}\n区县确认：{reason}".strip()
        locked.save(update_fields=["status", "confirmed_by", "confirmed_at", "note"])
    return locked


def _interval(plan: ReviewPlan, on: date) -> int:
    stable = parameter_value("review_months_stable", region=plan.region, on=on).as_int()
    unstable = parameter_value("review_months_unstable", region=plan.region, on=on).as_int()
    flag = plan.assessment.unstable_income and plan.program in rules.DIBAO_PROGRAMS
    return rules.review_interval_months(unstable_income=flag, stable_months=stable, unstable_months=unstable)


def _next_due(on: date, months: int) -> date:
    month = rules.add_months(rules.first_of_month(on), months)
    return month.replace(day=min(on.day, rules.last_of_month(month).day))
