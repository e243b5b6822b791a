"""``minzheng bench``: a small registry of benchmarks, each printing one table.

A domain registers its benchmark in its AppConfig.ready() with :func:`bench_register`; ``minzheng bench
<name>`` runs it. Every figure that has a target is shown beside the raw floor measured in the same
run on the same machine (a bare COPY, a bare INSERT … SELECT), so the ratio — not the absolute speed of
the machine — is what is judged.
"""

from __future__ import annotations

import argparse
import math
import os
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class BenchRow:
    """One line of a benchmark's table. ``ratio`` is value ÷ floor (for times) or floor ÷ value
    (for rates), so above 1 always means slower than the floor."""

    label: str
    value: str
    floor: str = ""
    ratio: float | None = None
    target: str = ""
    ok: bool | None = None


@dataclass(frozen=True)
class Bench:
    name: str
    help: str
    run: Callable[..., list[BenchRow]]  # run(echo=…, **options) → rows
    arguments: Callable[[argparse.ArgumentParser], None] | None = None


_benches: dict[str, Bench] = {}


def bench_register(
    name: str,
    run: Callable[..., list[BenchRow]],
    *,
    help: str = "",  # noqa: A002
    arguments: Callable[[argparse.ArgumentParser], None] | None = None,
) -> None:
    _benches.setdefault(name, Bench(name, help, run, arguments))


def bench_names() -> list[str]:
    return sorted(_benches)


def bench_get(name: str) -> Bench:
    try:
        return _benches[name]
    except KeyError:
        raise LookupError(
            f"没有名为“{name}”的基准测试；可选：{'、'.join(bench_names()) or '（无）'}"
        ) from None


# --- the table -----------------------------------------------------------------------------------------


def text_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - text_width(text))
    return fill + text if right else text + fill


def bench_table(rows: Sequence[BenchRow]) -> str:
    headers = ("项目", "结果", "下限（同次测得）", "倍数", "目标", "结论")
    cells = [
        (
            r.label,
            r.value,
            r.floor,
            f"{r.ratio:.2f}×" if r.ratio is not None else "",
            r.target,
            "" if r.ok is None else ("达标" if r.ok else "未达标"),
        )
        for r in rows
    ]
    widths = [max(text_width(str(c[i])) for c in [headers, *cells]) for i in range(len(headers))]
    line = "+".join("-" * (w + 2) for w in widths)
    out = [" | ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)), line]
    for c in cells:
        out.append(
            " | ".join(
                _pad(str(v), w, right=i in (1, 2, 3)) for i, (v, w) in enumerate(zip(c, widths, strict=True))
            )
        )
    return "\n".join(out)


# --- measuring -------------------------------------------------------------------------------------------


def rss_bytes() -> int:
    """Resident memory of this process now (Linux /proc; elsewhere the peak so far)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class PeakMemory:
    """Sample resident memory every 50 ms while a block runs: ``peak`` and ``baseline`` in bytes."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.baseline = 0
        self.peak = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, rss_bytes())

    def __enter__(self) -> PeakMemory:
        self.baseline = self.peak = rss_bytes()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.peak = max(self.peak, rss_bytes())

    @property
    def growth(self) -> int:
        return self.peak - self.baseline


class Timer:
    def __enter__(self) -> Timer:
        self.started = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.started


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0–1) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(share * len(ordered) - 1e-9)))
    return ordered[rank - 1]


def mb(value: float) -> str:
    return f"{value / 1048576:,.0f} MB"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:,.0f} 行/秒" if seconds else "—"


def seconds_text(seconds: float) -> str:
    return f"{seconds:,.1f} 秒"


def describe(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)
