"""Reads of the dead's records are audited as the registry's are (PIPL; 等保 2.0 三级): a staff page showing
deaths or cremations writes one "查看" entry naming the page and the records (and registry persons) it showed; the
ID numbers stay masked on the page and in the entry."""

from __future__ import annotations

from datetime import date

import pytest

from minzheng.core.masking import mask_citizen_id
from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for
from minzheng.funeral import services
from minzheng.funeral.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def cremation(personas):  # noqa: ANN201
    given.standard()
    death = given.died(personas.town, given.person("审计老人", birth=date(1936, 2, 2)))
    op = given.operator()
    return services.cremation_record(
        actor=op, funeral_home=given.funeral_home(op), number="HZ-审计-1", cremated_on=date(2021, 3, 22),
        body_source="hospital", death=death,
    )  # fmt: skip


def _views(user) -> list[AuditEntry]:  # noqa: ANN001
    return list(AuditEntry.objects.filter(action="view", actor=user).order_by("seq"))


def _no_full_id(entry: AuditEntry, id_number: str) -> bool:
    return id_number not in f"{entry.object_repr}{entry.detail}{entry.before}{entry.after}"


def test_the_death_list_writes_a_view_entry_naming_the_deaths_shown(personas, cremation):
    death = cremation.death
    # when the town opens the year's deaths
    page = client_for(personas.town).get("/funeral/?year=2021").content.decode()
    # then the page shows the name with the ID masked, and one entry says who saw which records
    assert "审计老人" in page and mask_citizen_id(death.person.id_number) in page
    assert death.person.id_number not in page
    [entry] = _views(personas.town)
    assert (entry.object_type, entry.after) == (
        "funeral.death",
        {"记录编号": [death.pk], "人员编号": [death.person_id]},
    )
    assert "2021年死亡登记第1页" in entry.detail and _no_full_id(entry, death.person.id_number)
    # a year with no deaths shows nobody and writes nothing
    client_for(personas.town).get("/funeral/?year=2019")
    assert len(_views(personas.town)) == 1


def test_the_cremation_list_and_detail_write_view_entries(personas, cremation):
    person = cremation.death.person
    client = client_for(personas.district)
    # when the district opens the cremations, then one record
    listing = client.get("/funeral/cremations/?year=2021").content.decode()
    detail = client.get(f"/funeral/cremations/{cremation.pk}/").content.decode()
    # then both pages mask the ID number and each wrote its entry
    assert "HZ-审计-1" in listing and "审计老人" in detail
    assert person.id_number not in listing and person.id_number not in detail
    listed, opened = _views(personas.district)
    assert (listed.object_type, listed.after) == (
        "funeral.cremation", {"记录编号": [cremation.pk], "人员编号": [person.pk]},
    )  # fmt: skip
    assert (opened.object_type, opened.object_id) == ("funeral.cremation", str(cremation.pk))
    assert "查看火化记录HZ-审计-1" in opened.detail
    assert _no_full_id(listed, person.id_number) and _no_full_id(opened, person.id_number)
    # another district is refused the record and leaves no view entry of it
    assert client_for(personas.other_district).get(f"/funeral/cremations/{cremation.pk}/").status_code == 404
    assert not _views(personas.other_district)
