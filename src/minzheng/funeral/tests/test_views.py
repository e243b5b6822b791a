"""The staff pages of funeral work: scope (another district sees nothing), capabilities (a refusal names the
capability in Chinese; links only for who may follow them), masked ID numbers, the death form with the person
picker, the subsidy from the cremation page, the 清明 daily counts and check-in, proxy photos, moderation, exports
(audited)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from minzheng.core.models import AuditEntry
from minzheng.core.navigation import nav_for
from minzheng.core.testing import client_for
from minzheng.funeral import booking, remembrance, services
from minzheng.funeral.models import Booking, Death, MemorialMessage, ProxyOrder, Subsidy
from minzheng.funeral.seeding import PNG_1X1
from minzheng.funeral.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def death(personas):  # noqa: ANN201
    given.standard()
    son = given.person("页面之子")
    return given.died(personas.town, given.person("页面老人", birth=date(1935, 1, 1)), reporter=son)


def test_the_death_list_is_scoped_masks_the_id_and_exports_audited(personas, death):
    page = client_for(personas.town).get("/funeral/?year=2021").content.decode()
    assert "页面老人" in page and death.person.id_number not in page
    assert 'data-testid="new"' in page and 'data-testid="export"' in page
    assert "页面老人" not in client_for(personas.other_district).get("/funeral/?year=2021").content.decode()
    response = client_for(personas.town).get("/funeral/deaths/export.xlsx?year=2021")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert AuditEntry.objects.filter(action="export", actor=personas.town, object_type="funeral").exists()


def test_a_grid_worker_is_refused_naming_the_capability_and_sees_no_link(personas):
    response = client_for(personas.grid_a).get("/funeral/")
    assert response.status_code == 403 and "查阅殡葬管理信息" in response.content.decode()
    assert "死亡登记" not in str(nav_for(personas.grid_a))
    assert "死亡登记" in str(nav_for(personas.town))
    assert "网上祭祀留言审核" not in str(nav_for(personas.town))


def test_registering_a_death_through_the_form(personas):
    who = given.person("表单老人", birth=date(1930, 5, 5))
    client = client_for(personas.town)
    assert 'data-testid="funeral-form"' in client.get("/funeral/deaths/new/").content.decode()
    response = client.post("/funeral/deaths/new/", {
        "person": who.pk, "died_on": "2021-02-03", "place": "home", "cause": "disease", "certificate_kind": "medical",
        "reporter_name": "表单之女", "reporter_relation": "子女",
    })  # fmt: skip
    assert response.status_code == 302
    who.refresh_from_db()
    assert who.status == "deceased" and Death.objects.filter(person=who).exists()
    # a person outside the clerk's scope is the picker's own error, nothing written
    stranger = given.person("外区老人", hukou="460108001001")
    page = client_for(personas.other_district).get("/funeral/deaths/new/")
    assert page.status_code == 200
    response = client.post("/funeral/deaths/new/", {
        "person": stranger.pk + 10_000, "died_on": "2021-02-03", "place": "home", "cause": "disease",
        "certificate_kind": "medical", "reporter_name": "某", "reporter_relation": "子女",
    })  # fmt: skip
    assert "人员不存在或不在您的管辖范围内" in response.content.decode()


def test_the_district_grants_the_subsidy_from_the_cremation_page(personas, death):
    op = given.operator()
    home = given.funeral_home(op)
    cremation = services.cremation_record(
        actor=op, funeral_home=home, number="HZ-页面-1", cremated_on=date(2021, 3, 22), body_source="hospital",
        death=death,
    )  # fmt: skip
    district = client_for(personas.district)
    page = district.get(f"/funeral/cremations/{cremation.pk}/").content.decode()
    assert 'data-testid="subsidy-form"' in page
    # the funeral home's operator reads the record but is offered no grant
    assert (
        'data-testid="subsidy-form"'
        not in client_for(op).get(f"/funeral/cremations/{cremation.pk}/").content.decode()
    )
    district.post(f"/funeral/cremations/{cremation.pk}/subsidy/", {"payee": death.reporter_id})
    assert Subsidy.objects.get(cremation=cremation).amount_fen == 36_000
    assert 'data-testid="subsidy"' in district.get(f"/funeral/cremations/{cremation.pk}/").content.decode()


def test_qingming_counts_check_in_proxy_photos_and_moderation(personas):
    cemetery = given.cemetery(code="460105")
    gate = given.operator("gate_page")
    cemetery.operators.add(gate)
    today = timezone.localdate()
    season = booking.season_set(
        actor=None, year=today.year, sweep_from=today, sweep_to=today, max_visitors=10,
        booking_opens=timezone.now() - timezone.timedelta(days=1), booking_closes=timezone.now() + timezone.timedelta(days=1),
    )  # fmt: skip
    booking.slots_open(
        actor=None,
        season=season,
        cemetery=cemetery,
        times=[(datetime.min.time(), datetime.max.time())],
        quota=5,
    )
    made = booking.booking_create(request=booking.BookingRequest(
        slot_id=season.slots.get().pk, id_number=given.citizen_id(7), name="入园人", visitors=4, plate="琼B54321",
    ))  # fmt: skip
    client = client_for(gate)
    assert 'data-testid="check-in"' in client.get("/funeral/qingming/").content.decode()
    client.post("/funeral/qingming/check-in/", {"code": made.code})
    assert Booking.objects.get(pk=made.pk).status == "checked_in"
    page = client_for(personas.city).get("/funeral/qingming/").content.decode()
    assert f"<td>{today:%Y-%m-%d}</td><td>4</td><td>1</td>" in page
    assert 'data-testid="check-in"' not in page  # the city reads, the gate checks in
    # a proxy sweeping is done with a photo returned
    order = remembrance.proxy_order_create(
        cemetery=cemetery, deceased_name="先人", requester_name="委托人", requester_id_number=given.citizen_id(8),
        requester_phone="13907550000", day=today,
    )  # fmt: skip
    photo = SimpleUploadedFile("p.png", PNG_1X1, content_type="image/png")
    client.post(f"/funeral/proxy/{order.pk}/done/", {"photos": [photo], "note": "已献花"})
    order.refresh_from_db()
    assert order.status == ProxyOrder.Status.DONE and order.photos.count() == 1
    # a memorial message waits for staff, then shows
    memorial = remembrance.memorial_create(name="先人", region=cemetery.region)
    message = remembrance.message_post(memorial=memorial, author="孙辈", text="永远怀念")
    assert remembrance.memorial_messages_shown(memorial=memorial) == []
    assert "永远怀念" in client.get("/funeral/messages/").content.decode()
    client.post(f"/funeral/messages/{message.pk}/", {"approve": "1"})
    assert MemorialMessage.objects.get(pk=message.pk).status == "approved"
    assert remembrance.memorial_messages_shown(memorial=memorial) == [message]
