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
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from minzheng.config.wsgi import application
from minzheng.funeral import api, booking
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
        fields: dict[str, Any] | list[tuple[str, Any]] | None = None, *, key: str = "", method: str = "POST",
        content_type: str = "", query: str = "", host: str = "127.0.0.1:8000",
    ) -> tuple[int, dict[str, str], dict[str, Any]]:  # fmt: skip
        body = urlencode(fields or {}).encode()
        environ = {
            "REQUEST_METHOD": method, "PATH_INFO": booking_path(), "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000", "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": host,
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
        return (
            int(answer[0].split()[0]),
            headers,
            json.loads(text) if "json" in headers.get("Content-Type", "") else {},
        )

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


def test_the_route_is_a_plain_wsgi_function_without_djangos_request(personas, wsgi, monkeypatch):
    # given a slot, and Django's request object made unusable (the lean route must not build one)
    from django.core.handlers.wsgi import WSGIRequest

    slot, key = _open(quota=2)

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the lean route built an HttpRequest")

    monkeypatch.setattr(WSGIRequest, "__init__", refuse)
    # when a channel books and is refused, then the answers come without Django's request, resolver or middleware
    status, headers, body = wsgi(_fields(slot, 1), key=key)
    assert status == 201 and Booking.objects.filter(code=body["code"]).exists()
    assert headers["Content-Type"] == "application/json" and headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert wsgi(_fields(slot, 1), key=key)[0] == 409
    assert wsgi(_fields(slot, 2), key="wrong")[0] == 403


def test_an_oversized_body_a_bidi_name_and_a_repeated_field(personas, wsgi):
    slot, key = _open(quota=5)
    # a body over the limit: 413, read no further, nothing booked
    status, _, body = wsgi(_fields(slot, 1, name="市" * api.BODY_LIMIT), key=key)
    assert status == 413 and body["detail"] == f"请求内容超过{api.BODY_LIMIT}字节"
    # a right-to-left override in the name (it passes the boundary, as on every page): 422 naming the field
    status, _, body = wsgi(_fields(slot, 1, name="市民\u202e"), key=key)
    assert (status, body["field"]) == (422, "name")
    assert (
        body["message"]
        == "预约人姓名含有U+202E（从右到左覆盖符 RLO），它会改变文字的显示顺序，请删除后重新填写"
    )
    # a control character in a field's NAME: 400 naming it, as the middleware does
    status, _, body = wsgi({**_fields(slot, 1), "x\x1b": "1"}, key=key)
    assert status == 400 and body["message"].startswith("表单字段名“x<U+001B>”含有不允许的")
    assert Booking.objects.count() == 0
    # a field given twice: the last value counts, as in Django's QueryDict
    status, _, body = wsgi([*_fields(slot, 1).items(), ("visitors", 4)], key=key)
    assert status == 201 and Booking.objects.get(code=body["code"]).visitors == 4


def test_a_query_string_or_a_foreign_host_goes_through_the_whole_stack(personas, wsgi):
    slot, key = _open()
    status, headers, _ = wsgi(_fields(slot, 1), key=key, query="x=1")
    assert status == 201 and "Content-Security-Policy" in headers  # the full stack answered
    status, headers, _ = wsgi(_fields(slot, 2), key=key, host="evil.example")
    assert status == 400 and "Content-Security-Policy" in headers  # Django's DisallowedHost
    assert Booking.objects.count() == 1


def test_a_booking_advances_the_version_of_the_figures_without_a_cache_write(personas, wsgi, monkeypatch):
    # given the figures counting bookings and their data version, and the cache's writes watched
    from django.core.cache import cache

    from minzheng.reports import registry
    from minzheng.reports.registry import data_version, version_sequence

    slot, key = _open(quota=5)
    before = data_version(["funeral.booking"])
    writes: list[str] = []

    class Watched:
        def __getattr__(self, name: str) -> Any:
            return getattr(cache, name)

        def set(self, k: str, *args: Any, **kwargs: Any) -> None:
            writes.append(k)
            cache.set(k, *args, **kwargs)

    monkeypatch.setattr(registry, "cache", Watched())
    # when a channel books, then the version changes
    assert wsgi(_fields(slot, 1), key=key)[0] == 201
    after = data_version(["funeral.booking"])
    assert after != before
    if connection.vendor == "postgresql":  # there, through the sequence: no cache entry written per booking
        assert not [k for k in writes if "funeral.booking" in k]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT last_value FROM {version_sequence('funeral.booking')}")
            mark = cursor.fetchone()[0]
        # a booking inside a transaction advances it only when that transaction commits (here: never, the test's)
        with transaction.atomic():
            assert wsgi(_fields(slot, 2), key=key)[0] == 201
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT last_value FROM {version_sequence('funeral.booking')}")
                assert cursor.fetchone()[0] == mark


@pytest.mark.django_db(transaction=True)
def test_the_route_keeps_one_connection_per_thread_and_drops_an_obsolete_or_broken_one(personas):
    # given the production application called as gunicorn calls it (no test transaction, no fixture shortcuts)
    booking.channel_cache_clear()
    slot, key = _open(quota=5)

    def call(n: int) -> int:
        body = urlencode(_fields(slot, n)).encode()
        environ = {
            "REQUEST_METHOD": "POST", "PATH_INFO": booking_path(), "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000", "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": "127.0.0.1:8000",
            "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr, "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": api._FORM,
            "HTTP_AUTHORIZATION": f"Channel {key}",
        }  # fmt: skip
        answer: list[str] = []
        b"".join(application(environ, lambda status, headers: answer.append(status)))
        return int(answer[0].split()[0])

    if connection.vendor != "postgresql" or not connection.settings_dict["CONN_MAX_AGE"]:
        pytest.skip(
            "persistent connections: PostgreSQL with CONN_MAX_AGE (the test SQLite database stays open)"
        )
    # when two bookings come one after the other, then they share the thread's connection
    assert call(1) == 201
    first = connection.connection
    assert call(2) == 201
    assert first is not None and connection.connection is first
    # when the connection has outlived CONN_MAX_AGE, or an error left it unusable, then the next request replaces it
    connection.close_at = 0.0
    assert call(3) == 201
    assert connection.connection is not first
    second = connection.connection
    connection.errors_occurred = True
    second.close()  # the server went away: is_usable() fails
    assert call(4) == 201
    assert connection.connection is not None and connection.connection is not second
    assert Booking.objects.filter(slot=slot).count() == 4
