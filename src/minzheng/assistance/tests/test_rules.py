"""Rules of rules.py that stand alone (each names its source)."""

from datetime import date
from decimal import Decimal

from minzheng.assistance import rules
from minzheng.assistance.rules import Program


def test_conflict_table_tekun_vs_dibao_is_symmetric():
    """《社会救助暂行办法》第十四、十五条 (domain.md §2): a 特困 person is not also in 低保."""
    assert Program.DIBAO_URBAN in rules.conflicting_programs(Program.TEKUN)
    assert Program.TEKUN in rules.conflicting_programs(Program.DIBAO_RURAL)
    assert Program.LOW_INCOME in rules.conflicting_programs(Program.TEKUN)
    assert Program.TEMPORARY not in rules.conflicting_programs(Program.DIBAO_URBAN)


def test_payment_starts_the_month_after_confirmation():
    """domain.md §1 state 6: payment starts the month after the decision."""
    assert rules.payment_start_month(date(2020, 12, 31)) == date(2021, 1, 1)
    assert rules.payment_start_month(date(2021, 3, 1)) == date(2021, 4, 1)


def test_review_interval_domain_1_dynamic_management():
    """domain.md §1 动态管理: yearly when stable, every 6 months with unstable income and able-bodied members."""
    assert rules.review_interval_months(unstable_income=False, stable_months=12, unstable_months=6) == 12
    assert rules.review_interval_months(unstable_income=True, stable_months=12, unstable_months=6) == 6


def test_review_outcomes_art_13():
    """《社会救助暂行办法》第十三条: 增发/减发/停发; domain.md §1: nothing changed → not adjusted; 渐退 [U]."""
    assert (
        rules.review_outcome(eligible=True, new_amount_fen=100, current_amount_fen=100, phase_out_months=0)
        == "unchanged"
    )
    assert (
        rules.review_outcome(eligible=True, new_amount_fen=50, current_amount_fen=100, phase_out_months=0)
        == "change"
    )
    assert (
        rules.review_outcome(eligible=False, new_amount_fen=0, current_amount_fen=100, phase_out_months=0)
        == "exit"
    )
    assert (
        rules.review_outcome(eligible=False, new_amount_fen=0, current_amount_fen=100, phase_out_months=6)
        == "phase_out"
    )
    assert rules.exit_last_month(decided_on=date(2021, 5, 20), phase_out_months=0) == date(2021, 5, 1)
    assert rules.exit_last_month(decided_on=date(2021, 11, 20), phase_out_months=6) == date(2022, 5, 1)


def test_unable_to_work_2021_identification_measures():
    """domain.md §2 无劳动能力 (2021 认定办法)."""
    assert rules.unable_to_work(age=60, disability_kind="", disability_grade=None)[0]
    assert rules.unable_to_work(age=15, disability_kind="", disability_grade=None)[0]
    assert rules.unable_to_work(age=40, disability_kind="intellectual", disability_grade=3)[0]
    assert not rules.unable_to_work(age=40, disability_kind="physical", disability_grade=3)[0]
    assert rules.unable_to_work(age=40, disability_kind="visual", disability_grade=1)[0]
    assert not rules.unable_to_work(age=40, disability_kind="visual", disability_grade=2)[0]


def test_price_trigger_cpi_or_food_domain_4():
    """domain.md §4: CPI ≥ 3.5 % or food ≥ 6 % in a single month; the higher rise when both trigger."""
    t = rules.price_trigger(cpi_yoy=Decimal("3.4"), food_yoy=Decimal("5.9"), cpi_threshold=Decimal("3.5"),
                            food_threshold=Decimal(6))  # fmt: skip
    assert not t.triggered and t.rise == 0
    t = rules.price_trigger(cpi_yoy=Decimal("3.5"), food_yoy=Decimal("2"), cpi_threshold=Decimal("3.5"),
                            food_threshold=Decimal(6))  # fmt: skip
    assert t.triggered and t.rise == Decimal("3.5")
    t = rules.price_trigger(cpi_yoy=Decimal("5.4"), food_yoy=Decimal("20.6"), cpi_threshold=Decimal("3.5"),
                            food_threshold=Decimal(6))  # fmt: skip
    assert t.rise == Decimal("20.6")
    # 2022-09…2023-03: the CPI threshold was 3.0 %
    t = rules.price_trigger(
        cpi_yoy=Decimal("3.0"), food_yoy=None, cpi_threshold=Decimal("3.0"), food_threshold=Decimal(6)
    )
    assert t.triggered


def test_price_subsidy_amount_rounded_to_whole_yuan_domain_4():
    """domain.md §4: 补贴 = 低保月标准 × 涨幅, rounded to whole 元."""
    # 610 × 5.4 % = 32.94 → 33 元; 500 × 20.6 % = 103 元; 610 × 3.5 % = 21.35 → 21 元
    assert rules.price_subsidy_amount(standard_fen=61000, rise=Decimal("5.4")) == 3300
    assert rules.price_subsidy_amount(standard_fen=50000, rise=Decimal("20.6")) == 10300
    assert rules.price_subsidy_amount(standard_fen=61000, rise=Decimal("3.5")) == 2100
    assert rules.price_subsidy_amount(standard_fen=61000, rise=Decimal("1"), floor_yuan=Decimal(10)) == 1000


def test_temporary_town_limit_ningguo_example():
    """《社会救助暂行办法》第四十八条 + [L] 宁国: ≤ 4 × monthly 低保 standard at the 乡镇."""
    assert rules.temporary_town_limit(standard_fen=61000, multiple=Decimal(4)) == 244000


def test_residence_permit_must_be_valid():
    assert rules.residence_permit_valid(date(2021, 1, 1), on=date(2021, 1, 1))
    assert not rules.residence_permit_valid(date(2020, 12, 31), on=date(2021, 1, 1))
    assert not rules.residence_permit_valid(None, on=date(2021, 1, 1))
