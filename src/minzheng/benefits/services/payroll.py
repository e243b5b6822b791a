"""The life of a payroll run: create → compute → district review → approve → export → reconcile, and
re-issue of failed lines. The money itself is computed by set-based SQL in ``benefits.payroll``.

Who does what (maker-checker, after openIMIS; issue 4 item 4):

- 市局 (city manager) creates and computes the runs — one per program and month for the whole city —
  or the system does (``minzheng payroll run`` without ``--user``, the seed's history, the benchmark:
  :func:`payroll_run_run_as_system`, recorded as 系统). Every user action asks its capability
  (``core.roles.require``); a user action never runs without a user.
- 区局审核员 (district reviewer) reviews (复核) their own district's lines and signs off; the run is
  已复核 once every district with lines has signed. A reviewer may not be the run's creator.
- 市局 approves (审批); the approver may be neither the creator nor a reviewer. From then the run is
  frozen: its lines are never recomputed and the month is closed for enrollment changes.
- 市局 exports the bank file (audited) and imports the bank's return file (all or nothing), which marks
  lines paid or failed; failed lines are re-paid by a 失败重发 run that goes through the same steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.models import Payment, PayrollReview, PayrollRun, Program
from minzheng.benefits.payroll import CHUNK_SIZE, PAYMENT, RunTotals, payroll_compute
from minzheng.benefits.rules import month_require_first
from minzheng.benefits.selectors import payroll_run_district_totals
from minzheng.benefits.services._common import (
    CLOSED_STATUSES,
    city_root,
    program_get,
    program_lock,
)
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import region_within_scope
from minzheng.core.values import month_label


def _lock_run(run: PayrollRun | int) -> PayrollRun:
    pk = run.pk if isinstance(run, PayrollRun) else run
    return PayrollRun.objects.select_for_update().select_related("program").get(pk=pk)


def _status_require(run: PayrollRun, *statuses: str, what: str) -> None:
    if run.status not in statuses:
        raise BenefitsError(f"{run}当前为“{run.get_status_display()}”，不能{what}")


def _whole_city_check(actor: User, region: Region, *, what: str) -> None:
    """A run is made for the whole city: its city steps need the whole city in the actor's scope."""
    if not region_within_scope(actor, region):
        raise BenefitsError(f"工资单按全市编制，{what}须由市局办理")


def payroll_run_create(
    *,
    actor: User,
    program: str | Program,
    month: date,
    kind: str = PayrollRun.Kind.REGULAR,
    parent: PayrollRun | None = None,
) -> PayrollRun:
    """The draft run for ``program`` and ``month`` (city-wide), not yet computed. Creating the regular run
    of a month that already has one returns that run (the same month run twice is one run).

    ``kind="arrears"`` (补发) looks back on approved months for lines they lack; ``kind="reissue"``
    (失败重发) needs ``parent``, a reconciled run with failed lines. An open (draft or reviewed) 补发/重发
    run is returned instead of a second one."""
    require(actor, "payroll.make")
    _whole_city_check(actor, city_root(), what="编制工资单")
    return _run_open(created_by=actor, program=program, month=month, kind=kind, parent=parent)


def _run_open(
    *, created_by: User | None, program: str | Program, month: date, kind: str, parent: PayrollRun | None
) -> PayrollRun:
    month_require_first(month, field="发放月份")
    root = city_root()
    program = program_get(program)
    if kind not in PayrollRun.Kind.values:
        raise BenefitsError(f"未知的工资单类型：{kind}")
    if kind == PayrollRun.Kind.ONE_OFF:
        raise BenefitsError("一次性发放记录在业务办理（如备用金先行救助）时自动登记，不能手工编制")
    with transaction.atomic():
        program_lock(program)
        if kind == PayrollRun.Kind.REGULAR:
            run, _ = PayrollRun.objects.get_or_create(
                program=program,
                month=month,
                kind=kind,
                defaults={"region": root, "created_by": created_by},
            )
            return run
        existing = PayrollRun.objects.filter(
            program=program,
            kind=kind,
            parent=parent,
            status__in=[PayrollRun.Status.DRAFT, PayrollRun.Status.REVIEWED],
        ).first()
        if existing is not None:
            return existing
        if kind == PayrollRun.Kind.REISSUE:
            if parent is None:
                raise BenefitsError("失败重发须指定原工资单")
            parent = _lock_run(parent)
            if parent.program_id != program.pk:
                raise BenefitsError("原工资单不属于该项目")
            _status_require(parent, PayrollRun.Status.RECONCILED, what="重发（须先导入银行回盘文件完成对账）")
            if not parent.payments.filter(status=Payment.Status.FAILED).exists():
                raise BenefitsError(f"{parent}没有待重发的失败明细")
            month = parent.month
        return PayrollRun.objects.create(
            program=program, month=month, kind=kind, parent=parent, region=root, created_by=created_by
        )


def payroll_run_compute(
    *,
    actor: User,
    run: PayrollRun,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> RunTotals:
    """Compute the run's lines (set-based SQL, chunks committed one by one). A draft may be computed
    again as often as needed; a reviewed run goes back to draft and its district sign-offs are cleared
    (what was reviewed is no longer what would be paid); an approved run is frozen."""
    require(actor, "payroll.make")
    _whole_city_check(actor, run.region, what="计算工资单")
    return _run_compute(run, chunk_size=chunk_size, progress=progress)


def _run_compute(
    run: PayrollRun, *, chunk_size: int = CHUNK_SIZE, progress: Callable[[int, int], None] | None = None
) -> RunTotals:
    with transaction.atomic():
        locked = _lock_run(run)
        if locked.frozen:
            raise BenefitsError(f"{locked}已审批，不能重新计算")
        if locked.status == PayrollRun.Status.REVIEWED or locked.reviews.exists():
            locked.reviews.all().delete()
            locked.status, locked.reviewed_by, locked.reviewed_at = PayrollRun.Status.DRAFT, None, None
            locked.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return payroll_compute(run.pk, chunk_size=chunk_size, on_chunk=progress)


def payroll_run_run(
    *,
    actor: User,
    program: str | Program,
    month: date,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> PayrollRun:
    """Create (or find) the month's regular run and compute it: ``minzheng payroll run --user …``. Running
    a month again recomputes its draft; once approved, it is left as it is and returned."""
    run = payroll_run_create(actor=actor, program=program, month=month)
    if not run.frozen:
        payroll_run_compute(actor=actor, run=run, chunk_size=chunk_size, progress=progress)
    run.refresh_from_db()
    return run


def payroll_run_open_as_system(
    *,
    program: str | Program,
    month: date,
    kind: str = PayrollRun.Kind.REGULAR,
    parent: PayrollRun | None = None,
) -> PayrollRun:
    """The system opens (or finds) a run, recorded as 系统 (no maker): the scheduled ``minzheng payroll
    run`` without ``--user``, the seed's payroll history, the benchmark. Not a user action, so no
    capability is asked — and nothing a person must decide: review and approval always name their user,
    and a run the system made may be approved by any city manager other than its reviewers."""
    return _run_open(created_by=None, program=program, month=month, kind=kind, parent=parent)


def payroll_run_run_as_system(
    *,
    program: str | Program,
    month: date,
    kind: str = PayrollRun.Kind.REGULAR,
    parent: PayrollRun | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> PayrollRun:
    """Open the run as the system (:func:`payroll_run_open_as_system`) and compute it unless approved."""
    run = payroll_run_open_as_system(program=program, month=month, kind=kind, parent=parent)
    if not run.frozen:
        _run_compute(run, chunk_size=chunk_size, progress=progress)
    run.refresh_from_db()
    return run


def _ready_require(run: PayrollRun, *, what: str) -> None:
    if run.computing or run.computed_at is None:
        raise BenefitsError(f"{run}尚未计算完成（或计算中断），请先计算再{what}")
    if run.stale:
        raise BenefitsError(f"{run}计算后保障记录或标准有变动，请重新计算后再{what}")


def run_districts(run: PayrollRun) -> list[Region]:
    """The districts that have lines in the run (each must sign off)."""
    return [row.district for row in payroll_run_district_totals(run=run, user=None) if row.lines]


def payroll_run_review(*, actor: User, run: PayrollRun, comment: str = "") -> PayrollReview:
    """区局复核: the district reviewer signs off their district's lines (their totals are recorded with the
    sign-off). When every district with lines has signed, the run is 已复核."""
    require(actor, "payroll.review")
    district = actor.region
    if district is None or district.level != Region.Level.DISTRICT:
        raise BenefitsError("复核须由区局账号办理")
    with transaction.atomic():
        locked = _lock_run(run)
        _status_require(locked, PayrollRun.Status.DRAFT, what="复核")
        _ready_require(locked, what="复核")
        if locked.created_by_id == actor.pk:
            raise BenefitsError("复核人不能是制表人本人")
        if locked.reviews.filter(district=district).exists():
            raise BenefitsError(f"{district.name}已复核过{locked}")
        totals = {row.district.pk: row for row in payroll_run_district_totals(run=locked, user=None)}
        mine = totals.get(district.pk)
        review = PayrollReview.objects.create(
            run=locked,
            district=district,
            by=actor,
            at=timezone.now(),
            payees=mine.payees if mine else 0,
            amount_fen=mine.amount_fen if mine else 0,
            comment=(comment or "").strip()[:200],
        )
        needed = {pk for pk, row in totals.items() if row.lines}
        signed = set(locked.reviews.values_list("district_id", flat=True))
        if needed <= signed:
            locked.status = PayrollRun.Status.REVIEWED
            locked.reviewed_by, locked.reviewed_at = actor, review.at
            locked.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return review


def payroll_run_return(*, actor: User, run: PayrollRun, comment: str) -> PayrollRun:
    """退回: a district reviewer (before approval) or the approver sends the run back to draft with a
    reason; all sign-offs are cleared."""
    require(actor, "payroll.return")
    if not (comment or "").strip():
        raise BenefitsError("退回须说明理由")
    with transaction.atomic():
        locked = _lock_run(run)
        _status_require(locked, PayrollRun.Status.DRAFT, PayrollRun.Status.REVIEWED, what="退回")
        locked.reviews.all().delete()
        locked.status, locked.reviewed_by, locked.reviewed_at = PayrollRun.Status.DRAFT, None, None
        locked.note = f"退回：{comment.strip()}"[:200]
        locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "note"])
    return locked


def payroll_run_approve(*, actor: User, run: PayrollRun) -> PayrollRun:
    """审批 by the city manager, who is neither the creator nor a reviewer. The month is closed from now:
    the lines are frozen and enrollment changes may only take effect later."""
    require(actor, "payroll.approve")
    _whole_city_check(actor, run.region, what="审批工资单")
    with transaction.atomic():
        program_lock(run.program)
        locked = _lock_run(run)
        _status_require(locked, PayrollRun.Status.REVIEWED, what="审批（须先经区局复核）")
        _ready_require(locked, what="审批")
        if locked.created_by_id == actor.pk:
            raise BenefitsError("审批人不能是制表人本人")
        if locked.reviews.filter(by=actor).exists():
            raise BenefitsError("审批人不能是复核人")
        earlier = (
            PayrollRun.objects.filter(
                program=locked.program_id,
                kind=PayrollRun.Kind.REGULAR,
                month__lt=locked.month,
                status__in=[PayrollRun.Status.DRAFT, PayrollRun.Status.REVIEWED],
            )
            .order_by("month")
            .first()
        )
        if locked.kind == PayrollRun.Kind.REGULAR and earlier is not None:
            raise BenefitsError(f"请先审批{earlier}（工资单按月份顺序审批）")
        locked.status, locked.approved_by, locked.approved_at = (
            PayrollRun.Status.APPROVED,
            actor,
            timezone.now(),
        )
        locked.save(update_fields=["status", "approved_by", "approved_at"])
    return locked


def payroll_bank_check(actor: User, run: PayrollRun, *, what: str) -> None:
    """Bank files (代发文件, 回盘) are the city's: the run's whole area in the actor's scope (the caller has
    asked ``payroll.bank``)."""
    _whole_city_check(actor, run.region, what=what)


def payroll_run_mark_exported(*, actor: User, run: PayrollRun) -> PayrollRun:
    """The bank file was produced: an approved run becomes 已导出 (later downloads keep the status)."""
    with transaction.atomic():
        locked = _lock_run(run)
        _status_require(locked, *CLOSED_STATUSES, what="导出银行文件（须先审批）")
        if locked.status == PayrollRun.Status.APPROVED:
            locked.status, locked.exported_by, locked.exported_at = (
                PayrollRun.Status.EXPORTED,
                actor,
                timezone.now(),
            )
            locked.save(update_fields=["status", "exported_by", "exported_at"])
    return locked


@dataclass(frozen=True)
class ReconcileResult:
    paid_lines: int
    failed_lines: int
    failed_fen: int


def payroll_run_reconcile(
    *, actor: User, run: PayrollRun, failures: dict[tuple[int, str], tuple[str, str]]
) -> ReconcileResult:
    """Apply a checked bank return: ``failures`` maps (person id, account) → (code, reason) of the
    transfers that failed; every other line of the run is paid. Called by ``bankfiles.return_import``
    after the whole file has been checked (all or nothing)."""
    with transaction.atomic():
        locked = _lock_run(run)
        _status_require(locked, PayrollRun.Status.EXPORTED, what="导入回盘文件（须先导出银行文件）")
        now = timezone.now()
        with connection.cursor() as cursor:
            for (person_id, account), (code, reason) in sorted(failures.items()):
                cursor.execute(
                    f"UPDATE {PAYMENT} SET status = 'failed', bank_code = %s, bank_reason = %s, settled_at = %s "
                    f"WHERE run_id = %s AND person_id = %s AND bank_account = %s AND status = 'pending'",
                    [code[:20], reason[:200], now, locked.pk, person_id, account],
                )
            cursor.execute(
                f"UPDATE {PAYMENT} SET status = 'paid', settled_at = %s WHERE run_id = %s AND status = 'pending'",
                [now, locked.pk],
            )
            cursor.execute(
                f"SELECT COUNT(*), COALESCE(SUM(amount_fen), 0) FROM {PAYMENT} WHERE run_id = %s AND status = 'failed'",
                [locked.pk],
            )
            failed_lines, failed_fen = cursor.fetchone()
            cursor.execute(
                f"SELECT COUNT(*) FROM {PAYMENT} WHERE run_id = %s AND status = 'paid'", [locked.pk]
            )
            (paid_lines,) = cursor.fetchone()
        locked.failed_lines, locked.failed_fen = int(failed_lines), int(failed_fen)
        locked.status, locked.reconciled_by, locked.reconciled_at = PayrollRun.Status.RECONCILED, actor, now
        locked.save(update_fields=["failed_lines", "failed_fen", "status", "reconciled_by", "reconciled_at"])
    return ReconcileResult(int(paid_lines), int(failed_lines), int(failed_fen))


def payroll_run_reissue(*, actor: User, run: PayrollRun) -> PayrollRun:
    """失败重发: a new run re-paying the failed lines of ``run`` to each enrollment's current account
    (correct the account first, ``enrollment_change_bank``); it then goes through review and approval."""
    reissue = payroll_run_create(
        actor=actor, program=run.program, month=run.month, kind=PayrollRun.Kind.REISSUE, parent=run
    )
    payroll_run_compute(actor=actor, run=reissue)
    reissue.refresh_from_db()
    return reissue


def payroll_month_text(run: PayrollRun) -> str:
    return f"{run.program.name}{month_label(run.month)}"
