"""Loading a large share of a table at once, the way pg_restore does (PostgreSQL only).

Used by the synthetic registry (empty tables) and by a person import whose file is at least as large as
the person table already is (a first load or a reload): inserting millions of rows into a table with a
dozen indexes costs a random index insertion per row per index, while building each index once after
the load is one sort. The trade-off: the DDL takes the table's ACCESS EXCLUSIVE lock, so other sessions
wait for the load's transaction to end before they can read the table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connection, models


@contextmanager
def bulk_load_mode(models_: Sequence[type[models.Model]], *, enabled: bool) -> Iterator[None]:
    """Load tables the way pg_restore does: drop their secondary indexes and foreign keys, load,
    then rebuild them from the catalog's own definitions — one sort per index instead of millions of
    random inserts, one validating join per foreign key instead of a trigger per row. Primary keys and
    unique constraints stay (they keep the load honest and others may depend on them). All in the
    caller's transaction: the tables look exactly as before to everyone once it commits, and a failure
    rolls the DDL back with the rows."""
    if not enabled:
        yield
        return
    tables = [m._meta.db_table for m in models_]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' AND t.relname = ANY(%s) "
            "AND t.relnamespace = to_regnamespace(current_schema())",
            [tables],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT ix.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ix ON ix.oid = i.indexrelid "
            "WHERE t.relname = ANY(%s) AND t.relnamespace = to_regnamespace(current_schema()) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [tables],
        )
        indexes = cursor.fetchall()
        # deferred checks of rows written earlier in the transaction must run before the table is altered
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _ in foreign_keys:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django declares its foreign keys
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        for table in tables:
            cursor.execute(f'ANALYZE "{table}"')
