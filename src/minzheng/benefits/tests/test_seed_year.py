"""The ledger's seed step of a synthetic year (benefits/seed_year.py, moved out of reports): the 农村低保
and 特困 enrollments are calibrated so that the year's payrolls pay the seed document's figures × S."""

from __future__ import annotations

from datetime import date

import pytest

from minzheng.benefits import services
from minzheng.benefits.indicators import amount_paid
from minzheng.benefits.payroll import payroll_source_get, payroll_source_unregister
from minzheng.benefits.seed_year import ledger_year_seed
from minzheng.benefits.seeding import payroll_history_seed
from minzheng.benefits.tests import given
from minzheng.core.models import Region
from minzheng.core.seeding import _steps

SCALE = 0.001


@pytest.fixture
def without_price_subsidy():  # noqa: ANN201
    previous = payroll_source_get("price_subsidy")
    payroll_source_unregister("price_subsidy")
    yield
    if previous is not None:
        services.payroll_source_register("price_subsidy", previous)


def test_the_year_pays_the_seed_figures_times_the_scale(personas, without_price_subsidy):
    # given 农村低保 households and 特困 persons enrolled from January 2020 at the means test's amounts
    for i, amount in enumerate((53_000, 41_000, 28_500)):
        given.enrolled(
            name=f"农{i}", program="dibao_rural", start=date(2020, 1, 1), amount_fen=amount, members=2
        )
    for i, amount in enumerate((100_000, 130_000)):
        given.enrolled(name=f"特{i}", program="tekun", start=date(2020, 1, 1), amount_fen=amount)
    # when the year step runs, then the ledger's history pays the year
    summary = ledger_year_seed(scale=SCALE, year=2020)
    assert "农村低保1-11月应发53,838.00 元" in summary and "特困供养全年应发32,428.60 元" in summary
    payroll_history_seed(scale=SCALE, year=2020)
    # then what was paid is the seed's figure × S, to the 分 (5383.8万元 and 3242.86万元 × 0.001)
    city = Region.objects.get(parent__isnull=True)
    rural = amount_paid(program="dibao_rural", region=city, start=date(2020, 1, 1), end=date(2020, 11, 30))
    tekun = amount_paid(program="tekun", region=city, start=date(2020, 1, 1), end=date(2020, 12, 31))
    assert (rural, tekun) == (5_383_800, 3_242_860)
    # and a paid year is not calibrated again
    assert ledger_year_seed(scale=SCALE, year=2020) == "本年度工资单已审批，金额不再校准"


def test_without_a_year_the_step_changes_nothing(personas):
    enrollment = given.enrolled(name="农", program="dibao_rural", start=date(2020, 1, 1))
    assert "跳过" in ledger_year_seed(scale=SCALE, year=None)
    assert [a.amount_fen for a in enrollment.amounts.all()] == [61_000]


def test_the_step_runs_after_the_programs_and_before_the_history():
    orders = {step.label: step.order for step in _steps}
    calibration = next(step.order for step in _steps if step.run is ledger_year_seed)
    assert orders["社会救助"] < calibration < orders["历史工资单（演示）"]
