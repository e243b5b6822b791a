"""``minzheng bench report``: the annual summary at Haikou scale (seed first with
``minzheng seed --scale 1.0 --year 2020`` on PostgreSQL). Target: under 3 s (DESIGN.md, Performance).

Measured in one run, on the same data:

* the floor — every computed figure counted again by the plain SQL of :mod:`minzheng.reports.crosscheck`
  (one statement per figure, no ORM, no cache);
* the report's figures from the indicator registry with a cold cache (every table's version renewed
  first), then warm;
* the whole report end to end, cold: figures, then the docx (the official document), the PDF and the
  Markdown written out.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from django.db import connection

from minzheng.core.bench import BenchRow, describe, seconds_text
from minzheng.reports.annual import annual_render, annual_report_build, region_root
from minzheng.reports.crosscheck import CROSSCHECK, crosscheck_value
from minzheng.reports.figures import FIGURES
from minzheng.reports.registry import data_changed, indicator_exists, indicator_get

TARGET_SECONDS = 3.0


def report_bench_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, default=2020, help="报告年度（默认2020）")
    parser.add_argument("--region", default="", help="区划代码（默认全市）")


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def caches_cold() -> None:
    """Renew the version of every table an indicator reads: every cached figure misses."""
    labels = {
        label
        for f in FIGURES
        if f.indicator and indicator_exists(f.indicator)
        for label in indicator_get(f.indicator).depends_on
    }
    for label in labels:
        data_changed(label)


def _table_rows() -> list[tuple[str, int]]:
    """Row counts of the biggest tables the report reads (what "Haikou scale" means in this run)."""
    wanted = [
        ("人员", "registry_person"),
        ("房屋", "registry_house"),
        ("保障记录", "benefits_enrollment"),
        ("发放明细", "benefits_payment"),
        ("网格事件", "grid_event"),
        ("助餐记录", "eldercare_meal"),
    ]
    existing = set(connection.introspection.table_names())
    out = []
    with connection.cursor() as cursor:
        for label, table in wanted:
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                out.append((label, int(cursor.fetchone()[0])))
    return out


def report_bench(
    *, echo: Callable[[str], None], year: int = 2020, region: str = "", **options: Any
) -> list[BenchRow]:
    from minzheng.core.models import Region

    node = Region.objects.get(code=region) if region else region_root()
    rows = [BenchRow(f"数据量：{label}", describe(n)) for label, n in _table_rows()]
    echo(f"数据库：{connection.vendor}；区划：{node.name}；年度：{year}")

    report = annual_report_build(year=year, region=node)  # warms connections and imports, not measured
    computed = [r for r in report.figures if r.computed]
    checkable = [r for r in computed if r.figure.indicator in CROSSCHECK]
    rows.append(BenchRow("种子文件数字：已计算/共计", f"{len(computed)}/{len(report.figures)}"))

    def floor() -> None:
        for r in checkable:
            crosscheck_value(r.figure.indicator, region=node, start=r.start, end=r.end)

    floor_s, _ = _timed(floor)
    echo(f"下限：{len(checkable)}个数字的独立SQL计数 {floor_s:.2f} 秒")

    caches_cold()
    cold_s, report = _timed(lambda: annual_report_build(year=year, region=node))
    warm_s, _ = _timed(lambda: annual_report_build(year=year, region=node))
    rows.append(
        BenchRow(
            "全部数字（冷缓存）",
            seconds_text(cold_s),
            floor=seconds_text(floor_s),
            ratio=cold_s / floor_s if floor_s else None,
            target=f"< {TARGET_SECONDS:.0f} 秒",
            ok=cold_s < TARGET_SECONDS,
        )
    )
    rows.append(BenchRow("全部数字（热缓存）", f"{warm_s * 1000:.0f} 毫秒"))

    for fmt in ("docx", "pdf", "md"):
        caches_cold()

        def whole(fmt: str = fmt) -> int:
            built = annual_report_build(year=year, region=node)
            return len(annual_render(built, fmt))

        seconds, size = _timed(whole)
        echo(f"{fmt}：{seconds:.2f} 秒，{size:,} 字节")
        rows.append(
            BenchRow(
                f"年度总结 {fmt}（冷缓存，计算+排版）",
                seconds_text(seconds),
                floor=seconds_text(floor_s),
                ratio=seconds / floor_s if floor_s else None,
                target=f"< {TARGET_SECONDS:.0f} 秒",
                ok=seconds < TARGET_SECONDS,
            )
        )
    return rows
