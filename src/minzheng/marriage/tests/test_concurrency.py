"""Under concurrency on PostgreSQL (SQLite has one writer): registrations at one office get consecutive
numbers with no gap and no duplicate; nobody is married twice by two clerks at once; a day is never
overbooked. Each thread uses its own connection and closes it."""

import os
import threading
from datetime import date

import pytest
from django.db import connections

from minzheng.marriage import services
from minzheng.marriage.errors import MarriageError
from minzheng.marriage.models import Appointment, Counter, DaySlot, Registration
from minzheng.marriage.tests.given import man, registry_offices, woman

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").split(":")[0] not in {"postgres", "postgresql"},
        reason="PostgreSQL: concurrent writers (SQLite has one writer)",
    ),
    pytest.mark.django_db(transaction=True),
]
DAY = date(2021, 5, 20)


def _race(calls):  # noqa: ANN001, ANN202
    """Run the calls at once, one thread and connection each; return (results, refusals)."""
    barrier = threading.Barrier(len(calls))
    results, refusals = [], []

    def run(call):  # noqa: ANN001, ANN202
        try:
            barrier.wait(10)
            results.append(call())
        except MarriageError as exc:
            refusals.append(exc.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads)
    return results, refusals


def test_concurrent_registrations_get_consecutive_numbers_and_no_one_marries_twice():
    reg = registry_offices()
    couples = [(man(f"男{i}"), woman(f"女{i}")) for i in range(8)]

    def wed(husband, wife):  # noqa: ANN001, ANN202
        return lambda: services.marriage_register(
            actor=reg.clerk, office=reg.xiuying, man=husband, woman=wife, on=DAY, both_present=True,
            documents_checked=True,
        )  # fmt: skip

    # when eight couples are registered at the same moment by the office's clerks
    results, refusals = _race([wed(h, w) for h, w in couples])
    # then eight numbers 000001…000008, no gap, no duplicate, and the counter says 8
    assert refusals == []
    assert sorted(r.number for r in results) == [f"J460105-2021-{i:06d}" for i in range(1, 9)]
    assert Counter.objects.get(office=reg.xiuying, series="J", year=2021).last == 8
    # when one man comes to five clerks at once with five different women
    groom = man("重婚者")
    results, refusals = _race([wed(groom, woman(f"新娘{i}")) for i in range(5)])
    # then one marriage is registered and four are refused as bigamy, and the numbers stay gap-free
    assert len(results) == 1 and len(refusals) == 4 and all("重婚" in r for r in refusals)
    numbers = sorted(Registration.objects.filter(office=reg.xiuying).values_list("serial", flat=True))
    assert numbers == list(range(1, 10))


def test_concurrent_bookings_never_overbook_a_day():
    reg = registry_offices()
    reg.xiuying.daily_capacity = 5
    reg.xiuying.save(update_fields=["daily_capacity"])
    couples = [(man(f"男{i}"), woman(f"女{i}")) for i in range(12)]

    def book(husband, wife):  # noqa: ANN001, ANN202
        return lambda: services.appointment_book(
            actor=reg.clerk, office=reg.xiuying, day=DAY, man=husband, woman=wife, today=date(2021, 5, 1)
        )

    # when twelve couples book the same day of five places at once
    results, refusals = _race([book(h, w) for h, w in couples])
    # then five are booked, seven told the day is full, and the day shows 5 of 5
    assert len(results) == 5 and len(refusals) == 7 and all("预约已满" in r for r in refusals)
    slot = DaySlot.objects.get(office=reg.xiuying, day=DAY)
    assert (slot.booked, slot.capacity) == (5, 5)
    assert Appointment.objects.filter(office=reg.xiuying, day=DAY).count() == 5
