"""The lean route of POST /api/funeral/bookings (``api.booking_route``, wired in ``config.wsgi``, what ``minzheng serve``
answers with): the same view and service behind only the middleware a channel needs — and the same answers as the
full stack: 201 with the code, 403 for a bad key, 409 full or duplicate, 422 naming the field, 400 for a control
character, each with its Chinese message. Anything else at that path still goes through the whole stack."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from datetime import time
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone

from minzheng.config.wsgi import application
from minzheng.funeral import booking
from minzheng.funeral import api
from minzheng.funeral.api import booking_path
from minzheng.funeral.models import Booking, Channel, Slot
from minzheng.funeral.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def wsgi(monkeypatch) -> Iterator[Any]:
    """Call the production WSGI application in this test's transaction (Django closes the connection around a WSGI
    request, and so does the lean route; the test client sets that aside the same way)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    monkeypatch.setattr(api, "close_old_connections", lambda: None)
    booking.channel_cache_clear()

    def call(
        fields: dict[str, Any] | None = None, *, key: str = "", method: str = "POST", content_type: str = ""
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        body = urlencode(fields or {}).encode()
        environ = {
            "REQUEST_METHOD": method, "PATH_INFO": booking_path(), "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000", "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1:8000",
            "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr, "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": content_type or "application/x-www-form-urlencoded",
        }  # fmt: skip
        if key:
            environ["HTTP_AUTHORIZATION"] = f"Channel {key}"
        answer: list[Any] = []
        chunks = application(environ, lambda status, headers: answer.extend([status, headers]))
        try:
            text = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        headers = dict(answer[1])
        return int(answer[0].split()[0]), headers, json.loads(text) if text else {}

    yield call
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
    booking.channel_cache_clear()


def _open(quota: int = 1) -> tuple[Slot, str]:
    now = timezone.now()
    season = booking.season_set(
        actor=None, year=now.year, sweep_from=timezone.localdate(), sweep_to=timezone.localdate(),
        booking_opens=now - timezone.timedelta(hours=1), booking_closes=now + timezone.timedelta(hours=1),
    )  # fmt: skip
    booking.slots_open(
        actor=None, season=season, cemetery=given.cemetery(), times=[(time(8), time(10))], quota=quota
    )
    _channel, key = booking.channel_issue(name="椰城市民云")
    return season.slots.get(), key


def _fields(slot: Slot, n: int, **kw: Any) -> dict[str, Any]:
    return {"slot": slot.pk, "id_number": given.citizen_id(n), "name": f"市民{n}", "visitors": 2, **kw}


def test_the_lean_route_books_and_refuses_as_the_service_does(personas, wsgi):
    # given a slot of one place and a channel's key
    slot, key = _open(quota=1)
    # when a request comes without the key, then 403 and nothing is booked
    status, _, body = wsgi(_fields(slot, 1))
    assert (status, body["detail"]) == (403, "预约渠道密钥无效")
    status, _, body = wsgi(_fields(slot, 1), key="not-the-key")
    assert status == 403
    # when the channel books for a citizen, then 201 with the code, stored, with the headers the site always sends
    status, headers, body = wsgi(_fields(slot, 1, plate="琼a12345"), key=key)
    assert status == 201, body
    made = Booking.objects.get(code=body["code"])
    assert (made.slot_id, made.id_number, made.plate, made.visitors) == (
        slot.pk,
        given.citizen_id(1),
        "琼A12345",
        2,
    )
    assert headers["Content-Length"] == str(len(json.dumps(body)))
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    assert "Set-Cookie" not in headers and "Content-Security-Policy" not in headers  # no session, no page
    # when the same citizen books again, or another one, then 409 full: the only place is taken (checked first)
    status, _, body = wsgi(_fields(slot, 1), key=key)
    assert status == 409 and body["error"] == "full"
    status, _, body = wsgi(_fields(slot, 2), key=key)
    assert status == 409 and body["error"] == "full" and "已约满" in body["message"]
    slot.refresh_from_db()
    assert slot.left == 0 and Booking.objects.filter(slot=slot).count() == 1


def test_a_duplicate_a_malformed_body_and_a_control_character_are_refused_by_field(personas, wsgi):
    slot, key = _open(quota=5)
    assert wsgi(_fields(slot, 1), key=key)[0] == 201
    # the same ID number again, in a slot with room: 409 duplicate with the rule's message
    status, _, body = wsgi(_fields(slot, 1), key=key)
    assert status == 409 and body["error"] == "duplicate"
    assert "每人每个公墓每季只能预约一次" in body["message"]
    # visitors not a number: 422 naming the field
    status, _, body = wsgi(_fields(slot, 2, visitors="两"), key=key)
    assert (status, body["field"], body["message"]) == (422, "visitors", "时段和人数须为整数")
    # over the season's limit: 422 with the rule's message
    status, _, body = wsgi(_fields(slot, 2, visitors=11), key=key)
    assert (status, body["field"]) == (422, "visitors") and "每个预约最多10人，实为11人" in body["message"]
    # a bad ID number, a bad plate: 422 naming each field
    status, _, body = wsgi(_fields(slot, 2, id_number="460106"), key=key)
    assert (status, body["field"]) == (422, "id_number") and "身份证号码不正确" in body["message"]
    status, _, body = wsgi(_fields(slot, 2, plate="A12345"), key=key)
    assert (status, body["field"], body["message"]) == (
        422,
        "plate",
        "车牌号“A12345”格式不正确（如琼A12345）",
    )
    # a slot that does not exist: 422 naming the slot
    status, _, body = wsgi({**_fields(slot, 2), "slot": slot.pk + 10_000}, key=key)
    assert (status, body["field"], body["message"]) == (422, "slot", "预约时段不存在")
    # a control character in a field: the site's input boundary answers 400 naming the field, before any booking
    status, _, body = wsgi(_fields(slot, 2, name="市民\x00"), key=key)
    assert status == 400 and body["field"] == "name" and "表单字段“name”含有不允许的" in body["message"]
    slot.refresh_from_db()
    assert slot.left == 4 and Booking.objects.filter(slot=slot).count() == 1  # no refusal took a place


def test_other_methods_and_bodies_at_the_path_go_through_the_whole_stack(personas, wsgi):
    slot, key = _open()
    # a GET is answered by the full stack's view decorator (405), with the site's CSP header
    status, headers, _ = wsgi(method="GET", key=key)
    assert status == 405 and "Content-Security-Policy" in headers
    # a multipart body is left to the whole stack too (the lean route takes url-encoded forms): same view, same rules
    status, headers, body = wsgi(method="POST", key=key, content_type="multipart/form-data; boundary=xYzZY")
    assert (status, body["field"]) == (422, "name") and "Content-Security-Policy" in headers
    assert Booking.objects.count() == 0 and slot.quota == 1


def test_a_channel_switched_off_stops_booking_once_its_cached_key_expires(personas, wsgi, monkeypatch):
    slot, key = _open(quota=5)
    assert wsgi(_fields(slot, 1), key=key)[0] == 201
    Channel.objects.update(active=False)
    # held for CHANNEL_TTL seconds in this process (a key check per booking costs a query otherwise)
    assert wsgi(_fields(slot, 2), key=key)[0] == 201
    clock = [booking.time_monotonic() + booking.CHANNEL_TTL + 1]
    monkeypatch.setattr(booking, "time_monotonic", lambda: clock[0])
    status, _, body = wsgi(_fields(slot, 3), key=key)
    assert (status, body["detail"]) == (403, "预约渠道密钥无效")
    # switched on again, it books at once (a refused key is never held)
    Channel.objects.update(active=True)
    assert wsgi(_fields(slot, 3), key=key)[0] == 201
