"""Event pages: overview, list with warnings, report form, event page with its steps, photos, a unit's
queue, the per-worker load, and the shared worklist (/cases/) holding the events."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minzheng.core.testing import GRID_A, client_for
from minzheng.grid.models import Event
from minzheng.grid.services import event_act, event_report
from minzheng.grid.tests import given
from minzheng.grid.tests.test_services_events import PNG

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(personas):
    officer = given.operator()
    return given.department(users=(officer,)), officer


def test_overview_and_roles(personas):
    assert client_for(personas.grid_a).get(reverse("grid:home")).status_code == 200
    assert client_for(personas.auditor).get(reverse("grid:home")).status_code == 403


def test_the_list_is_scoped_warns_and_keeps_its_query_count(personas, django_assert_max_num_queries):
    given.event(personas.grid_a, when=given.at("2026-03-02 09:00"))  # long past its 受理 deadline
    town = client_for(personas.town)
    response = town.get(reverse("grid:event_list"), {"overdue": "1"})
    assert response.status_code == 200 and response.content.count("超期".encode()) >= 2
    assert len(response.context["page"]) == 1
    assert len(client_for(personas.grid_b).get(reverse("grid:event_list")).context["page"]) == 0
    for _ in range(5):
        given.event(personas.grid_a)
    with django_assert_max_num_queries(12):
        response = town.get(reverse("grid:event_list"))
    assert len(response.context["page"]) == 6


def test_a_grid_worker_reports_with_a_photo_and_location(personas):
    given.profile(GRID_A)
    page = client_for(personas.grid_a)
    assert 'capture="environment"' in page.get(reverse("grid:event_new")).content.decode()
    response = page.post(
        reverse("grid:event_new"),
        {
            "category": given.category("0102").pk,
            "description": "垃圾桶满溢",
            "lat": "20.005",
            "long": "110.305",
            "address": "秀华路12号",
            "photos": [SimpleUploadedFile("a.png", PNG, content_type="image/png")],
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "grid:event_detail", args=[event.case_id]
    )
    assert (event.source, event.reporter, event.case.region.code) == ("grid_worker", personas.grid_a, GRID_A)
    detail = page.get(response["Location"])
    assert "垃圾桶满溢" in detail.content.decode()
    photo = detail.context["photos"][0]
    url = reverse("grid:event_photo", args=[event.case_id, photo.pk])
    assert b"".join(page.get(url).streaming_content) == PNG
    assert client_for(personas.grid_b).get(url).status_code == 404


def test_bad_reports_say_why_and_keep_nothing(personas):
    page = client_for(personas.grid_a)
    response = page.post(
        reverse("grid:event_new"), {"category": given.category("0401").pk, "description": "路面塌陷"}
    )
    assert response.status_code == 400 and "请提供事件位置" in response.content.decode()
    grid = personas.grid_a.region.pk
    response = page.post(
        reverse("grid:event_new"),
        {"category": given.category("0401").pk, "description": "路面塌陷", "grid": grid},
    )
    assert response.status_code == 400 and "是否有人员受伤" in response.content.decode()
    assert "路面塌陷" in response.content.decode()  # what was typed is kept
    assert not Event.objects.exists()


def test_category_attributes_are_swapped_in(personas):
    response = client_for(personas.grid_a).get(
        reverse("grid:event_attributes"), {"category": given.category("0401").pk}, HTTP_HX_REQUEST="true"
    )
    assert 'name="attribute[casualties]"' in response.content.decode()


def test_steps_are_taken_on_the_event_page(personas, unit):
    department, officer = unit
    event = given.event(personas.grid_a)
    url = reverse("grid:event_detail", args=[event.case_id])
    act = reverse("grid:event_act", args=[event.case_id])
    town = client_for(personas.town)
    assert b'data-testid="form-file"' in town.get(url).content
    assert client_for(personas.grid_b).get(url).status_code == 404
    town.post(act, {"action": "file", "expected_state": "reported", "category": event.category_id})
    detail = town.get(url)
    assert detail.context["suggested"] == department
    town.post(act, {"action": "dispatch", "expected_state": "filed", "department": department.pk})
    # a double click is refused with a message, not applied twice
    response = town.post(
        act, {"action": "dispatch", "expected_state": "filed", "department": department.pk}, follow=True
    )
    assert "已被处理" in response.content.decode()
    assert client_for(officer).get(reverse("grid:department_tasks")).context["page"][0] == event
    client_for(officer).post(
        act,
        {
            "action": "feedback",
            "expected_state": "to_department",
            "comment": "已清理",
            "attachments": [SimpleUploadedFile("after.png", PNG, content_type="image/png")],
        },
    )
    event.refresh_from_db()
    assert event.case.state == "handled_department" and event.case.attachments.count() == 1
    # the district presses on the event page
    district = client_for(personas.district)
    district.post(reverse("grid:event_supervise", args=[event.case_id]), {"note": "抓紧核查"})
    event.case.refresh_from_db()
    assert event.case.supervised


def test_events_are_in_the_shared_worklist_and_the_load_page(personas):
    event = given.event(personas.grid_a)
    event_act(actor=personas.town, event=event, action="file")
    event_act(actor=personas.town, event=event, action="dispatch_grid")
    worklist = client_for(personas.grid_a).get(reverse("casework:worklist"))
    assert event.case in list(worklist.context["page"])
    load = client_for(personas.town).get(reverse("grid:load"))
    rows = {r["load"].user.username: r["load"] for r in load.context["rows"]}
    assert rows["grid_a"].total == 1 and rows["grid_b"].total == 0
    assert client_for(personas.grid_a).get(reverse("grid:load")).status_code == 403


def test_the_hotline_places_an_unlocated_event_by_grid_code(personas):
    operator = given.hotline()
    event = event_report(
        actor=operator,
        category=given.category(),
        description="某路口垃圾",
        source=Event.Source.HOTLINE,
        address="某路口",
    )
    page = client_for(operator)
    url = reverse("grid:event_detail", args=[event.case_id])
    assert 'name="grid_code"' in page.get(url).content.decode()
    act = reverse("grid:event_act", args=[event.case_id])
    response = page.post(
        act, {"action": "file", "expected_state": "reported", "grid_code": "999"}, follow=True
    )
    assert "网格代码“999”不存在" in response.content.decode()
    page.post(act, {"action": "file", "expected_state": "reported", "grid_code": GRID_A})
    event.refresh_from_db()
    assert event.case.region.code == GRID_A and event.case.state == "filed"
