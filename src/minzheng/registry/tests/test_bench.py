"""minzheng bench registry runs end to end at a tiny size (correctness only; timings are not tested)."""

import pytest
from django.core.management import call_command

from minzheng.core.bench import BenchRow, bench_names, bench_table, percentile
from minzheng.registry.models import ImportBatch, Person

pytestmark = pytest.mark.django_db


def test_the_registry_bench_prints_its_table_and_leaves_the_registry_as_it_was(personas, capsys):
    before = Person.objects.count()
    call_command("bench", "registry", "--rows", "60", "--people", "90", "--queries", "5")
    out = capsys.readouterr().out
    for label in (
        "裸COPY入人员表",
        "minzheng import persons",
        "导入全部2,386,500人",
        "导入内存增量",
        "按身份证号码（18位）查询",
        "按拼音首字母查询",
        "区划选择器（市级用户）按拼音首字母查找",
    ):
        assert label in out
    assert "倍数" in out and "×" in out
    # the import runs were rolled back; only the look-up's top-up people stay
    assert not ImportBatch.objects.exists()
    assert Person.objects.count() == max(before, 90)


def test_the_bench_can_skip_the_look_ups(personas, capsys):
    call_command("bench", "registry", "--rows", "20", "--skip-lookup")
    out = capsys.readouterr().out
    assert "minzheng import persons" in out and "查询" not in out


def test_the_bench_can_time_only_the_look_ups(personas, capsys):
    # when the import part is skipped
    call_command("bench", "registry", "--skip-import", "--people", "90", "--queries", "5")
    out = capsys.readouterr().out
    # then only look-ups are timed, for a city and a district user
    assert "minzheng import persons" not in out
    assert "市级用户按拼音首字母查询" in out and "区局用户" in out


def test_bench_registry_has_the_registry():
    assert "registry" in bench_names()


def test_the_table_lines_up_chinese_text():
    table = bench_table([BenchRow("导入", "1 行/秒", floor="2 行/秒", ratio=0.5, target="≤ 1.5×", ok=True)])
    header, rule, row = table.splitlines()
    assert "达标" in row and len(rule) > 10


def test_percentiles_use_the_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50.0 and percentile(values, 0.99) == 99.0
