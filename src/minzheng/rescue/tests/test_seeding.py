"""The seed step makes a year of rescue work through the services and case moves; the figures 44–50 are then what
the indicators count from those records, near the seed document's × scale; a re-run adds nothing (resumable)."""

from __future__ import annotations

from datetime import date

import pytest

from minzheng.core.models import Region
from minzheng.rescue import indicators
from minzheng.rescue.models import Intake, Notice
from minzheng.rescue.seeding import rescue_plan, rescue_seed
from minzheng.rescue.tests.given import at, person

pytestmark = pytest.mark.django_db


def test_the_seed_year_goes_through_the_rules_and_is_resumable(personas) -> None:
    # given adults and children in the registry
    for i in range(12):
        person(f"成{i}", birth=date(1960 + i, 3, 1))
        person(f"童{i}", birth=date(2005 + i % 6, 5, 1))
    # when a year is seeded at a scale of 2 %
    summary = rescue_seed(scale=0.02, random_seed=5, year=2020)
    plan = rescue_plan(scale=0.02, random_seed=5, year=2020)
    city, start, end = Region.objects.get(code="460100"), date(2020, 1, 1), date(2020, 12, 31)
    # then every planned stay is a case that went through its moves, with the figures the rules give
    assert Intake.objects.count() == len(plan) == round(640 * 0.02) and "救助" in summary
    assert indicators.assisted(city, start, end) == 13
    assert indicators.identified(city, start, end) == round(431 * 0.02)
    assert indicators.families_found(city, start, end) == 1
    assert indicators.minors_assisted(city, start, end) == 3
    assert (
        indicators.second_classroom(city, start, end) == 1
        and indicators.minors_visited(city, start, end) == 1
    )
    assert indicators.campaign_person_times(city, start, end) == 834
    assert not Intake.objects.filter(
        case__closed_at__isnull=True, arrived_at__lt=at(date(2020, 9, 1), 0)
    ).exists()
    # every unidentified person had a 寻亲公告 within 24 hours; every identified one a notice within 24 hours
    for intake in Intake.objects.select_related("rescuee"):
        first = Notice.objects.filter(intake=intake).order_by("at").first()
        assert first is not None and (first.at - intake.arrived_at).total_seconds() <= 24 * 3600
    # when it runs again, nothing is made twice
    rescue_seed(scale=0.02, random_seed=5, year=2020)
    assert Intake.objects.count() == len(plan) and indicators.campaign_person_times(city, start, end) == 834


def test_the_indicators_agree_with_the_independent_sql(personas) -> None:
    from minzheng.reports.crosscheck import crosscheck_value
    from minzheng.reports.registry import indicator_get

    for i in range(8):
        person(f"成{i}", birth=date(1960 + i, 3, 1))
        person(f"童{i}", birth=date(2006 + i % 5, 5, 1))
    rescue_seed(scale=0.02, random_seed=3, year=2020)
    for region in Region.objects.filter(code__in=["460100", "460105", "460108"]):
        for code in ("rescue.identified", "rescue.assisted", "rescue.minors_assisted", "rescue.families_found",
                     "rescue.campaign_person_times", "rescue.second_classroom", "rescue.minors_visited"):  # fmt: skip
            start, end = date(2020, 1, 1), date(2020, 12, 31)
            computed = indicator_get(code).compute(region, start, end)
            assert computed == crosscheck_value(code, region=region, start=start, end=end), (
                code,
                region.name,
            )
