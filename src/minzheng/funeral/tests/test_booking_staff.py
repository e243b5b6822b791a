"""Staff changes of a 清明 booking on the day (domain.md §8): 改期 to another slot of the same cemetery and season
(the code kept, the old place returned, the new one taken quota-exactly, the reason recorded and audited) and 取消
with a reason (the place returned, the citizen's page shows 已取消 and the reason) — by the pages, by the API, only
for those who hold ``funeral.booking_change``, and never over quota under concurrency on PostgreSQL."""

from __future__ import annotations

import io
import threading
import zipfile
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone

from minzheng.core.models import AuditEntry
from minzheng.core.testing import client_for
from minzheng.funeral import booking as svc
from minzheng.funeral.booking import BookingRequest
from minzheng.funeral.errors import FuneralError, SlotFullError
from minzheng.funeral.models import Booking, Slot
from minzheng.funeral.tests import given
from minzheng.funeral.tests.test_booking import DURING, pg_only

TZ = DURING.tzinfo
BEFORE_THE_DAY = datetime(2021, 3, 20, 9, tzinfo=TZ)  # the slots are on 2021-04-04


def _slots(*quotas: int, cemetery=None, day: date = date(2021, 4, 4)) -> list[Slot]:  # noqa: ANN001
    """One slot per quota on ``day`` (08:00, 09:00, …) of 2021's season at ``cemetery``."""
    season = given.season()
    cemetery = cemetery or given.cemetery()
    for n, quota in enumerate(quotas):
        svc.slots_open(
            actor=None, season=season, cemetery=cemetery, quota=quota, days=[day],
            times=[(time(8 + n), time(9 + n))],
        )  # fmt: skip
    return list(Slot.objects.filter(cemetery=cemetery, day=day).order_by("starts"))


def _book(slot: Slot, n: int) -> Booking:
    request = BookingRequest(
        slot_id=slot.pk, id_number=given.citizen_id(n), name=f"祭扫人{n}", visitors=2, plate="琼A12345"
    )
    return svc.booking_create(request=request, now=DURING)


def _left(*slots: Slot) -> list[int]:
    return [Slot.objects.get(pk=s.pk).left for s in slots]


# --- the rules -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reschedule_keeps_the_code_returns_the_old_place_and_records_the_reason(personas):
    # given a booking in the 08:00 slot, and a 09:00 slot with room
    first, second = _slots(2, 2)
    made = _book(first, 1)
    # when the city office moves it to 09:00 with a reason
    moved = svc.booking_reschedule(
        actor=personas.city, booking=made, slot_id=second.pk, reason="08时段道路施工", now=BEFORE_THE_DAY
    )
    # then the citizen's code is the same, the 08:00 place is back and one 09:00 place is taken
    stored = Booking.objects.get(pk=made.pk)
    assert (stored.code, stored.slot_id, stored.status) == (made.code, second.pk, "booked")
    assert stored.reason == "08时段道路施工" and stored.handled_at == BEFORE_THE_DAY
    assert moved.slot == second and _left(first, second) == [2, 1]
    # and the change is audited with the slots before and after and the reason
    entry = AuditEntry.objects.filter(object_type="funeral.booking", action="update").get()
    assert entry.actor == personas.city and "08:00-09:00改为04月04日 09:00-10:00" in entry.detail
    assert "08时段道路施工" in entry.detail and entry.before["slot"] == first.pk


@pytest.mark.django_db
def test_a_full_target_slot_is_refused_and_nothing_moves(personas):
    # given the 09:00 slot full (quota 1, taken) and a booking at 08:00
    first, second = _slots(2, 1)
    _book(second, 2)
    made = _book(first, 1)
    # when staff try to move the booking to 09:00, then it is refused naming the slot, and no place moved
    with pytest.raises(SlotFullError, match="颜春岭公墓 04月04日 09:00-10:00已约满"):
        svc.booking_reschedule(
            actor=personas.city, booking=made, slot_id=second.pk, reason="家属要求", now=DURING
        )
    assert Booking.objects.get(pk=made.pk).slot_id == first.pk and _left(first, second) == [1, 0]
    assert not AuditEntry.objects.filter(object_type="funeral.booking", action="update").exists()


@pytest.mark.django_db
def test_a_reschedule_stays_in_the_cemetery_and_season_and_needs_a_reason(personas):
    first, second = _slots(2, 2)
    made = _book(first, 1)
    elsewhere = _slots(5, cemetery=given.cemetery("富山公墓", "460107"))[0]
    with pytest.raises(FuneralError, match="只能改到颜春岭公墓本季的其他时段"):
        svc.booking_reschedule(
            actor=personas.city, booking=made, slot_id=elsewhere.pk, reason="x", now=DURING
        )
    with pytest.raises(FuneralError, match="新时段与原时段相同"):
        svc.booking_reschedule(actor=personas.city, booking=made, slot_id=first.pk, reason="x", now=DURING)
    with pytest.raises(FuneralError, match="请填写改期原因") as refused:
        svc.booking_reschedule(actor=personas.city, booking=made, slot_id=second.pk, reason="  ", now=DURING)
    assert refused.value.field == "reason"
    # a slot already past is not offered and not taken
    after_the_day = datetime(2021, 4, 5, 9, tzinfo=TZ)
    with pytest.raises(FuneralError, match="04月04日 09:00-10:00已过"):
        svc.booking_reschedule(
            actor=personas.city, booking=made, slot_id=second.pk, reason="x", now=after_the_day
        )
    assert svc.slots_for_change(made, today=date(2021, 4, 4)) == [second]
    assert svc.slots_for_change(made, today=date(2021, 4, 5)) == []
    assert _left(first, second, elsewhere) == [1, 2, 5]


@pytest.mark.django_db
def test_a_checked_in_or_cancelled_booking_is_not_changed(personas):
    first, second = _slots(2, 2)
    gate = given.operator("jigou_gate", "460107")
    first.cemetery.operators.add(gate)
    entered = _book(first, 1)
    svc.booking_check_in(actor=gate, code=entered.code, at=datetime(2021, 4, 4, 8, 10, tzinfo=TZ))
    with pytest.raises(FuneralError, match="状态为“已入园”，不能改期"):
        svc.booking_reschedule(
            actor=personas.city, booking=entered, slot_id=second.pk, reason="x", now=DURING
        )
    with pytest.raises(FuneralError, match="状态为“已入园”，不能取消"):
        svc.booking_refuse(actor=personas.city, booking=entered, reason="x", now=DURING)
    gone = _book(first, 2)
    svc.booking_cancel(code=gone.code, id_number=gone.id_number)
    with pytest.raises(FuneralError, match="状态为“已取消”，不能改期"):
        svc.booking_reschedule(actor=personas.city, booking=gone, slot_id=second.pk, reason="x", now=DURING)
    assert _left(first, second) == [1, 2]


@pytest.mark.django_db
def test_staff_cancel_returns_the_place_and_the_citizen_sees_the_reason(personas):
    # given a citizen's booking at 08:00 (quota 1: the slot is full)
    first, _ = _slots(1, 1)
    made = _book(first, 1)
    # when the district cancels it with a reason
    svc.booking_refuse(actor=personas.district, booking=made, reason="台风预警，公墓闭园", now=DURING)
    # then the booking is cancelled with the reason, and its place is back for somebody else
    stored = Booking.objects.get(pk=made.pk)
    assert (stored.status, stored.reason) == ("cancelled", "台风预警，公墓闭园") and _left(first)[0] == 1
    assert _book(first, 2).status == "booked"
    # and the citizen's own page (the portal's booking page) shows 已取消 and the reason
    page = render_to_string("portal/civil/qingming_detail.html", {"b": stored, "qr": "", "can_cancel": False})
    assert "已取消" in page and "取消原因" in page and "台风预警，公墓闭园" in page


@pytest.mark.django_db
def test_only_holders_of_the_capability_change_a_booking(personas):
    first, second = _slots(2, 2)
    made = _book(first, 1)
    # the town office reads bookings but does not change them
    with pytest.raises(PermissionDenied):
        svc.booking_reschedule(actor=personas.town, booking=made, slot_id=second.pk, reason="x", now=DURING)
    with pytest.raises(PermissionDenied):
        svc.booking_refuse(actor=personas.town, booking=made, reason="x", now=DURING)
    assert _left(first, second) == [1, 2] and Booking.objects.get(pk=made.pk).status == "booked"


# --- the pages -----------------------------------------------------------------------------------------------


@pytest.fixture
def tomorrow_slots(personas):
    """This year's season with two slots tomorrow (so the page offers the other one), a booking in the first."""
    now, today = timezone.now(), timezone.localdate()
    season = svc.season_set(
        actor=None, year=today.year + 1, sweep_from=today + timedelta(days=1), sweep_to=today + timedelta(days=2),
        booking_opens=now - timedelta(days=1), booking_closes=now + timedelta(days=1),
    )  # fmt: skip
    cemetery = given.cemetery(code="460105001")  # seen by the town, the district and the city personas
    svc.slots_open(
        actor=None, season=season, cemetery=cemetery, quota=2, days=[today + timedelta(days=1)],
        times=[(time(8), time(10)), (time(10), time(12))],
    )  # fmt: skip
    first, second = Slot.objects.filter(cemetery=cemetery).order_by("starts")
    made = svc.booking_create(
        request=BookingRequest(slot_id=first.pk, id_number=given.citizen_id(7), name="页面祭扫人", visitors=2)
    )
    return made, first, second


@pytest.mark.django_db
def test_the_detail_page_offers_the_changes_only_to_those_who_may(personas, tomorrow_slots):
    made, first, second = tomorrow_slots
    url = f"/funeral/qingming/bookings/{made.pk}/"
    # the bookings of the day link to the booking
    listed = client_for(personas.district).get(f"/funeral/qingming/bookings/?day={first.day:%Y-%m-%d}")
    assert url in listed.content.decode()
    page = client_for(personas.district).get(url).content.decode()
    assert (
        'data-testid="reschedule"' in page and 'data-testid="refuse"' in page and "10:00-12:00（余2）" in page
    )
    # the town office sees the booking, no form, and a POST is refused
    town = client_for(personas.town)
    seen = town.get(url).content.decode()
    assert made.code in seen and 'data-testid="reschedule"' not in seen and 'data-testid="refuse"' not in seen
    assert town.post(url + "refuse/", {"reason": "x"}).status_code == 403
    assert Booking.objects.get(pk=made.pk).status == "booked"


@pytest.mark.django_db
def test_rescheduling_and_cancelling_through_the_pages(personas, tomorrow_slots):
    made, first, second = tomorrow_slots
    district = client_for(personas.district)
    url = f"/funeral/qingming/bookings/{made.pk}/"
    # a missing reason is named, nothing changes
    refused = district.post(url + "reschedule/", {"slot": second.pk, "reason": ""}, follow=True)
    assert "改期原因" in refused.content.decode() and Booking.objects.get(pk=made.pk).slot_id == first.pk
    done = district.post(url + "reschedule/", {"slot": second.pk, "reason": "家属改约"}, follow=True)
    assert "已改期，预约码不变" in done.content.decode()
    assert Booking.objects.get(pk=made.pk).slot_id == second.pk and _left(first, second) == [2, 1]
    gone = district.post(url + "refuse/", {"reason": "重复预约"}, follow=True).content.decode()
    assert "已取消该预约" in gone and "取消原因" in gone and "重复预约" in gone
    assert _left(first, second) == [2, 2]


def _sheet_text(response) -> str:  # noqa: ANN001
    """Every XML part of the exported workbook, as text (the cells' strings are in it)."""
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as book:
        return "".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xml"))


@pytest.mark.django_db
def test_the_days_bookings_export_to_excel_audited(personas, tomorrow_slots):
    made, first, _ = tomorrow_slots
    export = "/funeral/qingming/bookings/export.xlsx?day="
    text = _sheet_text(client_for(personas.city).get(f"{export}{first.day:%Y-%m-%d}"))
    assert "预约码" in text and made.code in text and made.id_number not in text  # masked
    assert AuditEntry.objects.filter(
        action="export", detail__contains=f"清明祭扫预约{first.day:%Y-%m-%d}"
    ).exists()
    # another day's export has the headers only
    other = _sheet_text(client_for(personas.city).get(f"{export}{first.day + timedelta(days=1):%Y-%m-%d}"))
    assert "预约码" in other and made.code not in other


# --- the API -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_reschedules_and_cancels(personas, tomorrow_slots):
    made, first, second = tomorrow_slots
    api = client_for(personas.city)
    base = f"/api/v1/funeral/bookings/{made.pk}"

    def act(client, **body):  # noqa: ANN001, ANN003, ANN202
        return client.post(base + "/actions", body, content_type="application/json")

    moved = act(api, action="reschedule", slot=second.pk, reason="家属改约")
    assert moved.status_code == 200
    body = moved.json()
    assert (body["code"], body["slot_id"], body["starts"], body["reason"]) == (
        made.code,
        second.pk,
        "10:00",
        "家属改约",
    )
    assert body["id_number"] != made.id_number and body["id_number"].endswith(made.id_number[-4:])
    # a reschedule names its slot; a full slot is refused naming it
    assert act(api, action="reschedule", reason="再改").json()["field"] == "slot"
    Slot.objects.filter(pk=first.pk).update(left=0)
    full = act(api, action="reschedule", slot=first.pk, reason="再改")
    assert full.status_code == 422 and full.json()["field"] == "slot" and "已约满" in full.json()["message"]
    assert act(client_for(personas.town), action="cancel", reason="x").status_code == 403
    gone = act(api, action="cancel", reason="台风闭园")
    assert (
        gone.status_code == 200
        and gone.json()["status"] == "cancelled"
        and gone.json()["reason"] == "台风闭园"
    )
    assert api.get(base).json()["status_label"] == "已取消"
    # another district does not see the booking at all
    assert client_for(personas.other_district).get(base).status_code == 404


# --- concurrency (PostgreSQL) ----------------------------------------------------------------------------------


def _in_threads(jobs: list, *, threads: int) -> list[str]:  # noqa: ANN001
    """Run each job (a callable) on its own thread and connection, all released together; 'ok' or 'full'."""
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def run(job) -> None:  # noqa: ANN001
        try:
            start.wait(10)
            try:
                job()
                result = "ok"
            except SlotFullError:
                result = "full"
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert not any(w.is_alive() for w in workers)
    return outcomes


@pg_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_reschedules_never_overfill_the_target(personas):
    # given 8 bookings at 08:00 and a 09:00 slot with 3 places
    first, second = _slots(10, 3)
    made = [_book(first, n) for n in range(1, 9)]
    city = personas.city

    def move(b: Booking):  # noqa: ANN202
        return lambda: svc.booking_reschedule(
            actor=city, booking=b, slot_id=second.pk, reason="改约", now=DURING
        )

    # when all 8 are moved to 09:00 at once
    outcomes = _in_threads([move(b) for b in made], threads=8)
    # then exactly 3 moved, 09:00 is full and holds 3, and 08:00 got exactly those 3 places back
    assert outcomes.count("ok") == 3 and outcomes.count("full") == 5
    assert Booking.objects.filter(slot=second).count() == 3 and _left(first, second) == [10 - 8 + 3, 0]


@pg_only
@pytest.mark.django_db(transaction=True)
def test_crossing_reschedules_do_not_deadlock(personas):
    # given 4 bookings in each of two slots with room in both, moved across at the same time
    first, second = _slots(10, 10)
    at_first = [_book(first, n) for n in range(1, 5)]
    at_second = [_book(second, n) for n in range(11, 15)]
    city = personas.city
    jobs = [
        (
            lambda b=b, to=to: svc.booking_reschedule(
                actor=city, booking=b, slot_id=to.pk, reason="对调", now=DURING
            )
        )
        for bookings, to in ((at_first, second), (at_second, first))
        for b in bookings
    ]
    # then every move succeeds (no deadlock error), and the places add up
    assert _in_threads(jobs, threads=8) == ["ok"] * 8
    assert _left(first, second) == [6, 6] and Booking.objects.filter(slot=first).count() == 4
