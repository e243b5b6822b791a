"""The charity pages: the public disclosure page needs no login and never shows a recipient's personal data
(《慈善法》第七十六条); staff pages by capability (a refusal names it, links only for who may follow them);
a recipient picked from the registry within the clerk's scope; exports audited."""

from datetime import date

import pytest
from django.test import Client

from minzheng.charity.models import Distribution
from minzheng.charity.services import distribution_give, donation_receive
from minzheng.charity.tests import given
from minzheng.core.models import AuditEntry
from minzheng.core.navigation import nav_for
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(personas):  # noqa: ANN201
    c = given.campaign()
    given.money(c, 5_000_00)
    donation_receive(actor=None, campaign=c, kind="goods", donor_name="海南航空", donor_kind="organisation",
                     donor_public=True, received_on=date(2020, 2, 1), goods_name="医用防护服", quantity=100,
                     unit="套", unit_value_fen=120_00)  # fmt: skip
    return c


def test_the_public_page_shows_campaigns_and_totals_but_no_recipient(personas, campaign):
    # given money given to a registry person and goods to a hospital
    who = given.person("隐私甲乙")
    distribution_give(actor=personas.town, campaign=campaign, kind="money", amount_fen=800_00, purpose="生活救助",
                      distributed_on=date(2020, 3, 1), person=who)  # fmt: skip
    distribution_give(actor=personas.city, campaign=campaign, kind="goods", amount_fen=6_000_00, purpose="疫情防控",
                      distributed_on=date(2020, 3, 2), institution_name="海口市人民医院", region=campaign.region,
                      goods_name="医用防护服", quantity=50, unit="套")  # fmt: skip
    # when anyone opens the disclosure page without logging in
    response = Client().get("/charity/public/")
    page = response.content.decode()
    # then it lists the campaign's filing, receipts and distributions
    assert response.status_code == 200
    for shown in ("抗击疫情公开募捐", "海民慈备〔2020〕1号", "5,000.00", "12,000.00", "海口市人民医院", "6,000.00",
                  "1人、1人次，计800.00", "海南航空"):  # fmt: skip
        assert shown in page, shown
    # and never the recipient's name, ID number (whole or in part) or address
    assert "隐私甲乙" not in page and who.id_number not in page and who.id_number[-4:] not in page
    assert who.id_number[:6] + "*" not in page


def test_the_public_page_costs_the_same_queries_for_more_campaigns(
    personas, campaign, django_assert_max_num_queries
):
    # given a second campaign with its own donations
    other = given.campaign(
        given.organisation(name="海口市红十字会", prefix="HKHSH"), number="海民慈备〔2020〕2号"
    )
    given.money(other, 100_00)
    # then the page reads everything in a handful of grouped queries, not one set per campaign
    with django_assert_max_num_queries(8):
        assert Client().get("/charity/public/").status_code == 200


def test_staff_see_the_recipient_masked_and_a_grid_worker_is_refused(personas, campaign):
    who = given.person("受益丙")
    distribution_give(actor=personas.town, campaign=campaign, kind="money", amount_fen=100_00, purpose="救助",
                      distributed_on=date(2020, 3, 1), person=who)  # fmt: skip
    page = client_for(personas.town).get(f"/charity/{campaign.pk}/").content.decode()
    assert "受益丙" in page and who.id_number not in page
    # another district does not see the distribution to a person of 秀英区
    assert (
        "受益丙" not in client_for(personas.other_district).get(f"/charity/{campaign.pk}/").content.decode()
    )
    response = client_for(personas.grid_a).get("/charity/")
    assert response.status_code == 403 and "查阅慈善募捐与款物收支" in response.content.decode()
    assert "公开募捐活动" not in str(nav_for(personas.grid_a))
    assert "公开募捐活动" in str(nav_for(personas.town))
    # the town may not file campaigns: no link, and the page refuses
    assert 'data-testid="new-campaign"' not in client_for(personas.town).get("/charity/").content.decode()
    assert client_for(personas.town).get("/charity/new/").status_code == 403


def test_a_clerk_distributes_to_a_registry_person_of_their_scope_only(personas, campaign):
    mine, other = given.person("本辖区"), given.person("外区人", hukou="460108001001")
    town = client_for(personas.town)
    form = {"kind": "money", "amount": "300", "purpose": "生活救助", "distributed_on": "2020-03-05"}
    response = town.post(f"/charity/{campaign.pk}/distributions/new/", {**form, "person": other.pk})
    assert response.status_code == 200 and "人员不存在或不在您的管辖范围内" in response.content.decode()
    response = town.post(f"/charity/{campaign.pk}/distributions/new/", {**form, "person": mine.pk})
    assert response.status_code == 302
    given_out = Distribution.objects.get(person=mine)
    assert given_out.amount_fen == 300_00 and given_out.region == mine.region


def test_the_form_refuses_more_than_the_balance_naming_the_field(personas, campaign):
    response = client_for(personas.city).post(f"/charity/{campaign.pk}/distributions/new/", {
        "kind": "money", "amount": "5000.01", "purpose": "救助", "distributed_on": "2020-03-05",
        "institution_name": "海口市福利院",
    })  # fmt: skip
    assert response.status_code == 200 and "资金余额不足" in response.content.decode()
    assert not Distribution.objects.exists()


def test_a_donation_is_received_from_the_form_with_its_receipt_number(personas, campaign):
    response = client_for(personas.city).post(f"/charity/{campaign.pk}/donations/new/", {
        "kind": "money", "donor_kind": "person", "donor_name": "张某", "amount": "200", "received_on": "2020-02-10",
    }, follow=True)  # fmt: skip
    assert "捐赠票据号HKCS2020" in response.content.decode()


def test_exports_are_xlsx_and_audited(personas, campaign):
    city = client_for(personas.city)
    for url in ("/charity/export.xlsx", f"/charity/{campaign.pk}/donations.xlsx",
                f"/charity/{campaign.pk}/distributions.xlsx"):  # fmt: skip
        response = city.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert AuditEntry.objects.filter(action="export", actor=personas.city).count() == 3
