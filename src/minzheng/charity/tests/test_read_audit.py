"""A campaign's page showing distributions to persons is a read of personal data: one "查看" entry names the
distributions and registry persons shown (PIPL; 等保 2.0 三级), the ID numbers masked on the page and in the entry;
a page showing no person writes none."""

from datetime import date

import pytest

from minzheng.charity.services import distribution_give
from minzheng.charity.tests import given
from minzheng.core.masking import mask_citizen_id
from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for

pytestmark = pytest.mark.django_db


def test_a_campaign_page_with_recipients_writes_a_view_entry(personas):
    # given a campaign that gave goods to a hospital only
    campaign = given.campaign()
    given.money(campaign, 5_000_00)
    distribution_give(actor=personas.city, campaign=campaign, kind="money", amount_fen=1_000_00, purpose="疫情防控",
                      distributed_on=date(2020, 3, 2), institution_name="海口市人民医院", region=campaign.region)  # fmt: skip
    town = client_for(personas.town)
    # when the city opens the page showing no person, then no view entry
    assert "海口市人民医院" in client_for(personas.city).get(f"/charity/{campaign.pk}/").content.decode()
    assert not AuditEntry.objects.filter(action="view").exists()
    # given money given to a person of the town
    who = given.person("审计受益人")
    given_out = distribution_give(actor=personas.town, campaign=campaign, kind="money", amount_fen=300_00,
                                  purpose="生活救助", distributed_on=date(2020, 3, 3), person=who)  # fmt: skip
    # when the town opens the campaign
    page = town.get(f"/charity/{campaign.pk}/").content.decode()
    # then the recipient is shown masked and one entry names the distribution and the person
    assert "审计受益人" in page and mask_citizen_id(who.id_number) in page and who.id_number not in page
    entry = AuditEntry.objects.get(action="view", actor=personas.town)
    assert (entry.object_type, entry.object_id) == ("charity.campaign", str(campaign.pk))
    assert entry.after == {"记录编号": [given_out.pk], "人员编号": [who.pk]}
    assert "款物发放第1页" in entry.detail and who.id_number not in f"{entry.detail}{entry.after}"
    # another district sees no recipient of 秀英区 and so writes no entry
    client_for(personas.other_district).get(f"/charity/{campaign.pk}/")
    assert not AuditEntry.objects.filter(action="view", actor=personas.other_district).exists()
