"""What a killed import leaves behind, and how a live import is told from a dead one.

A running import proves it is alive as every background work does (``core.liveness``): on PostgreSQL its
connection holds the advisory lock ``(IMPORT_LOCK_CLASS, batch id)``, taken before the batch is claimed; on
SQLite the batch records ``host:pid`` of its process.

:func:`import_debris_cleanup` runs when the worker starts (``minzheng worker``) and before every import:
it drops the unlogged staging tables (``import_side_<kind>_<batch>``, copies of a file's rows with ID
numbers and phones) of batches that are not running in a live process, and marks their batches failed.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager

from django.db import connection
from django.utils import timezone

from minzheng.core.liveness import live_keys, runner_alive, running_proof
from minzheng.registry.models import ImportBatch
from minzheng.reports.registry import figures_held_release

IMPORT_LOCK_CLASS = 0x4D5A  # the first key of the two-key advisory lock ("MZ"); the second is the batch id
SIDE_TABLE_PREFIX = "import_side_"
INTERRUPTED = "导入进程中断（服务重启或新导入开始时发现），请重新导入"
logger = logging.getLogger(__name__)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def import_runner(batch_id: int) -> AbstractContextManager[str]:
    """Hold the proof that this process runs the batch for the duration of the block; yield the runner
    name to record on the batch."""
    return running_proof(IMPORT_LOCK_CLASS, batch_id)


def live_batches(running: list[tuple[int, str]]) -> set[int]:
    """Which of the (batch id, runner) marked running belong to a live import."""
    if _postgres():
        return live_keys(IMPORT_LOCK_CLASS)
    return {pk for pk, runner in running if runner_alive(runner)}


def import_debris_cleanup() -> tuple[int, int]:
    """Drop the staging tables of imports no longer running and mark running batches whose process is
    gone as failed. Return (tables dropped, batches failed).

    The order of the reads matters: tables, then running batches, then live locks — an import takes its
    lock before it claims its batch and claims its batch before it creates its table, so whatever was
    seen earlier in this order is covered by what is seen later, and a live import is never touched."""
    tables = _side_tables()
    running = list(
        ImportBatch.objects.filter(status=ImportBatch.Status.RUNNING).values_list("pk", "runner", "kind")
    )
    live = live_batches([(pk, runner) for pk, runner, _kind in running])
    dead = [pk for pk, _runner, _kind in running if pk not in live]
    failed = 0
    if dead:
        failed = ImportBatch.objects.filter(pk__in=dead, status=ImportBatch.Status.RUNNING).update(
            status=ImportBatch.Status.FAILED, finished_at=timezone.now(), message=INTERRUPTED
        )
        logger.warning("导入批次 %s 的进程已不在，标记为失败", ", ".join(map(str, dead)))
        if not live:  # the killed imports' holds on the figures end now, not when they expire
            from minzheng.registry.importing import importer_for

            kinds = {kind for pk, _runner, kind in running if pk in dead}
            figures_held_release(
                [label for kind in sorted(kinds) for label in importer_for(kind).held_labels()]
            )
    dropped = 0
    for name in tables:
        suffix = name.rsplit("_", 1)[-1]
        if suffix.isdigit() and int(suffix) in live:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TABLE IF EXISTS "{name}"')
        dropped += 1
    return dropped, failed


def _side_tables() -> list[str]:
    if not _postgres():
        return []  # SQLite stages in temporary tables, gone with their connection
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE %s",
            [SIDE_TABLE_PREFIX.replace("_", "\\_") + "%"],
        )
        return [row[0] for row in cursor.fetchall()]


def side_table_drop(name: str) -> None:
    """Drop one import's own staging table (outside any transaction that read it)."""
    if _postgres():
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TABLE IF EXISTS "{name}"')


def worker_startup_cleanup() -> str:
    """The worker's start: what an import killed with the previous worker left behind."""
    dropped, failed = import_debris_cleanup()
    return f"人房导入：清理残留暂存表{dropped}张，中断批次{failed}个"
