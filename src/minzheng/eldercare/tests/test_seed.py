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
)
from minzheng.eldercare.seed import eldercare_seed
from minzheng.eldercare.tests import given

pytestmark = pytest.mark.django_db


def test_seed_at_a_small_scale(personas):
    # given a few people in each district: elderly with a Haikou hukou, and working-age people
    for district in Region.objects.filter(level=Region.Level.DISTRICT).order_by("code"):
        grid = (
            Region.objects.filter(level=Region.Level.GRID, path__startswith=district.path)
            .order_by("code")
            .first()
        )
        for i in range(12):
            given.person(name=f"老人{i}", birth=date(1930 + i, 3, 1), grid=grid.code)
        for i in range(3):
            given.person(name=f"员工{i}", birth=date(1980 + i, 3, 1), grid=grid.code)
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
