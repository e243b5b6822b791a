"""minzheng bench report runs (at test size: correctness of the table, never timings)."""

import io

import pytest
from django.core.management import call_command

from minzheng.reports.bench import report_bench

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_the_bench_measures_the_report_against_its_floor(personas):
    lines: list[str] = []
    rows = report_bench(echo=lines.append, year=2020)
    labels = [r.label for r in rows]
    assert "全部数字（冷缓存）" in labels
    assert {"年度总结 docx（冷缓存，计算+排版）", "年度总结 pdf（冷缓存，计算+排版）"} <= set(labels)
    cold = next(r for r in rows if r.label == "全部数字（冷缓存）")
    assert cold.floor and cold.target == "< 3 秒" and cold.ok is not None
    assert any(line.startswith("下限：") for line in lines)


@pytest.mark.slow
def test_the_bench_command_prints_its_table(personas):
    out = io.StringIO()
    call_command("bench", "report", "--year", "2020", stdout=out, stderr=io.StringIO())
    assert "全部数字（冷缓存）" in out.getvalue()
