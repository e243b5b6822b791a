"""Helpers shared by the ledger's services: programs, the closed-month guard, stale runs."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Max

from minzheng.benefits.errors import BenefitsError, MonthClosedError
from minzheng.benefits.models import PayrollRun, Program
from minzheng.benefits.payroll import payroll_sources
from minzheng.benefits.programs import BUILTIN_PROGRAMS, program_get  # noqa: F401  (re-exported)
from minzheng.benefits.rules import month_add
from minzheng.core.models import Region
from minzheng.core.values import month_label

CLOSED_STATUSES = (PayrollRun.Status.APPROVED, PayrollRun.Status.EXPORTED, PayrollRun.Status.RECONCILED)
OPEN_STATUSES = (PayrollRun.Status.DRAFT, PayrollRun.Status.REVIEWED)


def program_lock(program: Program) -> Program:
    """Lock the program row: enrollment changes and payroll approvals of one program take turns, so a
    change can never slip into a month while its payroll is being approved."""
    return Program.objects.select_for_update().get(pk=program.pk)


def last_closed_month(program: Program) -> date | None:
    """The latest month whose regular payroll is approved (or exported, reconciled): it and every month
    before it are closed."""
    return PayrollRun.objects.filter(
        program=program, kind=PayrollRun.Kind.REGULAR, status__in=CLOSED_STATUSES
    ).aggregate(m=Max("month"))["m"]


def month_open_require(program: Program, month: date, *, what: str) -> None:
    """Refuse ``what`` if it would change ``month`` (and so every later month) while a payroll at or after
    it is already approved: a closed month is never rewritten (issue 4 item 1)."""
    closed = last_closed_month(program)
    if closed is not None and month <= closed:
        raise MonthClosedError(
            f"该月工资单已审批，不能追溯修改：{program.name}{month_label(closed)}工资单已审批，"
            f"{what}最早自{month_label(month_add(closed, 1))}起"
        )


def runs_mark_stale(program: Program, from_month: date) -> None:
    """Open runs from ``from_month`` on no longer match the ledger: they must be computed again before
    review or approval. Programs with a custom payroll source read other programs' enrollments, so
    their open runs are marked too."""
    codes = {program.code, *payroll_sources()}
    PayrollRun.objects.filter(
        program__code__in=codes, status__in=OPEN_STATUSES, month__gte=from_month
    ).update(stale=True)


def city_root() -> Region:
    root = Region.objects.filter(parent__isnull=True).order_by("code").first()
    if root is None:
        raise BenefitsError("区划表为空，请先加载区划")
    return root


def amount_require(amount_fen: Any, *, field: str = "金额", allow_zero: bool = True) -> int:
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int):
        raise BenefitsError(f"{field}须为整数（分），实为{amount_fen!r}")
    if amount_fen < 0 or (amount_fen == 0 and not allow_zero):
        raise BenefitsError(f"{field}须大于0" if not allow_zero else f"{field}不能为负数")
    return amount_fen
