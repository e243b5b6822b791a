"""settlement_run / settlement_confirm: monthly totals per canteen equal an independent computation,
re-running never counts twice, confirming freezes the month; the XLSX statement."""

import io
import random
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from python_calamine import CalamineWorkbook

from minzheng.core.models import AuditEntry, Region
from minzheng.core.testing import client_for
from minzheng.eldercare import services, settlement
from minzheng.eldercare.models import Meal, MealSettlement
from minzheng.eldercare.models import SubsidyCategory as C
from minzheng.eldercare.services import EldercareError
from minzheng.eldercare.tests import given

pytestmark = pytest.mark.django_db
MARCH = date(2021, 3, 1)
TODAY = date(2021, 4, 15)


@pytest.fixture(scope="module")
def personas(module_personas):  # noqa: ANN201
    return module_personas


# made once for the module (conftest's ``module_db``): each test runs in a savepoint of it
@pytest.fixture(scope="module")
def month_of_meals(personas):
    """Two canteens of 秀英区 and one of 美兰区, 30 random meals each in March 2021 (and some in April)."""
    city = Region.objects.get(code="460100")
    for category, yuan in ((C.AGE_60, 3), (C.AGE_70, 4), (C.AGE_80, 5), (C.DIBAO, 6)):
        services.meal_subsidy_rule_set(actor=personas.city, region=city, category=category, amount_fen=yuan * 100,
                                       effective_from=date(2021, 1, 1))  # fmt: skip
    services.meal_subsidy_rule_set(actor=personas.city, region=city, category=C.AGE_80, amount_fen=550,
                                   effective_from=date(2021, 3, 16))  # fmt: skip
    canteens = [
        given.institution(personas.district, name="秀华长者饭堂"),
        given.institution(personas.district, name="海秀长者饭堂", region="460105002"),
        given.institution(personas.city, name="海府长者饭堂", region="460108001"),
    ]
    people = [given.person(name=f"老人{i}", birth=date(1936 + 3 * i, 2, 1)) for i in range(8)]
    given.enrollment(people[0], program="dibao_urban", start=date(2021, 1, 1))
    rng = random.Random(7)
    for n, canteen in enumerate(canteens):
        for _ in range(30):
            while True:
                who, day = rng.choice(people), date(2021, 3, rng.randint(1, 31))
                if not Meal.objects.filter(person=who, served_on=day, meal_type="lunch").exists():
                    break
            services.meal_record(actor=personas.city, canteen=canteen, person=who, served_on=day, meal_type="lunch",
                                 price_fen=rng.choice((1000, 1200, 1500)), today=TODAY)  # fmt: skip
        services.meal_record(actor=personas.city, canteen=canteen, person=people[n], served_on=date(2021, 4, 1),
                             meal_type="dinner", price_fen=1000, today=TODAY)  # fmt: skip
    return canteens


def _independent(start, end):
    """The same totals straight from the meal table, in plain SQL."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT canteen_id, COUNT(*), COUNT(DISTINCT person_id), SUM(price_fen), SUM(subsidy_fen) "
            "FROM eldercare_meal WHERE served_on >= %s AND served_on <= %s GROUP BY canteen_id",
            [start, end],
        )
        return {row[0]: tuple(int(v) for v in row[1:]) for row in cursor.fetchall()}


def test_totals_equal_an_independent_sql_computation(personas, month_of_meals):
    # when the city settles March 2021
    rows = settlement.settlement_run(actor=personas.city, month=MARCH, today=TODAY)
    # then each canteen's settlement equals the plain-SQL totals of its March meals
    expected = _independent(date(2021, 3, 1), date(2021, 3, 31))
    got = {s.canteen_id: (s.meals, s.diners, s.price_total_fen, s.subsidy_total_fen) for s in rows}
    assert got == expected and len(got) == 3
    # and the subsidies are the rules' amounts (recomputed here from each meal's category and date)
    amounts = {C.AGE_60: 300, C.AGE_70: 400, C.DIBAO: 600}
    for meal in Meal.objects.filter(served_on__month=3):
        rule = (550 if meal.served_on >= date(2021, 3, 16) else 500) if meal.category == C.AGE_80 else None
        assert meal.subsidy_fen == min(meal.price_fen, rule or amounts[meal.category])
    # and every March meal points at its settlement; April's at none
    assert not Meal.objects.filter(served_on__month=3, settlement__isnull=True).exists()
    assert not Meal.objects.filter(served_on__month=4, settlement__isnull=False).exists()
    assert AuditEntry.objects.filter(action="bulk", object_type="eldercare.mealsettlement").count() == 1


def test_running_twice_never_counts_twice_and_picks_up_changes(personas, month_of_meals):
    first = settlement.settlement_run(actor=personas.city, month=MARCH, today=TODAY)
    again = settlement.settlement_run(actor=personas.city, month=MARCH, today=TODAY)
    assert [s.pk for s in first] == [s.pk for s in again]
    assert MealSettlement.objects.count() == 3
    # a meal withdrawn before confirmation is out of the next run
    meal = Meal.objects.filter(canteen=month_of_meals[0], served_on__month=3).first()
    services.meal_cancel(actor=personas.city, meal=meal)
    settlement.settlement_run(actor=personas.city, month=MARCH, today=TODAY)
    assert MealSettlement.objects.get(canteen=month_of_meals[0]).meals == 29


def test_a_district_settles_its_own_canteens_only(personas, month_of_meals):
    rows = settlement.settlement_run(actor=personas.district, month=MARCH, today=TODAY)
    assert {s.canteen.name for s in rows} == {"秀华长者饭堂", "海秀长者饭堂"}
    with pytest.raises(EldercareError, match="管辖范围"):
        settlement.settlement_run(actor=personas.district, month=MARCH, region=Region.objects.get(code="460108"),
                                  today=TODAY)  # fmt: skip


def test_confirm_freezes_the_month_and_refuses_a_stale_draft(personas, month_of_meals):
    canteen = month_of_meals[0]
    settlement.settlement_run(actor=personas.city, month=MARCH, today=TODAY)
    draft = MealSettlement.objects.get(canteen=canteen)
    # a meal added after the computation makes the draft stale
    late = given.person(name="补录老人", birth=date(1950, 1, 1))
    services.meal_record(actor=personas.city, canteen=canteen, person=late, served_on=date(2021, 3, 31),
                         meal_type="lunch", price_fen=1000, today=TODAY)  # fmt: skip
    with pytest.raises(EldercareError, match="重新计算"):
        settlement.settlement_confirm(actor=personas.city, settlement=draft)
    settlement.settlement_run(actor=personas.city, month=MARCH, today=TODAY)
    confirmed = settlement.settlement_confirm(actor=personas.city, settlement=draft)
    assert confirmed.status == "confirmed" and confirmed.meals == 31
    assert (confirmed.program.code, confirmed.program.name) == ("meal_subsidy", "长者饭堂助餐补贴")
    # then the month is frozen: no new meal, no withdrawal, no recomputation
    with pytest.raises(EldercareError, match="已确认结算"):
        services.meal_record(actor=personas.city, canteen=canteen, person=late, served_on=date(2021, 3, 30),
                             meal_type="lunch", price_fen=1000, today=TODAY)  # fmt: skip
    with pytest.raises(EldercareError, match="已确认结算"):
        services.meal_cancel(actor=personas.city, meal=Meal.objects.filter(settlement=confirmed).first())
    settlement.settlement_run(actor=personas.city, month=MARCH, today=TODAY)
    assert MealSettlement.objects.get(pk=confirmed.pk).meals == 31


def test_an_unfinished_month_cannot_be_settled(personas):
    with pytest.raises(EldercareError, match="次月才能结算"):
        settlement.settlement_run(actor=personas.city, month=date(2021, 4, 1), today=TODAY)
    with pytest.raises(PermissionDenied, match="角色"):
        settlement.settlement_run(actor=personas.town, month=MARCH, today=TODAY)


def test_the_xlsx_statement_lists_every_meal_and_the_totals(personas, month_of_meals):
    settlement.settlement_run(actor=personas.city, month=MARCH, today=TODAY)
    row = MealSettlement.objects.get(canteen=month_of_meals[0])
    response = client_for(personas.district).get(f"/eldercare/settlements/{row.pk}/statement.xlsx")
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    values = book.get_sheet_by_index(0).to_python()
    assert values[0][:3] == ["就餐日期", "餐别", "姓名"]
    assert len(values) == 1 + 30 + 1
    assert values[-1][0] == "合计" and values[-1][6] == f"{row.subsidy_total_fen / 100:.2f}"
    assert "*" in values[1][3]  # the ID number is masked
    assert AuditEntry.objects.filter(action="export", object_id=str(row.pk)).exists()
    # and another district's reviewer cannot reach it
    assert client_for(personas.other_district).get(f"/eldercare/settlements/{row.pk}/").status_code == 404
