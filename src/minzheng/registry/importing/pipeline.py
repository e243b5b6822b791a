"""Running one import batch: read → validate each row → stage → set-based checks → commit or not.

Everything that changes the registry happens in one transaction: the rows, the issues, the audit
entry and the batch's outcome. A process killed half-way leaves nothing behind but a batch marked
as running; an import refused as a whole (bad encoding, missing column…) records why and writes none
of the rows. Step by step:

* each row is validated in Python as it streams past (ID check digit and derived facts, dates,
  codes, choices, scope of a region given in the row) and goes into a staging table;
* what needs the whole file or the registry (duplicates within the file, against the registry,
  houses, household members) is checked by SQL over the staging table;
* ``ImportBatch.Mode.ALL_OR_NOTHING``: one error and nothing is written (status rejected);
  ``GOOD_ROWS``: the good rows are written by ``INSERT … SELECT``, the bad ones reported.

Person files on PostgreSQL go faster by working on both cores at once (see :func:`_stream_in_ranges`):
a reading thread validates rows and COPYs them over a second connection into an unlogged staging
table, committing every ``range_rows`` rows, while the main thread — in the import's transaction —
checks and inserts the ranges already staged. The registry's rows are still written in the one
transaction (inside a savepoint, rolled back in all-or-nothing mode when any row is bad).
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from django.db import connection, models, transaction
from django.utils import timezone

from minzheng.core.audit import Action, audit_append
from minzheng.registry.bulkload import bulk_load_mode
from minzheng.registry.importing.columns import COLUMNS, Column, header_map
from minzheng.registry.importing.errors import ImportFileError
from minzheng.registry.importing.readers import Table, row_is_blank, table_open
from minzheng.registry.importing.support import (
    IssueSpool,
    RegionIndex,
    RegionRef,
    SideStaging,
    Staging,
    execute,
    is_postgres,
    query_rows,
    scalar,
    side_staging_cleanup,
)
from minzheng.registry.importing.values import cells_refusal
from minzheng.registry.models import ImportBatch, ImportIssue

Progress = Callable[[int, int | None, str], None]
PROGRESS_EVERY = 10_000
BULK_LOAD_MIN_ROWS = 100_000
BULK_LOAD_LOCK_TIMEOUT = "5s"
BLOCK_ROWS = 2000
ALL_ROWS = (0, 2**31 - 1)
_CHINA_TZ = ZoneInfo("Asia/Shanghai")
logger = logging.getLogger(__name__)


class ImportBatchStateError(ValueError):
    """The batch was already run (or is running): a batch runs once."""


@dataclass
class ImportContext:
    """What a row validator needs besides the row: the batch, the region tree, the importer's scope."""

    batch: ImportBatch
    regions: RegionIndex
    scope: RegionRef
    spool: IssueSpool
    today: date

    def in_scope(self, ref: RegionRef) -> bool:
        return ref.path.startswith(self.scope.path)

    @property
    def scope_like(self) -> str:
        return f"{self.scope.path}%"

    def out_of_scope(self, ref: RegionRef) -> str:
        return f"“{ref.name}”不在您的管辖范围（{self.scope.name}）内"


class Importer:
    """One kind of file. Subclasses declare their columns and staging table and implement the steps.

    ``validate`` runs once a row (on the reading thread for ranged imports: no database access
    there) and sets the import's speed; it returns the staged tuple (row number first, then ``ok``)
    or None for a row that cannot even be staged. Importers whose checks work on any range of rows
    (persons) set ``range_rows`` and implement ``check_range`` / ``write_range``; the others check
    and write once the whole file is staged (``check`` / ``write``).
    """

    kind: ClassVar[str]
    label: ClassVar[str]
    stage_name: str
    stage_columns: ClassVar[Sequence[tuple[str, str]]]
    stage_indexes: ClassVar[Sequence[Sequence[str]]] = (("row_no",),)
    range_rows: ClassVar[int | None] = None
    bulk_load_models: ClassVar[Sequence[type[models.Model]]] = ()
    bulk_loaded = False

    def __init__(self, ctx: ImportContext, positions: dict[str, int]) -> None:
        self.ctx = ctx
        self.positions = positions
        self.columns: dict[str, Column] = {c.key: c for c in COLUMNS[self.kind]}
        self.written = 0

    def validate(self, number: int, cells: list[Any]) -> tuple[Any, ...] | None:
        raise NotImplementedError

    def bulk_load_wanted(self, estimated_rows: int) -> bool:
        """Load like pg_restore (see :func:`_stream_in_ranges`): a file of ``BULK_LOAD_MIN_ROWS`` rows
        or more that is at least as large as the table it goes into (counted up to that size only)."""
        if not self.bulk_load_models or estimated_rows < BULK_LOAD_MIN_ROWS:
            return False
        table = self.bulk_load_models[0]._meta.db_table
        present = scalar(f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} LIMIT %s) t", [estimated_rows])
        return present < estimated_rows

    def check(self) -> None:
        """SQL checks over the whole staged file."""
        self.mark_bad(self.check_range(*ALL_ROWS))

    def write(self) -> int:
        """Insert every good staged row; return how many."""
        return self.write_range(*ALL_ROWS)

    def check_range(self, first: int, last: int) -> set[int]:
        """SQL checks of the staged rows numbered ``first``–``last``; return the rows found bad."""
        raise NotImplementedError

    def write_range(self, first: int, last: int) -> int:
        raise NotImplementedError

    def summary(self, written: int) -> str:
        return f"{written}行{self.label}"

    def mark_bad(self, rows: set[int]) -> None:
        """Flag staged rows found bad by SQL so that no insert takes them."""
        ordered = sorted(rows)
        for i in range(0, len(ordered), 500):
            part = ordered[i : i + 500]
            marks = ", ".join(["%s"] * len(part))
            execute(f"UPDATE {self.stage_name} SET ok = 0 WHERE row_no IN ({marks})", part)

    def duplicates_in_file(self, column: str, field: str, what: str) -> None:
        """Second and later occurrences of a value in the file are rejected, naming the first row."""
        sql = (
            f"SELECT s.row_no, s.{column}, d.first_row FROM {self.stage_name} s JOIN "
            f"(SELECT {column} AS v, MIN(row_no) AS first_row FROM {self.stage_name} "
            f"WHERE {column} <> '' GROUP BY {column} HAVING COUNT(*) > 1) d ON d.v = s.{column} "
            f"WHERE s.row_no > d.first_row"
        )
        for row_no, value, first_row in query_rows(sql):
            self.ctx.spool.add(row_no, field, value, f"{what}与第{first_row}行重复")


def import_batch_run(*, batch: ImportBatch, progress: Progress | None = None) -> ImportBatch:
    """Validate the batch's file and write its good rows (or none), in one transaction.

    Raise :class:`ImportFileError` when the file as a whole cannot be imported; the batch then records
    the reason (status rejected) and one issue naming the row and column, and nothing else is written.
    """
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PENDING).update(
        status=ImportBatch.Status.RUNNING
    )
    if not claimed:
        batch.refresh_from_db()
        raise ImportBatchStateError(f"该导入批次已处理过（{batch.get_status_display()}），不能重复执行")
    report = progress or (lambda done, total, message: None)
    try:
        with transaction.atomic():
            _run(batch, report)
    except ImportFileError as exc:
        _batch_refused(batch, exc)
        report(0, None, f"未导入：{exc}")
        raise
    except BaseException:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.FAILED,
            finished_at=timezone.now(),
            message="导入中断，未写入任何数据。请稍后重试，或联系系统管理员",
        )
        raise
    finally:
        if is_postgres() and not connection.in_atomic_block:
            side_staging_cleanup()  # the unlogged staging tables of finished batches
    batch.refresh_from_db()
    report(batch.rows_total, batch.rows_total, batch.message)
    return batch


def _run(batch: ImportBatch, report: Progress) -> None:
    from minzheng.registry.importing import importer_for

    regions = RegionIndex()
    spool = IssueSpool(batch.pk)
    today = datetime.now(_CHINA_TZ).date()
    ctx = ImportContext(
        batch=batch, regions=regions, scope=regions.by_id[batch.region_id], spool=spool, today=today
    )
    try:
        with table_open(Path(batch.stored_file)) as table:
            batch.encoding = table.encoding
            importer = importer_for(batch.kind)(ctx, header_map(table.header, COLUMNS[batch.kind]))
            ranged = bool(importer.range_rows) and is_postgres()
            total = _stream_in_ranges(importer, table, report) if ranged else _stream(importer, table, report)
        if total == 0:
            raise ImportFileError("文件只有表头，没有数据行")
        if not ranged:
            spool.load()
            report(total, total, "正在检查重复与关联数据")
            importer.check()
        spool.load()
        _finish(batch, importer, total, written_already=ranged, report=report)
    finally:
        spool.close()


def validated_rows(importer: Importer, table: Table, counter: list[int]) -> Iterator[tuple[Any, ...]]:
    """The staged tuples of every data row; blank rows skipped, rows of the wrong width reported.
    ``counter[0]`` counts the data rows read."""
    spool, validate = importer.ctx.spool, importer.validate
    width = len(table.header)
    while width and row_is_blank(table.header[width - 1 : width]):
        width -= 1
    for number, cells in table.rows:
        if row_is_blank(cells):
            continue
        counter[0] += 1
        if len(cells) != width and not (len(cells) > width and row_is_blank(cells[width:])):
            spool.add(
                number,
                "",
                "",
                f"本行有{len(cells)}列，表头有{width}列：文件可能被截断，或本行多了/少了分隔符",
            )
            continue
        refused = cells_refusal(cells, table.header)
        if refused is not None:  # a control or bidi character: the row is refused, naming the column
            spool.add(number, *refused)
            continue
        row = validate(number, cells)
        if row is not None:
            yield row


def _stream(importer: Importer, table: Table, report: Progress) -> int:
    """Stage the whole file (one temporary table, one transaction); the caller checks and writes."""
    counter = [0]
    reported = 0
    with Staging(importer.stage_name, importer.stage_columns, indexes=importer.stage_indexes) as stage:
        rows = validated_rows(importer, table, counter)
        while block := list(itertools.islice(rows, BLOCK_ROWS)):
            stage.write(block)
            if counter[0] - reported >= PROGRESS_EVERY:
                reported = counter[0]
                report(reported, _estimate(reported, table), f"正在读取并校验：已读{reported:,}行")
        stage.finish()
    return counter[0]


def _stream_in_ranges(importer: Importer, table: Table, report: Progress) -> int:
    """PostgreSQL, persons: the reading thread validates and stages range after range over a second
    connection; this thread checks and inserts each range once it is committed to the staging table.

    The staging table is an unlogged table of its own (a temporary table is private to its session);
    it holds only copies of the file's rows and is dropped when the import ends. The inserts run in a
    savepoint of the import's transaction: in all-or-nothing mode, one bad row anywhere undoes them.

    Once the first range is staged, the file's size is known well enough to choose how to insert: a
    file at least as large as the target table already is (and of at least ``BULK_LOAD_MIN_ROWS`` rows)
    is loaded like pg_restore does — the table's secondary indexes dropped and rebuilt once at the end
    (:func:`minzheng.registry.bulkload.bulk_load_mode`; its foreign keys stay, since dropping one would
    lock the region tree and the houses too) — which holds the table's lock until the import's
    transaction ends. If the table is busy (another import, a long read) for ``BULK_LOAD_LOCK_TIMEOUT``,
    or two imports would deadlock on it, the file goes into the indexed table as smaller files do.
    """
    batch, spool = importer.ctx.batch, importer.ctx.spool
    all_or_nothing = batch.mode == ImportBatch.Mode.ALL_OR_NOTHING
    side = SideStaging(
        f"import_side_{importer.kind}_{batch.pk}", importer.stage_columns, indexes=importer.stage_indexes
    )
    importer.stage_name = side.name
    reader = _RangeReader(importer, table, side)
    try:
        reader.start()
        ranges = reader.ranges(
            lambda done: report(done, _estimate(done, table), f"正在读取、校验并写入：已读{done:,}行")
        )
        first_range = next(ranges, None)
        bulk = first_range is not None and importer.bulk_load_wanted(_estimate(reader.total, table) or 0)
        with bulk_load_mode(
            importer.bulk_load_models, enabled=bulk, foreign_keys=False, lock_timeout=BULK_LOAD_LOCK_TIMEOUT
        ) as bulk:
            importer.bulk_loaded = bulk
            savepoint = transaction.savepoint()
            spool.keep_loaded = all_or_nothing  # the issues loaded range by range must outlive a rollback
            for first, last in itertools.chain([first_range] if first_range else [], ranges):
                importer.mark_bad(importer.check_range(first, last))
                if not (all_or_nothing and spool.errors):
                    importer.written += importer.write_range(first, last)
                spool.load()  # the range's issues (a Haikou file warns on half its rows: old 地址码)
            if all_or_nothing and spool.errors:
                transaction.savepoint_rollback(savepoint)
                importer.written = 0
                spool.reload()
            else:
                transaction.savepoint_commit(savepoint)
                spool.forget_loaded()
            spool.keep_loaded = False
            if bulk and importer.written:
                report(reader.total, reader.total, "正在重建人员表索引")
    except BaseException:
        reader.stop()
        raise
    finally:
        reader.join()
        side.close()
    return reader.total


class _RangeReader:
    """The reading thread of :func:`_stream_in_ranges`: validate, COPY over the side connection,
    commit each range and announce it. Memory stays flat (no rows are queued, only range bounds)."""

    def __init__(self, importer: Importer, table: Table, side: SideStaging) -> None:
        self.importer, self.table, self.side = importer, table, side
        self.counter = [0]
        self._queue: queue.Queue[Any] = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="import-reader", daemon=True)

    @property
    def total(self) -> int:
        return self.counter[0]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def join(self) -> None:
        if self._thread.is_alive() or self._thread.ident is not None:
            self._thread.join()

    def ranges(self, progress: Callable[[int], None]) -> Iterator[tuple[int, int]]:
        """Yield (first, last) row numbers of each committed range; raise what the thread raised."""
        reported = 0
        while True:
            try:
                item = self._queue.get(timeout=0.5)
            except queue.Empty:
                item = None
            if self.total - reported >= PROGRESS_EVERY:
                reported = self.total
                progress(reported)
            if item is None:
                continue
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def _run(self) -> None:
        try:
            rows = validated_rows(self.importer, self.table, self.counter)
            size = self.importer.range_rows or BLOCK_ROWS
            while not self._stop.is_set():
                bounds = self.side.copy_range(itertools.islice(rows, size), stop=self._stop)
                if bounds is None:
                    break
                self._queue.put(bounds)
        except BaseException as exc:  # handed to the main thread, which raises it
            self._queue.put(exc)
        else:
            self._queue.put(_END)


_END = object()


def _estimate(done: int, table: Table) -> int | None:
    if table.total_rows is not None:
        return max(done, table.total_rows)
    consumed = table.consumed()
    return max(done, int(done * table.size / consumed)) if consumed else None


def _finish(
    batch: ImportBatch, importer: Importer, total: int, *, written_already: bool, report: Progress
) -> None:
    """Decide (all-or-nothing vs good rows), write unless already written range by range, audit, and
    record the outcome on the batch."""
    issues = ImportIssue._meta.db_table
    rejected = scalar(
        f"SELECT COUNT(DISTINCT row_number) FROM {issues} WHERE batch_id = %s AND severity = %s",
        [batch.pk, ImportIssue.Severity.ERROR],
    )
    warnings = scalar(
        f"SELECT COUNT(*) FROM {issues} WHERE batch_id = %s AND severity = %s",
        [batch.pk, ImportIssue.Severity.WARNING],
    )
    refused = bool(rejected) and batch.mode == ImportBatch.Mode.ALL_OR_NOTHING
    if not written_already and not refused:
        if rejected:
            execute(
                f"UPDATE {importer.stage_name} SET ok = 0 WHERE ok = 1 AND row_no IN "
                f"(SELECT row_number FROM {issues} WHERE batch_id = %s AND severity = %s)",
                [batch.pk, ImportIssue.Severity.ERROR],
            )
        report(total, total, "正在写入")
        importer.written = importer.write()
    written = importer.written
    if refused:
        status = ImportBatch.Status.REJECTED
        message = f"共{total}行，其中{rejected}行有错误。按“{batch.get_mode_display()}”方式，未导入任何数据"
    else:
        status = ImportBatch.Status.COMMITTED
        message = f"已导入{importer.summary(written)}" + (f"，跳过{rejected}行错误" if rejected else "")
        audit_append(
            action=Action.IMPORT,
            obj=batch,
            detail=f"批量导入{importer.summary(written)}（文件：{batch.file_name}，共{total}行，跳过{rejected}行错误）",
            after={
                "kind": batch.kind,
                "rows_total": total,
                "rows_written": written,
                "rows_rejected": rejected,
            },
        )
    if warnings:
        message += f"；{warnings}条警告"
    if not written_already:
        Staging(importer.stage_name, ()).drop()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status,
        encoding=batch.encoding,
        rows_total=total,
        rows_rejected=rejected,
        rows_written=written,
        warnings=warnings,
        message=message,
        finished_at=timezone.now(),
    )


def _batch_refused(batch: ImportBatch, exc: ImportFileError) -> None:
    """Record a refused file (its own small transaction, after the import's was rolled back)."""
    with transaction.atomic():
        ImportIssue.objects.create(
            batch=batch,
            row_number=exc.row or 0,
            field=exc.field[:50],
            reason=exc.reason[:300],
            severity=ImportIssue.Severity.ERROR,
        )
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.REJECTED,
            rows_written=0,
            message=f"文件未导入：{exc}"[:2000],
            finished_at=timezone.now(),
        )
