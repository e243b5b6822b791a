"""Hot statements as server-side prepared statements on PostgreSQL, through Django's cursor wrapper.

Django opens psycopg connections with ``prepare_threshold=None`` (prepared statements off, for connection poolers)
and binds parameters client-side; with the threshold at None psycopg also ignores ``execute(..., prepare=True)``,
so every statement is parsed and planned again. A few statements run once per request on the busiest paths (the
audit entry's INSERT, the 清明 booking, the figures' version ``nextval``): for them :func:`prepared_cursor` gives a
cursor of Django's wrapper (execute wrappers, ``DatabaseError`` translation, the debug log and query counts in
tests see the statement like any other) around a driver cursor kept for as long as the database connection lives,
with server-side binding, whose every ``execute`` is a named prepared statement: parsed and planned once per
connection, then only bound and executed.

To make that possible the connection's ``prepare_threshold`` is set from None to ``_EXPLICIT_ONLY`` (a count no
statement reaches): psycopg then honours ``prepare=True`` and still never prepares a statement on its own. Django's
own cursors bind client-side (``ClientCursor``) and never prepare, so nothing else on the connection changes. A
transaction-mode pooler between the server and PostgreSQL must support protocol-level prepared statements
(PgBouncer ≥ 1.21 with ``max_prepared_statements``); the project connects directly.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

_KEPT = "_minzheng_prepared_cursor"
_EXPLICIT_ONLY = sys.maxsize  # executions before psycopg would prepare a statement itself: never


@functools.cache
def _driver_cursor_class() -> Any:
    from psycopg import Cursor  # the driver: absent on SQLite-only installs

    class PreparingCursor(Cursor):
        """Every statement a named prepared statement (psycopg keeps up to ``prepared_max`` per connection)."""

        def execute(
            self, query: Any, params: Any = None, *, prepare: bool | None = None, **kwargs: Any
        ) -> Any:
            return super().execute(query, params, prepare=True if prepare is None else prepare, **kwargs)

    return PreparingCursor


def prepared_cursor(conn: BaseDatabaseWrapper) -> CursorWrapper:
    """Django's cursor wrapper around ``conn``'s kept preparing driver cursor (PostgreSQL only). Only the wrapper is
    made per call; use its result (``fetchone``) before the next statement on the same connection."""
    if conn.connection is None:
        conn.ensure_connection()
    raw = conn.connection
    kept = conn.__dict__.get(_KEPT)
    if kept is None or kept[0] is not raw or kept[1].closed:
        if raw.prepare_threshold is None:
            raw.prepare_threshold = _EXPLICIT_ONLY
        kept = (raw, _driver_cursor_class()(raw))
        conn.__dict__[_KEPT] = kept
    # django-stubs type these methods' argument as Django's own wrapper; Django passes them the driver's cursor
    driver: Any = kept[1]
    return conn.make_debug_cursor(driver) if conn.queries_logged else conn.make_cursor(driver)
