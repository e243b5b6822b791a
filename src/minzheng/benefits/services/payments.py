"""One-off payments handed over when a case is decided (一次性发放): every cash benefit leaves a payment
line on the ledger, including money paid on the spot — 临时救助's 先行救助 from a town's 备用金
(《社会救助暂行办法》第四十八条, domain.md §3) — not only money paid by a monthly payroll.

Such a payment is an enrollment whose last month is its first (like every one-off grant) and one payment
line, already 已发放 with the moment it was handed over and its source, on the program's 一次性发放 run of
that month (kind ``one_off``, made reconciled: nobody computes, reviews or exports it — the money is gone).
The line is a regular line of (program, enrollment, month), so the partial unique index that stops any
double payment also keeps the month's regular payroll from paying it again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.models import Enrollment, Payment, PayrollRun, Program
from minzheng.benefits.payroll import run_totals
from minzheng.benefits.rules import month_first
from minzheng.benefits.services._common import amount_require, city_root, program_get, program_lock
from minzheng.benefits.services.enrollments import enrollment_create, enrollment_stop
from minzheng.core.audit import Action, audit_append
from minzheng.core.models import Region, User
from minzheng.core.money import format_yuan

ONE_OFF_NOTE = "一次性发放：办理时已当场支付（如乡镇备用金先行救助），不经月度工资单"


def _one_off_run(program: Program, month: Any, *, paid_at: datetime) -> PayrollRun:
    """The program's 一次性发放 run of ``month`` (made on first use; the program row is locked by the caller,
    so two payments never make two runs)."""
    run = PayrollRun.objects.filter(program=program, month=month, kind=PayrollRun.Kind.ONE_OFF).first()
    if run is None:
        run = PayrollRun.objects.create(
            program=program, month=month, kind=PayrollRun.Kind.ONE_OFF, region=city_root(),
            status=PayrollRun.Status.RECONCILED, note=ONE_OFF_NOTE, computed_at=paid_at,
            reviewed_at=paid_at, approved_at=paid_at, exported_at=paid_at, reconciled_at=paid_at,
        )  # fmt: skip
    return run


def payment_record_one_off(
    *,
    actor: User | None,
    program: str | Program,
    person: Any,
    region: Region,
    amount_fen: int,
    paid_at: datetime,
    source: str,
    members_count: int = 1,
    household: Any = None,
    category: str = "",
    case: Any = None,
    basis: dict | None = None,
) -> Payment:
    """Record ``amount_fen`` paid to ``person`` at ``paid_at`` from ``source`` (e.g. "秀英街道临时救助备用金"):
    the one-off enrollment of that month and its payment line, 已发放. Called by the deciding domain inside
    the decision's transaction, so a refused decision leaves no line."""
    amount_require(amount_fen, field="发放金额", allow_zero=False)
    source = (source or "").strip()
    if not source:
        raise BenefitsError("请注明资金来源（如乡镇临时救助备用金）")
    month = month_first(timezone.localdate(paid_at))
    with transaction.atomic():
        program = program_lock(program_get(program))
        enrollment: Enrollment = enrollment_create(
            actor=actor, program=program, person=person, region=region, start_month=month,
            amount_fen=amount_fen, members_count=members_count, household=household, category=category,
            case=case, basis=basis,
        )  # fmt: skip
        enrollment_stop(actor=actor, enrollment=enrollment, last_month=month, reason="一次性发放")
        run = _one_off_run(program, month, paid_at=paid_at)
        payment = Payment.objects.create(
            run=run, program=program, enrollment=enrollment, person=person, region=region, month=month,
            kind=Payment.Kind.REGULAR, amount_fen=amount_fen, members_count=members_count,
            bank_name=source[:50], status=Payment.Status.PAID, settled_at=paid_at,
        )  # fmt: skip
        totals = run_totals(run.pk)
        run.lines, run.payees = totals.lines, totals.payees
        run.amount_fen, run.person_times = totals.amount_fen, totals.person_times
        run.save(update_fields=["lines", "payees", "amount_fen", "person_times"])
        audit_append(
            action=Action.CREATE, obj=payment, actor=actor,
            detail=f"一次性发放：{program.name}{format_yuan(amount_fen)}，{source}，{paid_at:%Y-%m-%d %H:%M}已支付",
        )  # fmt: skip
    return payment
