"""A unit's values, its completion and the level above's approval, through the services (DHIS2's data entry,
completeness and data approval): validation naming the element, stale forms refused, scope, on time or late,
approved periods locked, return and unapproval with a reason, every write audited."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.core.audit import acting_as
from minzheng.core.models import AuditEntry
from minzheng.core.testing import OTHER_DISTRICT
from minzheng.datasets import selectors, services
from minzheng.datasets.errors import DatasetError
from minzheng.datasets.models import Approval, Completion, DataValue
from minzheng.datasets.tests import given
from minzheng.datasets.tests.given import MARCH, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def ds(personas):  # noqa: ANN201
    return given.monthly(personas)


def _save(personas, ds, values, *, who=None, region=None, day=date(2020, 4, 3), version=None):  # noqa: ANN001, ANN202
    return services.values_save(
        actor=who or personas.town, data_set=ds, region=region or given.town(), period=MARCH, values=values,
        expected_version=version, at=at(day),
    )  # fmt: skip


def test_a_town_enters_its_month_and_every_value_is_audited(personas, ds):
    # given the town's form for March 2020
    sessions, money = given.element_ids(ds)
    # when the clerk saves 3 sessions and 1,200.50 元 (a page request: the middleware names the acting user)
    with acting_as(personas.town):
        changed = _save(personas, ds, {sessions: "3", money: "1,200.5"})
    # then both values are kept for the town and the period, with who entered them, and audited
    assert changed == 2
    stored = {v.element_id: v for v in DataValue.objects.filter(region=given.town(), period=MARCH)}
    assert stored[sessions].value == 3 and str(stored[money].value) == "1200.50"
    assert stored[sessions].entered_by == personas.town
    assert AuditEntry.objects.filter(object_type="datasets.datavalue", actor=personas.town).count() == 2
    # and saving the same numbers again changes nothing; a blank removes a value
    assert _save(personas, ds, {sessions: "3", money: "1200.50"}) == 0
    assert _save(personas, ds, {money: ""}) == 1
    assert not DataValue.objects.filter(element_id=money).exists()


def test_wrong_values_are_refused_naming_each_element_and_nothing_is_written(personas, ds):
    sessions, money = given.element_ids(ds)
    with pytest.raises(DatasetError) as refused:
        _save(personas, ds, {sessions: "2.5", money: "-3"})
    assert "“普法宣传月报活动场次”应为整数" in refused.value.message
    assert "“普法宣传月报宣传经费”不能为负数" in refused.value.message
    assert refused.value.field == f"e{sessions}"
    assert not DataValue.objects.exists()


def test_a_stale_form_is_refused_instead_of_overwriting(personas, ds):
    # given two clerks who opened the same form
    sessions, _ = given.element_ids(ds)
    version = selectors.entry(data_set=ds, region=given.town(), period=MARCH).version
    # when the first saves
    _save(personas, ds, {sessions: "3"}, version=version)
    # then the second, still holding the old form, is refused and the first value stays
    with pytest.raises(DatasetError, match="已被他人修改，请刷新页面"):
        _save(personas, ds, {sessions: "5"}, version=version)
    assert DataValue.objects.get(element_id=sessions).value == 3


def test_a_unit_enters_only_its_own_region_at_the_reporting_level(personas, ds):
    sessions, _ = given.element_ids(ds)
    # a town of another district is out of the clerk's scope
    with pytest.raises(DatasetError, match="不在您的管辖范围内"):
        _save(personas, ds, {sessions: "1"}, region=given.other_town(OTHER_DISTRICT))
    # a community does not report a town-level data set
    with pytest.raises(DatasetError, match="由乡镇/街道填报"):
        _save(personas, ds, {sessions: "1"}, who=personas.community, region=given.community())
    # a grid worker may not enter at all
    with pytest.raises(PermissionDenied, match="填报汇总报表"):
        _save(personas, ds, {sessions: "1"}, who=personas.grid_a)
    # a period that has not begun cannot be entered
    with pytest.raises(DatasetError, match="尚未开始"):
        _save(personas, ds, {sessions: "1"}, day=date(2020, 2, 20))
    assert not DataValue.objects.exists()


def _filled(personas, ds, day=date(2020, 4, 3)):  # noqa: ANN001, ANN202
    sessions, money = given.element_ids(ds)
    _save(personas, ds, {sessions: "3", money: "100"}, day=day)


def test_completion_needs_every_element_and_is_on_time_or_late_against_the_deadline(personas, ds):
    sessions, _ = given.element_ids(ds)
    _save(personas, ds, {sessions: "3"})
    # a report with an element left blank is refused, naming it
    with pytest.raises(DatasetError, match="“普法宣传月报宣传经费”未填写"):
        services.period_complete(actor=personas.town, data_set=ds, region=given.town(), period=MARCH,
                                 at=at(date(2020, 4, 5)))  # fmt: skip
    _filled(personas, ds)
    # on 10 April (the 10th day after March) it is on time
    done = services.period_complete(actor=personas.town, data_set=ds, region=given.town(), period=MARCH,
                                    at=at(date(2020, 4, 10), 23))  # fmt: skip
    assert done.on_time
    with pytest.raises(DatasetError, match="已上报"):
        services.period_complete(actor=personas.town, data_set=ds, region=given.town(), period=MARCH)
    # the next month reported on 12 May is late
    april = date(2020, 4, 1)
    services.values_save(actor=personas.town, data_set=ds, region=given.town(), period=april,
                         values=dict.fromkeys(given.element_ids(ds), "0"), at=at(date(2020, 5, 12)))  # fmt: skip
    late = services.period_complete(actor=personas.town, data_set=ds, region=given.town(), period=april,
                                    at=at(date(2020, 5, 12)))  # fmt: skip
    assert not late.on_time


def _reported(personas, ds):  # noqa: ANN001, ANN202
    _filled(personas, ds)
    return services.period_complete(actor=personas.town, data_set=ds, region=given.town(), period=MARCH,
                                    at=at(date(2020, 4, 5)))  # fmt: skip


def test_the_district_approves_and_the_period_is_locked_until_unapproved_with_a_reason(personas, ds):
    _reported(personas, ds)
    sessions, _ = given.element_ids(ds)
    # when the district approves
    services.period_approve(actor=personas.district, data_set=ds, region=given.town(), period=MARCH)
    # then the town can no longer change its values
    with pytest.raises(DatasetError, match="已审核通过，数据已锁定"):
        _save(personas, ds, {sessions: "9"})
    assert DataValue.objects.get(element_id=sessions).value == 3
    # unapproving needs a reason
    with pytest.raises(DatasetError, match="取消审核须说明理由"):
        services.period_unapprove(actor=personas.district, data_set=ds, region=given.town(), period=MARCH,
                                  reason=" ")  # fmt: skip
    services.period_unapprove(actor=personas.district, data_set=ds, region=given.town(), period=MARCH,
                              reason="场次与签到表不符")  # fmt: skip
    # then the values open again
    assert _save(personas, ds, {sessions: "4"}) == 1
    approval = Approval.objects.get()
    assert approval.state == Approval.State.UNAPPROVED and approval.reason == "场次与签到表不符"
    assert AuditEntry.objects.filter(object_type="datasets.approval").count() == 2


def test_only_the_level_above_in_its_own_area_approves(personas, ds):
    _reported(personas, ds)
    for who, message in (
        (personas.other_district, "不是“秀英街道”的上级区县"),
        (personas.city, "由区县审核"),
        (personas.town, "由区县审核"),
    ):
        with pytest.raises(DatasetError, match=message):
            services.period_approve(actor=who, data_set=ds, region=given.town(), period=MARCH)
    with pytest.raises(PermissionDenied):
        services.period_approve(actor=personas.community, data_set=ds, region=given.town(), period=MARCH)
    assert not Approval.objects.exists()


def test_an_unreported_period_cannot_be_approved(personas, ds):
    _filled(personas, ds)
    with pytest.raises(DatasetError, match="尚未上报，不能审核"):
        services.period_approve(actor=personas.district, data_set=ds, region=given.town(), period=MARCH)


def test_a_returned_report_must_be_corrected_and_reported_again(personas, ds):
    _reported(personas, ds)
    # when the district returns it with a reason
    with pytest.raises(DatasetError, match="退回须说明理由"):
        services.period_return(
            actor=personas.district, data_set=ds, region=given.town(), period=MARCH, reason=""
        )
    services.period_return(actor=personas.district, data_set=ds, region=given.town(), period=MARCH,
                           reason="经费口径有误")  # fmt: skip
    # then the report is withdrawn and the state says why
    assert not Completion.objects.exists()
    status = selectors.completeness(user=personas.district, data_set=ds, period=MARCH).rows
    mine = next(r for r in status if r.region == given.town())
    assert mine.state == "已退回" and mine.approval.reason == "经费口径有误"
    # and once corrected and reported again, it can be approved
    _save(personas, ds, {given.element_ids(ds)[1]: "80"}, day=date(2020, 4, 20))
    again = services.period_complete(actor=personas.town, data_set=ds, region=given.town(), period=MARCH,
                                     at=at(date(2020, 4, 20)))  # fmt: skip
    assert not again.on_time
    services.period_approve(actor=personas.district, data_set=ds, region=given.town(), period=MARCH)
    assert Approval.objects.get().state == Approval.State.APPROVED


def test_completeness_counts_expected_reported_on_time_and_lists_the_missing(personas, ds):
    # given two towns of 秀英区 that report March, one on time and one late
    towns = list(selectors.units(user=personas.district, data_set=ds))
    first, second = towns[0], towns[1]
    for region, day in ((first, date(2020, 4, 8)), (second, date(2020, 4, 15))):
        services.values_save(actor=None, data_set=ds, region=region, period=MARCH,
                             values=dict.fromkeys(given.element_ids(ds), "1"), at=at(day))  # fmt: skip
        services.period_complete(actor=None, data_set=ds, region=region, period=MARCH, at=at(day))
    # when the district reads March's completeness
    found = selectors.completeness(user=personas.district, data_set=ds, period=MARCH)
    # then every town of the district is expected, two reported, one on time, the rest missing
    assert found.expected == len(towns) and found.reported == 2 and found.on_time == 1
    assert first not in found.missing and second in [r.region for r in found.rows]
    assert len(found.missing) == len(towns) - 2
    assert all(r.region.code.startswith("460105") for r in found.rows)
    # and the town itself sees only itself
    assert [r.region for r in selectors.completeness(user=personas.town, data_set=ds, period=MARCH).rows] == [
        given.town()
    ]


def test_definitions_are_the_citys_and_keep_their_keys_once_reported(personas, ds):
    with pytest.raises(PermissionDenied):
        services.element_create(actor=personas.district, name="x", unit="场")
    with pytest.raises(DatasetError, match="至少应包含一个数据项"):
        services.data_set_create(actor=personas.city, title="空表", period_type="monthly", report_level="town",
                                 elements=[])  # fmt: skip
    _filled(personas, ds)
    with pytest.raises(DatasetError, match="已有填报数据，不能更改报告期"):
        services.data_set_update(actor=personas.city, data_set=ds, title=ds.title, period_type="quarterly",
                                 report_level="town", elements=services.data_set_elements(ds), timely_days=10)  # fmt: skip
