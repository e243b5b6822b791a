"""Exporting a search result to XLSX: scoped, masked unless the user may reveal, audited."""

import io

import pytest
from python_calamine import CalamineWorkbook

from minzheng.core.models import AuditEntry
from minzheng.core.roles import Role
from minzheng.core.testing import GRID_B, client_for, user_make
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


def sheet(response):
    rows = CalamineWorkbook.from_filelike(
        io.BytesIO(b"".join(response.streaming_content))
    ).get_sheet_by_index(0)
    return rows.to_python()


@pytest.fixture
def people(personas):
    return given.person(personas.town, seq=11), given.person(
        personas.town, name="张三丰", seq=13, grid=GRID_B
    )


def test_community_worker_exports_masked_ids(personas, people):
    a, _ = people
    response = client_for(personas.community).get("/registry/persons/export.xlsx", {"q": "zsf"})
    rows = sheet(response)
    assert rows[0][0] == "身份证号码"
    assert [r[0] for r in rows[1:]] == [f"{a.id_number[:6]}********{a.id_number[-4:]}"]
    assert rows[1][6] == "138****5678"
    entry = AuditEntry.objects.filter(action="export", actor=personas.community).get()
    assert "zsf" in entry.detail and "1条" in entry.detail and "脱敏" in entry.detail


def test_town_worker_may_export_full_ids(personas, people):
    a, b = people
    rows = sheet(client_for(personas.town).get("/registry/persons/export.xlsx", {"q": "张三丰"}))
    assert {r[0] for r in rows[1:]} == {a.id_number, b.id_number}
    assert "完整" in AuditEntry.objects.filter(action="export").get().detail


def test_export_leaves_out_rows_outside_the_scope(personas, people):
    a, b = people
    grid_b_community = user_make("community_b", Role.COMMUNITY_WORKER, "460105001002")
    rows = sheet(client_for(grid_b_community).get("/registry/persons/export.xlsx", {"q": "zsf"}))
    assert [r[1] for r in rows[1:]] == ["张三丰"] and rows[1][0].endswith(b.id_number[-4:])
    rows = sheet(client_for(personas.other_district).get("/registry/persons/export.xlsx", {"q": a.id_number}))
    assert rows[1:] == []


def test_grid_worker_has_no_export_right(personas, people):
    assert client_for(personas.grid_b).get("/registry/persons/export.xlsx", {"q": "zsf"}).status_code == 403
    assert not AuditEntry.objects.filter(action="export").exists()
