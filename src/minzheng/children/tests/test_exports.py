"""Every child-welfare list exports as XLSX (read back with python-calamine, the platform's XLSX reader; ``?format=xlsx``, capability ``export``): the file opens, has the
page's header, the user's scoped rows only — masked as the page masks them — and the export is audited."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from python_calamine import CalamineWorkbook

from minzheng.children import services
from minzheng.children.tests import given
from minzheng.core.models import AuditEntry, Region
from minzheng.core.roles import Role
from minzheng.core.testing import COMMUNITY_A, GRID_A, client_for, user_make

pytestmark = pytest.mark.django_db
MEILAN_GRID = "460108001001001"
MEILAN_COMMUNITY = "460108001001"


def _sheet(response) -> list[tuple]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = CalamineWorkbook.from_filelike(BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(
        0
    )
    return [tuple(row) for row in sheet.to_python()]


@pytest.fixture
def both(personas):
    """In 秀英区 and in 美兰区: a 儿童主任 (with a phone), a visit by them and a 宣讲; an intake in each district's
    welfare home."""
    meilan_town = user_make("meilan_town", Role.TOWN_CASEWORKER, MEILAN_COMMUNITY[:9])
    meilan_district = personas.other_district
    made = {}
    for key, town, district, community, grid in (
        ("xiuying", personas.town, personas.district, COMMUNITY_A, GRID_A),
        ("meilan", meilan_town, meilan_district, MEILAN_COMMUNITY, MEILAN_GRID),
    ):
        region = Region.objects.get(code=community)
        adult = given.person(name=f"{key}主任", birth=date(1980, 1, 1), grid=grid)
        worker = services.worker_appoint(actor=town, person=adult, post="director", region=region,
                                         appointed_on=date(2020, 1, 2), phone="13800138000")  # fmt: skip
        child = given.person(name=f"{key}儿童", grid=grid)
        services.visit_record(actor=town, worker=worker, child=child, category="left_behind",
                              visited_on=date(2020, 4, 1), risk="medium", findings="监护薄弱",
                              follow_up="联系监护人")  # fmt: skip
        services.outreach_record(actor=town, region=region, held_on=date(2020, 5, 1), title=f"{key}宣讲",
                                 speaker="宣讲团", audience=20, children=5)  # fmt: skip
        home = services.welfare_home_ensure(
            name=f"{key}福利院", region=Region.objects.get(code=community[:6])
        )
        services.infant_intake_record(actor=district, home=home, received_on=date(2020, 6, 2),
                                      found_on=date(2020, 6, 1), found_place=f"{key}医院门口", gender="F",
                                      estimated_birth=date(2020, 5, 1), police_report=f"JJ-{key}")  # fmt: skip
        made[key] = (adult, child)
    return made


def test_the_workers_export_holds_the_districts_rows_masked(personas, both):
    adult, _ = both["xiuying"]
    rows = _sheet(client_for(personas.district).get("/children/workers/", {"format": "xlsx"}))
    assert rows[0] == ("岗位", "姓名", "身份证号码", "负责区划", "电话", "任职日期", "离任日期")
    [row] = rows[1:]
    assert row[:2] == ("儿童主任", "xiuying主任") and row[4] == "138****8000" and row[6] == "在任"
    assert row[2] == adult.id_number[:6] + "********" + adult.id_number[-4:]
    assert AuditEntry.objects.filter(
        action="export", object_type="children.worker", actor=personas.district
    ).exists()


def test_the_visits_export_follows_the_filter_and_the_region(personas, both):
    client = client_for(personas.district)
    rows = _sheet(client.get("/children/visits/", {"format": "xlsx", "risk": "medium"}))
    assert rows[0][:4] == ("走访日期", "儿童", "身份证号码", "类别")
    assert [(r[1], r[6], r[7]) for r in rows[1:]] == [("xiuying儿童", "中", "联系监护人")]
    assert both["xiuying"][1].id_number not in str(rows)
    assert _sheet(client.get("/children/visits/", {"format": "xlsx", "risk": "high"}))[1:] == []


def test_the_intake_and_outreach_exports_hold_only_the_users_region(personas, both):
    other = client_for(personas.other_district)
    intakes = _sheet(other.get("/children/intakes/", {"format": "xlsx"}))
    assert intakes[0][0] == "接收日期" and [r[3] for r in intakes[1:]] == ["meilan医院门口"]
    talks = _sheet(other.get("/children/outreach/", {"format": "xlsx"}))
    assert talks[0] == ("宣讲日期", "地点", "主题", "宣讲人", "参加人数", "其中儿童及监护人")
    assert [(r[2], r[4], r[5]) for r in talks[1:]] == [("meilan宣讲", 20, 5)]
    city = {
        r[2] for r in _sheet(client_for(personas.city).get("/children/outreach/", {"format": "xlsx"}))[1:]
    }
    assert city == {"xiuying宣讲", "meilan宣讲"}


def test_the_lists_offer_the_export_button(personas, both):
    client = client_for(personas.district)
    for url in ("/children/workers/", "/children/visits/", "/children/intakes/", "/children/outreach/"):
        page = client.get(url).content.decode()
        assert 'name="format" value="xlsx"' in page, url
