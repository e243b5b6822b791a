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


def statistics_refresh() -> None:
    """PostgreSQL: refresh the planner's statistics after a step's bulk load. Without them the next steps'
    queries are planned for the tables as they were before (empty, or a fraction of their size) — a nested loop
    over thousands of rows that should have been a hash join; inside one transaction (a test, a seed run in an
    atomic block) autovacuum never sees the new rows at all. Run within a transaction, ANALYZE samples that
    transaction's own rows. SQLite plans without such statistics."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
