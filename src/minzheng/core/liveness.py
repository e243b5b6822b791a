"""How a piece of background work (an import, a job) proves it is still running, so that work killed with its
process (kill -9, a crash, a restart) is told from live work by whoever looks next — without the live work
writing anything while it runs.

* PostgreSQL: the running process holds a session-level advisory lock ``(lock class, key)`` on its connection for
  the whole run. The server releases it the moment the process dies (its connection goes), so work marked
  running whose lock nobody holds is dead, whatever machine ran it.
* SQLite (one machine): the work records its runner, ``host:pid``; a process that no longer exists on this host
  ran dead work. A runner of another host cannot be checked from here and counts as alive.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)


def _host() -> str:
    return socket.gethostname()[:40]


def runner_name() -> str:
    """This process as a runner: ``host:pid``."""
    return f"{_host()}:{os.getpid()}"


def worker_id() -> str:
    """The job worker's id for django-tasks-db (``host:pid:random``, unique, under its 64 characters), which
    the task results it claims keep: the SQLite proof of a job's runner."""
    return f"{runner_name()}:{secrets.token_hex(4)}"


def process_exists(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def runner_alive(runner: str) -> bool:
    """Whether the runner ``host:pid`` may still be running (the SQLite check). ``host:pid:…`` is read the same
    way (a worker id)."""
    host, _, rest = runner.partition(":")
    pid = rest.split(":", 1)[0]
    if not pid.isdigit():
        return False  # no runner recorded: long gone
    return host != _host() or process_exists(int(pid))


@contextmanager
def running_proof(lock_class: int, key: int) -> Iterator[str]:
    """Hold the proof that this process runs work ``key`` of ``lock_class`` for the block; yield the runner
    name to record with the work (the SQLite proof)."""
    if connection.vendor != "postgresql":
        yield runner_name()
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [lock_class, key])
    try:
        yield runner_name()
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [lock_class, key])
        except DatabaseError:  # a broken connection: the server released the lock with it
            logger.warning("后台工作 %s/%s 的进程锁未能释放（连接已断开）", lock_class, key)


def live_keys(lock_class: int) -> set[int]:
    """PostgreSQL: the keys of ``lock_class`` whose running proof some live connection holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND classid = %s "
            "AND objsubid = 2 AND granted AND database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())",
            [lock_class],
        )
        return {row[0] for row in cursor.fetchall()}
