"""Figures 23–29 of the seed document computed from the records: the two standards and their rises, the money paid
(approved runs only), infants received and 宣讲 events, by region subtree and period."""

from datetime import date

import pytest

from minzheng.children import indicators, rules, services
from minzheng.children.tests import given
from minzheng.core.models import Region
from minzheng.reports.figures import figure_get
from minzheng.reports.registry import indicator_get

pytestmark = pytest.mark.django_db
YEAR = (date(2020, 1, 1), date(2020, 12, 31))


def test_the_figures_map_to_registered_indicators():
    for key in ("orphan_allowance_concentrated", "orphan_allowance_concentrated_rise", "orphan_allowance_dispersed",
                "orphan_allowance_dispersed_rise", "child_welfare_paid", "children_received", "child_policy_talks"):  # fmt: skip
        assert indicator_get(figure_get(key).indicator).domain == "children"


def test_standards_and_their_rises(personas):
    given.standards()
    city = Region.objects.get(parent__isnull=True)
    assert indicator_get("children.allowance_institution").compute(city, *YEAR) == 145000
    assert indicator_get("children.allowance_institution_rise").compute(city, *YEAR) == 1154
    assert indicator_get("children.allowance_dispersed").compute(city, *YEAR) == 105000
    assert indicator_get("children.allowance_dispersed_rise").compute(city, *YEAR) == 1667
    # no change in 2021: no rise
    assert (
        indicator_get("children.allowance_dispersed_rise").compute(city, date(2021, 1, 1), date(2021, 12, 31))
        == 0
    )


def test_money_paid_counts_approved_runs_only_and_by_region(personas):
    given.standards()
    given.approved(personas, given.person(), placement=rules.Placement.INSTITUTION)
    given.close("orphan", date(2020, 1, 1))
    given.pay("orphan", date(2020, 2, 1))  # a draft: not paid
    city, other = Region.objects.get(parent__isnull=True), Region.objects.get(code="460108")
    assert indicators.paid(city, *YEAR) == 145000
    assert indicators.paid(other, *YEAR) == 0


def test_infants_and_outreach_are_counted_by_their_dates(personas):
    city = Region.objects.get(parent__isnull=True)
    home = services.welfare_home_ensure(name="海口市社会福利院", region=city)
    services.infant_intake_record(actor=personas.city, home=home, received_on=date(2020, 3, 2), found_on=date(2020, 3, 1),
                                  found_place="车站", gender="M", estimated_birth=date(2020, 2, 1), police_report="1")  # fmt: skip
    services.infant_intake_record(actor=personas.city, home=home, received_on=date(2021, 1, 2), found_on=date(2021, 1, 1),
                                  found_place="车站", gender="F", estimated_birth=date(2020, 12, 1), police_report="2")  # fmt: skip
    community = Region.objects.get(code="460105001001")
    services.outreach_record(actor=personas.town, region=community, held_on=date(2020, 5, 1), title="宣讲", speaker="甲",
                             audience=20, children=10)  # fmt: skip
    assert indicators.infants_received(city, *YEAR) == 1
    assert indicators.outreach_events(city, *YEAR) == 1
    assert indicators.outreach_events(Region.objects.get(code="460108"), *YEAR) == 0


def test_every_figure_equals_the_reports_independent_sql(personas):
    from minzheng.reports.crosscheck import crosscheck_value

    given.standards()
    given.approved(personas, given.person(), placement=rules.Placement.INSTITUTION)
    given.approved(personas, given.person(name="乙"))
    given.close("orphan", date(2020, 1, 1))
    city = Region.objects.get(parent__isnull=True)
    services.outreach_record(actor=personas.town, region=Region.objects.get(code="460105001001"),
                             held_on=date(2020, 5, 1), title="宣讲", speaker="甲", audience=20)  # fmt: skip
    for region in (city, Region.objects.get(code="460105"), Region.objects.get(code="460108")):
        for key in ("orphan_allowance_concentrated", "orphan_allowance_concentrated_rise", "orphan_allowance_dispersed",
                    "orphan_allowance_dispersed_rise", "child_welfare_paid", "children_received", "child_policy_talks"):  # fmt: skip
            code = figure_get(key).indicator
            value = indicator_get(code).compute(region, *YEAR)
            assert value == crosscheck_value(code, region=region, start=YEAR[0], end=YEAR[1]), (key, region)
    assert indicators.paid(city, *YEAR) == 145000 + 105000
