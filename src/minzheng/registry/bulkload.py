"""Loading a large share of a table at once, the way pg_restore does (PostgreSQL only).

Used by the synthetic registry (empty tables) and by a person import into an empty person table (a first
load), or with ``--offline`` (the site closed) into one no larger than the file: inserting millions of rows into a table with a
dozen indexes costs a random index insertion per row per index, while building each index once after
the load is one sort. The trade-off: the DDL takes the table's ACCESS EXCLUSIVE lock, so other sessions
wait for the load's transaction to end before they can read the table — which is why an import never
takes this path on its own into a table people work with.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import OperationalError, connection, models, transaction

logger = logging.getLogger(__name__)


@contextmanager
def bulk_load_mode(
    models_: Sequence[type[models.Model]],
    *,
    enabled: bool,
    foreign_keys: bool = True,
    lock_timeout: str | None = None,
) -> Iterator[bool]:
    """Load tables the way pg_restore does: drop their secondary indexes (and, with ``foreign_keys``,
    their foreign keys), load, then rebuild them from the catalog's own definitions — one sort per index
    instead of millions of random inserts, one validating join per foreign key instead of a trigger per
    row. Primary keys and unique constraints stay (they keep the load honest and others may depend on
    them). All in the caller's transaction: the tables look exactly as before to everyone once it
    commits, and a failure rolls the DDL back with the rows. Yields whether the mode was taken.

    Dropping a foreign key also takes the ACCESS EXCLUSIVE lock of the table it points to (the region
    tree, the houses): fine for the seed of an empty database, not for an import while people work —
    the import keeps its foreign keys (``foreign_keys=False``). With ``lock_timeout`` (e.g. "5s") the
    drops give up when the tables are busy (another import, a long read) and the load goes on in the
    indexed tables instead of queueing behind them."""
    if not enabled:
        yield False
        return
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_load_mode 须在事务中使用：失败时索引与外键随事务回滚")
    tables = [m._meta.db_table for m in models_]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' AND t.relname = ANY(%s) "
            "AND t.relnamespace = to_regnamespace(current_schema())",
            [tables],
        )
        keys = cursor.fetchall() if foreign_keys else []
        cursor.execute(
            "SELECT ix.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ix ON ix.oid = i.indexrelid "
            "WHERE t.relname = ANY(%s) AND t.relnamespace = to_regnamespace(current_schema()) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [tables],
        )
        indexes = cursor.fetchall()
    if not _drop(keys, indexes, lock_timeout=lock_timeout):
        yield False
        return
    yield True
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        # the kept foreign keys' deferred checks of the loaded rows run now: no index is built on a table
        # with pending trigger events
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in tables:
            cursor.execute(f'ANALYZE "{table}"')


def _drop(
    keys: list[tuple[str, str, str]], indexes: list[tuple[str, str]], *, lock_timeout: str | None
) -> bool:
    """Drop the foreign keys and indexes in a savepoint; False (nothing dropped) when a lock could not be
    had within ``lock_timeout`` or the wait ended in a deadlock."""
    savepoint = transaction.savepoint()
    try:
        with connection.cursor() as cursor:
            if lock_timeout:
                cursor.execute(
                    "SELECT current_setting('lock_timeout'), set_config('lock_timeout', %s, true)",
                    [lock_timeout],
                )
                previous = cursor.fetchone()[0]
            # deferred checks of rows written earlier in the transaction must run before a table is altered
            if keys:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, name, _ in keys:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            if keys:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django declares its foreign keys
            if lock_timeout:  # back to what it was for the rest of the transaction
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", "") not in _LOCK_FAILURES:
            raise
        transaction.savepoint_rollback(savepoint)  # also puts lock_timeout back
        logger.warning("批量载入模式未启用（表正被占用：%s），按常规方式写入", exc)
        return False
    transaction.savepoint_commit(savepoint)
    return True


_LOCK_FAILURES = {"55P03", "40P01"}  # lock_not_available (lock_timeout), deadlock_detected
