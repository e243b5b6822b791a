"""The staff pages: the station's staff register, act and export; the office reads; others are refused in Chinese;
another district sees nothing."""

from __future__ import annotations

from datetime import date

import pytest

from minzheng.core.testing import client_for
from minzheng.rescue.models import Campaign, Intake
from minzheng.rescue.tests.given import other_staff, person, registered, staff, station, unidentified

pytestmark = pytest.mark.django_db

PAGES = ("", "tracing/", "outreach/", "sessions/", "campaigns/", "visits/")


def test_station_staff_register_a_person_and_escort_them_home(personas) -> None:
    actor, where = staff(), station()
    who = person("返乡甲", birth=date(1968, 8, 8))
    client = client_for(actor)
    assert client.get("/rescue/new/").status_code == 200
    # when the staff register him with his ID number
    response = client.post("/rescue/new/", {"station": where.pk, "source": "self", "id_number": who.id_number,
                                            "gender": "U", "voluntary": "on", "reason": "钱包被盗"})  # fmt: skip
    intake = Intake.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rescue/{intake.pk}/"
    page = client.get(f"/rescue/{intake.pk}/").content.decode()
    assert (
        "返乡甲" in page and "在站救助" in page and 'data-testid="move-escort"' in page and "接收人" in page
    )
    # then escorting him home records the hand-over
    client.post(f"/rescue/{intake.pk}/act/", {"action": "escort", "expected_state": "sheltered",
                                              "handover_to": "王五", "handover_relation": "兄长",
                                              "handover_place": "海口火车站"})  # fmt: skip
    intake.refresh_from_db()
    assert intake.case.state == "returned" and intake.handover_to == "王五"
    assert "王五" in client.get(f"/rescue/{intake.pk}/").content.decode()


def test_a_refused_registration_names_the_field(personas) -> None:
    client = client_for(staff())
    response = client.post(
        "/rescue/new/", {"station": station().pk, "source": "police", "gender": "U", "age": 40}
    )
    assert response.status_code == 200 and "身份不明的受助人员须登记体貌特征" in response.content.decode()
    assert not Intake.objects.exists()


def test_every_page_opens_for_staff_and_office(personas) -> None:
    actor = staff()
    intake = unidentified(actor, station())
    for user in (actor, personas.district, personas.city):
        client = client_for(user)
        for path in (*PAGES, f"{intake.pk}/"):
            assert client.get(f"/rescue/{path}").status_code == 200, (user.username, path)


def test_export_is_an_xlsx_of_the_list(personas) -> None:
    registered(staff(), station(), id_number=person("导出").id_number)
    response = client_for(personas.district).get("/rescue/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


def test_others_are_refused_and_other_districts_see_nothing(personas) -> None:
    intake = registered(staff(), station(), id_number=person("别区").id_number)
    refused = client_for(personas.grid_a).get("/rescue/")
    assert refused.status_code == 403 and "查阅流浪乞讨人员救助记录" in refused.content.decode()
    assert client_for(personas.district).get("/rescue/new/").status_code == 403
    assert client_for(personas.other_district).get(f"/rescue/{intake.pk}/").status_code == 404
    assert client_for(other_staff()).get(f"/rescue/{intake.pk}/").status_code == 404


def test_a_campaign_outing_is_recorded_with_its_person_times(personas) -> None:
    actor = staff()
    client = client_for(actor)
    client.post("/rescue/campaigns/", {"kind": "summer", "region": actor.region.pk, "held_on": "2020-07-15",
                                       "place": "骑楼老街", "person_times": 120, "items": "矿泉水"})  # fmt: skip
    assert Campaign.objects.get().person_times == 120
    assert "120" in client.get("/rescue/campaigns/").content.decode()


def test_the_person_page_shows_the_stays(personas) -> None:
    who = person("面板")
    intake = registered(staff(), station(), id_number=who.id_number)
    page = client_for(personas.district).get(f"/registry/persons/{who.pk}/").content.decode()
    assert intake.case.number in page
