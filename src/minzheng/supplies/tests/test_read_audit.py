"""The movements page showing issues to persons is a read of personal data: one "查看" entry names the movements
and registry persons shown (PIPL; 等保 2.0 三级), the ID numbers masked; a page of receipts only writes none."""

from datetime import date

import pytest

from minzheng.core.masking import mask_citizen_id
from minzheng.core.models import AuditEntry, Region
from minzheng.core.testing import TOWN, client_for
from minzheng.supplies.services import stock_issue
from minzheng.supplies.tests import given

pytestmark = pytest.mark.django_db


def test_the_movements_page_with_issues_to_persons_writes_a_view_entry(personas):
    # given masks received by the town
    masks = given.masks()
    given.received(masks, TOWN, 50)
    town = client_for(personas.town)
    # when the page lists receipts only, then no view entry
    assert "政府采购" in town.get("/supplies/movements/").content.decode()
    assert not AuditEntry.objects.filter(action="view").exists()
    # given masks issued to a person
    who = given.person("审计领取人")
    issued = stock_issue(actor=personas.town, item=masks, region=Region.objects.get(code=TOWN), quantity=5,
                         day=date(2020, 2, 2), person=who)  # fmt: skip
    # when the town opens the movements
    page = town.get("/supplies/movements/").content.decode()
    # then the person is shown masked and one entry names the movement and the person
    assert "审计领取人" in page and mask_citizen_id(who.id_number) in page and who.id_number not in page
    entry = AuditEntry.objects.get(action="view", actor=personas.town)
    assert entry.object_type == "supplies.movement" and entry.after == {
        "记录编号": [issued.pk],
        "人员编号": [who.pk],
    }
    assert "发放到人1条" in entry.detail and who.id_number not in f"{entry.detail}{entry.after}"
    # the receipts filter shows nobody: no further entry
    town.get("/supplies/movements/?kind=receipt")
    assert AuditEntry.objects.filter(action="view", actor=personas.town).count() == 1
