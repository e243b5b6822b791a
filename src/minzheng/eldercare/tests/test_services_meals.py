"""meal_subsidy_rule_set and meal_record: the subsidy by category and date, as recorded at checkout."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.core.models import AuditEntry, Region
from minzheng.eldercare import services
from minzheng.eldercare.models import MealSubsidyRule
from minzheng.eldercare.models import SubsidyCategory as C
from minzheng.eldercare.services import EldercareError
from minzheng.eldercare.tests import given

pytestmark = pytest.mark.django_db
TODAY = date(2021, 12, 31)


@pytest.fixture
def canteen(personas):
    return given.institution(personas.district)


def _rule(personas, category, yuan, start, region="460100"):
    return services.meal_subsidy_rule_set(
        actor=personas.city,
        region=Region.objects.get(code=region),
        category=category,
        amount_fen=yuan * 100,
        effective_from=start,
        is_demo=True,
    )


def _meal(personas, canteen, who, day, price=1500, meal_type="lunch", actor=None):
    return services.meal_record(
        actor=actor or personas.district, canteen=canteen, person=who, served_on=day, meal_type=meal_type, price_fen=price,
        today=TODAY,
    )  # fmt: skip


def test_a_rule_change_mid_month_applies_from_its_date(personas, canteen):
    # given 60–69 at 3元 from 1 March and 4元 from 15 March (entered before the meals)
    _rule(personas, C.AGE_60, 3, date(2021, 3, 1))
    _rule(personas, C.AGE_60, 4, date(2021, 3, 15))
    who = given.person(birth=date(1956, 1, 1))  # 65 in 2021
    # when the person eats on the 14th and on the 15th
    before = _meal(personas, canteen, who, date(2021, 3, 14))
    after = _meal(personas, canteen, who, date(2021, 3, 15))
    # then each day gets the amount in force that day, recorded with its rule
    assert (before.category, before.subsidy_fen, before.paid_fen) == (C.AGE_60, 300, 1200)
    assert (after.category, after.subsidy_fen, after.paid_fen) == (C.AGE_60, 400, 1100)
    assert before.rule.effective_to == date(2021, 3, 14) and after.rule.effective_to is None


def test_subsidy_by_category_age_dibao_tekun_and_disability(personas, canteen):
    # given city rules for every category
    for category, yuan in (
        (C.AGE_60, 3),
        (C.AGE_70, 4),
        (C.AGE_80, 5),
        (C.DISABLED, 6),
        (C.DIBAO, 7),
        (C.TEKUN, 8),
    ):
        _rule(personas, category, yuan, date(2021, 1, 1))
    day = date(2021, 4, 1)
    seventy = given.person(name="林七十", birth=date(1951, 4, 1))  # 70 that very day
    eighty = given.person(name="陈八十", birth=date(1940, 1, 1))
    on_dibao = given.person(name="吴低保", birth=date(1955, 1, 1))
    given.enrollment(on_dibao, program="dibao_urban", start=date(2021, 1, 1))
    tekun = given.person(name="符特困", birth=date(1945, 1, 1))
    given.enrollment(tekun, program="tekun", start=date(2020, 1, 1))
    disabled = given.person(name="黄失能", birth=date(1950, 1, 1))
    services.assessment_record(
        actor=personas.district, person=disabled, standard="mzt039", assessed_on=date(2021, 3, 1),
        items={"eating": 5, "bathing": 0, "grooming": 0, "dressing": 5, "stool": 5, "urine": 5, "toilet": 5,
               "transfer": 10, "walking": 5, "stairs": 0},
        mental=1, sensory=1, social=1,
    )  # fmt: skip
    migrant = given.person(name="外来老人", birth=date(1940, 1, 1), local=False)
    # when each eats lunch
    got = {
        p.name: _meal(personas, canteen, p, day)
        for p in (seventy, eighty, on_dibao, tekun, disabled, migrant)
    }
    # then each gets their most favourable category
    assert {n: (m.category, m.subsidy_fen) for n, m in got.items()} == {
        "林七十": (C.AGE_70, 400),
        "陈八十": (C.AGE_80, 500),
        "吴低保": (C.DIBAO, 700),
        "符特困": (C.TEKUN, 800),
        "黄失能": (C.DISABLED, 600),
        "外来老人": (C.NONE, 0),
    }
    assert got["符特困"].eligible == "tekun,age_70"


def test_dibao_counts_only_in_the_months_of_the_enrollment(personas, canteen):
    _rule(personas, C.AGE_60, 3, date(2021, 1, 1))
    _rule(personas, C.DIBAO, 7, date(2021, 1, 1))
    who = given.person(birth=date(1955, 1, 1))
    given.enrollment(who, program="dibao_rural", start=date(2021, 2, 1), end=date(2021, 3, 1))
    assert _meal(personas, canteen, who, date(2021, 1, 31)).subsidy_fen == 300
    assert _meal(personas, canteen, who, date(2021, 3, 31)).subsidy_fen == 700
    assert _meal(personas, canteen, who, date(2021, 4, 1)).subsidy_fen == 300


def test_a_district_rule_overrides_the_city_rule_in_that_district_only(personas, canteen):
    _rule(personas, C.AGE_80, 5, date(2021, 1, 1))
    _rule(personas, C.AGE_80, 6, date(2021, 1, 1), region="460105")
    other = given.institution(personas.city, region="460108001001")
    who = given.person(birth=date(1930, 1, 1))
    assert _meal(personas, canteen, who, date(2021, 5, 1)).subsidy_fen == 600
    assert _meal(personas, other, who, date(2021, 5, 2), actor=personas.city).subsidy_fen == 500


def test_refusals_under_sixty_twice_a_day_and_future_dates(personas, canteen):
    young = given.person(birth=date(1962, 1, 1))
    with pytest.raises(EldercareError, match="年满60周岁"):
        _meal(personas, canteen, young, date(2021, 12, 31))
    who = given.person(birth=date(1950, 1, 1))
    _meal(personas, canteen, who, date(2021, 6, 1))
    with pytest.raises(EldercareError, match="午餐已登记"):
        _meal(personas, canteen, who, date(2021, 6, 1))
    with pytest.raises(EldercareError, match="未来"):
        _meal(personas, canteen, who, date(2022, 1, 1))


def test_a_new_standard_cannot_reach_back_over_meals_already_discounted(personas, canteen):
    # given a rule and a meal on 10 March under it
    _rule(personas, C.AGE_60, 3, date(2021, 3, 1))
    _meal(personas, canteen, given.person(birth=date(1956, 1, 1)), date(2021, 3, 10))
    # when the city manager enters a new amount from 5 March
    with pytest.raises(EldercareError, match="2021-03-10"):
        _rule(personas, C.AGE_60, 4, date(2021, 3, 5))
    # then it is refused, while one from 11 March is accepted; an older start than an existing rule is not
    _rule(personas, C.AGE_60, 4, date(2021, 3, 11))
    with pytest.raises(EldercareError, match="须晚于该日"):
        _rule(personas, C.AGE_60, 5, date(2021, 3, 11))
    assert MealSubsidyRule.objects.filter(category=C.AGE_60).count() == 2


def test_only_the_city_manager_sets_standards_and_the_change_is_audited(personas):
    with pytest.raises(PermissionDenied, match="维护保障标准"):
        services.meal_subsidy_rule_set(
            actor=personas.district, region=Region.objects.get(code="460105"), category=C.AGE_60, amount_fen=300,
            effective_from=date(2021, 1, 1),
        )  # fmt: skip
    rule = _rule(personas, C.AGE_60, 3, date(2021, 1, 1))
    entry = AuditEntry.objects.filter(object_type="eldercare.mealsubsidyrule", object_id=str(rule.pk)).get()
    assert entry.action == "create" and entry.after["amount_fen"] == 300


def test_a_canteen_operator_records_only_for_their_own_canteen(personas, canteen):
    operator = given.provider_user()
    who = given.person(birth=date(1950, 1, 1))
    with pytest.raises(EldercareError, match="不是“.*”的经办人"):
        services.meal_record(actor=operator, canteen=canteen, person=who, served_on=date(2021, 1, 4),
                             meal_type="lunch", price_fen=1000, today=TODAY)  # fmt: skip
    services.institution_operator_attach(actor=personas.district, institution=canteen, user=operator)
    meal = services.meal_record(actor=operator, canteen=canteen, person=who, served_on=date(2021, 1, 4),
                                meal_type="lunch", price_fen=1000, today=TODAY)  # fmt: skip
    assert meal.recorded_by == operator
