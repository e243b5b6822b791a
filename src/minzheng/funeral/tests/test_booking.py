"""清明 bookings: per-slot quota, one booking per ID per cemetery per season, visitors and plate checked, the window,
check-in once on the day, cancellation gives the place back — and the quota and the one-per-ID rule hold under
concurrency (threads on PostgreSQL, each with its own connection)."""

from __future__ import annotations

import os
import threading
from datetime import date, datetime, time

import pytest
from django.db import connection

from minzheng.funeral import booking as svc
from minzheng.funeral.booking import BookingRequest
from minzheng.funeral.errors import FuneralError, SlotFullError
from minzheng.funeral.models import Booking, Slot
from minzheng.funeral.tests import given

TZ = given.at(date(2021, 3, 1)).tzinfo
DURING = datetime(2021, 3, 12, 9, tzinfo=TZ)
pg_only = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":")[0] not in {"postgres", "postgresql"},
    reason="concurrency is tested on PostgreSQL (SQLite serialises writers)",
)


def _slots(quota: int = 2, cemetery=None):  # noqa: ANN001, ANN202
    season = given.season()
    cemetery = cemetery or given.cemetery()
    svc.slots_open(
        actor=None, season=season, cemetery=cemetery, quota=quota, days=[date(2021, 4, 4)],
        times=[(time(8), time(10)), (time(10), time(12))],
    )  # fmt: skip
    return list(Slot.objects.filter(cemetery=cemetery).order_by("starts"))


def _book(slot: Slot, n: int, **kw):  # noqa: ANN003, ANN202
    request = BookingRequest(
        slot_id=slot.pk, id_number=kw.pop("id_number", given.citizen_id(n)), name=f"祭扫人{n}",
        visitors=kw.pop("visitors", 3), phone="13907551234", plate=kw.pop("plate", "琼A12345"),
    )  # fmt: skip
    return svc.booking_create(request=request, now=kw.pop("now", DURING))


@pytest.mark.django_db
def test_a_slot_takes_its_quota_and_no_more(personas):
    first, _second = _slots(quota=2)
    _book(first, 1)
    _book(first, 2)
    with pytest.raises(SlotFullError, match="已约满"):
        _book(first, 3)
    first.refresh_from_db()
    assert first.left == 0 and Booking.objects.filter(slot=first).count() == 2


@pytest.mark.django_db
def test_one_booking_per_id_per_cemetery_per_season_whichever_slot(personas):
    first, second = _slots()
    _book(first, 1)
    with pytest.raises(FuneralError, match="每人每个公墓每季只能预约一次"):
        _book(second, 1)
    second.refresh_from_db()
    assert second.left == 2  # the refused booking took no place
    # another cemetery is another booking
    other = _slots(cemetery=given.cemetery("富山公墓", "460107"))[0]
    assert _book(other, 1).cemetery.name == "富山公墓"


@pytest.mark.django_db
def test_the_request_is_checked_field_by_field(personas):
    first, _ = _slots()
    with pytest.raises(FuneralError, match="每个预约最多10人，实为11人"):
        _book(first, 1, visitors=11)
    with pytest.raises(FuneralError, match="身份证号码不正确"):
        good = given.citizen_id(1)
        _book(first, 1, id_number=good[:17] + ("0" if good[17] != "0" else "1"))
    with pytest.raises(FuneralError, match="车牌号“A12345”格式不正确"):
        _book(first, 1, plate="A12345")
    with pytest.raises(FuneralError, match="预约尚未开放"):
        _book(first, 1, now=datetime(2021, 3, 1, 9, tzinfo=TZ))
    with pytest.raises(FuneralError, match="预约已截止"):
        _book(first, 1, now=datetime(2021, 4, 5, 9, tzinfo=TZ))
    first.refresh_from_db()
    assert first.left == 2
    assert _book(first, 1, plate="琼ad12345").plate == "琼AD12345"  # a new-energy plate, upper-cased


@pytest.mark.django_db
def test_check_in_once_on_the_day_by_the_cemeterys_staff_and_cancel_gives_the_place_back(personas):
    cemetery = given.cemetery()
    gate = given.operator("gate")
    cemetery.operators.add(gate)
    first, _ = _slots(quota=1, cemetery=cemetery)
    booking = _book(first, 1)
    with pytest.raises(FuneralError, match="不是今天"):
        svc.booking_check_in(actor=gate, code=booking.code, at=datetime(2021, 4, 3, 9, tzinfo=TZ))
    with pytest.raises(FuneralError, match="不是颜春岭公墓的经办人"):
        svc.booking_check_in(actor=given.operator("other_gate"), code=booking.code)
    on_day = datetime(2021, 4, 4, 8, 30, tzinfo=TZ)
    assert svc.booking_check_in(actor=gate, code=booking.code.lower(), at=on_day).status == "checked_in"
    with pytest.raises(FuneralError, match="已于08:30入园"):
        svc.booking_check_in(actor=gate, code=booking.code, at=on_day)
    with pytest.raises(FuneralError, match="不能取消"):
        svc.booking_cancel(code=booking.code, id_number=booking.id_number)
    # a booking cancelled frees its place and the person may book again
    second = Slot.objects.filter(cemetery=cemetery).order_by("starts").last()
    other = _book(second, 2)
    svc.booking_cancel(code=other.code, id_number=other.id_number)
    second.refresh_from_db()
    assert second.left == 1
    assert _book(second, 2).status == "booked"


def _race(slot_ids: list[int], people, threads: int) -> list[str]:  # noqa: ANN001
    """Each thread ``k`` of ``threads`` books ``people(k)`` in turn (its own connection, closed at the end)."""
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def run(k: int) -> None:
        try:
            start.wait(10)
            for i, n in enumerate(people(k)):
                slot = Slot(pk=slot_ids[(k + i) % len(slot_ids)])
                try:
                    _book(slot, n)
                    result = "ok"
                except SlotFullError:
                    result = "full"
                except FuneralError:
                    result = "duplicate"
                with lock:
                    outcomes.append(result)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert not any(w.is_alive() for w in workers)
    return outcomes


@pg_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_never_exceed_the_quota(personas):
    # given one slot of 15 places and 8 threads each trying 10 different people (80 distinct IDs)
    first, _ = _slots(quota=15)
    outcomes = _race([first.pk], lambda k: [k * 10 + n for n in range(1, 11)], threads=8)
    # then exactly 15 were accepted, and the slot is empty
    first.refresh_from_db()
    assert outcomes.count("ok") == 15 == Booking.objects.filter(slot=first).count()
    assert first.left == 0 and outcomes.count("full") == 80 - 15


@pg_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_of_one_id_across_slots_book_once(personas):
    # given two slots with room for everybody, and 8 threads all booking the same 5 people, each in a different slot
    first, second = _slots(quota=100)
    outcomes = _race([first.pk, second.pk], lambda k: [1, 2, 3, 4, 5], threads=8)
    # then each person holds exactly one booking, and the places taken are exactly the bookings
    counts = Booking.objects.values_list("id_number", flat=True)
    assert sorted(counts) == sorted(given.citizen_id(n) for n in range(1, 6))
    assert outcomes.count("ok") == 5 and outcomes.count("duplicate") == 35
    first.refresh_from_db()
    second.refresh_from_db()
    assert (100 - first.left) + (100 - second.left) == 5


@pytest.mark.django_db
def test_a_closed_cemetery_and_a_missing_slot_are_refused_and_take_no_place(personas):
    # given a cemetery's slots, then the cemetery closed to bookings
    first, _ = _slots(quota=2)
    type(first.cemetery).objects.filter(pk=first.cemetery_id).update(active=False)
    # when a person books, then the refusal names the cemetery, and the slot keeps its places
    with pytest.raises(FuneralError, match="颜春岭公墓暂停开放预约"):
        _book(first, 1)
    first.refresh_from_db()
    assert first.left == 2 and not Booking.objects.exists()
    # a slot that does not exist is named as such
    with pytest.raises(FuneralError, match="预约时段不存在"):
        _book(Slot(pk=first.pk + 10_000), 1)
