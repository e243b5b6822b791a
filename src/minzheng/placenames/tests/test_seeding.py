"""The seed step: the year's figures equal the seed × S (signs, roads named, markers repaired), the register's
names pass the check among themselves, and a re-run adds nothing."""

from datetime import date

import pytest

from minzheng.core.models import Region
from minzheng.placenames import rules
from minzheng.placenames.indicators import markers_repaired, road_signs, roads_named, village_signs
from minzheng.placenames.models import PlaceName, Sign
from minzheng.placenames.seeding import placenames_seed
from minzheng.reports.figures import seed_target

pytestmark = pytest.mark.django_db
SCALE = 0.05


def test_the_seed_makes_the_year_figures_and_is_resumable(personas):
    placenames_seed(scale=SCALE, year=2020)
    city, start, end = Region.objects.get(parent__isnull=True), date(2020, 1, 1), date(2020, 12, 31)
    assert road_signs(city, start, end) == seed_target("road_signs", SCALE)
    assert village_signs(city, start, end) == seed_target("village_signs", SCALE)
    assert roads_named(city, start, end) == seed_target("roads_named", SCALE) > 0
    assert markers_repaired(city, start, end) == seed_target("boundary_markers", SCALE) > 0
    # no duplicate and no homophone within a class among the names in use
    keys = list(PlaceName.objects.filter(status="in_use").values_list("name_class", "sound_key"))
    assert len(keys) == len(set(keys))
    assert all(not rules.check_form(n, k) for n, k in PlaceName.objects.values_list("name", "kind"))
    counts = (PlaceName.objects.count(), Sign.objects.count())
    placenames_seed(scale=SCALE, year=2020)
    assert (PlaceName.objects.count(), Sign.objects.count()) == counts
    assert roads_named(city, start, end) == seed_target("roads_named", SCALE)


def test_the_report_crosscheck_counts_the_same_as_the_indicators(personas):
    from minzheng.reports.crosscheck import crosscheck_value
    from minzheng.reports.figures import figure_get

    placenames_seed(scale=SCALE, year=2020)
    district = Region.objects.get(code="460105")
    start, end = date(2020, 1, 1), date(2020, 12, 31)
    for key, fn in (("road_signs", road_signs), ("village_signs", village_signs), ("roads_named", roads_named),
                    ("boundary_markers", markers_repaired)):  # fmt: skip
        code = figure_get(key).indicator
        for region in (Region.objects.get(parent__isnull=True), district):
            assert crosscheck_value(code, region=region, start=start, end=end) == fn(region, start, end), key


def test_a_larger_scale_over_a_smaller_one_makes_only_the_difference(personas):
    # given the step run at 0.02, when it is run again at 0.1, then the year's figures are those of 0.1
    placenames_seed(scale=0.02, year=2020)
    placenames_seed(scale=0.1, year=2020)
    city, start, end = Region.objects.get(parent__isnull=True), date(2020, 1, 1), date(2020, 12, 31)
    assert road_signs(city, start, end) == seed_target("road_signs", 0.1)
    assert roads_named(city, start, end) == seed_target("roads_named", 0.1)
    assert markers_repaired(city, start, end) == seed_target("boundary_markers", 0.1)
