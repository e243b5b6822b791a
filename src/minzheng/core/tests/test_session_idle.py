"""The idle timeout without a session write per request (``core.middleware.SessionIdleMiddleware``).

``SESSION_SAVE_EVERY_REQUEST`` wrote the session row — an UPDATE and a COMMIT — on every page every clerk opened:
under ``bench load`` the one write every request of the site made. A session in use is now saved once a minute
(``SESSION_IDLE_RENEW_SECONDS``), which keeps the idle timeout within that minute of ``SESSION_IDLE_MINUTES``.
"""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minzheng.core.middleware import SessionIdleMiddleware
from minzheng.core.testing import PASSWORD

pytestmark = pytest.mark.django_db


def _logged_in(username: str = "grid_a") -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _session_writes(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith("UPDATE") and Session._meta.db_table in q["sql"])


def test_pages_opened_within_a_minute_write_the_session_once_at_most(personas):
    # given a clerk who has just logged in (the login saved the session)
    client = _logged_in()
    # when she opens five pages within the same minute
    with CaptureQueriesContext(connection) as captured:
        for _ in range(5):
            assert client.get("/").status_code == 200
    # then the session row was not written on each of them
    assert _session_writes(captured.captured_queries) <= 1


def test_a_session_in_use_is_renewed_once_its_last_renewal_is_a_minute_old(personas):
    # given a session last renewed more than SESSION_IDLE_RENEW_SECONDS ago, its expiry 20 minutes away
    client = _logged_in()
    session = client.session
    session[SessionIdleMiddleware.STAMP] = (
        int(timezone.now().timestamp()) - settings.SESSION_IDLE_RENEW_SECONDS - 1
    )
    session.save()
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() + timezone.timedelta(minutes=20)
    )
    # when the clerk opens a page
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    # then the session was saved once, its expiry a full idle period ahead again
    assert _session_writes(captured.captured_queries) == 1
    remaining = Session.objects.get(pk=session.session_key).expire_date - timezone.now()
    idle = timezone.timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    assert idle - timezone.timedelta(minutes=1) < remaining <= idle


def test_an_anonymous_visitor_gets_no_session_row(db):
    # given nobody logged in, when the login page and the health check are opened
    client = Client()
    client.get("/login/")
    client.get("/healthz")
    # then no session was stored for them
    assert not Session.objects.exists()
