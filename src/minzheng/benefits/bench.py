"""``minzheng bench payroll``: a month's payroll for ``--enrollments`` (default 1,000,000) enrollments,
against a bare ``INSERT … SELECT`` of the same payment rows into the same table, in the same run.

1. Setup (not timed): a program ``bench_payroll`` with ``--enrollments`` enrollments over the registry's
   people (at Haikou scale, 2.39 M people, each enrollment has a person of its own; in a smaller
   database people are shared), written by set-based SQL, with the cases a real month has: 1 % start
   after the month, 2 % stopped before it, 1 % paused, 10 % with an amount change before the month and
   5 % with one after it, 1–4 people each. Leftovers of an interrupted earlier run are removed first.
2. Payroll (timed): ``payroll_run_open_as_system`` + ``payroll_compute`` exactly as ``minzheng payroll run`` does:
   chunks of ``--chunk-size`` enrollment ids, each committed, totals recomputed from the rows, audit.
   Its totals are checked against an independent SQL computation over the enrollments.
3. Floor (timed): the same rows, copied aside once, inserted with one bare
   ``INSERT INTO benefits_payment … SELECT … FROM`` the copy, in one transaction.
4. Between runs the lines are deleted (``DELETE … WHERE run_id``; never ``TRUNCATE``, the table may hold
   real payments) and the table vacuumed, so each run meets the same table. Each is measured
   ``--repeat`` times; the best of each is compared. A recomputation of the complete run (every line
   already there, nothing to change) is timed too.
5. Everything the bench wrote (program, enrollments, runs, lines) is deleted at the end unless ``--keep``;
   the registry's people are only read.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from minzheng.benefits.models import (
    Enrollment,
    EnrollmentAmount,
    EnrollmentPause,
    PayrollRun,
    Program,
)
from minzheng.benefits.payroll import CHUNK_SIZE, PAYMENT, PAYMENT_COLUMNS, payroll_compute
from minzheng.benefits.services.payroll import payroll_run_open_as_system
from minzheng.benefits.services.programs import program_ensure
from minzheng.core.bench import BenchRow, Timer, rate, seconds_text
from minzheng.core.money import format_yuan
from minzheng.core.values import month_parse
from minzheng.registry.models import Person

BENCH_PROGRAM = "bench_payroll"
RATIO_TARGET = 2.0
STAGING = "benefits_bench_rows"
# The bench's open enrollments end far in the future instead of never: people are shared between them
# when the registry has fewer people than --enrollments, and a program allows one open enrollment each.
OPEN_END = date(2099, 12, 1)


def payroll_bench_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--enrollments", type=int, default=1_000_000, help="保障记录数（默认100万）")
    parser.add_argument("--month", default="2021-03", help="计算的月份")
    parser.add_argument("--chunk-size", type=int, default=CHUNK_SIZE, help="每段保障记录数")
    parser.add_argument("--repeat", type=int, default=2, help="计算与下限各测几次（取最好一次）")
    parser.add_argument("--keep", action="store_true", help="保留测试数据（默认结束时删除）")


# --- set-based setup ---------------------------------------------------------------------------------


def _numbers(count: int) -> str:
    """A relation ``n(i)`` of 1…count."""
    if connection.vendor == "postgresql":
        return f"SELECT i FROM generate_series(1, {int(count)}) AS n(i)"
    return f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {int(count)}) SELECT i FROM n"


def _insert_select(
    model: type[models.Model],
    provided: dict[str, str],
    source: str,
    expr_params: list[Any],
    source_params: list[Any] | None = None,
) -> None:
    """``INSERT INTO model (provided…, other columns) SELECT <provided exprs>, <defaults> FROM source``:
    every column not provided gets its field default (``auto_now`` columns: now), so a column added to
    the model later gets its default instead of breaking the bench."""
    now = timezone.now()
    columns, exprs, defaults = list(provided), list(provided.values()), []
    for f in model._meta.concrete_fields:
        if f.column is None or f.column in provided or f.primary_key:  # (a concrete field has a column)
            continue
        value: Any = (
            now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        )
        columns.append(f.column)
        exprs.append("%s")
        defaults.append(f.get_db_prep_save(value, connection))
    sql = f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(exprs)} FROM {source}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*expr_params, *defaults, *(source_params or [])])


def bench_setup(*, count: int, month: date, echo: Callable[[str], None]) -> Program:
    """Write ``count`` enrollments of the bench program over the registry's people (see the module
    docstring)."""
    bench_cleanup()
    program = program_ensure(code=BENCH_PROGRAM, name="基准测试项目（bench）", unit=Program.Unit.PERSON)
    people = Person.objects.count()
    if not people:
        raise ValueError("人员表为空，请先生成人房数据（minzheng seed）")
    person, enrollment = Person._meta.db_table, Enrollment._meta.db_table
    before, after, stopped, start = date(2021, 2, 1), date(2021, 6, 1), date(2021, 1, 1), date(2020, 1, 1)
    with transaction.atomic():
        echo(
            f"准备：写入{count:,}条保障记录（人员表现有{people:,}人{'，多条记录共用一人' if people < count else ''}）"
        )
        _insert_select(
            Enrollment,
            {
                "program_id": "%s",
                "person_id": "p.id",
                "region_id": "p.region_id",
                "members_count": "1 + n.i %% 4",
                "start_month": "CASE WHEN n.i %% 100 = 1 THEN %s ELSE %s END",
                "end_month": "CASE WHEN n.i %% 100 IN (2, 3) THEN %s ELSE %s END",
                "status": "CASE WHEN n.i %% 100 IN (2, 3) THEN 'stopped' ELSE 'active' END",
                "bank_name": "'中国农业银行海口分行'",
                "bank_account": "'62284800' || (10000000000 + n.i)",
            },
            f"({_numbers(count)}) n JOIN (SELECT id, region_id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k "
            f"FROM {person}) p ON p.k = n.i %% {people}",
            [program.pk, after, start, stopped, OPEN_END],
        )
        echo("准备：写入核定金额与暂停记录")
        rows = f"{enrollment} e WHERE e.program_id = %s"
        _insert_select(
            EnrollmentAmount,
            {
                "enrollment_id": "e.id",
                "from_month": "e.start_month",
                "amount_fen": "60000 + (e.id %% 50) * 100",
                "members_count": "e.members_count",
                "reason": "'核定'",
            },
            rows,
            [],
            [program.pk],
        )
        _insert_select(
            EnrollmentAmount,
            {
                "enrollment_id": "e.id",
                "from_month": "%s",
                "amount_fen": "55000 + (e.id %% 30) * 100",
                "members_count": "e.members_count",
                "reason": "'变更'",
            },
            rows + " AND e.id %% 10 = 5 AND e.start_month < %s",
            [before],
            [program.pk, before],
        )
        _insert_select(
            EnrollmentAmount,
            {
                "enrollment_id": "e.id",
                "from_month": "%s",
                "amount_fen": "70000",
                "members_count": "e.members_count",
                "reason": "'预定调整'",
            },
            rows + " AND e.id %% 20 = 7 AND e.start_month < %s",
            [after],
            [program.pk, after],
        )
        _insert_select(
            EnrollmentPause,
            {"enrollment_id": "e.id", "from_month": "%s", "reason": "'复核中'"},
            rows + " AND e.id %% 100 = 4",
            [before],
            [program.pk],
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Enrollment, EnrollmentAmount, EnrollmentPause):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return program


def independent_totals(*, program: Program, month: date) -> tuple[int, int]:
    """Lines and amount of the month by a formulation of its own (correlated MAX, NOT IN)."""
    e, a, p = Enrollment._meta.db_table, EnrollmentAmount._meta.db_table, EnrollmentPause._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT COUNT(*), COALESCE(SUM(x.amount_fen), 0) FROM {e} en JOIN {a} x ON x.enrollment_id = en.id
            WHERE en.program_id = %s AND en.start_month <= %s AND (en.end_month IS NULL OR en.end_month >= %s)
              AND x.from_month = (SELECT MAX(y.from_month) FROM {a} y WHERE y.enrollment_id = en.id AND y.from_month <= %s)
              AND x.amount_fen > 0
              AND en.id NOT IN (SELECT q.enrollment_id FROM {p} q
                                WHERE q.from_month <= %s AND (q.to_month IS NULL OR q.to_month >= %s))
            """,
            [program.pk, month, month, month, month, month],
        )
        lines, amount = cursor.fetchone()
    return int(lines), int(amount)


def _vacuum() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {PAYMENT}")


def _delete_lines(run_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PAYMENT} WHERE run_id = %s", [run_id])
    _vacuum()


def bench_cleanup() -> None:
    """Remove everything a bench wrote (also what an interrupted one left)."""
    program = Program.objects.filter(code=BENCH_PROGRAM).first()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    if program is not None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {PAYMENT} WHERE program_id = %s", [program.pk])
            runs = PayrollRun._meta.db_table
            cursor.execute(
                f"DELETE FROM {PayrollRun._meta.db_table} WHERE program_id = %s AND parent_id IS NOT NULL",
                [program.pk],
            )
            cursor.execute(f"DELETE FROM {runs} WHERE program_id = %s", [program.pk])
            e = Enrollment._meta.db_table
            for model in (EnrollmentAmount, EnrollmentPause):
                cursor.execute(
                    f"DELETE FROM {model._meta.db_table} WHERE enrollment_id IN (SELECT id FROM {e} WHERE program_id = %s)",
                    [program.pk],
                )
            cursor.execute(f"DELETE FROM {e} WHERE program_id = %s", [program.pk])
    if program is not None:
        with connection.cursor() as cursor:  # raw: the ORM's collector would visit every model pointing here
            cursor.execute(f"DELETE FROM {Program._meta.db_table} WHERE id = %s", [program.pk])


# --- the measurement -----------------------------------------------------------------------------------


def _time_payroll(program: Program, month: date, chunk_size: int) -> tuple[float, PayrollRun]:
    with Timer() as timer:
        run = payroll_run_open_as_system(program=program, month=month)
        payroll_compute(run.pk, chunk_size=chunk_size)
    run.refresh_from_db()
    return timer.seconds, run


def _time_floor() -> float:
    columns = ", ".join(PAYMENT_COLUMNS)
    with Timer() as timer, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {PAYMENT} ({columns}) SELECT {columns} FROM {STAGING}")
    return timer.seconds


def payroll_bench(
    *,
    echo: Callable[[str], None],
    enrollments: int = 1_000_000,
    month: str = "2021-03",
    chunk_size: int = CHUNK_SIZE,
    repeat: int = 2,
    keep: bool = False,
    **_: Any,
) -> list[BenchRow]:
    if enrollments < 100:
        raise ValueError("--enrollments 至少为100")
    the_month = month_parse(month)
    with Timer() as setup:
        program = bench_setup(count=enrollments, month=the_month, echo=echo)
    try:
        expected = independent_totals(program=program, month=the_month)
        payroll_times, floor_times = [], []
        run: PayrollRun | None = None
        recompute = 0.0
        for attempt in range(max(1, repeat)):
            echo(f"第{attempt + 1}次：计算工资单")
            seconds, run = _time_payroll(program, the_month, chunk_size)
            payroll_times.append(seconds)
            if attempt == 0:
                if (run.lines, run.amount_fen) != expected:
                    raise AssertionError(
                        f"工资单合计{(run.lines, run.amount_fen)}与独立SQL计算{expected}不符"
                    )
                echo("重新计算（明细已齐全）")
                with Timer() as again:
                    payroll_compute(run.pk, chunk_size=chunk_size)
                recompute = again.seconds
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"CREATE TABLE {STAGING} AS SELECT {', '.join(PAYMENT_COLUMNS)} FROM {PAYMENT} WHERE run_id = %s",
                        [run.pk],
                    )
            _delete_lines(run.pk)
            echo(f"第{attempt + 1}次：下限（裸 INSERT … SELECT 同样的{expected[0]:,}行）")
            floor_times.append(_time_floor())
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {PAYMENT} WHERE run_id = %s", [run.pk])
            _vacuum()
        best, floor = min(payroll_times), min(floor_times)
        ratio = best / floor if floor else None
        lines, amount = expected
        return [
            BenchRow("准备：保障记录（不计时）", f"{enrollments:,} 条", "", None, "", None),
            BenchRow("准备用时（不计入比较）", seconds_text(setup.seconds)),
            BenchRow(
                f"月度工资单计算（{enrollments:,}条保障记录）",
                seconds_text(best),
                seconds_text(floor),
                ratio,
                f"≤ {RATIO_TARGET:.0f}×",
                ratio is not None and ratio <= RATIO_TARGET,
            ),
            BenchRow("计算速度", rate(enrollments, best), rate(lines, floor)),
            BenchRow(
                "各次用时（计算 / 下限）",
                " / ".join(f"{t:.1f}" for t in payroll_times),
                " / ".join(f"{t:.1f}" for t in floor_times),
            ),
            BenchRow(
                "重新计算（明细已齐全，无变化）",
                seconds_text(recompute),
                seconds_text(floor),
                recompute / floor if floor else None,
            ),
            BenchRow(
                "发放明细与独立SQL核对",
                f"{lines:,} 笔 {format_yuan(amount)}",
                "",
                None,
                "相等",
                run is not None and (run.lines, run.amount_fen) == expected,
            ),
        ]
    finally:
        if keep:
            echo(f"测试数据已保留（项目代码 {BENCH_PROGRAM}）")
        else:
            echo("清理测试数据")
            bench_cleanup()
