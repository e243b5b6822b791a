"""A person search by ID number or phone is audited with the term masked, and the auditor's page never
shows the full number (issue 13 item 9: "人员查询“460104196905310016”" on the auditor's page)."""

import pytest

from minzheng.core.masking import mask_citizen_id
from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


def test_a_search_by_full_id_number_is_audited_masked(personas):
    person = given.person(personas.grid_a)
    # when a caseworker searches people by the full ID number, on the page and through the API
    assert (
        person.name
        in client_for(personas.town).get("/registry/persons/", {"q": person.id_number}).content.decode()
    )
    assert client_for(personas.town).get("/api/v1/persons", {"q": person.id_number}).status_code == 200
    # then both "view" entries keep only the masked number
    entries = AuditEntry.objects.filter(action="view", actor=personas.town, object_id="")
    assert entries.count() == 2
    for entry in entries:
        assert person.id_number not in entry.detail and mask_citizen_id(person.id_number) in entry.detail
    # and the auditor, typing the full number, finds the searches without ever seeing it
    page = client_for(personas.auditor).get("/audit/", {"q": person.id_number}).content.decode()
    table = page[page.index('data-testid="audit"') :]  # (the search box above it holds what was typed)
    assert mask_citizen_id(person.id_number) in table and person.id_number not in table


def test_a_search_by_phone_number_is_audited_masked(personas):
    person = given.person(personas.grid_a, phone="13912345678")
    client_for(personas.town).get("/registry/persons/", {"q": "13912345678"})
    page = client_for(personas.auditor).get("/audit/", {"actor": "town"}).content.decode()
    assert "13912345678" not in page
    assert not AuditEntry.objects.filter(detail__contains="13912345678").exists()
    assert person.pk
