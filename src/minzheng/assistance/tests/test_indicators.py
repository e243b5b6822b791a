"""Indicators: households and persons enrolled by program, region and date; 临时救助 person-times."""

from datetime import date, timedelta

import pytest

from minzheng.assistance import indicators
from minzheng.assistance.services.enrollments import enrollment_stop_decide
from minzheng.assistance.tests import given
from minzheng.core.models import Region

pytestmark = pytest.mark.django_db


def test_enrolled_households_and_persons_by_date_and_region(personas, reference):
    urban = given.enrolled(personas.town, personas.district, given.apply(personas.town, given.family(4).head))
    rural_hh = given.family(2, kind="rural", hukou=given.RURAL_COMMUNITY, surname="符")
    given.enrolled(personas.town, personas.district, given.apply(personas.town, rural_hh.head))
    city, xiuying, meilan = (Region.objects.get(code=c) for c in ("460100", "460105", "460108"))
    # enrolled from April 2020 (confirmed in March)
    assert indicators.enrolled("dibao_urban", city, date(2020, 3, 31)) == (0, 0)
    assert indicators.enrolled("dibao_urban", city, date(2020, 4, 1)) == (1, 4)
    assert indicators.dibao_rural_households(xiuying, date(2020, 1, 1), date(2020, 11, 30)) == 1
    assert indicators.dibao_rural_persons(xiuying, date(2020, 1, 1), date(2020, 11, 30)) == 2
    assert indicators.dibao_rural_households(meilan, date(2020, 1, 1), date(2020, 11, 30)) == 0
    # a stop ends the count after the last month paid
    from minzheng.benefits.models import Enrollment

    enrollment_stop_decide(actor=personas.district, enrollment=Enrollment.objects.get(pk=urban.enrollment_id),
                           last_month=date(2020, 8, 1), reason="迁出")  # fmt: skip
    assert indicators.dibao_urban_households(city, date(2020, 1, 1), date(2020, 8, 31)) == 1
    assert indicators.dibao_urban_households(city, date(2020, 1, 1), date(2020, 9, 1)) == 0
    rows = indicators.enrolled_by_region(
        region=xiuying, on=date(2020, 6, 1), programs=("dibao_urban", "dibao_rural")
    )
    town = next(r for r in rows if r["region"].code == "460105001")
    assert town["counts"] == {"dibao_urban": [1, 4], "dibao_rural": [1, 2]}


def test_temporary_person_times_in_a_period(personas, reference):
    day = date(2020, 6, 1)
    for surname in "陈林":
        app = given.apply(personas.town, given.family(2, surname=surname).head, kind="temporary_expense", day=day,
                          requested_fen=100000)  # fmt: skip
        given.move(personas.town, app, "accept", day)
        given.move(personas.town, app, "submit", day)
        given.move(personas.town, app, "publish", day)
        given.move(personas.town, app, "town_approve", day + timedelta(days=8))
    town = Region.objects.get(code="460105001")
    assert indicators.temporary_person_times(town, date(2020, 6, 1), date(2020, 6, 30)) == 2
    assert indicators.temporary_person_times(town, date(2020, 7, 1), date(2020, 7, 31)) == 0
    assert indicators.temporary_granted_fen(town, date(2020, 1, 1), date(2020, 12, 31)) == 200000
