"""随手拍 and 12349 help on the citizens' site: filed through the grid's Open311 intake (same event, same rules, same
messages), internal categories out of reach, nearby open reports before filing, a public status page without
personal data, ratings once and only when closed, one message per change of state."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region, User
from minzheng.core.testing import GRID_A, PASSWORD
from minzheng.grid import public as grid_public
from minzheng.grid.models import Event, Open311Request
from minzheng.grid.services import GridError, event_act, event_report, open311_client_issue
from minzheng.grid.services.intake import open311_intake_drain
from minzheng.grid.tests import given
from minzheng.portal import services_report as reports
from minzheng.portal.models import Notification
from minzheng.portal.models_report import CitizenReport, ReportPhoto
from minzheng.portal.reminders import reminders_send
from minzheng.portal.services_report import metres_between, photo_clean, updates_notify
from minzheng.portal.testing import citizen_client, citizen_make

pytestmark = pytest.mark.django_db
LAT, LONG = given.POINT_A
NAME, PHONE = "李秀英", "13912345678"
ID_NUMBER = make_citizen_id(region_code="460105", birth_date=date(1950, 3, 8), sequence=42)


@pytest.fixture(autouse=True)
def _grid(personas):
    """Grid A with its boundary and the classification; the intake's per-process caches empty."""
    from minzheng.grid import open311
    from minzheng.grid.services.grids import grid_index_reset

    open311._lookups.clear()
    grid_index_reset()
    given.profile(GRID_A)
    given.category()
    yield
    open311._lookups.clear()
    grid_index_reset()


@pytest.fixture
def alice():
    return citizen_make(id_number=ID_NUMBER, name=NAME, phone=PHONE)


@pytest.fixture
def bob():
    return citizen_make(
        id_number=make_citizen_id(region_code="460105", birth_date=date(1980, 1, 2), sequence=7),
        name="张伟",
        phone="13700007777",
    )


def _query(code: str = "0102", lat: float = LAT, long: float = LONG) -> str:
    return f"category={code}&lat={lat}&long={long}"


def file_report(client: Client, code: str = "0102", **fields) -> tuple:
    data = {"description": "路边垃圾堆积，无人清理", **fields}
    response = client.post(f"/m/report/new/details/?{_query(code)}", data, HTTP_HOST="localhost")
    return response, CitizenReport.objects.order_by("-pk").first()


def file_by_staff(event: Event, personas) -> Event:
    """受理立案 in grid A: by the town, or by the hotline when the event is not placed yet (an address only)."""
    placed = Event.objects.get(pk=event.pk).case.region.level == Region.Level.GRID
    actor = personas.town if placed else (User.objects.filter(username="rexian").first() or given.hotline())
    return event_act(actor=actor, event=event, action="file", grid=Region.objects.get(code=GRID_A))


def close(event: Event, personas) -> Event:
    """The staff's steps to 已结案待评价: 受理立案, 交网格处置, 处置反馈, 核查结案."""
    file_by_staff(event, personas)
    event_act(actor=personas.community, event=event, action="dispatch_grid")
    event_act(actor=personas.grid_a, event=event, action="feedback", comment="已清理")
    return event_act(actor=personas.grid_a, event=event, action="verify")


def test_filing_on_the_site_makes_the_event_an_open311_post_makes(alice):
    # given an Open311 app's key and a signed-in citizen
    _, key = open311_client_issue(name="市民App", jurisdiction_id="haikou.gov.cn", source="open311")
    post = {"api_key": key, "service_code": "0102", "lat": str(LAT), "long": str(LONG)}
    # when the same report comes through Open311 and through the site
    answer = Client().post("/open311/v2/requests.json", {**post, "description": "路边垃圾堆积，无人清理"})
    response, link = file_report(citizen_client(alice))
    assert answer.status_code == 200 and response.status_code == 302
    assert response["Location"] == f"/m/reports/mine/{link.pk}/"
    open311_intake_drain()
    by_open311 = Event.objects.get(
        open311_request__pk=Open311Request.pk_from(answer.json()[0]["service_request_id"])
    )
    by_site = Event.objects.get(open311_request=link.request)
    # then both are the same event: category, place, grid, state, deadlines, one 登记 step
    same = ("category_id", "description", "lat", "long", "source", "address", "attributes")
    assert [getattr(by_site, f) for f in same] == [getattr(by_open311, f) for f in same]
    assert (by_site.case.region_id, by_site.case.state, by_site.case.case_type) == (
        by_open311.case.region_id, by_open311.case.state, by_open311.case.case_type,
    )  # fmt: skip
    assert [e.action for e in by_site.case.events.all()] == ["open"]
    # and the site is marked as the channel, the citizen reachable by staff, and linked on the portal side
    assert by_site.client.name == grid_public.CHANNELS["report"] and by_open311.client.name == "市民App"
    assert (by_site.contact_name, by_site.contact_phone, by_site.account_id) == (
        NAME,
        PHONE,
        f"公众用户#{alice.pk}",
    )
    assert link.citizen == alice and link.kind == "report"


@pytest.mark.parametrize(
    ("code", "label", "starred"), [("0401", "是否有人员受伤", True), ("0503", "车牌号（如有）", False)]
)
def test_a_required_category_attribute_is_starred_though_the_intake_checks_it(alice, code, label, starred):
    # given a category whose attribute the intake requires (路面塌陷) or leaves optional (机动车乱停放)
    # when the citizen opens the details page
    page = citizen_client(alice).get(f"/m/report/new/details/?{_query(code)}").content.decode()
    # then the attribute's label carries the star only when required, and the form does not refuse it itself
    star = '<span class="p-req" aria-hidden="true">*</span>'
    assert (f"{label}{star}" in page) is starred and label in page
    assert 'name="attribute[' in page and " required" not in page.split('name="attribute[')[1][:200]


@pytest.mark.parametrize(
    ("code", "fields", "param", "message"),
    [
        ("0102", {"description": ""}, "description", "请填写事件描述"),
        ("0102", {"description": "垃圾\u202e堆积"}, "description", "事件描述"),
        ("0401", {"description": "路面塌陷"}, "attribute[casualties]", "请填写“是否有人员受伤”（必填）"),
        (
            "0401",
            {"description": "路面塌陷", "attribute[casualties]": "many"},
            "attribute[casualties]",
            "不在可选项中",
        ),
    ],
)
def test_the_site_refuses_what_open311_refuses_with_the_same_message(alice, code, fields, param, message):
    _, key = open311_client_issue(name="12345热线", jurisdiction_id="haikou.gov.cn")
    data = {"api_key": key, "service_code": code, "lat": str(LAT), "long": str(LONG), **fields}
    answer = Client().post("/open311/v2/requests.json", data)
    assert answer.status_code == 400
    open311_message = answer.json()[0]["description"]
    assert message in open311_message
    response, _ = file_report(citizen_client(alice), code, **fields)
    assert response.status_code == 200  # the form again, with the message on its field
    errors = response.context["form"].errors[param]
    assert any(message in e and e in open311_message for e in errors)
    assert not CitizenReport.objects.exists()


def test_internal_categories_cannot_be_chosen_nor_guessed(alice):
    client = citizen_client(alice)
    # the list offers only public categories
    page = client.get("/m/report/new/").content.decode()
    assert 'data-code="0102"' in page and 'data-code="7201"' not in page and 'data-code="7202"' not in page
    # a guessed internal code (or a 大类) at any step starts the report over, and nothing is filed
    for path in ("/m/report/new/where/", "/m/report/new/nearby/", "/m/report/new/details/"):
        response = client.get(f"{path}?{_query('7201')}")
        assert response.status_code == 302 and response["Location"] == "/m/report/new/"
    for code in ("7202", "01", "9999"):
        response = client.post(f"/m/report/new/details/?{_query(code)}", {"description": "x"})
        assert response.status_code == 302 and response["Location"] == "/m/report/new/"
    # and the grid's entry point refuses it as it refuses an unknown one
    with pytest.raises(GridError, match="请选择有效的事件分类"):
        grid_public.citizen_request_accept(
            kind="report", category_code="7201", description="x", lat=LAT, long=LONG
        )
    # a help request cannot take a public category either
    assert client.get("/m/help/new/?category=0102")["Location"] == "/m/help/new/"
    assert (
        client.post("/m/help/new/?category=0102", {"description": "x", "address_string": "y"}).status_code
        == 302
    )
    assert not Open311Request.objects.exists()


def test_nearby_open_reports_of_the_same_category_are_shown_before_filing(alice, bob, personas):
    # given open reports filed by other residents around the point, and others that must not be suggested
    near = grid_public.citizen_request_accept(
        kind="report", category_code="0102", description="垃圾桶满溢 电话13800001111", lat=LAT + 0.0005, long=LONG,
        contact_name="王五", contact_phone="13800001111",
    )  # fmt: skip
    grid_public.citizen_request_accept(
        kind="report", category_code="0102", description="远处", lat=LAT + 0.01, long=LONG
    )
    grid_public.citizen_request_accept(
        kind="report", category_code="0104", description="别类", lat=LAT, long=LONG
    )
    done = grid_public.citizen_request_accept(
        kind="report", category_code="0102", description="已办结", lat=LAT, long=LONG
    )
    staff = event_report(actor=personas.grid_a, category=given.category("0102"), description="网格员上报",
                         source="grid_worker", lat=LAT, long=LONG)  # fmt: skip
    open311_intake_drain()
    close(Event.objects.get(open311_request=done), personas)
    # when a citizen places the same category next to them
    response = citizen_client(alice).get(f"/m/report/new/nearby/?{_query()}")
    # then only the open public report within 200 m is shown, without personal data, before any filing
    assert response.status_code == 200
    nearby = response.context["nearby"]
    assert [n.public_id for n in nearby] == [near.service_request_id]
    assert 50 <= nearby[0].metres <= 60 and nearby[0].state == "已登记，等待受理"
    page = response.content.decode()
    assert "王五" not in page and "13800001111" not in page and str(LAT + 0.0005) not in page
    assert staff.case.number not in page and "file-anyway" in page
    # and with nothing nearby, the flow goes straight on to the details
    far = citizen_client(bob).get(f"/m/report/new/nearby/?{_query(lat=20.009, long=110.309)}")
    assert far.status_code == 302 and far["Location"].startswith("/m/report/new/details/")


def test_this_is_my_problem_too_counts_a_supporter_instead_of_a_duplicate(alice, bob):
    request = grid_public.citizen_request_accept(
        kind="report", category_code="0102", description="垃圾", lat=LAT, long=LONG
    )
    open311_intake_drain()
    event = Event.objects.get(open311_request=request)
    before = Open311Request.objects.count()
    for _ in range(2):  # a double tap counts once
        response = citizen_client(alice).post("/m/report/support/", {"event": event.pk})
    assert response.status_code == 302
    assert Open311Request.objects.count() == before
    link = CitizenReport.objects.get(citizen=alice, supported=True)
    assert link.event == event
    public = Client().get(f"/m/reports/{request.service_request_id}/")
    assert public.context["report"].supporters == 1
    # and the staff read it on the case's timeline (no change of state)
    note = event.case.events.get(action="citizen_support")
    assert note.from_state == note.to_state == "reported" and "共1人附议" in note.comment
    # an internal or staff-filed event cannot be joined by guessing its number
    help_request = grid_public.citizen_request_accept(
        kind="help", category_code="7202", description="x", address="y"
    )
    open311_intake_drain()
    hidden = Event.objects.get(open311_request=help_request)
    assert citizen_client(bob).post("/m/report/support/", {"event": hidden.pk}).status_code == 302
    assert not CitizenReport.objects.filter(citizen=bob).exists()


def test_the_public_status_page_shows_no_personal_data(alice, personas):
    # given a report whose description carries a phone number, with a photo carrying EXIF
    jpeg = (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\xff\xe1\x00\x10Exif\x00\x00GPS-20.0\x00\x00"
        + b"\xff\xda\x00\x08\x01\x01\x00\x00?\x00\xd2\xcf \xff\xd9"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("scene.jpg", jpeg, content_type="image/jpeg")
    response, link = file_report(
        citizen_client(alice), description=f"门口垃圾没人清理，联系我{PHONE}", photo=photo
    )
    assert response.status_code == 302
    open311_intake_drain()
    number = link.request.service_request_id
    close(Event.objects.get(open311_request=link.request), personas)
    # when anyone opens its public page
    page = Client().get(f"/m/reports/{number}/")
    text = page.content.decode()
    # then it shows category, state, history and the community, and nothing personal
    assert page.status_code == 200 and "暴露垃圾" in text and "已办结" in text and "秀华社区" in text
    for secret in (NAME, PHONE, ID_NUMBER, str(LAT), str(LONG), "秀华社区第1网格"):
        assert secret not in text
    assert [s.words for s in page.context["report"].history][:2] == ["收到反映", "已登记，等待受理"]
    # and the photo (policy "full") is served without its EXIF
    stored = ReportPhoto.objects.get(report=link)
    assert f"/m/reports/photos/{stored.token}" in text
    served = Client().get(f"/m/reports/photos/{stored.token}").content
    assert b"Exif" not in served and b"GPS" not in served and served.startswith(b"\xff\xd8\xff\xe0")
    assert Event.objects.get(open311_request=link.request).media_url.endswith(
        f"/m/reports/photos/{stored.token}"
    )


def test_a_category_that_keeps_its_place_private_shows_no_photo_and_help_is_not_public(alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("a.png", given.png(), content_type="image/png")
    _, link = file_report(
        citizen_client(alice), "7302", description="楼体开裂", photo=photo
    )  # 危房: description only
    page = Client().get(f"/m/reports/{link.request.service_request_id}/")
    assert (
        page.status_code == 200
        and page.context["report"].photo_urls == []
        and page.context["report"].place == ""
    )
    help_link = _file_help(alice)
    assert Client().get(f"/m/reports/{help_link.request.service_request_id}/").status_code == 404
    open311_intake_drain()
    event = Event.objects.get(open311_request=help_link.request)
    assert Client().get(f"/m/reports/{event.case.number}/").status_code == 404
    assert Client().get("/m/reports/OR9999999999/").status_code == 404


def _file_help(citizen, code: str = "7202", **fields) -> CitizenReport:
    data = {
        "description": "独居老人腿脚不便，希望社区上门看看",
        "address_string": "秀华路8号3栋201",
        **fields,
    }
    response = citizen_client(citizen).post(f"/m/help/new/?category={code}", data)
    assert response.status_code == 302, response.context["form"].errors
    return CitizenReport.objects.get(
        citizen=citizen, kind="help", pk=int(response["Location"].split("/")[-2])
    )


def test_a_help_request_goes_through_the_intake_and_can_be_followed(alice):
    link = _file_help(alice, "7201", **{"attribute[needs]": ["living", "care"]})
    open311_intake_drain()
    event = Event.objects.get(open311_request=link.request)
    assert event.client.name == grid_public.CHANNELS["help"] and event.category.code == "7201"
    assert event.attributes == {"needs": ["living", "care"]} and event.address == "秀华路8号3栋201"
    page = citizen_client(alice).get(f"/m/help/{link.pk}/")
    assert page.status_code == 200 and page.context["item"].state == "已登记，等待受理"
    assert "rating-form" not in page.content.decode()
    listing = citizen_client(alice).get("/m/help/").content.decode()
    assert "独居老人关爱" not in listing and "困难群众求助" in listing


def test_a_rating_is_taken_once_and_only_when_closed(alice, personas):
    link = _file_help(alice)
    open311_intake_drain()
    event = Event.objects.get(open311_request=link.request)
    client = citizen_client(alice)
    # not yet closed: refused with the reason
    early = client.post(f"/m/help/{link.pk}/", {"stars": 5, "comment": "好"})
    assert "办结后才能评价" in early.content.decode()
    close(event, personas)
    # closed: the rating is the event's 回访满意度 and a line on its timeline
    assert client.post(f"/m/help/{link.pk}/", {"stars": 4, "comment": "上门及时"}).status_code == 302
    event.refresh_from_db()
    assert event.satisfaction == "satisfied" and event.case.state == "closed"
    assert event.case.events.get(action="citizen_rating").comment == "4星（满意）：上门及时"
    link.refresh_from_db()
    assert (link.stars, link.rating_comment) == (4, "上门及时")
    # a second rating is refused
    again = client.post(f"/m/help/{link.pk}/", {"stars": 1})
    assert again.status_code == 200
    link.refresh_from_db()
    assert link.stars == 4 and event.case.events.filter(action="citizen_rating").count() == 1


def test_each_change_of_state_is_one_message(alice, bob, personas):
    link = _file_help(alice)
    request = grid_public.citizen_request_accept(
        kind="report", category_code="0102", description="垃圾", lat=LAT, long=LONG
    )
    open311_intake_drain()
    event = Event.objects.get(open311_request=link.request)
    citizen_client(bob).post("/m/report/support/", {"event": Event.objects.get(open311_request=request).pk})
    # when the staff take two steps on alice's request
    file_by_staff(event, personas)
    event_act(actor=personas.community, event=event, action="dispatch_grid")
    # then her visit brings exactly two messages, and a second visit or the daily run none
    assert citizen_client(alice).get("/m/help/").status_code == 200
    titles = list(Notification.objects.filter(citizen=alice).order_by("pk").values_list("title", flat=True))
    assert titles == ["您12349求助已受理，正在安排处理单位", "您12349求助已交社区网格员上门办理"]
    assert reminders_send(date.today())["events"] == 0 and updates_notify(citizen=alice) == 0
    assert Notification.objects.filter(citizen=alice).count() == 2
    assert not Notification.objects.filter(citizen=bob).exists()
    # the daily run tells the supporter of a step on the report they joined
    event_act(actor=personas.town, event=Event.objects.get(open311_request=request), action="file")
    assert reminders_send(date.today())["events"] == 1
    assert (
        Notification.objects.get(citizen=bob).url
        == f"/m/reports/mine/{CitizenReport.objects.get(citizen=bob).pk}/"
    )
    assert NAME not in json.dumps(list(Notification.objects.values_list("title", "body")), ensure_ascii=False)


def test_my_list_reads_every_history_in_a_fixed_number_of_queries(
    alice, personas, django_assert_max_num_queries
):
    # given alice's reports: one with staff steps, one with a photo not filed yet, one joined ("这也是我的问题")
    client = citizen_client(alice)
    _, moved = file_report(client)
    other = grid_public.citizen_request_accept(
        kind="report", category_code="0102", description="垃圾", lat=LAT, long=LONG
    )
    open311_intake_drain()
    file_by_staff(Event.objects.get(open311_request=moved.request), personas)
    client.post("/m/report/support/", {"event": Event.objects.get(open311_request=other).pk})
    png = SimpleUploadedFile("a.png", given.png(), content_type="image/png")
    _, waiting = file_report(client, photo=png)
    expected = {link.pk: reports.my_item(link) for link in CitizenReport.objects.filter(citizen=alice)}
    # when her list is built: the links filled, then one query each for links, photos and the cases' moves
    with django_assert_max_num_queries(4):
        items = reports.my_list(alice, "report")
    # then every item is what its detail page shows, histories included
    assert [item.link.pk for item in items] == [
        waiting.pk,
        *sorted(expected.keys() - {waiting.pk}, reverse=True),
    ]
    for item in items:
        want = expected[item.link.pk]
        assert (item.history, item.state, item.public_id, item.photo_urls, item.description) == (
            want.history, want.state, want.public_id, want.photo_urls, want.description,
        )  # fmt: skip
    assert [s.words for s in expected[moved.pk].history] == [
        "收到反映",
        "已登记，等待受理",
        "已受理，正在安排处理单位",
    ]
    assert len(expected[waiting.pk].photo_urls) == 1 and expected[waiting.pk].history[0].words == "收到反映"


def test_citizen_b_reaches_nothing_of_citizen_a(alice, bob, personas):
    report = file_report(citizen_client(alice))[1]
    help_link = _file_help(alice)
    other = citizen_client(bob)
    for url in (f"/m/reports/mine/{report.pk}/", f"/m/help/{help_link.pk}/", f"/m/help/{report.pk}/",
                f"/m/reports/mine/{help_link.pk}/"):  # fmt: skip
        assert other.get(url).status_code == 404
        assert other.post(url, {"stars": 1}).status_code == 404
    assert "独居老人" not in other.get("/m/help/").content.decode()
    assert report.request.service_request_id not in other.get("/m/reports/mine/").content.decode()
    # anonymous visitors are sent to sign in, and a staff login is anonymous on the site
    staff = Client()
    assert staff.login(username="town", password=PASSWORD)
    for client in (Client(), staff):
        for url in (
            "/m/report/new/",
            "/m/reports/mine/",
            f"/m/help/{help_link.pk}/",
            "/m/help/",
            "/m/help/new/",
        ):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/m/login/")


def test_distance_and_photo_metadata_helpers():
    assert round(metres_between(20.0, 110.3, 20.001, 110.3)) == 111
    png = given.png()
    with_text = png[:33] + b"\x00\x00\x00\x05tEXtGPS!!" + b"\x00\x00\x00\x00" + png[33:]
    cleaned, content_type, _ = photo_clean(with_text)
    assert content_type == "image/png" and cleaned == png
