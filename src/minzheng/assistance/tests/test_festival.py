"""The one-off festival price subsidy (figure 14, "春节、元旦期间，发放一次性价格补贴"): paid once, in the month the
city set its amount, to every 低保 and 特困 person (发改价格〔2021〕1553号's base groups this platform keeps), amount
× 保障人数; nothing the month before or after."""

from datetime import date

import pytest

from minzheng.assistance.festival import PROGRAM, festival_year_seed
from minzheng.assistance.tests import given
from minzheng.benefits.models import Payment
from minzheng.benefits.services import (
    enrollment_create,
    payroll_run_run_as_system,
    program_ensure,
    standard_load_as_system,
)
from minzheng.core.models import Region
from minzheng.reports.figures import figure_get

pytestmark = pytest.mark.django_db
DECEMBER = date(2020, 12, 1)


def _lines(month: date) -> dict[int, int]:
    run = payroll_run_run_as_system(program=PROGRAM, month=month)
    return dict(Payment.objects.filter(run=run).values_list("person_id", "amount_fen"))


def test_the_festival_subsidy_is_paid_once_per_person_covered(personas, reference):
    # given a 低保 household of 3 and a 特困 person, enrolled from March 2020
    household = given.family(3, surname="节")
    elder = given.person("节老", birth=date(1940, 1, 1))
    enrollment_create(actor=None, program="dibao_urban", person=household.head, household=household,
                      region=household.head.region, start_month=date(2020, 3, 1), amount_fen=60000, members_count=3)  # fmt: skip
    enrollment_create(actor=None, program="tekun", person=elder, region=elder.region, start_month=date(2020, 3, 1),
                      amount_fen=90000)  # fmt: skip
    # and the city's 元旦 amount of 100 元 a person for December 2020 (demo)
    program_ensure(code=PROGRAM, name="节日一次性价格补贴", unit="person", periodic=False)
    city = Region.objects.get(parent__isnull=True)
    standard_load_as_system(program=PROGRAM, region=city, effective_from=DECEMBER, amount_fen=10000)
    # then December pays 100 元 × 保障人数, November and January nothing
    assert _lines(DECEMBER) == {household.head.pk: 30000, elder.pk: 10000}
    assert _lines(date(2020, 11, 1)) == {} and _lines(date(2021, 1, 1)) == {}
    assert figure_get("price_subsidy_festival").indicator == "benefits.price_festival_paid"


def test_the_year_step_sets_the_amount_from_the_people_covered(personas, reference):
    household = given.family(2, surname="元")
    enrollment_create(actor=None, program="dibao_rural", person=household.head, household=household,
                      region=household.head.region, start_month=date(2020, 3, 1), amount_fen=60000, members_count=2)  # fmt: skip
    # 364.24万元 × 0.0001 = 364.24 元 over 2 people: 182 元 each (whole 元)
    assert "每人182元" in festival_year_seed(scale=0.0001, year=2020)
    assert "已存在" in festival_year_seed(scale=0.0001, year=2020)
