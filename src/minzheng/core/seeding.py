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
        echo(f"{step.label}：{summary}（用时{time.perf_counter() - started:.1f}秒）")
