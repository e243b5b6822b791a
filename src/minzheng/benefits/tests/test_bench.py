"""The payroll benchmark at a tiny size: correctness only (timings belong in ``minzheng bench``)."""

from __future__ import annotations

import pytest

from minzheng.benefits.bench import BENCH_PROGRAM, payroll_bench
from minzheng.benefits.models import Enrollment, Payment, Program
from minzheng.benefits.tests import given
from minzheng.registry.models import Person


@pytest.mark.django_db(transaction=True)
def test_the_bench_runs_checks_its_totals_and_cleans_up(personas):
    # given a few people in the registry
    for i in range(7):
        given.person(name=f"测{i}")
    people = Person.objects.count()
    # when the bench runs on 300 enrollments in chunks of 70 (people shared)
    rows = payroll_bench(echo=lambda text: None, enrollments=300, chunk_size=70, repeat=2)
    # then its totals agree with the independent computation and it reports a ratio against the floor
    by_label = {row.label: row for row in rows}
    assert by_label["发放明细与独立SQL核对"].ok is True
    payroll = next(row for row in rows if row.label.startswith("月度工资单计算"))
    assert payroll.ratio is not None and payroll.ratio > 0
    # and nothing of it is left behind
    assert not Program.objects.filter(code=BENCH_PROGRAM).exists()
    assert Person.objects.count() == people
    assert not Enrollment.objects.exists() and not Payment.objects.exists()
