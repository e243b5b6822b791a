"""POST /api/funeral/bookings: a booking channel books for the citizen it identified, with its key — 201 with the
code, 409 full or duplicate, 422 naming the field, 403 without a valid key."""

from __future__ import annotations

from datetime import time

import pytest
from django.test import Client
from django.utils import timezone

from minzheng.funeral import booking
from minzheng.funeral.tests import given

pytestmark = pytest.mark.django_db


def test_a_channel_books_and_is_answered_in_json(personas):
    today = timezone.localdate()
    season = booking.season_set(
        actor=None, year=today.year, sweep_from=today, sweep_to=today,
        booking_opens=timezone.now() - timezone.timedelta(hours=1),
        booking_closes=timezone.now() + timezone.timedelta(hours=1),
    )  # fmt: skip
    booking.slots_open(
        actor=None, season=season, cemetery=given.cemetery(), times=[(time(8), time(10))], quota=1
    )
    slot = season.slots.get()
    _channel, key = booking.channel_issue(name="椰城市民云")
    client = Client()
    body = {
        "slot": slot.pk,
        "id_number": given.citizen_id(3),
        "name": "市民",
        "visitors": 2,
        "plate": "琼A88888",
    }
    assert client.post("/api/funeral/bookings", body).status_code == 403
    auth = {"HTTP_AUTHORIZATION": f"Channel {key}"}
    made = client.post("/api/funeral/bookings", body, **auth)
    assert made.status_code == 201 and made.json()["code"]
    again = client.post("/api/funeral/bookings", body, **auth)
    assert again.status_code == 409, again.json()
    assert again.json()["error"] in {"duplicate", "full"}
    other = client.post("/api/funeral/bookings", {**body, "id_number": given.citizen_id(4)}, **auth)
    assert other.status_code == 409 and other.json()["error"] == "full"
    bad = client.post("/api/funeral/bookings", {**body, "visitors": 11}, **auth)
    assert bad.status_code == 422 and bad.json()["field"] == "visitors"
