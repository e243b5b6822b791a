"""Payroll computation: set-based SQL, the one place the ledger's money is computed in bulk.

A run's lines are written by one ``INSERT … SELECT … ON CONFLICT`` per chunk of enrollment ids
(``CHUNK_SIZE``, committed separately), so a run killed half-way keeps the chunks it finished and a run
started again carries on to the same result. PostgreSQL and SQLite (≥ 3.24) share the statements:
both have the upsert clause with a partial-index conflict target, window functions and row values.

What a month pays (``rules.payment_months_rule``): every enrollment of the program whose
``start_month`` ≤ month ≤ ``end_month`` (open end: no limit), not paused that month, with the amount in
force (the amount row with the greatest ``from_month`` ≤ month) if it is above zero.

Idempotency. ``Payment`` has a partial unique index on (program, enrollment, month) for regular lines:
the upsert inserts a line once; computing the same draft run again updates lines whose amount, payee
or bank details changed (``DO UPDATE … WHERE payment.run_id = this run``, so a line of another run —
an approved month, when a 补发 run looks back — is never touched) and deletes the run's lines that are
no longer due (a stop, a pause). Totals are recomputed from the rows, never accumulated in Python.

Kinds of run:
- regular (月度发放): the program's month, from the enrollments — or from a custom source registered
  with :func:`payroll_source_register` (价格临时补贴 pays 低保/特困 enrollees, not its own enrollments).
- arrears (补发): the same computation for each already-approved month of the last ``ARREARS_MONTHS``
  before the run's month; only lines those months' runs lack are inserted (an enrollment registered after
  its first months were approved).
- reissue (失败重发): one line per failed line of the parent run, to the enrollment's current bank
  account; the failed line becomes 失败已重发 (unique ``reissue_of``: at most one re-issue per failure).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.models import Enrollment, EnrollmentAmount, EnrollmentPause, Payment, PayrollRun
from minzheng.benefits.rules import month_add
from minzheng.core.audit import Action, audit_append
from minzheng.core.money import format_yuan
from minzheng.core.values import month_label

CHUNK_SIZE = 100_000
ARREARS_MONTHS = 12

PAYMENT = Payment._meta.db_table
ENROLLMENT = Enrollment._meta.db_table
AMOUNT = EnrollmentAmount._meta.db_table
PAUSE = EnrollmentPause._meta.db_table
RUN = PayrollRun._meta.db_table

# The columns every payment insert writes, in this order.
PAYMENT_COLUMNS = (
    "run_id", "program_id", "enrollment_id", "person_id", "region_id", "month", "kind", "reissue_of_id",
    "amount_fen", "members_count", "bank_name", "bank_account", "status", "bank_code", "bank_reason",
)  # fmt: skip

# --- custom sources ----------------------------------------------------------------------------------

SourceFn = Callable[[date], tuple[str, list[Any]]]
_sources: dict[str, SourceFn] = {}


def payroll_source_register(program_code: str, fn: SourceFn) -> None:
    """Let ``program_code``'s payroll read its lines from ``fn(month) -> (sql, params)`` instead of the
    program's own enrollments. The SQL selects the columns ``enrollment_id, person_id, region_id,
    amount_fen`` (amount in 分 for that month; rows with an amount ≤ 0 are skipped), with ``%s``
    placeholders for ``params``. ``enrollment_id`` may be an enrollment of any program (the 低保/特困
    enrollee a 价格临时补贴 is paid to); the line is paid to ``person_id`` at that enrollment's bank account
    and counts that enrollment's ``members_count`` as 人次. Registering again replaces the source."""
    _sources[program_code] = fn


def payroll_source_unregister(program_code: str) -> None:
    _sources.pop(program_code, None)


def payroll_has_source(program_code: str) -> bool:
    return program_code in _sources


def payroll_source_get(program_code: str) -> SourceFn | None:
    """The source registered for ``program_code`` (None: its own enrollments)."""
    return _sources.get(program_code)


def payroll_sources() -> list[str]:
    return sorted(_sources)


# --- the SQL -----------------------------------------------------------------------------------------


def _source_sql(program_code: str, month: date) -> tuple[str, list[Any]]:
    """A custom source's lines for ``month``, with the columns of the built-in query below."""
    sql, params = _sources[program_code](month)
    return (
        f"SELECT s.enrollment_id AS enrollment_id, s.person_id AS person_id, s.region_id AS region_id, "
        f"s.amount_fen AS amount_fen, e.members_count AS members_count, e.bank_name AS bank_name, "
        f"e.bank_account AS bank_account "
        f"FROM ({sql}) s JOIN {ENROLLMENT} e ON e.id = s.enrollment_id WHERE s.amount_fen > 0",
        list(params),
    )


def _due_sql_ranged(
    *, program_id: int, program_code: str, month: date, lo: int, hi: int
) -> tuple[str, list[Any]]:
    """The lines due for ``month`` among enrollment ids ``lo``…``hi``: one row per enrollment with the
    columns enrollment_id, person_id, region_id, amount_fen, members_count, bank_name, bank_account.

    Built-in source: the amount in force is the latest amount row not after the month (ROW_NUMBER over
    the enrollment's rows, newest first); a pause covering the month excludes the enrollment. The id
    range goes into the inner queries too, so a chunk reads only its slice of both tables."""
    if program_code in _sources:
        sql, params = _source_sql(program_code, month)
        return f"SELECT * FROM ({sql}) d WHERE d.enrollment_id BETWEEN %s AND %s", [*params, lo, hi]
    sql = f"""
        SELECT e.id AS enrollment_id, e.person_id AS person_id, e.region_id AS region_id,
               a.amount_fen AS amount_fen, a.members_count AS members_count,
               e.bank_name AS bank_name, e.bank_account AS bank_account
        FROM {ENROLLMENT} e
        JOIN (
            SELECT x.enrollment_id, x.amount_fen, x.members_count,
                   ROW_NUMBER() OVER (PARTITION BY x.enrollment_id ORDER BY x.from_month DESC) AS rn
            FROM {AMOUNT} x
            WHERE x.from_month <= %s AND x.enrollment_id BETWEEN %s AND %s
        ) a ON a.enrollment_id = e.id AND a.rn = 1
        WHERE e.program_id = %s
          AND e.id BETWEEN %s AND %s
          AND e.start_month <= %s
          AND (e.end_month IS NULL OR e.end_month >= %s)
          AND a.amount_fen > 0
          AND NOT EXISTS (
              SELECT 1 FROM {PAUSE} p
              WHERE p.enrollment_id = e.id AND p.from_month <= %s AND (p.to_month IS NULL OR p.to_month >= %s)
          )
    """
    return sql, [month, lo, hi, program_id, lo, hi, month, month, month, month]


def _upsert_regular(cursor: Any, *, run: PayrollRun, month: date, lo: int, hi: int) -> None:
    due, params = _due_sql_ranged(
        program_id=run.program_id, program_code=run.program.code, month=month, lo=lo, hi=hi
    )
    # Lines of this run no longer due (stopped, paused, amount now 0): remove them. The predicates on
    # program and kind let the partial unique index find the chunk's lines; a first computation has none.
    mine = "program_id = %s AND kind = 'regular' AND enrollment_id BETWEEN %s AND %s AND month = %s AND run_id = %s"
    mine_params = [run.program_id, lo, hi, month, run.pk]
    cursor.execute(f"SELECT 1 FROM {PAYMENT} WHERE {mine} LIMIT 1", mine_params)
    if cursor.fetchone() is not None:
        # Right after a first computation the planner's statistics on the payment table are stale: it
        # expects one line where there are 100,000 and picks a nested-loop anti-join that re-runs the
        # window query for every line (seen: a 100,000-line chunk running for over an hour). Nested loops
        # are switched off for this statement only (``set_config(…, true)`` is local to the transaction
        # and set back right after), leaving the planner a hash anti-join.
        postgres = connection.vendor == "postgresql"
        if postgres:
            cursor.execute("SELECT set_config('enable_nestloop', 'off', true)")
        cursor.execute(
            f"""
            DELETE FROM {PAYMENT}
            WHERE {mine}
              AND NOT EXISTS (SELECT 1 FROM ({due}) d WHERE d.enrollment_id = {PAYMENT}.enrollment_id)
            """,
            [*mine_params, *params],
        )
        if postgres:
            cursor.execute("SELECT set_config('enable_nestloop', 'on', true)")
    # Insert what is due; a line already there for this run is brought up to date, a line of another
    # run (an approved month) is left alone.
    cursor.execute(
        f"""
        INSERT INTO {PAYMENT} ({", ".join(PAYMENT_COLUMNS)})
        SELECT %s, %s, d.enrollment_id, d.person_id, d.region_id, %s, 'regular', NULL,
               d.amount_fen, d.members_count, d.bank_name, d.bank_account, 'pending', '', ''
        FROM ({due}) d
        WHERE 1 = 1
        ON CONFLICT (program_id, enrollment_id, month) WHERE kind = 'regular'
        DO UPDATE SET amount_fen = excluded.amount_fen, members_count = excluded.members_count,
                      person_id = excluded.person_id, region_id = excluded.region_id,
                      bank_name = excluded.bank_name, bank_account = excluded.bank_account
        WHERE {PAYMENT}.run_id = excluded.run_id
          AND ({PAYMENT}.amount_fen <> excluded.amount_fen OR {PAYMENT}.members_count <> excluded.members_count
               OR {PAYMENT}.person_id <> excluded.person_id OR {PAYMENT}.region_id <> excluded.region_id
               OR {PAYMENT}.bank_name <> excluded.bank_name OR {PAYMENT}.bank_account <> excluded.bank_account)
        """,
        [run.pk, run.program_id, month, *params],
    )


def _insert_reissue(cursor: Any, *, run: PayrollRun) -> None:
    cursor.execute(
        f"""
        INSERT INTO {PAYMENT} ({", ".join(PAYMENT_COLUMNS)})
        SELECT %s, f.program_id, f.enrollment_id, f.person_id, f.region_id, f.month, 'reissue', f.id,
               f.amount_fen, f.members_count, e.bank_name, e.bank_account, 'pending', '', ''
        FROM {PAYMENT} f JOIN {ENROLLMENT} e ON e.id = f.enrollment_id
        WHERE f.run_id = %s AND f.status IN ('failed', 'reissued')
        ON CONFLICT (reissue_of_id) WHERE reissue_of_id IS NOT NULL
        DO UPDATE SET bank_name = excluded.bank_name, bank_account = excluded.bank_account
        WHERE {PAYMENT}.run_id = excluded.run_id
        """,
        [run.pk, run.parent_id],
    )
    cursor.execute(
        f"""
        UPDATE {PAYMENT} SET status = 'reissued'
        WHERE run_id = %s AND status = 'failed'
          AND id IN (SELECT reissue_of_id FROM {PAYMENT} WHERE run_id = %s)
        """,
        [run.parent_id, run.pk],
    )


# --- the computation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunTotals:
    lines: int
    payees: int
    amount_fen: int
    person_times: int


def run_totals(run_id: int) -> RunTotals:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COUNT(DISTINCT person_id), COALESCE(SUM(amount_fen), 0), "
            f"COALESCE(SUM(members_count), 0) FROM {PAYMENT} WHERE run_id = %s",
            [run_id],
        )
        lines, payees, amount, person_times = cursor.fetchone()
    return RunTotals(int(lines), int(payees), int(amount), int(person_times))


def run_months(run: PayrollRun) -> list[date]:
    """The benefit months a run pays: its own month; for 补发, the approved months it looks back on."""
    if run.kind == PayrollRun.Kind.REGULAR:
        return [run.month]
    if run.kind == PayrollRun.Kind.ARREARS:
        closed = PayrollRun.objects.filter(
            program_id=run.program_id,
            kind=PayrollRun.Kind.REGULAR,
            month__gte=month_add(run.month, -ARREARS_MONTHS),
            month__lt=run.month,
            status__in=[PayrollRun.Status.APPROVED, PayrollRun.Status.EXPORTED, PayrollRun.Status.RECONCILED],
        )
        return sorted(closed.values_list("month", flat=True))
    return []


def _id_range(run: PayrollRun) -> tuple[int, int] | None:
    with connection.cursor() as cursor:
        if run.program.code in _sources:
            cursor.execute(f"SELECT MIN(id), MAX(id) FROM {ENROLLMENT}")
        else:
            cursor.execute(
                f"SELECT MIN(id), MAX(id) FROM {ENROLLMENT} WHERE program_id = %s", [run.program_id]
            )
        lo, hi = cursor.fetchone()
    return None if lo is None else (int(lo), int(hi))


def _chunks(bounds: tuple[int, int] | None, size: int) -> list[tuple[int, int]]:
    if bounds is None:
        return []
    lo, hi = bounds
    return [(start, min(start + size - 1, hi)) for start in range(lo, hi + 1, size)]


def _drop_other_months(run_id: int, months: list[date]) -> None:
    """Remove lines of benefit months the run no longer covers (a 补发 run with nothing to look back on)."""
    with connection.cursor() as cursor:
        if months:
            marks = ", ".join(["%s"] * len(months))
            cursor.execute(
                f"DELETE FROM {PAYMENT} WHERE run_id = %s AND month NOT IN ({marks})", [run_id, *months]
            )
        else:
            cursor.execute(f"DELETE FROM {PAYMENT} WHERE run_id = %s", [run_id])


def _lock_computing(run_id: int, token: str) -> PayrollRun:
    run = PayrollRun.objects.select_for_update().select_related("program").get(pk=run_id)
    if run.compute_token != token or not run.computing:
        raise BenefitsError(f"{run}已由另一次计算接管或已被修改，本次计算中止")
    if run.status != PayrollRun.Status.DRAFT:
        raise BenefitsError(f"{run}的状态已变为“{run.get_status_display()}”，本次计算中止")
    return run


def payroll_compute(
    run_id: int,
    *,
    chunk_size: int = CHUNK_SIZE,
    on_chunk: Callable[[int, int], None] | None = None,
) -> RunTotals:
    """Compute (or recompute) a draft run's lines and totals, chunk by chunk, each chunk committed.

    Callers check who may do this (``services.payroll.payroll_run_compute``); this function only refuses
    a run that is no longer a draft. ``on_chunk(done, total)`` is called after each committed chunk.
    """
    token = uuid.uuid4().hex
    with transaction.atomic():
        run = PayrollRun.objects.select_for_update().select_related("program").get(pk=run_id)
        if run.status != PayrollRun.Status.DRAFT:
            raise BenefitsError(f"{run}状态为“{run.get_status_display()}”，只有草稿可以计算")
        run.computing, run.compute_token, run.computed_at, run.stale = True, token, None, False
        run.save(update_fields=["computing", "compute_token", "computed_at", "stale"])
    if run.kind == PayrollRun.Kind.REISSUE:
        steps: list[tuple[date | None, int, int]] = [(None, 0, 0)]
    else:
        chunks = _chunks(_id_range(run), chunk_size)
        steps = [(month, lo, hi) for month in run_months(run) for lo, hi in chunks]
    total = len(steps)
    for done, (month, lo, hi) in enumerate(steps, start=1):
        with transaction.atomic(), connection.cursor() as cursor:
            locked = _lock_computing(run_id, token)
            if month is None:
                _insert_reissue(cursor, run=locked)
            else:
                _upsert_regular(cursor, run=locked, month=month, lo=lo, hi=hi)
        if on_chunk is not None:
            on_chunk(done, total)
    with transaction.atomic():
        locked = _lock_computing(run_id, token)
        if locked.kind != PayrollRun.Kind.REISSUE:
            _drop_other_months(run_id, run_months(locked))
        totals = run_totals(run_id)
        locked.lines, locked.payees = totals.lines, totals.payees
        locked.amount_fen, locked.person_times = totals.amount_fen, totals.person_times
        locked.computing, locked.computed_at = False, timezone.now()
        locked.save(
            update_fields=["lines", "payees", "amount_fen", "person_times", "computing", "computed_at"]
        )
        audit_append(
            action=Action.BULK,
            obj=locked,
            detail=(
                f"计算{locked}：{totals.lines}笔，领取人{totals.payees}人，合计{format_yuan(totals.amount_fen)}"
                + (
                    f"（待遇月份 {', '.join(month_label(m) for m in run_months(locked))}）"
                    if locked.kind == PayrollRun.Kind.ARREARS
                    else ""
                )
            ),
        )
    return totals
