"""eldercare_seed in a synthetic year with more 长者饭堂 than districts: never the same meal twice."""

import pytest
from django.db.models import Count

from minzheng.eldercare.models import Institution, Meal
from minzheng.eldercare.seed import eldercare_seed
from minzheng.eldercare.tests import given

pytestmark = pytest.mark.django_db


def test_seed_with_canteens_sharing_a_district_records_each_meal_once(personas):
    # given elderly people with a Haikou hukou in every district, and more canteens (scale 0.1: 5) than
    # districts, so that at least two canteens serve the same district's elderly
    districts = given.people_in_every_district()
    # when the step runs for 2020
    summary = eldercare_seed(scale=0.1, random_seed=2020, year=2020)
    # then it completes with more canteens than districts, two of them in one district
    canteens = Institution.objects.filter(kind="canteen")
    assert "长者饭堂 5 家" in summary and canteens.count() == 5 > len(districts)
    per_district = {c.region.path.split("/")[2] for c in canteens}
    assert len(per_district) < canteens.count()
    # and every canteen served meals, none of them the same person's lunch twice on one day
    assert all(Meal.objects.filter(canteen=c).exists() for c in canteens)
    twice = Meal.objects.values("person", "served_on", "meal_type").annotate(n=Count("pk")).filter(n__gt=1)
    assert not twice.exists()
    assert Meal.objects.filter(served_on__year=2020).count() == Meal.objects.count()
