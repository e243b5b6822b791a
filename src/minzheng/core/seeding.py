"""Synthetic data: each domain registers a generator; ``minzheng seed`` and ``minzheng demo`` run them
in order after the region tree, with one scale and one random seed so the whole dataset is reproducible."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from minzheng.core.regions import regions_load


@dataclass(frozen=True)
class SeedStep:
    order: int
    label: str
    run: Callable[..., str]  # run(scale=…, random_seed=…, year=…) -> one line of summary


_steps: list[SeedStep] = []


def seed_register(*, order: int, label: str, run: Callable[..., str]) -> None:
    if all(s.label != label for s in _steps):
        _steps.append(SeedStep(order, label, run))


def seed_run(
    *, scale: float, random_seed: int = 2020, year: int | None = None, echo: Callable[[str], None] = print
) -> None:
    result = regions_load(scale=scale)
    echo(
        f"区划与网格：新增区划 {result.divisions_created}，新增网格 {result.grids_created}，网格共 {result.grids_total}"
    )
    for step in sorted(_steps, key=lambda s: s.order):
        started = time.perf_counter()
        summary = step.run(scale=scale, random_seed=random_seed, year=year)
        statistics_refresh()
        echo(f"{step.label}：{summary}（用时{time.perf_counter() - started:.1f}秒）")


# PostgreSQL: per table, the rows the current transaction had inserted, updated or deleted when its statistics
# were last refreshed, with the session and transaction that holds them (see statistics_refresh)
_REFRESHED: dict[tuple[int, int], dict[int, int]] = {}

# Each user table with the rows changed since its last ANALYZE, by committed transactions (known once they
# commit) and by the current one (pg_stat_xact_user_tables: seen only by this transaction).
_CHANGED = """
SELECT s.relid, quote_ident(s.schemaname) || '.' || quote_ident(s.relname), s.n_mod_since_analyze,
       coalesce(x.n_tup_ins + x.n_tup_upd + x.n_tup_del, 0), pg_backend_pid(), coalesce(txid_current_if_assigned(), 0)
FROM pg_stat_user_tables s LEFT JOIN pg_stat_xact_user_tables x ON x.relid = s.relid
"""


def statistics_refresh() -> None:
    """PostgreSQL: refresh the planner's statistics after a step's bulk load. Without them the next steps'
    queries are planned for the tables as they were before (empty, or a fraction of their size) — a nested loop
    over thousands of rows that should have been a hash join; inside one transaction (a test, a seed run in an
    atomic block) autovacuum never sees the new rows at all. Run within a transaction, ANALYZE samples that
    transaction's own rows. SQLite plans without such statistics.

    Only the tables changed since the last refresh are analysed — by committed work (``n_mod_since_analyze``)
    or by this transaction since this function last ran in it — not all ~190 after every step (0.4 s each
    time on the demo's data, most of them tables the step never touched)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # the statistics as they are now, not as first read
        cursor.execute(_CHANGED)
        rows = cursor.fetchall()
        if not rows:
            return
        holder = (rows[0][4], rows[0][5])
        seen = _REFRESHED.get(holder, {}) if holder[1] else {}
        tables = [
            name for relid, name, committed, mine, _, _ in rows if committed or mine != seen.get(relid, 0)
        ]
        if tables:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        _REFRESHED.clear()
        if holder[1]:
            _REFRESHED[holder] = {relid: mine for relid, _name, _committed, mine, _, _ in rows}
