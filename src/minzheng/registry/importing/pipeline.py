"""Running one import batch: read → validate each row → stage → set-based checks → write or not.

Two ways to write, chosen per batch:

* **Online** (every import into a table people already work with): nothing holds a lock others wait
  for. The file is staged and checked outside any transaction (the checks only read); the good rows go
  in by ``INSERT … SELECT`` in chunks of ``WRITE_CHUNK_ROWS`` rows, each chunk its own short transaction
  that re-checks its rows against the registry first (someone may have registered one meanwhile). Other
  sessions wait for an import only if they write the very ID number a chunk is inserting, and then for
  one chunk. ``ImportBatch.Mode.ALL_OR_NOTHING`` checks the whole file before the first chunk is
  written: one error and nothing is written (status rejected).
* **First load** (PostgreSQL, a person file of ``BULK_LOAD_MIN_ROWS`` rows or more into an empty person
  table, or with ``offline=True`` — ``minzheng import persons --offline``, the site closed — into a table
  no larger than the file): one transaction, the table's secondary indexes dropped and rebuilt once the
  rows are in (:func:`minzheng.registry.bulkload.bulk_load_mode`). That holds the table's ACCESS
  EXCLUSIVE lock until the import ends, which is why it never runs on its own into a table with people.

Step by step: each row is validated in Python as it streams past (ID check digit and derived facts,
dates, codes, choices, scope of a region given in the row) and goes into a staging table; what needs the
whole file or the registry (duplicates within the file, against the registry, houses, household members)
is checked by SQL over the staging table. Issues are spooled and stored up to a limit, counted exactly
(:class:`~minzheng.registry.importing.support.IssueSpool`); the XLSX report is built at the end by the
import itself (the job worker for the page), never by a request.

Person files on PostgreSQL go faster by working on both cores at once (see :func:`_stream_in_ranges`):
a reading thread validates rows and COPYs them over a second connection into an unlogged staging
table, committing every ``range_rows`` rows, while the main thread checks and writes the ranges already
staged. A running import holds an advisory lock (:mod:`~minzheng.registry.importing.debris`): after a
kill -9, the next worker start or import drops its staging table and marks its batch failed.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from minzheng.core.audit import Action, audit_append
from minzheng.registry.bulkload import bulk_load_mode
from minzheng.registry.importing.columns import COLUMNS, Column, header_map
from minzheng.registry.importing.debris import (
    SIDE_TABLE_PREFIX,
    import_debris_cleanup,
    import_runner,
    side_table_drop,
)
from minzheng.registry.importing.errors import ImportFileError
from minzheng.registry.importing.readers import Table, row_is_blank, table_open
from minzheng.registry.importing.support import (
    IssueSpool,
    RegionIndex,
    RegionRef,
    SideStaging,
    Staging,
    execute,
    import_max_issues,
    is_postgres,
    issue_kind,
    query_rows,
    scalar,
)
from minzheng.registry.importing.values import cells_refusal
from minzheng.registry.models import ImportBatch, ImportIssue
from minzheng.reports.registry import figures_held

Progress = Callable[[int, int | None, str], None]
PROGRESS_EVERY = 10_000
BULK_LOAD_MIN_ROWS = 100_000
BULK_LOAD_LOCK_TIMEOUT = "5s"
BLOCK_ROWS = 2000
WRITE_CHUNK_ROWS = 5000  # rows a short write transaction inserts (online path)
WRITE_RETRIES = 3
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
    # The rows being checked will be written by ``_write_online``, whose ``recheck_range`` looks each one up in
    # the registry inside its write chunk anyway ("good rows" mode, online): the check leaves that lookup to it
    # instead of looking every row up twice. All or nothing and a first load look up at the check (they decide
    # before writing, and a first load writes without a re-check).
    registry_lookup_at_write = False
    # Keeps the hold on the figures over the tables a ranged import writes (reports.registry.figures_held)
    hold_renew: Callable[[], None] = staticmethod(lambda: None)

    @classmethod
    def held_labels(cls) -> list[str]:
        """The tables whose figures a ranged import holds while it writes them chunk by chunk: those it loads."""
        return [model._meta.label for model in cls.bulk_load_models]

    def __init__(self, ctx: ImportContext, positions: dict[str, int]) -> None:
        self.ctx = ctx
        self.positions = positions
        self.columns: dict[str, Column] = {c.key: c for c in COLUMNS[self.kind]}
        self.written = 0

    def validate(self, number: int, cells: list[Any]) -> tuple[Any, ...] | None:
        raise NotImplementedError

    def bulk_load_wanted(self, estimated_rows: int, *, offline: bool = False) -> bool:
        """Load like pg_restore (see :func:`_stream_in_ranges`): a file of ``BULK_LOAD_MIN_ROWS`` rows or
        more into an empty table — or, ``offline`` (the site closed), into a table no larger than the
        file (counted up to that size only). Never on its own into a table people work with: its lock
        would stop every page that reads it until the import ends."""
        if not self.bulk_load_models or estimated_rows < BULK_LOAD_MIN_ROWS:
            return False
        table = self.bulk_load_models[0]._meta.db_table
        if not offline:
            return not scalar(f"SELECT EXISTS (SELECT 1 FROM {table})")
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

    def recheck_range(self, first: int, last: int) -> set[int]:
        """Inside a write chunk's transaction, just before its insert: the good rows that someone else
        registered since they were checked (reported and returned)."""
        return set()

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


def import_batch_run(
    *,
    batch: ImportBatch,
    progress: Progress | None = None,
    offline: bool = False,
    max_issues: int | None = None,
) -> ImportBatch:
    """Validate the batch's file and write its good rows (or none), then build its issue report.

    ``offline`` (the site closed) allows the first-load path into a table that is not empty;
    ``max_issues`` caps the issue rows stored (default: setting ``REGISTRY_IMPORT_MAX_ISSUES``, 10,000).
    Raise :class:`ImportFileError` when the file as a whole cannot be imported; the batch then records
    the reason (status rejected) and one issue naming the row and column, and nothing else is written.
    """
    if not connection.in_atomic_block:
        import_debris_cleanup()  # what a killed import left: its staging table, its batch "running"
    report = progress or (lambda done, total, message: None)
    side = f"{SIDE_TABLE_PREFIX}{batch.kind}_{batch.pk}"
    with import_runner(batch.pk) as runner:
        claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PENDING).update(
            status=ImportBatch.Status.RUNNING, runner=runner
        )
        if not claimed:
            batch.refresh_from_db()
            raise ImportBatchStateError(f"该导入批次已处理过（{batch.get_status_display()}），不能重复执行")
        try:
            _run(batch, report, offline=offline, max_issues=max_issues)
        except ImportFileError as exc:
            _batch_refused(batch, exc, limit=max_issues)
            batch.refresh_from_db()
            _report_build(batch)
            report(0, None, f"未导入：{exc}")
            raise
        except BaseException:
            batch.refresh_from_db(fields=["rows_written"])
            written = batch.rows_written
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.FAILED,
                finished_at=timezone.now(),
                message=(
                    f"导入中断：已写入{written}行（按行号顺序），其余未写入。请用“导入正确的行”方式重新导入，"
                    "已写入的行会作为已登记人员跳过"
                    if written
                    else "导入中断，未写入任何数据。请稍后重试，或联系系统管理员"
                ),
            )
            raise
        finally:
            if is_postgres() and not connection.in_atomic_block:
                side_table_drop(side)  # its own unlogged staging table (others': the next cleanup)
    batch.refresh_from_db()
    if batch.issue_summary.get("stored"):
        report(batch.rows_total, batch.rows_total, "正在生成错误报告")
    _report_build(batch)
    report(batch.rows_total, batch.rows_total, batch.message)
    return batch


def _report_build(batch: ImportBatch) -> None:
    """The issue report, built here — by the job for the page — so that no request ever builds it."""
    if batch.issue_summary.get("stored"):
        from minzheng.registry.importing.report import import_report_build

        import_report_build(batch=batch)


def _run(batch: ImportBatch, report: Progress, *, offline: bool, max_issues: int | None) -> None:
    from minzheng.registry.importing import importer_for

    regions = RegionIndex()
    spool = IssueSpool(batch.pk, limit=max_issues)
    today = datetime.now(_CHINA_TZ).date()
    ctx = ImportContext(
        batch=batch, regions=regions, scope=regions.by_id[batch.region_id], spool=spool, today=today
    )
    try:
        with table_open(Path(batch.stored_file)) as table:
            batch.encoding = table.encoding
            importer = importer_for(batch.kind)(ctx, header_map(table.header, COLUMNS[batch.kind]))
            spool.on_errors = importer.mark_bad  # an error row is never written, its issue kept or not
            ranged = bool(importer.range_rows) and is_postgres()
            if ranged:
                # hundreds of short write transactions: the figures over the table wait for the last one
                # (reports.registry.figures_held) instead of being computed again after each
                held = figures_held(importer.held_labels(), what=f"批量导入{importer.label}")
                with held as importer.hold_renew:
                    total = _stream_in_ranges(importer, table, report, offline=offline)
                    _finish(batch, importer, total, report=report)
                return
            with Staging(
                importer.stage_name, importer.stage_columns, indexes=importer.stage_indexes
            ) as stage:
                try:
                    total = _stream(importer, stage, table, report)
                    if total == 0:
                        raise ImportFileError("文件只有表头，没有数据行")
                    spool.load()
                    report(total, total, "正在检查重复与关联数据")
                    importer.registry_lookup_at_write = bool(importer.range_rows) and not _all_or_nothing(
                        batch
                    )
                    importer.check()
                    spool.load()
                    _finish(batch, importer, total, report=report)
                finally:
                    stage.drop()
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


def _stream(importer: Importer, stage: Staging, table: Table, report: Progress) -> int:
    """Stage the whole file (one temporary table); the caller checks and writes."""
    counter = [0]
    reported = 0
    rows = validated_rows(importer, table, counter)
    while block := list(itertools.islice(rows, BLOCK_ROWS)):
        stage.write(block)
        if counter[0] - reported >= PROGRESS_EVERY:
            reported = counter[0]
            report(reported, _estimate(reported, table), f"正在读取并校验：已读{reported:,}行")
    stage.finish()
    return counter[0]


def _stream_in_ranges(importer: Importer, table: Table, report: Progress, *, offline: bool) -> int:
    """PostgreSQL, persons: the reading thread validates and stages range after range over a second
    connection; this thread checks each range once it is committed to the staging table. Once the whole
    file is read and checked (a file refused half-way writes nothing), the good rows are written range by
    range — all or nothing: only if no row is bad.

    The staging table is an unlogged table of its own (a temporary table is private to its session);
    it holds only copies of the file's rows and is dropped when the import ends.

    Once the first range is staged, the file's size is known well enough to choose how to write (see
    :meth:`Importer.bulk_load_wanted`): a first load drops the table's secondary indexes and rebuilds
    them once at the end (:func:`minzheng.registry.bulkload.bulk_load_mode`; its foreign keys stay,
    since dropping one would lock the region tree and the houses too) — in one transaction from the
    first write to the last. If the table is busy for ``BULK_LOAD_LOCK_TIMEOUT`` (another import, a
    long read), the file goes in online as into a table with people. Online, each chunk of
    ``WRITE_CHUNK_ROWS`` rows is a short transaction of its own (:func:`_write_online`).
    """
    batch, spool = importer.ctx.batch, importer.ctx.spool
    all_or_nothing = batch.mode == ImportBatch.Mode.ALL_OR_NOTHING
    side = SideStaging(
        f"{SIDE_TABLE_PREFIX}{importer.kind}_{batch.pk}",
        importer.stage_columns,
        indexes=importer.stage_indexes,
    )
    importer.stage_name = side.name
    reader = _RangeReader(importer, table, side)
    try:
        with ExitStack() as bulk_stack:
            reader.start()
            ranges = reader.ranges(
                lambda done: report(done, _estimate(done, table), f"正在读取、校验并写入：已读{done:,}行")
            )
            first_range = next(ranges, None)
            if first_range is None and reader.total == 0:
                raise ImportFileError("文件只有表头，没有数据行")
            bulk = first_range is not None and importer.bulk_load_wanted(
                _estimate(reader.total, table) or 0, offline=offline
            )

            def begin_first_load() -> bool:
                """Enter the one transaction without the secondary indexes; False: the table is busy."""
                attempt = ExitStack()
                attempt.enter_context(transaction.atomic())
                if attempt.enter_context(
                    bulk_load_mode(
                        importer.bulk_load_models,
                        enabled=True,
                        foreign_keys=False,
                        lock_timeout=BULK_LOAD_LOCK_TIMEOUT,
                    )
                ):
                    bulk_stack.enter_context(attempt.pop_all())  # until the last range is in
                    return True
                attempt.close()  # online instead, in short transactions
                return False

            checked: list[tuple[int, int]] = []
            for first, last in itertools.chain([first_range] if first_range else [], ranges):
                # online "good rows": the write chunk's re-check is the registry lookup (see Importer)
                importer.registry_lookup_at_write = not all_or_nothing and not bulk
                importer.mark_bad(importer.check_range(first, last))
                if not importer.bulk_loaded:  # (in the first load's transaction: loaded once it is over)
                    spool.load()  # the range's issues (a Haikou file warns on half its rows: old 地址码)
                if bulk and not (all_or_nothing and spool.errors):
                    # a first load writes as it reads: one transaction, undone whole if it must be
                    if not importer.bulk_loaded:
                        bulk = importer.bulk_loaded = begin_first_load()
                    if importer.bulk_loaded:
                        importer.written += importer.write_range(first, last)
                        continue
                checked.append((first, last))
            if importer.bulk_loaded and all_or_nothing and spool.errors:
                raise _Undo  # one bad row in a later range: the first load's transaction undoes the rows
            # online, the whole file is read and checked first: a file refused half-way wrote nothing
            if not (all_or_nothing and spool.errors):
                for first, last in checked:
                    _write_online(importer, first, last)
                    spool.load()
                    report(reader.total, reader.total, f"正在写入：已写入{importer.written:,}行")
            if importer.bulk_loaded and importer.written:
                report(reader.total, reader.total, "正在重建人员表索引")
    except _Undo:
        importer.written = 0
    except BaseException:
        reader.stop()
        raise
    finally:
        reader.join()
        side.close()
    return reader.total


class _Undo(Exception):  # noqa: N818
    """Raised inside the first load's transaction to roll it back without rebuilding the indexes."""


def _write_online(importer: Importer, first: int, last: int) -> int:
    """Write the good rows numbered ``first``–``last`` in chunks of ``WRITE_CHUNK_ROWS`` rows, each its
    own transaction: the re-check of the chunk's rows against the registry, the insert, and the batch's
    count of rows written (what a killed import had written is then on its batch). Adds to
    ``importer.written``; returns the rows written."""
    written = 0
    low = first
    while low <= last:
        high = min(last, low + WRITE_CHUNK_ROWS - 1)
        written += _write_chunk(importer, low, high)
        low = high + 1
    return written


def _write_chunk(importer: Importer, first: int, last: int) -> int:
    for attempt in range(WRITE_RETRIES):
        try:
            with transaction.atomic():
                importer.mark_bad(importer.recheck_range(first, last))
                written = importer.write_range(first, last)
                ImportBatch.objects.filter(pk=importer.ctx.batch.pk).update(
                    rows_written=importer.written + written
                )
            importer.written += written  # committed
            importer.hold_renew()
            return written
        except IntegrityError:  # registered by someone else between the re-check and the insert
            if attempt == WRITE_RETRIES - 1:
                raise
            logger.info("导入第%s–%s行时与他人同时登记冲突，重新检查后再写", first, last)
    return 0


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


def _finish(batch: ImportBatch, importer: Importer, total: int, *, report: Progress) -> None:
    """Decide (all-or-nothing vs good rows), write unless already written range by range, audit, and
    record the outcome on the batch. The counts come from the spool: exact, whatever was stored."""
    spool = importer.ctx.spool
    spool.load()
    ranged = importer.stage_name.startswith(SIDE_TABLE_PREFIX)
    refused = bool(spool.errors) and batch.mode == ImportBatch.Mode.ALL_OR_NOTHING
    if not ranged and not refused:
        report(total, total, "正在写入")
        if importer.range_rows:  # rows that can be written range by range: short transactions
            _write_online(importer, *_staged_bounds(importer))
        else:
            with transaction.atomic():
                importer.written = importer.write()
        spool.load()
    rejected = spool.rows_with_errors
    warnings = spool.warnings
    written = importer.written
    with transaction.atomic():
        if refused:
            status = ImportBatch.Status.REJECTED
            message = (
                f"共{total}行，其中{rejected}行有错误。按“{batch.get_mode_display()}”方式，未导入任何数据"
            )
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
        if spool.stored < spool.errors + spool.warnings:
            message += f"（共{spool.errors + spool.warnings:,}条问题，保存并列出前{spool.stored:,}条，各原因的条数见统计）"
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=status,
            encoding=batch.encoding,
            rows_total=total,
            rows_rejected=rejected,
            rows_written=written,
            warnings=warnings,
            message=message,
            issue_summary=spool.summary(),
            finished_at=timezone.now(),
        )


def _all_or_nothing(batch: ImportBatch) -> bool:
    return batch.mode == ImportBatch.Mode.ALL_OR_NOTHING


def _staged_bounds(importer: Importer) -> tuple[int, int]:
    """The first and last row numbers staged."""
    low, high = (
        scalar(f"SELECT MIN(row_no) FROM {importer.stage_name}"),
        scalar(f"SELECT MAX(row_no) FROM {importer.stage_name}"),
    )
    return (low or 0, high or -1)


def _batch_refused(batch: ImportBatch, exc: ImportFileError, *, limit: int | None) -> None:
    """Record a refused file (its own small transaction, after the import's was rolled back); the issues
    already stored of rows before the one that stopped the file go."""
    with transaction.atomic():
        ImportIssue.objects.filter(batch=batch).delete()
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
            issue_summary={
                "errors": 1,
                "warnings": 0,
                "stored": 1,
                "limit": import_max_issues() if limit is None else limit,
                "counts": [[ImportIssue.Severity.ERROR.value, exc.field[:50], issue_kind(exc.reason), 1]],
            },
            message=f"文件未导入：{exc}"[:2000],
            finished_at=timezone.now(),
        )
