"""Enrollments (保障记录): who receives what from when to when. Every change keeps the months already
approved as they were paid: an amount change, a stop, a pause or a resume that would reach into an
approved month is refused with "该月工资单已审批，不能追溯修改"."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import transaction

from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.models import Enrollment, EnrollmentAmount, EnrollmentPause, Program
from minzheng.benefits.rules import month_add, month_require_first
from minzheng.benefits.services._common import (
    amount_require,
    month_open_require,
    program_get,
    program_lock,
    runs_mark_stale,
)
from minzheng.core.models import Region, User
from minzheng.core.scope import access_scoped, region_within_scope
from minzheng.core.values import month_label

_ACCOUNT = re.compile(r"^\d{8,30}$")


def _lock(actor: User | None, enrollment: Enrollment) -> Enrollment:
    """Lock the program, then the enrollment (always in this order), checking the actor's scope."""
    program_lock(enrollment.program)
    if actor is None:
        return Enrollment.objects.select_for_update().select_related("program").get(pk=enrollment.pk)
    locked = access_scoped(
        actor, Enrollment.objects.select_related("program"), enrollment.pk, lock=True, label="保障记录"
    )
    return locked


def _bank_check(bank_name: str, bank_account: str) -> tuple[str, str]:
    bank_name, bank_account = (bank_name or "").strip(), re.sub(r"\s+", "", bank_account or "")
    if bank_account and not _ACCOUNT.match(bank_account):
        raise BenefitsError(f"银行账号应为8至30位数字，实为“{bank_account}”")
    if bank_account and not bank_name:
        raise BenefitsError("填写银行账号时须同时填写开户银行")
    return bank_name[:50], bank_account


def enrollment_create(
    *,
    actor: User | None,
    program: str | Program,
    person: Any,
    region: Region,
    start_month: date,
    amount_fen: int,
    members_count: int = 1,
    household: Any = None,
    category: str = "",
    case: Any = None,
    review_due: date | None = None,
    basis: dict | None = None,
    bank_name: str = "",
    bank_account: str = "",
) -> Enrollment:
    """Enrol ``person`` (the payee; for a household program, the household's recipient) from
    ``start_month`` with a monthly ``amount_fen``. ``start_month`` is the month after the confirmation
    decision (domain.md §1 step 6 [L]); the deciding domain computes it.

    A month before ``start_month`` whose payroll is already approved is not rewritten: such months are
    paid by a 补发 run (``payroll_run_create(kind="arrears")``)."""
    month_require_first(start_month, field="起始发放月")
    amount_require(amount_fen, field="月发放金额")
    if members_count < 1:
        raise BenefitsError("保障人数至少为1")
    if actor is not None and not region_within_scope(actor, region):
        raise BenefitsError(f"“{region.name}”不在您的管辖范围内，不能登记保障记录")
    if getattr(person, "status", "normal") != "normal":
        raise BenefitsError(f"{person.name}的人员状态为“{person.get_status_display()}”，不能登记保障")
    bank_name, bank_account = _bank_check(bank_name, bank_account)
    with transaction.atomic():
        program = program_lock(program_get(program))
        if not program.active:
            raise BenefitsError(f"{program.name}已停用")
        overlap = (
            Enrollment.objects.filter(program=program, person=person)
            .exclude(end_month__lt=start_month)
            .order_by("start_month")
            .first()
        )
        if overlap is not None:
            until = f"至{month_label(overlap.end_month)}" if overlap.end_month else "，未停发"
            raise BenefitsError(
                f"{person.name}已有{program.name}保障记录（自{month_label(overlap.start_month)}起{until}），不能重复登记"
            )
        enrollment = Enrollment.objects.create(
            program=program,
            person=person,
            household=household,
            region=region,
            members_count=members_count,
            category=(category or "").strip(),
            start_month=start_month,
            case=case,
            review_due=review_due,
            bank_name=bank_name,
            bank_account=bank_account,
            created_by=actor,
        )
        EnrollmentAmount.objects.create(
            enrollment=enrollment,
            from_month=start_month,
            amount_fen=amount_fen,
            members_count=members_count,
            reason="核定",
            basis=basis,
            created_by=actor,
        )
        runs_mark_stale(program, start_month)
    return enrollment


def enrollment_change_amount(
    *,
    actor: User | None,
    enrollment: Enrollment,
    from_month: date,
    amount_fen: int,
    reason: str,
    basis: dict | None = None,
    members_count: int | None = None,
) -> EnrollmentAmount:
    """增发/减发: the monthly amount (and, if given, the number of people covered) from ``from_month`` on,
    until a later change. 《社会救助暂行办法》第十三条: the county decides raises and reductions.
    Refused for a month whose payroll is already approved (a closed month is never rewritten)."""
    month_require_first(from_month, field="变更起始月")
    amount_require(amount_fen, field="月发放金额")
    if not (reason or "").strip():
        raise BenefitsError("请填写金额变更原因")
    if members_count is not None and members_count < 1:
        raise BenefitsError("保障人数至少为1")
    with transaction.atomic():
        locked = _lock(actor, enrollment)
        if from_month < locked.start_month:
            raise BenefitsError(f"变更起始月不能早于起始发放月{month_label(locked.start_month)}")
        if locked.end_month is not None and from_month > locked.end_month:
            raise BenefitsError(f"该保障记录已于{month_label(locked.end_month)}停发，不能变更之后的金额")
        month_open_require(locked.program, from_month, what="金额变更")
        current = (
            EnrollmentAmount.objects.filter(enrollment=locked, from_month__lte=from_month)
            .order_by("-from_month")
            .first()
        )
        members = members_count or (current.members_count if current else locked.members_count)
        row, _ = EnrollmentAmount.objects.update_or_create(
            enrollment=locked,
            from_month=from_month,
            defaults={
                "amount_fen": amount_fen,
                "members_count": members,
                "reason": reason.strip()[:200],
                "basis": basis,
                "created_by": actor,
            },
        )
        if members_count is not None and members_count != locked.members_count:
            locked.members_count = members_count
            locked.save(update_fields=["members_count"])
        runs_mark_stale(locked.program, from_month)
    return row


def enrollment_stop(
    *, actor: User | None, enrollment: Enrollment, last_month: date, reason: str
) -> Enrollment:
    """停发: ``last_month`` is the last month paid (《社会救助暂行办法》第十三条: a stop is decided by the
    county and explained in writing, so a reason is required). A stop may not reach back before a month
    already approved."""
    month_require_first(last_month, field="末次发放月")
    if not (reason or "").strip():
        raise BenefitsError("停发须说明理由")
    with transaction.atomic():
        locked = _lock(actor, enrollment)
        if last_month < locked.start_month:
            raise BenefitsError(f"末次发放月不能早于起始发放月{month_label(locked.start_month)}")
        earliest = min(last_month, locked.end_month or last_month)
        month_open_require(locked.program, month_add(earliest, 1), what="停发后的首月")
        locked.end_month = last_month
        locked.status = Enrollment.Status.STOPPED
        locked.stop_reason = reason.strip()[:200]
        locked.save(update_fields=["end_month", "status", "stop_reason"])
        runs_mark_stale(locked.program, month_add(earliest, 1))
    return locked


def enrollment_suspend(
    *, actor: User | None, enrollment: Enrollment, from_month: date, reason: str
) -> EnrollmentPause:
    """暂停发放 from ``from_month`` until resumed (e.g. during a review or while a change is verified)."""
    month_require_first(from_month, field="暂停起始月")
    if not (reason or "").strip():
        raise BenefitsError("暂停发放须说明理由")
    with transaction.atomic():
        locked = _lock(actor, enrollment)
        if locked.pauses.filter(to_month__isnull=True).exists():
            raise BenefitsError("该保障记录已暂停发放")
        if from_month < locked.start_month or (locked.end_month and from_month > locked.end_month):
            raise BenefitsError("暂停起始月须在该保障记录的发放期间内")
        if locked.pauses.filter(to_month__gte=from_month).exists():
            raise BenefitsError("暂停期间与已有的暂停记录重叠")
        month_open_require(locked.program, from_month, what="暂停发放")
        pause = EnrollmentPause.objects.create(
            enrollment=locked, from_month=from_month, reason=reason.strip()[:200], created_by=actor
        )
        locked.status = Enrollment.Status.SUSPENDED
        locked.stop_reason = reason.strip()[:200]
        locked.save(update_fields=["status", "stop_reason"])
        runs_mark_stale(locked.program, from_month)
    return pause


def enrollment_resume(*, actor: User | None, enrollment: Enrollment, from_month: date) -> Enrollment:
    """恢复发放 from ``from_month``: the open pause ends the month before. Months already approved while
    paused stay unpaid (a 补发 is a new decision, not a resume)."""
    month_require_first(from_month, field="恢复发放月")
    with transaction.atomic():
        locked = _lock(actor, enrollment)
        pause = locked.pauses.select_for_update().filter(to_month__isnull=True).first()
        if pause is None:
            raise BenefitsError("该保障记录未暂停发放")
        if from_month < pause.from_month:
            raise BenefitsError(f"恢复发放月不能早于暂停起始月{month_label(pause.from_month)}")
        month_open_require(locked.program, from_month, what="恢复发放")
        if from_month == pause.from_month:
            pause.delete()  # the pause never took effect
        else:
            pause.to_month = month_add(from_month, -1)
            pause.save(update_fields=["to_month"])
        stopped = locked.end_month is not None
        locked.status = Enrollment.Status.STOPPED if stopped else Enrollment.Status.ACTIVE
        if not stopped:
            locked.stop_reason = ""
        locked.save(update_fields=["status", "stop_reason"])
        runs_mark_stale(locked.program, from_month)
    return locked


def enrollment_change_bank(
    *, actor: User | None, enrollment: Enrollment, bank_name: str, bank_account: str
) -> Enrollment:
    """The payee's bank and account. Open payroll runs must be computed again to use it; a 失败重发 run
    always pays to the account recorded at its computation."""
    bank_name, bank_account = _bank_check(bank_name, bank_account)
    if not bank_account:
        raise BenefitsError("请填写银行账号")
    with transaction.atomic():
        locked = _lock(actor, enrollment)
        locked.bank_name, locked.bank_account = bank_name, bank_account
        locked.save(update_fields=["bank_name", "bank_account"])
        runs_mark_stale(locked.program, date(1900, 1, 1))
    return locked


def enrollment_set_review_due(
    *, actor: User | None, enrollment: Enrollment, review_due: date | None
) -> Enrollment:
    """下次复核日期 (动态管理, domain.md §1): set by the deciding domain after each review."""
    with transaction.atomic():
        locked = _lock(actor, enrollment)
        locked.review_due = review_due
        locked.save(update_fields=["review_due"])
    return locked
