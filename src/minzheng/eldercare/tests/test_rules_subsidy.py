"""rules: who is in which meal-subsidy category, and which dated, region-scoped amount applies."""

from dataclasses import dataclass
from datetime import date

import pytest

from minzheng.eldercare import rules
from minzheng.eldercare.models import SubsidyCategory as C


@dataclass
class Rule:
    pk: int
    category: str
    amount_fen: int
    effective_from: date
    effective_to: date | None
    region_path: str


CITY, DISTRICT, OTHER = "/460100/", "/460100/460105/", "/460100/460108/"
CANTEEN = "/460100/460105/460105001/460105001001/"


@pytest.mark.parametrize(
    ("age", "band"),
    [(60, C.AGE_60), (69, C.AGE_60), (70, C.AGE_70), (79, C.AGE_70), (80, C.AGE_80), (101, C.AGE_80)],
)
def test_age_bands_at_their_boundaries(age, band):
    assert rules.meal_age_category(age) == band


def test_under_sixty_is_refused():
    with pytest.raises(rules.MealEligibilityError, match="年满60周岁"):
        rules.meal_age_category(59)


def test_age_on_counts_completed_years():
    # given someone born on 1 March 1961
    born = date(1961, 3, 1)
    # then they are 59 the day before their 60th birthday and 60 on it
    assert rules.age_on(born, date(2021, 2, 28)) == 59
    assert rules.age_on(born, date(2021, 3, 1)) == 60


def test_statuses_join_the_age_band_in_precedence_order_and_non_locals_get_none():
    eligible = rules.meal_eligible_categories(age=82, local_hukou=True, statuses={"dibao", "disabled", "x"})
    assert eligible == [C.DIBAO, C.DISABLED, C.AGE_80]
    assert rules.meal_eligible_categories(age=82, local_hukou=False, statuses={"tekun"}) == []


def test_most_favourable_category_applies_not_the_sum_and_never_above_the_price():
    # given city rules: 80+ 5元, 低保 6元
    rows = [
        Rule(1, C.AGE_80, 500, date(2021, 1, 1), None, CITY),
        Rule(2, C.DIBAO, 600, date(2021, 1, 1), None, CITY),
    ]
    # when an 82-year-old on 低保 eats a 15元 meal
    result = rules.meal_subsidy(
        rows, eligible=[C.DIBAO, C.AGE_80], on=date(2021, 3, 1), region_path=CANTEEN, price_fen=1500
    )
    # then the 低保 amount applies alone
    assert (result.category, result.subsidy_fen, result.rule_id) == (C.DIBAO, 600, 2)
    # and a 4元 meal is subsidised 4元 at most
    cheap = rules.meal_subsidy(rows, eligible=[C.DIBAO, C.AGE_80], on=date(2021, 3, 1), region_path=CANTEEN,
                               price_fen=400)  # fmt: skip
    assert cheap.subsidy_fen == 400


def test_a_rule_applies_from_its_date_and_the_most_specific_region_wins():
    rows = [
        Rule(1, C.AGE_60, 300, date(2021, 1, 1), date(2021, 3, 14), CITY),
        Rule(2, C.AGE_60, 350, date(2021, 3, 15), None, CITY),
        Rule(3, C.AGE_60, 400, date(2021, 1, 1), None, OTHER),  # another district's: never applies here
        Rule(4, C.AGE_60, 450, date(2021, 6, 1), None, DISTRICT),
    ]

    def amount(day):
        return rules.meal_subsidy(
            rows, eligible=[C.AGE_60], on=day, region_path=CANTEEN, price_fen=2000
        ).subsidy_fen

    assert amount(date(2020, 12, 31)) == 0  # before any rule
    assert amount(date(2021, 3, 14)) == 300
    assert amount(date(2021, 3, 15)) == 350
    assert amount(date(2021, 6, 1)) == 450  # the district's own rule over the city's


def test_no_category_means_no_subsidy():
    result = rules.meal_subsidy([], eligible=[], on=date(2021, 1, 1), region_path=CANTEEN, price_fen=1000)
    assert (result.category, result.subsidy_fen, result.rule_id) == (C.NONE, 0, None)
