"""Citizen A's records of the civil services for the leak matrix, made through the domains' services, each with the
marker in a text A's pages show: a marriage appointment (the other party's name), a 清明 booking (the booking
name), a proxy sweeping done with a photo (the deceased's name), a message awaiting approval on a public memorial."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from minzheng.core.models import Region
from minzheng.core.workdays import add_workdays
from minzheng.funeral import booking as qm
from minzheng.funeral import remembrance
from minzheng.funeral.models import Cemetery, Memorial, Slot
from minzheng.funeral.tests import given as fgiven
from minzheng.marriage.services import appointment_from_citizen, offices_ensure
from minzheng.marriage.tests.given import someone
from minzheng.portal.models import Citizen
from minzheng.portal.models_civil import MemorialMessageAuthor
from minzheng.portal.testing import leak_seed_register

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def _cemetery() -> Cemetery:
    return Cemetery.objects.filter(name="颜春岭公墓").first() or fgiven.cemetery()


def _slot() -> Slot:
    """A season open now with a slot tomorrow at the test cemetery (made once)."""
    now, today = timezone.now(), timezone.localdate()
    season = qm.season_set(
        actor=None, year=today.year + 1, sweep_from=today + timedelta(days=1), sweep_to=today + timedelta(days=2),
        booking_opens=now - timedelta(days=1), booking_closes=now + timedelta(days=1),
    )  # fmt: skip
    qm.slots_open(
        actor=None, season=season, cemetery=_cemetery(), quota=10, days=[today + timedelta(days=1)],
        times=[(time(8), time(10))],
    )  # fmt: skip
    return Slot.objects.filter(season=season, cemetery=_cemetery()).first()  # type: ignore[return-value]


@leak_seed_register
def marriage_seed(citizen: Citizen, marker: str) -> None:
    assert citizen.person is not None
    me = citizen.person
    other = someone(marker, sex="F" if me.gender == "M" else "M", born=date(1960, 1, 1))
    office = offices_ensure()[1]
    appointment_from_citizen(
        office=office,
        day=add_workdays(timezone.localdate(), 2),
        applicant=me,
        other=other,
        phone=citizen.phone,
    )


@leak_seed_register
def qingming_seed(citizen: Citizen, marker: str) -> None:
    qm.booking_create(
        request=qm.BookingRequest(slot_id=_slot().pk, id_number=citizen.id_number, name=marker, visitors=2)
    )


@leak_seed_register
def proxy_seed(citizen: Citizen, marker: str) -> None:
    order = remembrance.proxy_order_create(
        cemetery=_cemetery(), deceased_name=marker, requester_name=citizen.name,
        requester_id_number=citizen.id_number, requester_phone=citizen.phone, day=timezone.localdate(),
    )  # fmt: skip
    gate = fgiven.operator()
    order.cemetery.operators.add(gate)
    photo = SimpleUploadedFile("p.png", PNG_1X1, content_type="image/png")
    remembrance.proxy_order_complete(actor=gate, order=order, photos=[photo])


@leak_seed_register
def memorial_seed(citizen: Citizen, marker: str) -> None:
    memorial = Memorial.objects.filter(name="纪念测试").first() or remembrance.memorial_create(
        name="纪念测试", region=Region.objects.get(code="460105")
    )
    message = remembrance.message_post(memorial=memorial, author="家属", text=marker)
    MemorialMessageAuthor.objects.create(citizen=citizen, message=message)
