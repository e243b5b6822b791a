"""indicators: the figures registered for the reports, computed by region subtree and period."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from minzheng.core.models import Region
from minzheng.eldercare import indicators, services, settlement
from minzheng.eldercare.models import InstitutionKind
from minzheng.eldercare.tests import given

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
YEAR = (date(2021, 1, 1), date(2021, 12, 31))


def _region(code):
    return Region.objects.get(code=code)


def test_help_requests_by_category_and_outcome(personas):
    operator, provider_user = given.hotline(), given.provider_user()
    provider = given.provider(personas.district, provider_user)
    elderly = given.person()
    at = datetime(2021, 5, 6, 9, 0, tzinfo=TZ)

    def call(category, *steps):
        help = services.help_request_open(actor=operator, caller_name="甲", caller_phone="13800001111",
                                          category=category, description="求助", elderly=elderly, at=at)  # fmt: skip
        for n, (actor, action, extra) in enumerate(steps, start=1):
            help = services.help_request_move(actor=actor, help=help, action=action, provider=provider,
                                              at=at + timedelta(minutes=10 * n), **extra)  # fmt: skip
        return help

    served = [(operator, "dispatch", {}), (provider_user, "accept", {}), (provider_user, "arrive", {}),
              (provider_user, "finish", {})]  # fmt: skip
    call("cleaning", *served, (operator, "callback", {"satisfaction": "satisfied"}))
    call("meals", *served, (operator, "callback", {"satisfaction": "dissatisfied"}))
    call("consultation", (operator, "answer", {"comment": "已答复"}))
    call("emergency")
    city = _region("460100")
    assert indicators.help_requests(city, *YEAR) == 4
    assert indicators.help_requests(city, *YEAR, category="meals") == 1
    assert indicators.help_closed(city, *YEAR) == 3
    assert indicators.help_satisfied(city, *YEAR) == 1
    assert indicators.help_satisfaction_rate(city, *YEAR) == 5000
    assert indicators.help_on_time_rate(city, *YEAR) == 10_000
    assert indicators.help_requests(_region("460108"), *YEAR) == 0
    assert indicators.help_requests(city, date(2022, 1, 1), date(2022, 12, 31)) == 0


def test_canteens_meals_and_subsidy_paid(personas):
    services.meal_subsidy_rule_set(actor=personas.city, region=_region("460100"), category="age_80", amount_fen=500,
                                   effective_from=date(2021, 1, 1))  # fmt: skip
    canteen = given.institution(personas.district)
    given.institution(personas.city, region="460108001")
    given.institution(personas.district, kind=InstitutionKind.DAY_CARE, name="日照中心")
    who, other = given.person(birth=date(1930, 1, 1)), given.person(birth=date(1931, 1, 1))
    for day in (1, 2):
        for p in (who, other):
            services.meal_record(actor=personas.district, canteen=canteen, person=p, served_on=date(2021, 3, day),
                                 meal_type="lunch", price_fen=1200)  # fmt: skip
    xiuying, city = _region("460105"), _region("460100")
    assert (indicators.canteens(city, *YEAR), indicators.canteens(xiuying, *YEAR)) == (2, 1)
    assert indicators.day_care_centres(city, *YEAR) == 1
    assert (indicators.meals_served(city, *YEAR), indicators.meal_diners(city, *YEAR)) == (4, 2)
    assert indicators.meal_subsidy_paid(city, *YEAR) == 0  # nothing confirmed yet
    (row,) = settlement.settlement_run(actor=personas.city, month=date(2021, 3, 1))
    settlement.settlement_confirm(actor=personas.city, settlement=row)
    assert indicators.meal_subsidy_paid(city, *YEAR) == 2000


def test_indicators_are_registered_with_the_reports_registry():
    from minzheng.reports.registry import indicator_get

    indicators.eldercare_indicators_register()
    assert indicator_get("eldercare.canteens").name == "长者饭堂"
    assert indicator_get("eldercare.meal_subsidy_paid").money
    assert indicator_get("eldercare.help_requests.emergency").domain == "eldercare"
