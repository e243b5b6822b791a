"""Test personas (after Healthchecks.io's alice/bob/charlie): who may see what, by region.

grid_a   网格员 of 秀华社区第1网格 (460105001001001)
grid_b   网格员 of 秀海社区第1网格 (460105001002001), same town, must see nothing of grid A
community 社区 worker of 秀华社区
town     镇街 case worker of 秀英街道 (460105001)
district 区局 reviewer of 秀英区 (460105)
other_district 区局 reviewer of 美兰区 (460108), must see nothing of 秀英区
city     市局 manager; auditor; admin
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.test import Client

from minzheng.core.models import Region, User
from minzheng.core.regions import regions_load
from minzheng.core.roles import Role

PASSWORD = "Test-Passw0rd!"

GRID_A = "460105001001001"
GRID_B = "460105001002001"
COMMUNITY_A = "460105001001"
TOWN = "460105001"
DISTRICT = "460105"
OTHER_DISTRICT = "460108"
CITY = "460100"


@dataclass(frozen=True)
class Personas:
    grid_a: User
    grid_b: User
    community: User
    town: User
    district: User
    other_district: User
    city: User
    auditor: User
    admin: User


def regions_ensure(scale: float = 0.01) -> None:
    if not Region.objects.filter(level=Region.Level.GRID).exists():
        regions_load(scale=scale)


def user_make(username: str, role: str, code: str | Region, **extra: Any) -> User:
    """A user of ``role`` in the region ``code`` (or that region itself, already read)."""
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        region=code if isinstance(code, Region) else Region.objects.get(code=code),
        display_name=username,
        **extra,
    )
    return user


def personas_create() -> Personas:
    """The nine personas (most tests make them: their six regions are read in one query, not one per user)."""
    regions_ensure()
    at = Region.objects.in_bulk(
        [GRID_A, GRID_B, COMMUNITY_A, TOWN, DISTRICT, OTHER_DISTRICT, CITY], field_name="code"
    )
    return Personas(
        grid_a=user_make("grid_a", Role.GRID_WORKER, at[GRID_A]),
        grid_b=user_make("grid_b", Role.GRID_WORKER, at[GRID_B]),
        community=user_make("community", Role.COMMUNITY_WORKER, at[COMMUNITY_A]),
        town=user_make("town", Role.TOWN_CASEWORKER, at[TOWN]),
        district=user_make("district", Role.DISTRICT_REVIEWER, at[DISTRICT]),
        other_district=user_make("other_district", Role.DISTRICT_REVIEWER, at[OTHER_DISTRICT]),
        city=user_make("city", Role.CITY_MANAGER, at[CITY]),
        auditor=user_make("auditor", Role.AUDITOR, at[CITY]),
        admin=user_make("admin", Role.SYSADMIN, at[CITY], is_staff=True, is_superuser=True),
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- browser tests (Playwright's ``page`` fixture of conftest.py): the steps every flow repeats -------------


def browser_login(page: Any, username: str, password: str = PASSWORD, *, expect_in: bool = True) -> None:
    """In a browser test: sign in through the login page as ``username``; with ``expect_in`` wait until the page
    names the user (``whoami``), else only submit (a refused login stays on the page)."""
    page.goto(f"{page.base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    if expect_in:
        page.wait_for_selector("[data-testid=whoami]")


def browser_logout(page: Any) -> None:
    """In a browser test: sign out from the bar and wait for the login form."""
    page.click("text=退出")
    page.wait_for_selector("#id_username")


def browser_act(page: Any, action: str) -> None:
    """In a browser test: take a case action (``{% case_actions %}``'s button) and wait for its success message."""
    page.click(f"[data-testid=action-{action}]")
    page.wait_for_selector(".msg-success")


def nav_click(page: Any, label: str) -> None:
    """In a browser test: open the bar's menu holding the page ``label`` and follow it."""
    menu = page.locator("nav.mainnav details.navmenu", has=page.locator("a", has_text=label)).first
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()
    menu.locator("a", has_text=label).first.click()


class Killed(BaseException):
    """The in-process stand-in for ``kill -9`` (see :func:`run_killed`): not an ``Exception``, so no handler of
    the code under test catches it."""


def session_ended_wait(pid: int, *, seconds: float = 10.0) -> bool:
    """Wait until the PostgreSQL session of server process ``pid`` has ended; whether it did within ``seconds``.
    A client's close (or its process's kill) returns before the server has ended the session and released its
    locks: a check right after it may still see them."""
    import time

    from django.db import connection

    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # a fresh view, even inside a transaction
            cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone() is None:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)


def _connections_set_aside() -> list[Any]:
    """In a forked child: set aside every open database connection it inherited, of whatever thread or context,
    so that whatever it runs opens its own; return them, to be kept referenced and never closed (a close, or a
    finaliser, would end the parent's session on the socket both hold).

    ``connections.close_all()`` in the parent closes only the connections its own thread and context see (Django's
    ``connections`` is an asgiref ``Local``). A process that has run many tests holds other connection objects
    too, and the child once went on in one of them. A kill -9 of the child then did not end its session: the
    parent's copy of the socket kept it open, idle in the killed transaction, with its row locks. The rerun
    waited for them until the tests' lock timeout, 120 s; this was seen on PostgreSQL, once in five runs of the
    children tests."""
    import gc

    from django.db.backends.base.base import BaseDatabaseWrapper

    inherited = []
    for obj in gc.get_objects():
        # type(), not isinstance(): isinstance would evaluate lazy objects (a request's CSP nonce) it meets
        if issubclass(type(obj), BaseDatabaseWrapper) and obj.connection is not None:
            inherited.append(obj.connection)
            obj.connection = None
    return inherited


def run_killed(step: Any, *, target: str, nth: int) -> bool:
    """Run ``step()`` and let it die like ``kill -9`` at the ``nth`` call of ``target`` (the dotted path of a
    function the step calls inside one of its transactions, as ``unittest.mock.patch`` takes it). Answers whether
    it died there (False: the step finished first).

    On PostgreSQL (a transactional test: what the test made is committed) a forked process runs the step and
    SIGKILLs itself at that call: the server rolls back the open transaction of a connection whose process is
    gone, exactly as after a real kill. On SQLite the test database lives in this process's memory, which a
    forked process cannot write to: the call raises :class:`Killed`, and the open transaction is rolled back
    the same way — what was committed before stays, what was open is gone.
    """
    import os
    import pkgutil
    import signal
    from unittest import mock

    from django.db import connection, connections

    calls = [0]
    real = pkgutil.resolve_name(target)
    forked = connection.vendor == "postgresql"

    def dying(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == nth:
            if forked:
                os.kill(os.getpid(), signal.SIGKILL)
            raise Killed(target)
        return real(*args, **kwargs)

    if not forked:
        try:
            with mock.patch(target, dying):
                step()
        except Killed:
            return True
        return False
    connections.close_all()  # the child opens its own connection; none is shared across the fork
    pid = os.fork()
    if pid == 0:  # pragma: no cover  (the child: never returns)
        _inherited = _connections_set_aside()  # kept referenced until the child ends, never closed
        code = 1
        try:
            with mock.patch(target, dying):
                step()
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
