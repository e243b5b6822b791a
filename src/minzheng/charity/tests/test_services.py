"""Campaigns, donations and distributions through the services: qualification and filing (《慈善法》第二十二、
二十四条), receipts (第三十八条), goods valued, and never giving out more than was received (第五十三条) — also
when two clerks give out the last of a campaign at the same moment."""

import os
import threading
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connections

from minzheng.charity.errors import CharityError
from minzheng.charity.models import Campaign, Distribution, Donation
from minzheng.charity.services import distribution_give, donation_receive
from minzheng.charity.tests import given

pytestmark = pytest.mark.django_db


def test_an_organisation_without_the_qualification_cannot_file_a_campaign():
    org = given.organisation(qualified=False, name="某公益协会")
    with pytest.raises(CharityError, match="未取得公开募捐资格"):
        given.campaign(org)


def test_each_organisation_numbers_its_receipts_with_its_own_prefix():
    given.organisation()
    with pytest.raises(CharityError, match="前缀HKCS已被其他慈善组织使用"):
        given.organisation(name="海口市红十字会")


def test_receipts_are_numbered_in_order_and_an_anonymous_donation_is_recorded_without_one(personas):
    campaign = given.campaign()
    first = given.money(campaign, 100_00)
    second = given.money(campaign, 200_00)
    assert (first.receipt_number, second.receipt_number) == ("HKCS20200000001", "HKCS20200000002")
    anonymous = donation_receive(actor=personas.city, campaign=campaign, kind="money", donor_name="",
                                 donor_kind="person", received_on=date(2020, 2, 3), amount_fen=50_00,
                                 no_receipt=Donation.NoReceipt.ANONYMOUS)  # fmt: skip
    assert anonymous.receipt_number is None and anonymous.get_no_receipt_display() == "捐赠人匿名"
    campaign.refresh_from_db()
    assert campaign.money_received_fen == 350_00


def test_goods_are_valued_quantity_times_unit_value_and_kept_apart_from_money(personas):
    campaign = given.campaign()
    goods = donation_receive(actor=personas.city, campaign=campaign, kind="goods", donor_name="海南航空",
                             donor_kind="organisation", received_on=date(2020, 2, 1), goods_name="医用外科口罩",
                             quantity=10_000, unit="个", unit_value_fen=150)  # fmt: skip
    assert goods.amount_fen == 15_000_00
    campaign.refresh_from_db()
    assert (campaign.goods_received_fen, campaign.money_received_fen) == (15_000_00, 0)
    # money cannot be paid out of goods
    with pytest.raises(CharityError, match="资金余额不足"):
        distribution_give(actor=personas.city, campaign=campaign, kind="money", amount_fen=1_00, purpose="救助",
                          distributed_on=date(2020, 2, 2), institution_name="海口市人民医院",
                          region=campaign.region)  # fmt: skip


def test_a_donation_outside_the_campaign_period_is_refused():
    campaign = given.campaign()
    with pytest.raises(CharityError, match="募捐活动期间") as exc:
        given.money(campaign, 100_00, day=date(2021, 1, 2))
    assert exc.value.field == "received_on"


def test_a_distribution_never_exceeds_what_was_received(personas):
    campaign = given.campaign()
    given.money(campaign, 1_000_00)
    who = given.person("受益甲")
    distribution_give(actor=personas.town, campaign=campaign, kind="money", amount_fen=600_00, purpose="生活救助",
                      distributed_on=date(2020, 3, 1), person=who)  # fmt: skip
    stale = Campaign.objects.get(pk=campaign.pk)  # read before the next distribution
    distribution_give(actor=personas.town, campaign=campaign, kind="money", amount_fen=400_00, purpose="生活救助",
                      distributed_on=date(2020, 3, 1), person=who)  # fmt: skip
    with pytest.raises(CharityError, match="可用0.00 元"):
        distribution_give(actor=personas.town, campaign=stale, kind="money", amount_fen=1_00, purpose="生活救助",
                          distributed_on=date(2020, 3, 2), person=who)  # fmt: skip
    campaign.refresh_from_db()
    assert campaign.money_distributed_fen == campaign.money_received_fen == 1_000_00
    assert Distribution.objects.filter(campaign=campaign).count() == 2


def test_a_grid_worker_may_not_distribute(personas):
    campaign = given.campaign()
    with pytest.raises(PermissionDenied, match="登记慈善款物发放"):
        distribution_give(actor=personas.grid_a, campaign=campaign, kind="money", amount_fen=1_00, purpose="x",
                          distributed_on=date(2020, 3, 1), institution_name="甲", region=campaign.region)  # fmt: skip


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":")[0] not in {"postgres", "postgresql"},
    reason="PostgreSQL: concurrent writers (SQLite has one writer)",
)
@pytest.mark.django_db(transaction=True)
def test_two_clerks_giving_out_the_last_of_a_campaign_at_once_cannot_both_succeed(personas):
    # given a campaign holding 1,000 元
    campaign = given.campaign()
    given.money(campaign, 1_000_00)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def give() -> None:
        try:
            barrier.wait(10)
            distribution_give(actor=personas.city, campaign=campaign, kind="money", amount_fen=700_00,
                              purpose="救助", distributed_on=date(2020, 3, 1), institution_name="海口市人民医院",
                              region=campaign.region)  # fmt: skip
            results.append("ok")
        except CharityError:
            results.append("refused")
        finally:
            connections.close_all()

    # when two clerks each give out 700 元 at the same moment
    threads = [threading.Thread(target=give) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    # then one succeeds and the other is refused; the campaign never goes below zero
    assert sorted(results) == ["ok", "refused"]
    campaign.refresh_from_db()
    assert campaign.money_distributed_fen == 700_00
