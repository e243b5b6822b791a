"""The seed step creates enrollments through the services, so the demo has data (and the indicators it)."""

from datetime import date

import pytest

from minzheng.assistance import indicators
from minzheng.assistance.models import Application
from minzheng.assistance.seeding import assistance_seed
from minzheng.core.models import Region
from minzheng.registry.synthetic import synthetic_registry_seed

pytestmark = pytest.mark.django_db


def test_seed_skips_without_a_registry(personas):
    assert assistance_seed(scale=0.001) == "人房信息为空，未生成社会救助数据"


def test_seed_enrols_through_the_case_route_and_the_counts_follow(personas):
    # given a tiny synthetic Haikou
    synthetic_registry_seed(scale=0.001, random_seed=7)
    # when the assistance step runs
    line = assistance_seed(scale=0.001, random_seed=7)
    # then applications went through their cases to enrolled, and the counts read them on 30 November
    assert "农村低保5" in line and "特困人员救助供养3" in line and "临时救助5人次" in line
    assert Application.objects.filter(case__state="enrolled").count() == Application.objects.count()
    city = Region.objects.get(parent__isnull=True)
    assert indicators.dibao_rural_households(city, date(2020, 1, 1), date(2020, 11, 30)) == 5
    assert indicators.dibao_rural_persons(city, date(2020, 1, 1), date(2020, 11, 30)) >= 5
    assert indicators.tekun_persons(city, date(2020, 1, 1), date(2020, 11, 30)) == 3
    assert indicators.temporary_person_times(city, date(2020, 1, 1), date(2020, 12, 31)) == 5
    # and running it again adds nothing
    assert "未重复生成" in assistance_seed(scale=0.001, random_seed=7)
