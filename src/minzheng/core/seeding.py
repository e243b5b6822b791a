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


# PostgreSQL: the session and transaction of the last refresh (backend pid, transaction id or 0), and per table
# the rows that transaction had inserted, updated or deleted by then (see statistics_refresh)
_refreshed: tuple[tuple[int, int], dict[int, int]] = ((0, 0), {})

# Each user table with the rows changed since its last ANALYZE, by committed transactions (known once they
# commit) and by the current one (pg_stat_xact_user_tables: seen only by this transaction).
_CHANGED = """
SELECT s.relid, quote_ident(s.schemaname) || '.' || quote_ident(s.relname), s.n_mod_since_analyze,
       coalesce(x.n_tup_ins + x.n_tup_upd + x.n_tup_del, 0)
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
    global _refreshed
    with connection.cursor() as cursor:
        # the statistics re-read as they are now (not as first read in this transaction), and who is reading
        cursor.execute(
            "SELECT pg_stat_clear_snapshot(), pg_backend_pid(), coalesce(txid_current_if_assigned(), 0)"
        )
        _, pid, txid = cursor.fetchone()
        cursor.execute(_CHANGED)
        rows = cursor.fetchall()
        seen = _refreshed[1] if txid and _refreshed[0] == (pid, txid) else {}
        tables = [name for relid, name, committed, mine in rows if committed or mine != seen.get(relid, 0)]
        if tables:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        _refreshed = ((pid, txid), {relid: mine for relid, _name, _committed, mine in rows})
