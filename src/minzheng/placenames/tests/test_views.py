"""The clerk's pages: the application's course through the pages to the register, the check page, scope (another
district sees nothing), refusals naming the capability, links only for who may follow them, the sign map's
points, a repair from a grid event's number, exports audited."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from minzheng.casework.models import Case
from minzheng.casework.services import case_open
from minzheng.core.models import AuditEntry, Region
from minzheng.core.navigation import nav_for
from minzheng.core.testing import COMMUNITY_A, client_for
from minzheng.placenames.models import NamingApplication, PlaceName, Repair
from minzheng.placenames.services import sign_register
from minzheng.placenames.tests import given

pytestmark = pytest.mark.django_db


def test_an_application_filed_on_the_page_reaches_the_register(personas):
    district = client_for(personas.district)
    response = district.post("/placenames/applications/new/", {
        "action": "name", "kind": "road", "name": "椰风路", "region": given.district().code, "reason": "取椰风之意",
        "applicant": "秀英区住建局", "geometry": given.LINE,
    })  # fmt: skip
    app = NamingApplication.objects.get(name="椰风路")
    assert response.status_code == 302 and response["Location"] == f"/placenames/applications/{app.pk}/"
    page = district.get(response["Location"]).content.decode()
    assert 'data-testid="move-review"' in page and "Yefeng Lu" in page
    act = f"/placenames/applications/{app.pk}/act/"
    district.post(act, {"action": "review", "expected_state": "applied", "comment": "规范"})
    district.post(act, {"action": "expert", "expected_state": "expert", "comment": "专家同意"})
    page = district.get(f"/placenames/applications/{app.pk}/").content.decode()
    assert 'data-testid="notice"' in page and 'data-state="disabled"' in page and "公示期为30日" in page
    # the notice period passes (the case entered 公示 31 days ago)
    Case.objects.filter(pk=app.case_id).update(state_entered_at=timezone.now() - timedelta(days=31))
    district.post(act, {"action": "notice_end", "expected_state": "notice", "comment": "无异议"})
    city = client_for(personas.city)
    city.post(act, {"action": "approve", "expected_state": "approval"})
    page = city.get(f"/placenames/applications/{app.pk}/").content.decode()
    assert 'data-testid="register-link"' in page
    assert "椰风路" in city.get("/placenames/?q=椰风").content.decode()


def test_a_homophone_is_refused_on_the_form_naming_the_field(personas):
    given.road("海秀路", region=given.other_district())
    response = client_for(personas.district).post("/placenames/applications/new/", {
        "action": "name", "kind": "road", "name": "海岫路", "region": given.district().code, "reason": "x",
        "applicant": "y",
    })  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and "同音" in page and "海秀路" in page
    assert not NamingApplication.objects.exists()


def test_the_check_page_shows_problems_and_the_pinyin(personas):
    given.road("海秀路")
    page = (
        client_for(personas.town)
        .get("/placenames/check/", {"name": "海秀路", "kind": "road"})
        .content.decode()
    )
    assert "重名" in page and "Haixiu Lu" in page
    page = (
        client_for(personas.town)
        .get("/placenames/check/", {"name": "椰风路", "kind": "road"})
        .content.decode()
    )
    assert "核查通过" in page


def test_scope_refusals_and_links(personas):
    place = given.road("椰海路")
    app = given.application(personas, "椰风路")
    # the register is the city's (public names, no personal data): another district reads it, but may not
    # rename another district's name; applications stay within the region
    assert "椰海路" in client_for(personas.other_district).get("/placenames/").content.decode()
    assert client_for(personas.other_district).get(f"/placenames/{place.pk}/").status_code == 200
    assert client_for(personas.other_district).get("/placenames/999999/").status_code == 404
    assert (
        app.case.number
        not in client_for(personas.other_district).get("/placenames/applications/").content.decode()
    )
    assert client_for(personas.other_district).get(f"/placenames/applications/{app.pk}/").status_code == 404
    response = client_for(personas.other_district).post("/placenames/applications/new/", {
        "action": "rename", "kind": "road", "name": "椰韵路", "target": place.pk, "reason": "x", "applicant": "y",
    })  # fmt: skip
    assert "不在您的管辖范围内" in response.content.decode()
    response = client_for(personas.grid_a).get("/placenames/")
    assert response.status_code == 403 and "查阅区划地名信息" in response.content.decode()
    assert "地名录" not in str(nav_for(personas.grid_a)) and "地名录" in str(nav_for(personas.town))
    page = client_for(personas.district).get(f"/placenames/{place.pk}/").content.decode()
    assert 'data-testid="retire-form"' not in page and 'data-testid="rename"' in page  # only the city retires
    page = client_for(personas.other_district).get(f"/placenames/{place.pk}/").content.decode()
    assert 'data-testid="rename"' not in page  # not its district's name
    assert (
        'data-testid="retire-form"'
        in client_for(personas.city).get(f"/placenames/{place.pk}/").content.decode()
    )


def test_retire_through_the_page_keeps_the_history(personas):
    place = given.road("椰海路")
    client_for(personas.city).post(
        f"/placenames/{place.pk}/retire/", {"on": "2020-05-01", "reason": "道路拆除"}
    )
    place.refresh_from_db()
    assert place.status == PlaceName.Status.RETIRED
    page = client_for(personas.city).get(f"/placenames/{place.pk}/").content.decode()
    assert "道路拆除" in page and 'data-testid="history"' in page


def test_sign_points_and_a_repair_from_a_grid_event(personas):
    community = Region.objects.get(code=COMMUNITY_A)
    sign = sign_register(actor=None, kind="village", code="CP-1", region=community, lat=Decimal("20.01"),
                         lng=Decimal("110.3"), installed_on=date(2020, 5, 1), text="秀华村")  # fmt: skip
    town = client_for(personas.town)
    data = town.get("/placenames/signs/points/").json()
    assert data["total"] == 1 and data["signs"][0]["code"] == "CP-1"
    assert client_for(personas.other_district).get("/placenames/signs/points/").json()["total"] == 0
    assert 'data-testid="sign-map"' in town.get("/placenames/signs/map/").content.decode()
    event = case_open(case_type="place_naming", actor=personas.town, region=community, title="村牌损坏")
    town.post(f"/placenames/signs/{sign.pk}/report/", {"damage": "村牌倒伏", "on": "2020-07-01",
                                                       "case_number": event.number})  # fmt: skip
    repair = Repair.objects.get(sign=sign)
    assert repair.source_case == event
    assert event.number in town.get("/placenames/repairs/").content.decode()
    town.post(f"/placenames/repairs/{repair.pk}/complete/", {"on": "2020-07-05", "note": "扶正"})
    repair.refresh_from_db()
    assert repair.status == Repair.Status.DONE


def test_exports_are_audited(personas):
    given.road("椰海路")
    for url in ("/placenames/export.xlsx", "/placenames/applications/export.xlsx", "/placenames/signs/export.xlsx",
                "/placenames/repairs/export.xlsx"):  # fmt: skip
        response = client_for(personas.city).get(url)
        assert response.status_code == 200, url
    assert AuditEntry.objects.filter(action="export", actor=personas.city).count() == 4


@pytest.mark.parametrize("url", ["/placenames/", "/placenames/applications/", "/placenames/signs/",
                                 "/placenames/markers/", "/placenames/repairs/", "/placenames/changes/",
                                 "/placenames/check/"])  # fmt: skip
def test_every_list_opens_for_the_town(personas, url):
    assert client_for(personas.town).get(url).status_code == 200


def test_region_change_and_marker_forms(personas):
    city = client_for(personas.city)
    town = Region.objects.get(code="460105001")
    response = city.post("/placenames/changes/new/", {"kind": "rename", "region": town.code, "new_name": "秀英新街道",
                                                       "effective_on": "2020-01-01", "approval": "琼府函〔2019〕1号"})  # fmt: skip
    assert response.status_code == 302
    assert "秀英新街道" in city.get("/placenames/changes/").content.decode()
    response = client_for(personas.district).post("/placenames/markers/new/", {
        "number": "JZ-1", "region_a": given.district().code, "region_b": given.other_district().code,
        "lat": "20.01", "lng": "110.35", "installed_on": "2010-01-01",
    })  # fmt: skip
    assert response.status_code == 302
    assert "JZ-1" in client_for(personas.other_district).get("/placenames/markers/").content.decode()


def test_a_rename_is_applied_for_from_the_name_page_without_picking_the_region_again(personas):
    place = given.road("椰海路")
    district = client_for(personas.district)
    assert (
        'value="rename"' in district.get(f"/placenames/applications/new/?target={place.pk}").content.decode()
    )
    response = district.post("/placenames/applications/new/", {
        "action": "rename", "kind": "road", "name": "椰韵路", "target": place.pk, "reason": "与规划不符",
        "applicant": "秀英区民政局",
    })  # fmt: skip
    assert response.status_code == 302
    app = NamingApplication.objects.get(name="椰韵路")
    assert app.target == place and app.region == place.region
    # naming without a region is refused on the field
    response = district.post("/placenames/applications/new/", {
        "action": "name", "kind": "road", "name": "椰林路", "reason": "x", "applicant": "y",
    })  # fmt: skip
    assert response.status_code == 200 and "请选择所属区划" in response.content.decode()


def test_a_grid_workers_sign_event_is_offered_for_a_repair_and_linked(personas):
    from minzheng.grid.tests.given import event

    # given a grid worker's event about a fallen road sign, and the sign in the inventory
    reported = event(personas.grid_a, code="0601", description="路名牌被车撞倒")
    community = Region.objects.get(code=COMMUNITY_A)
    sign = sign_register(actor=None, kind="village", code="CP-9", region=community, lat=Decimal("20.01"),
                         lng=Decimal("110.3"), installed_on=date(2020, 5, 1), text="秀华村")  # fmt: skip
    town = client_for(personas.town)
    # when the town opens the repairs page, the event is offered, leading to the signs with its number
    page = town.get("/placenames/repairs/").content.decode()
    assert reported.case.number in page and f'data-testid="event-sign-{reported.case_id}"' in page
    page = town.get(f"/placenames/signs/?case={reported.case.number}").content.decode()
    assert 'data-testid="for-event"' in page and f"?case={reported.case.number}" in page
    page = town.get(f"/placenames/signs/{sign.pk}/?case={reported.case.number}").content.decode()
    assert f'value="{reported.case.number}"' in page
    town.post(f"/placenames/signs/{sign.pk}/report/", {"damage": "倒伏", "on": "2020-07-01",
                                                       "case_number": reported.case.number})  # fmt: skip
    # then the repair links the event, which is no longer offered; another district is offered nothing
    assert Repair.objects.get(sign=sign).source_case_id == reported.case_id
    assert (
        f'data-testid="event-sign-{reported.case_id}"'
        not in town.get("/placenames/repairs/").content.decode()
    )
    assert (
        reported.case.number
        not in client_for(personas.other_district).get("/placenames/repairs/").content.decode()
    )
