"""Set-based machinery shared by the three importers: a temporary staging table filled by COPY
(PostgreSQL) or one ``executemany`` per block (SQLite), a spool of row issues loaded in blocks, an
``INSERT … SELECT`` built from the target model, and the region tree held in memory for look-ups.
"""

from __future__ import annotations

import csv
import functools
import os
import re
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.utils import timezone

from minzheng.core.models import Region
from minzheng.registry.models import ImportIssue

_ISSUE_BLOCK = 2000


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


class Staging:
    """A temporary table holding one file's validated rows.

    On PostgreSQL blocks of rows go through ``COPY … FROM STDIN`` (the server parses and stores them on
    the second core while this process validates the next rows); SQLite takes one ``executemany`` per
    block. While a COPY is open the connection can run nothing else: :meth:`pause` ends it before SQL.
    ``indexes`` (column tuples) are built up front when SQL will run range by range during the stream,
    else once at :meth:`finish`, which is cheaper.
    """

    def __init__(self, name: str, columns: Sequence[tuple[str, str]], *, indexes: Sequence[Sequence[str]] = (),
                 early_indexes: bool = False) -> None:  # fmt: skip
        self.name = name
        self.columns = list(columns)
        self.indexes = list(indexes)
        self.early_indexes = early_indexes
        self.rows = 0
        self._copy: Any = None
        self._stack = ExitStack()
        self._adapt = [i for i, (_, kind) in enumerate(columns) if kind in {"date", "numeric"}]

    def __enter__(self) -> Staging:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")
            spec = ", ".join(f"{col} {kind}" for col, kind in self.columns)
            cursor.execute(f"CREATE TEMPORARY TABLE {self.name} ({spec})")  # dropped when the import ends
        if self.early_indexes:
            self._index()
        return self

    def _index(self) -> None:
        with connection.cursor() as cursor:
            for i, columns in enumerate(self.indexes):
                cursor.execute(f"CREATE INDEX {self.name}_{i}_idx ON {self.name} ({', '.join(columns)})")

    def write(self, block: Sequence[tuple[Any, ...]]) -> None:
        self.rows += len(block)
        if is_postgres():
            if self._copy is None:
                cursor = self._stack.enter_context(connection.cursor())
                names = ", ".join(col for col, _ in self.columns)
                self._copy = self._stack.enter_context(
                    cursor.cursor.copy(f"COPY {self.name} ({names}) FROM STDIN")
                )
            write_row = self._copy.write_row
            for row in block:
                write_row(row)
            return
        rows = [_sqlite_row(row, self._adapt) for row in block] if self._adapt else block
        marks = ", ".join(["%s"] * len(self.columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {self.name} VALUES ({marks})", rows)

    def pause(self, *, analyze: bool = False) -> None:
        """End the open COPY so that SQL can run; ``analyze`` refreshes the planner's statistics."""
        self._stack.close()
        self._copy = None
        if analyze and is_postgres():
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {self.name}")

    def finish(self) -> None:
        """The stream is over: index the table (unless done up front) for the checks."""
        self.pause()
        if not self.early_indexes:
            self._index()
        self.pause(analyze=True)

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")


class SideStaging:
    """PostgreSQL only: an unlogged staging table written over a second connection of its own, so that
    rows can be staged (and committed, range by range) while the import's transaction works on the
    ranges already there. It holds copies of a file's rows only, never registry data; the import drops it
    when it ends (from its own connection, once outside any transaction), or — after a kill -9 — by :func:`minzheng.registry.importing.debris.import_debris_cleanup`
    at the next start of the worker or of an import."""

    def __init__(
        self,
        name: str,
        columns: Sequence[tuple[str, str]],
        *,
        indexes: Sequence[Sequence[str]] = (("row_no",),),
    ) -> None:
        """``indexes``: the column tuples the range checks look rows up by (an in-file duplicate check
        without an index on its key would hash the whole staged file again for every range)."""
        self.name = name
        self.columns = list(columns)
        self._conn = connection.get_new_connection(connection.get_connection_params())
        self._conn.autocommit = True
        self.rows = 0
        self._analyzed_at = 0
        spec = ", ".join(f"{col} {kind}" for col, kind in self.columns)
        with self._conn.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
            cursor.execute(f"CREATE UNLOGGED TABLE {name} ({spec})")
            for i, index in enumerate(indexes):
                cursor.execute(f"CREATE INDEX {name}_{i}_idx ON {name} ({', '.join(index)})")

    def copy_range(self, rows: Iterator[tuple[Any, ...]], *, stop: threading.Event) -> tuple[int, int] | None:
        """COPY ``rows`` and commit them; return the first and last row numbers (None: no rows)."""
        first: int | None = None
        last = 0
        names = ", ".join(col for col, _ in self.columns)
        with self._conn.cursor() as cursor:
            with cursor.copy(f"COPY {self.name} ({names}) FROM STDIN") as copy:
                for i, row in enumerate(rows):
                    copy.write_row(row)
                    last = row[0]
                    if first is None:
                        first = last
                    if not i % 1000 and stop.is_set():
                        raise ImportStopped
            if first is None:
                return None
            self.rows += i + 1
            if self.rows >= 2 * self._analyzed_at:  # statistics for the range checks' plans, refreshed
                cursor.execute(f"ANALYZE {self.name}")  # as the table doubles: a few times, not per range
                self._analyzed_at = self.rows
        return first, last

    def close(self) -> None:
        self._conn.close()


class ImportStopped(Exception):  # noqa: N818
    """The import's main thread gave up: the reading thread stops too (its COPY is abandoned)."""


def _sqlite_row(row: tuple[Any, ...], positions: list[int]) -> tuple[Any, ...]:
    values = list(row)
    for i in positions:
        value = values[i]
        if isinstance(value, date):
            values[i] = value.isoformat()
        elif isinstance(value, Decimal):
            values[i] = str(value)
    return tuple(values)


DEFAULT_MAX_ISSUES = 10_000


def import_max_issues() -> int:
    """Issue rows kept per import: setting ``REGISTRY_IMPORT_MAX_ISSUES`` or env
    ``MINZHENG_IMPORT_MAX_ISSUES`` (default 10,000). The counts per reason and field stay exact."""
    value = getattr(settings, "REGISTRY_IMPORT_MAX_ISSUES", None) or os.environ.get(
        "MINZHENG_IMPORT_MAX_ISSUES"
    )
    return max(0, int(value)) if value not in (None, "") else DEFAULT_MAX_ISSUES


_QUOTED = re.compile(r"“[^”]*”")
_NUMBER = re.compile(r"\d+")


@functools.lru_cache(maxsize=4096)
def issue_kind(reason: str) -> str:
    """The reason without what varies from row to row (quoted values, numbers, the part after the first
    “：” or “（”): “房屋编号“H-1”未登记（请先导入房屋）” and “房屋编号“H-2”未登记…” count as one kind.
    Cached: a file repeats a few reasons on many rows (a Haikou file warns on half its rows with the same
    few old 地址码)."""
    text = _NUMBER.sub("N", _QUOTED.sub("“…”", reason))
    cut = min((i for i in (text.find("："), text.find("（")) if i > 0), default=len(text))
    return text[:cut][:300]


class IssueSpool:
    """Issues of one batch, kept in a temporary file and loaded into ImportIssue in blocks: memory stays
    flat however many rows are bad, and nothing touches the connection while a COPY is open.

    At most ``limit`` issue rows are stored (warnings at most half of them, so that a file warning on
    every row still shows its errors); every issue is counted — by severity, field and :func:`issue_kind`
    — and every row with an error is remembered in a bitmap (one bit a row), so the counts and the
    rejected rows stay exact whatever was stored. ``on_errors`` (set by the importer) is told the rows
    with errors of each load, so the staged rows can be marked bad whether or not their issue was kept.
    """

    def __init__(self, batch_id: int, *, limit: int | None = None) -> None:
        self.batch_id = batch_id
        self.limit = import_max_issues() if limit is None else limit
        self.errors = 0
        self.warnings = 0
        self.stored_errors = 0
        self.stored_warnings = 0
        self.counts: dict[tuple[str, str, str], int] = {}
        self.on_errors: Any = None
        self._bad = bytearray()
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
        self._writer = csv.writer(self._file)
        self._pending = 0
        self._lock = threading.Lock()  # rows are validated on a thread of their own

    def add(self, row_number: int, field: str, value: Any, reason: str, *, warning: bool = False) -> None:
        severity = ImportIssue.Severity.WARNING if warning else ImportIssue.Severity.ERROR
        key = (severity.value, field[:50], issue_kind(reason))
        with self._lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            if warning:
                self.warnings += 1
                # the warnings stored are the first ones spooled (see _kept): past half the limit, a warning
                # is only counted — a file warning on every row spools no more than it can store
                if self.warnings > self.limit // 2:
                    return
            else:
                self.errors += 1
                self._mark(row_number)
            text = "" if value is None else str(value)
            self._writer.writerow((row_number, field[:50], text[:200], reason[:300], severity.value))
            self._pending += 1

    def _mark(self, row_number: int) -> None:
        byte = row_number >> 3
        if byte >= len(self._bad):
            self._bad.extend(bytes(max(byte + 1 - len(self._bad), len(self._bad))))
        self._bad[byte] |= 1 << (row_number & 7)

    @property
    def rows_with_errors(self) -> int:
        return sum(bin(b).count("1") for b in self._bad if b)

    @property
    def stored(self) -> int:
        return self.stored_errors + self.stored_warnings

    def summary(self) -> dict[str, Any]:
        """What the batch keeps: the totals, how many were stored, the counts by severity, field, kind."""
        counts = sorted(self.counts.items(), key=lambda item: (item[0][0], -item[1], item[0][1], item[0][2]))
        return {
            "errors": self.errors,
            "warnings": self.warnings,
            "stored": self.stored,
            "limit": self.limit,
            "counts": [[severity, field, kind, n] for (severity, field, kind), n in counts],
        }

    def load(self) -> None:
        """Write what was spooled since the last load into the ImportIssue table (as far as the limit
        allows). The spool file is swapped under the lock and loaded outside it: a validating thread
        goes on adding meanwhile."""
        with self._lock:
            if not self._pending:
                return
            spooled = self._file
            self._file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
            self._writer = csv.writer(self._file)
            self._pending = 0
        spooled.flush()
        spooled.seek(0)
        bad: list[int] = []
        try:
            self._copy(self._kept(csv.reader(spooled), bad))
        finally:
            spooled.close()
        if bad and self.on_errors is not None:
            self.on_errors(bad)

    def _kept(self, rows: Iterator[list[str]], bad: list[int]) -> Iterator[tuple[Any, ...]]:
        """The spooled issues within the limit; the error rows of all of them go to ``bad``."""
        warning = ImportIssue.Severity.WARNING
        for row_number, field, value, reason, severity in rows:
            number = int(row_number)
            if severity == warning:
                if self.stored_warnings >= self.limit // 2 or self.stored >= self.limit:
                    continue
                self.stored_warnings += 1
            else:
                bad.append(number)
                if self.stored >= self.limit:
                    continue
                self.stored_errors += 1
            yield (self.batch_id, number, field, value, reason, severity)

    def _copy(self, rows: Iterator[tuple[Any, ...]]) -> None:
        table = ImportIssue._meta.db_table
        cols = "batch_id, row_number, field, value, reason, severity"
        with connection.cursor() as cursor:
            if is_postgres():
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            block: list[tuple[Any, ...]] = []
            for row in rows:
                block.append(row)
                if len(block) >= _ISSUE_BLOCK:
                    cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES (%s, %s, %s, %s, %s, %s)", block)
                    block = []
            if block:
                cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES (%s, %s, %s, %s, %s, %s)", block)

    def close(self) -> None:
        self._file.close()


def query_rows(sql: str, params: Sequence[Any] = (), *, chunk: int = 2000) -> Iterator[tuple[Any, ...]]:
    """Iterate a query's rows in blocks (a server-side cursor on PostgreSQL): flat memory."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, list(params))
        while rows := cursor.fetchmany(chunk):
            yield from rows


def execute(sql: str, params: Sequence[Any] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.rowcount


def scalar(sql: str, params: Sequence[Any] = ()) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        row = cursor.fetchone()
    return row[0] if row else None


def insert_select(
    model: type[models.Model],
    *,
    select: dict[str, str],
    from_sql: str,
    params: Sequence[Any] = (),
    order_by: str = "",
) -> int:
    """``INSERT INTO <model> (…) SELECT … FROM …`` with one SQL expression per column in ``select``;
    every other concrete column gets its model default (``auto_now`` ones the current time), so a
    field added to the model later does not break the bulk path silently — a new required field
    without a default stops it with a clear error instead."""
    now = timezone.now()
    columns: list[str] = []
    expressions: list[str] = []
    values: list[Any] = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column is None:  # (a concrete field has a column)
            continue
        columns.append(field.column)
        if field.column in select:
            expressions.append(select[field.column])
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value: Any = now
        elif field.has_default() or field.null or isinstance(field, models.CharField | models.TextField):
            value = field.get_default()
        else:
            raise ImproperlyConfigured(f"{model._meta.label}.{field.name} 是必填字段，批量导入尚未提供其取值")
        expressions.append("%s")
        values.append(field.get_db_prep_save(value, connection))
    unknown = set(select) - set(columns)
    if unknown:
        raise ImproperlyConfigured(f"{model._meta.label} 没有这些列：{', '.join(sorted(unknown))}")
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} FROM {from_sql}"
    )
    if order_by:
        sql += f" ORDER BY {order_by}"
    if any("%s" in expression for expression in select.values()):
        raise ImproperlyConfigured("select 表达式中不能含参数，请放在 FROM 子句中")
    with connection.cursor() as cursor:
        # the defaults' placeholders come first (SELECT list), then those of the FROM clause
        cursor.execute(sql, [*values, *params])
        return cursor.rowcount


# --- the region tree, in memory ------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionRef:
    id: int
    code: str
    name: str
    level: str
    path: str


class RegionIndex:
    """Every node of the tree by code and by id (a few thousand rows): look-ups without queries."""

    def __init__(self) -> None:
        self.by_code: dict[str, RegionRef] = {}
        self.by_id: dict[int, RegionRef] = {}
        for pk, code, name, level, path in Region.objects.values_list("pk", "code", "name", "level", "path"):
            ref = RegionRef(pk, code, name, level, path)
            self.by_code[code] = ref
            self.by_id[pk] = ref

    def county_codes(self) -> set[str]:
        return {r.code for r in self.by_code.values() if r.level == Region.Level.DISTRICT}

    def name(self, pk: int | None) -> str:
        ref = self.by_id.get(pk) if pk is not None else None
        return f"{ref.name}（{ref.code}）" if ref else "未知区划"


# GB/T 2260 county-level codes of Hainan in force since 2020 ([U]: from the 2020 division table): an
# ID whose 地址码 is a Hainan code outside this set (e.g. 460102–460104, 海口's districts before 2002)
# is accepted with a warning. Codes of other provinces are not judged — we hold no national table.
HAINAN_CURRENT_CODES = frozenset(
    ["460105", "460106", "460107", "460108", "460202", "460203", "460204", "460205", "460301", "460302"]
    + ["460400", "469001", "469002", "469005", "469006", "469007", "469021", "469022", "469023"]
    + ["469024", "469025", "469026", "469027", "469028", "469029", "469030"]
)


class KnownIdRegions:
    """The ``known_regions`` container for :func:`minzheng.core.ids.parse_citizen_id`."""

    def __init__(self, regions: RegionIndex) -> None:
        root = next((r for r in regions.by_code.values() if r.level == Region.Level.CITY), None)
        self.province = root.code[:2] if root else "46"
        self.codes = HAINAN_CURRENT_CODES | regions.county_codes()

    def __contains__(self, code: object) -> bool:
        return not str(code).startswith(self.province) or code in self.codes
