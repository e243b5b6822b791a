"""The demo step: the standard data sets and a year of reports by rule, every state present, resumable (a re-run
adds nothing), and the indicators read the approved part."""

from datetime import date

import pytest

from minzheng.core.models import Region
from minzheng.datasets.indicators import element_total
from minzheng.datasets.models import Approval, Completion, DataSet, DataValue
from minzheng.datasets.seeding import datasets_seed

pytestmark = pytest.mark.django_db


def test_a_year_of_reports_in_every_state_and_a_rerun_adds_nothing(personas):
    # when the step runs for 2020
    summary = datasets_seed(scale=0.01, random_seed=7, year=2020, today=date(2021, 6, 1))
    assert "汇总报表2张" in summary
    law = DataSet.objects.get(title="民政法治宣传月报")
    towns = Region.objects.filter(level="town").count()
    # then every town has values for the months of 2020, with every state present
    assert (
        DataValue.objects.filter(data_set=law, period=date(2020, 3, 1)).values("region").distinct().count()
        == towns
    )
    states = set(Approval.objects.values_list("state", flat=True))
    assert states == {"approved", "returned", "unapproved"}
    completions = Completion.objects.filter(data_set=law)
    assert completions.filter(on_time=True).exists() and completions.filter(on_time=False).exists()
    december = Completion.objects.filter(data_set=law, period=date(2020, 12, 1)).count()
    assert december < towns  # some towns have not reported December
    waiting = Completion.objects.filter(data_set=law, period=date(2020, 12, 1)).exclude(
        region__in=Approval.objects.filter(data_set=law, period=date(2020, 12, 1)).values("region")
    )
    assert waiting.exists()  # some wait for the district
    # values are plausible: every count whole and non-negative, audiences larger than sessions
    city = Region.objects.get(level="city")
    year = (date(2020, 1, 1), date(2020, 12, 31))
    assert 0 < element_total("law_sessions", city, *year) < element_total("law_audience", city, *year)
    # and a re-run is a no-op
    counts = (DataValue.objects.count(), Completion.objects.count(), Approval.objects.count())
    datasets_seed(scale=0.01, random_seed=7, year=2020, today=date(2021, 6, 1))
    assert (DataValue.objects.count(), Completion.objects.count(), Approval.objects.count()) == counts
