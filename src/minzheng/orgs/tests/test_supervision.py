"""Annual reports (社团条例第二十八条、民非条例第二十三条: 5月31日; 基金会条例第三十六条: 3月31日), the overdue list per
authority and its listing on the abnormal-activity list, administrative penalties (社团条例第三十条、基金会条例
第四十二条) and the list's entries and removals (《社会组织信用信息管理办法》)."""

from datetime import date

import pytest

from minzheng.orgs import rules
from minzheng.orgs.errors import OrgsError
from minzheng.orgs.models import Listing, Organisation
from minzheng.orgs.selectors import overdue_list, overdue_reports
from minzheng.orgs.services import (
    annual_report_record,
    listing_add,
    listing_remove,
    organisation_register,
    overdue_sweep,
    penalty_decide,
)
from minzheng.orgs.tests import given

pytestmark = pytest.mark.django_db


def test_report_due_days_by_type():
    assert rules.annual_report_due(rules.ASSOCIATION, 2019) == date(2020, 5, 31)
    assert rules.annual_report_due(rules.SERVICE, 2019) == date(2020, 5, 31)
    assert rules.annual_report_due(rules.FOUNDATION, 2019) == date(2020, 3, 31)
    assert rules.sponsor_review_due(2019) == date(2020, 3, 31)


def test_a_report_after_31_may_is_late(personas):
    org = given.registered(personas, day=date(2019, 6, 1))
    on_time = annual_report_record(
        actor=personas.district, organisation=org, year=2019, submitted_on=date(2020, 5, 31)
    )
    assert not on_time.late
    with pytest.raises(OrgsError, match="已登记"):
        annual_report_record(
            actor=personas.district, organisation=org, year=2019, submitted_on=date(2020, 6, 1)
        )
    other = given.registered(personas, name="秀英区书画协会", day=date(2019, 6, 1))
    assert annual_report_record(
        actor=personas.district, organisation=other, year=2019, submitted_on=date(2020, 6, 1)
    ).late


def test_the_overdue_list_per_authority(personas):
    # given three organisations registered in 2019: one reported, one did not, one registered by the city
    reported = given.registered(personas, name="甲协会", day=date(2019, 3, 1))
    missing = given.registered(personas, name="乙协会", day=date(2019, 3, 1))
    city = given.registered(personas, name="海口市丙协会", authority="460100", day=date(2019, 3, 1))
    annual_report_record(actor=None, organisation=reported, year=2019, submitted_on=date(2020, 4, 1))
    # on 31 May nothing is overdue yet; on 1 June the two missing reports are
    assert not overdue_reports(year=2019, on=date(2020, 5, 31)).exists()
    assert set(overdue_reports(year=2019, on=date(2020, 6, 1))) == {missing, city}
    # per authority: the district's list has only its own
    district = given.region("460105")
    assert list(overdue_reports(year=2019, on=date(2020, 6, 1), authority=district)) == [missing]
    # another district's reviewer sees none of them
    assert not overdue_list(user=personas.other_district, year=2019, on=date(2020, 6, 1)).exists()


def test_a_foundation_report_is_overdue_after_31_march(personas):
    fund = organisation_register(
        actor=None, name="海南某某基金会", kind="foundation", authority=given.region("460100"),
        region=given.region("460105001"), business_scope="助学", legal_rep_name="赵", registered_on=date(2018, 1, 1),
    )  # fmt: skip
    assert list(overdue_reports(year=2019, on=date(2020, 4, 1))) == [fund]


def test_the_sweep_lists_the_overdue_once(personas):
    given.registered(personas, name="乙协会", day=date(2019, 3, 1))
    assert (
        overdue_sweep(
            actor=personas.district, year=2019, on=date(2020, 6, 1), authority=given.region("460105")
        )
        == 1
    )
    assert (
        overdue_sweep(
            actor=personas.district, year=2019, on=date(2020, 6, 2), authority=given.region("460105")
        )
        == 0
    )
    listing = Listing.objects.get()
    assert listing.reason == "no_annual_report" and listing.listed_on == date(2020, 6, 1)


def test_a_fine_within_the_multiples_of_the_illegal_gain(personas):
    org = given.registered(personas)
    # 违法所得 1万元: 3倍以上5倍以下 = 3万–5万元 (社团条例第三十条第二款)
    with pytest.raises(OrgsError, match="罚款应在30000.00元至50000.00元之间"):
        penalty_decide(actor=personas.district, organisation=org, kind="fine", decided_on=date(2020, 7, 1),
                       facts="违规收费", basis="社团条例第三十条第一款第（八）项", gain_fen=1_000_000, fine_fen=6_000_000)  # fmt: skip
    with pytest.raises(OrgsError, match="违法经营额或违法所得"):
        penalty_decide(actor=personas.district, organisation=org, kind="fine", decided_on=date(2020, 7, 1),
                       facts="违规收费", basis="第三十条", fine_fen=100_000)  # fmt: skip
    fine = penalty_decide(actor=personas.district, organisation=org, kind="fine", decided_on=date(2020, 7, 1),
                          facts="违规收费", basis="第三十条", gain_fen=1_000_000, fine_fen=4_000_000)  # fmt: skip
    assert fine.fine_fen == 4_000_000
    # a fine under 5万元 puts it on the abnormal-activity list
    assert Listing.objects.get(organisation=org).reason == "penalised"


def test_foundations_are_not_fined_and_suspension_and_revocation_change_the_status(personas):
    fund = organisation_register(
        actor=None, name="海南某某基金会", kind="foundation", authority=given.region("460100"),
        region=given.region("460105001"), business_scope="助学", legal_rep_name="赵", registered_on=date(2018, 1, 1),
    )  # fmt: skip
    with pytest.raises(OrgsError, match="不包括罚款"):
        penalty_decide(actor=personas.city, organisation=fund, kind="fine", decided_on=date(2020, 7, 1), facts="x",
                       basis="y", gain_fen=100, fine_fen=300)  # fmt: skip
    org = given.registered(personas)
    with pytest.raises(OrgsError, match="停止活动的截止日期"):
        penalty_decide(actor=personas.district, organisation=org, kind="suspend", decided_on=date(2020, 7, 1),
                       facts="超出业务范围活动", basis="第三十条")  # fmt: skip
    penalty_decide(actor=personas.district, organisation=org, kind="suspend", decided_on=date(2020, 7, 1),
                   facts="超出业务范围活动", basis="第三十条", suspend_until=date(2020, 10, 1))  # fmt: skip
    org.refresh_from_db()
    assert org.status == Organisation.Status.SUSPENDED and org.suspended_until == date(2020, 10, 1)
    penalty_decide(actor=personas.district, organisation=org, kind="revoke", decided_on=date(2020, 11, 1),
                   facts="情节严重", basis="第三十条")  # fmt: skip
    org.refresh_from_db()
    assert org.status == Organisation.Status.REVOKED


def test_only_the_registering_authority_penalises(personas):
    city_org = given.registered(personas, name="海口市丁协会", authority="460100")
    with pytest.raises(OrgsError, match="处罚在其他登记管理机关登记的社会组织"):
        penalty_decide(actor=personas.district, organisation=city_org, kind="warning", decided_on=date(2020, 7, 1),
                       facts="x", basis="y")  # fmt: skip


def test_listing_again_restarts_the_term_and_removal_needs_reason_and_date(personas):
    org = given.registered(personas)
    first = listing_add(actor=personas.district, organisation=org, reason="no_contact", on=date(2020, 7, 1))
    again = listing_add(
        actor=personas.district, organisation=org, reason="rectification", on=date(2020, 9, 1)
    )
    assert again.pk == first.pk and again.listed_on == date(2020, 9, 1) and "再次列入" in again.detail
    assert rules.listing_serious_on(again.listed_on) == date(2022, 9, 1)
    with pytest.raises(OrgsError, match="移出理由"):
        listing_remove(actor=personas.district, listing=again, on=date(2020, 10, 1), reason="")
    with pytest.raises(OrgsError, match="不能早于列入日期"):
        listing_remove(actor=personas.district, listing=again, on=date(2020, 8, 1), reason="已整改")
    removed = listing_remove(
        actor=personas.district, listing=again, on=date(2020, 10, 1), reason="已完成整改"
    )
    assert removed.removed_on == date(2020, 10, 1)
    # listed anew after removal: a new entry
    assert (
        listing_add(actor=None, organisation=org, reason="no_contact", on=date(2021, 1, 4)).pk != removed.pk
    )
