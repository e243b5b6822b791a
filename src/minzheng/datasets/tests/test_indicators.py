"""Indicators over the data sets: the sum of approved values of an element over a region's subtree and the periods
starting in the range; values not approved (waiting, returned, unapproved) do not count; registered with the
indicator registry and saying they are aggregates."""

from datetime import date

import pytest

from minzheng.core.models import Region
from minzheng.core.testing import CITY, DISTRICT, OTHER_DISTRICT
from minzheng.datasets import services
from minzheng.datasets.indicators import element_total
from minzheng.datasets.standard import standard_ensure
from minzheng.datasets.tests import given
from minzheng.reports.registry import indicator_get

pytestmark = pytest.mark.django_db


def _report(ds, region, period, numbers, *, approve_by=None):  # noqa: ANN001, ANN202
    ids = given.element_ids(ds)
    day = date(period.year + (period.month == 12), period.month % 12 + 1, 3)
    services.values_save(actor=None, data_set=ds, region=region, period=period,
                         values={pk: str(n) for pk, n in zip(ids, numbers, strict=True)}, at=given.at(day))  # fmt: skip
    services.period_complete(actor=None, data_set=ds, region=region, period=period, at=given.at(day))
    if approve_by is not None:
        services.period_approve(actor=approve_by, data_set=ds, region=region, period=period)


def test_the_sum_counts_approved_values_in_the_subtree_and_the_range(personas):
    # given the standard monthly 普法 data set and three towns' reports
    law = standard_ensure()[0]
    xiuying_towns = list(Region.objects.filter(level="town", code__startswith=DISTRICT).order_by("code")[:2])
    meilan_town = (
        Region.objects.filter(level="town", code__startswith=OTHER_DISTRICT).order_by("code").first()
    )
    meilan_reviewer = personas.other_district
    _report(law, xiuying_towns[0], date(2020, 3, 1), [2, 100, 150], approve_by=personas.district)
    _report(law, xiuying_towns[0], date(2020, 4, 1), [3, 90, 90], approve_by=personas.district)
    _report(law, xiuying_towns[1], date(2020, 3, 1), [5, 300, 300])  # reported, not approved yet
    _report(law, meilan_town, date(2020, 3, 1), [1, 40, 80], approve_by=meilan_reviewer)
    city, xiuying = Region.objects.get(code=CITY), Region.objects.get(code=DISTRICT)
    year = (date(2020, 1, 1), date(2020, 12, 31))
    # then the city's sessions are the approved ones of both districts, 秀英区's its own only
    assert element_total("law_sessions", city, *year) == 2 + 3 + 1
    assert element_total("law_sessions", xiuying, *year) == 2 + 3
    assert element_total("law_audience", xiuying, date(2020, 3, 1), date(2020, 3, 31)) == 100
    # a value unapproved again stops counting until approved again
    services.period_unapprove(actor=personas.district, data_set=law, region=xiuying_towns[0],
                              period=date(2020, 4, 1), reason="复核")  # fmt: skip
    assert element_total("law_sessions", xiuying, *year) == 2
    # and the registry computes the same through the indicator, which says it is an aggregate
    indicator = indicator_get("datasets.law_sessions")
    assert indicator.compute(city, *year) == 3
    assert indicator.description.startswith("汇总数据") and "不是逐条记录" in indicator.description
    assert indicator.unit == "场" and indicator.domain_label == "汇总报表"
