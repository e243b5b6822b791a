"""The day-before reminder of the citizen's bookings: a 清明 sweeping booked for tomorrow and a marriage appointment
tomorrow — one inbox message and one text per booking to each citizen it concerns (the booking person; for a
marriage appointment, each party with an account). ``notify``'s key makes a rerun of the same day send nothing."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from minzheng.funeral.models import Booking
from minzheng.marriage.models import Appointment
from minzheng.portal.models import Citizen
from minzheng.portal.notify import notify
from minzheng.portal.reminders import reminder_register


@reminder_register("bookings_tomorrow")
def bookings_tomorrow(day: date) -> int:
    tomorrow = day + timedelta(days=1)
    sent = 0
    bookings = list(
        Booking.objects.filter(status=Booking.Status.BOOKED, slot__day=tomorrow).select_related(
            "slot", "cemetery"
        )
    )
    appointments = list(
        Appointment.objects.filter(status=Appointment.Status.BOOKED, day=tomorrow).select_related(
            "office", "man", "woman"
        )
    )
    numbers = {b.id_number for b in bookings}
    numbers |= {p.id_number for a in appointments for p in (a.man, a.woman)}
    citizens = {c.id_number: c for c in Citizen.objects.filter(id_number__in=numbers)}
    for b in bookings:
        citizen = citizens.get(b.id_number)
        if citizen is None:
            continue
        sent += notify(
            citizen,
            title="您明天有清明祭扫预约",
            body=f"{b.cemetery.name}，{b.slot.day:%m月%d日} {b.slot.starts:%H:%M}-{b.slot.ends:%H:%M}，"
            f"{b.visitors}人。请凭预约二维码入园。",
            url=reverse("portal:qingming_detail", args=[b.pk]),
            key=f"qingming:{b.pk}:tomorrow",
        )
    for a in appointments:
        for party in (a.man, a.woman):
            citizen = citizens.get(party.id_number)
            if citizen is None:
                continue
            sent += notify(
                citizen,
                title="您明天有婚姻登记预约",
                body=f"{a.office.name}，{a.day:%m月%d日}，{a.get_kind_display()}。请双方携带身份证件、户口簿亲自到场。",
                url=reverse("portal:marriage_detail", args=[a.pk]),
                key=f"marriage:{a.pk}:tomorrow",
            )
    return sent
