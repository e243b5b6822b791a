"""eldercare_seed: synthetic elderly care written through the services, at a small scale."""

from datetime import date

import pytest

from minzheng.core.models import Region
from minzheng.eldercare.models import (
    HelpRequest,
    Institution,
    Meal,
    MealSettlement,
    MealSubsidyRule,
    Resident,
    Staff,
    Training,
)
from minzheng.eldercare.seed import eldercare_seed
from minzheng.eldercare.tests import given

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_seed_at_a_small_scale(personas):
    # given a few people in each district: elderly with a Haikou hukou, and working-age people
    given.people_in_every_district()
    # when the step runs
    summary = eldercare_seed(scale=0.01, random_seed=2020, year=2020)
    # then there is at least one of everything, amounts are marked as demo values
    assert "长者饭堂 1 家" in summary
    assert Institution.objects.filter(kind="canteen").count() == 1
    assert Resident.objects.exists() and HelpRequest.objects.count() >= 10
    assert Meal.objects.count() >= 100
    assert MealSettlement.objects.filter(status="confirmed").exists()
    assert not MealSubsidyRule.objects.filter(is_demo=False).exists()
    # and a second run leaves the data alone
    assert eldercare_seed(scale=0.01, random_seed=2020, year=2020) == "已有养老服务数据，跳过"


def test_a_seeded_dataset_gets_the_missing_caregivers_and_trainees_only(personas):
    # given a dataset seeded at 0.01 (1 care home + 1 provider, 6 caregivers each, 6 of them trained)
    grid = Region.objects.filter(level=Region.Level.GRID).order_by("code").first()
    for i in range(12):
        given.person(name=f"员工{i}", birth=date(1980 + i % 10, 3, 1), grid=grid.code)
    eldercare_seed(scale=0.01, random_seed=2020, year=2020)
    assert Staff.objects.count() == 12 and Training.objects.count() == 6
    # and more working-age people registered since
    for i in range(10):
        given.person(name=f"新员工{i}", birth=date(1985, 5, i + 1), grid=grid.code)
    # when the step runs for a scale whose trainees (round(581 × 0.03) = 17) need 9 caregivers a place
    summary = eldercare_seed(scale=0.03, random_seed=2020, year=2020)
    # then each place gets the missing 3, all trained, nobody twice, and nothing else is made
    assert "补充护理员6名" in summary and "培训合格共12名" in summary
    assert Staff.objects.count() == 18 and Training.objects.count() == 12
    assert Staff.objects.values("person_id").distinct().count() == 18
    assert Institution.objects.filter(kind="canteen").count() == 1
    # and a run with nothing missing adds nothing
    assert eldercare_seed(scale=0.03, random_seed=2020, year=2020) == "已有养老服务数据，跳过"
