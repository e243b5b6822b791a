"""Imports while the site is in use (issue 13, items 7, 8 and 11): no lock others wait for, no debris
after a kill -9, issue rows bounded with exact counts and the report built by the import, not a request."""

from __future__ import annotations

import subprocess
from datetime import date
from unittest.mock import patch

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from minzheng.core.jobs import worker_startup_run
from minzheng.core.liveness import runner_name
from minzheng.core.models import Region
from minzheng.core.testing import GRID_A, session_ended_wait
from minzheng.registry.importing import persons as persons_module
from minzheng.registry.importing import pipeline as pipeline_module
from minzheng.registry.importing.debris import IMPORT_LOCK_CLASS, import_debris_cleanup
from minzheng.registry.importing.report import import_report_path
from minzheng.registry.importing.support import IssueSpool
from minzheng.registry.importing.testing import citizen_id, person_row, run_import, write_csv
from minzheng.registry.models import ImportBatch, ImportIssue, Person
from minzheng.registry.tests import given

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="locks between sessions: PostgreSQL"
)


def _other_connection():
    other = connection.get_new_connection(connection.get_connection_params())
    other.autocommit = True
    return other


def _close_and_wait_gone(other) -> None:
    """Close another session and wait until the server has ended it (and released its locks)."""
    pid = other.info.backend_pid
    other.close()
    assert session_ended_wait(pid), f"the closed session {pid} did not end"


# --- item 7: an online import blocks nobody ------------------------------------------------------------------


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_import_into_a_table_with_people_never_makes_others_wait(personas, tmp_path, monkeypatch):
    # given a person table with people, a file larger than it (the old first-load rule would lock the
    # table for the whole import), checked in ranges of 4 rows and written in chunks of 3
    monkeypatch.setattr(pipeline_module, "BULK_LOAD_MIN_ROWS", 1)
    monkeypatch.setattr(pipeline_module, "WRITE_CHUNK_ROWS", 3)
    monkeypatch.setattr(persons_module.PersonImporter, "range_rows", 4)
    someone = given.person(personas.community, name="王五", seq=31)
    grid = Region.objects.get(code=GRID_A)
    rows = [person_row(**{"身份证号码": citizen_id(n), "姓名": f"甲{n}"}) for n in range(101, 141, 2)]
    # and another session that, in the middle of every write chunk (its transaction still open), reads
    # and writes the person table as a page would — giving up after 1 s of waiting for a lock
    other = _other_connection()
    other.execute("SET lock_timeout = '1s'")
    waits: list[str] = []
    probes = []
    table = Person._meta.db_table
    original = persons_module.PersonImporter.write_range

    def write_range_while_others_work(self, first, last):
        written = original(self, first, last)
        n = len(probes)
        try:
            other.execute(f"SELECT COUNT(*) FROM {table} WHERE region_id = %s", [grid.pk]).fetchone()
            other.execute(f"UPDATE {table} SET phone = %s WHERE id = %s", [f"1381234{n:04d}", someone.pk])
            other.execute(
                f"INSERT INTO {table} (id_number, id_reversed, name, name_initials, gender, birth_date, ethnicity,"
                " phone, hukou_address, region_id, residence_permit_no, status, created_at, updated_at) "
                "SELECT %s, reverse(%s), '乙', 'y', 'M', '1990-01-01', '汉族', '', '', %s, '', 'normal', now(), now()",
                [citizen_id(501 + 2 * n), citizen_id(501 + 2 * n), grid.pk],
            )
        except Exception as exc:  # noqa: BLE001  (the lock wait is what the test looks for)
            waits.append(str(exc))
        probes.append(n)
        return written

    monkeypatch.setattr(persons_module.PersonImporter, "write_range", write_range_while_others_work)
    try:
        # when the file is imported (online: no --offline)
        batch = run_import(personas.community, write_csv(tmp_path / "p.csv", rows), mode="all")
    finally:
        other.close()
    # then every probe got through without waiting, and every row went in
    assert probes and not waits, waits
    assert batch.status == ImportBatch.Status.COMMITTED and batch.rows_written == 20
    assert "首次批量导入" not in batch.message
    assert Person.objects.filter(name__startswith="甲").count() == 20
    assert Person.objects.count() == 1 + 20 + len(probes)


def test_a_person_registered_meanwhile_is_reported_not_a_crash(personas, tmp_path, monkeypatch):
    # given a file whose row 3 someone registers by hand after the checks, before the rows are written
    monkeypatch.setattr(pipeline_module, "WRITE_CHUNK_ROWS", 1)
    rows = [person_row(**{"身份证号码": citizen_id(n), "姓名": f"甲{n}"}) for n in (11, 13, 15)]
    original = persons_module.PersonImporter.recheck_range
    registered = []

    def someone_registers_first(self, first, last):
        if not registered:
            registered.append(given.person(personas.community, name="王五", seq=13))
        return original(self, first, last)

    monkeypatch.setattr(persons_module.PersonImporter, "recheck_range", someone_registers_first)
    # when it is imported keeping the good rows
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", rows), mode="good")
    # then the two others are in and row 3 is reported as registered (the chunk re-checked it)
    assert batch.rows_written == 2 and batch.rows_rejected == 1
    [issue] = batch.issues.all()
    assert issue.row_number == 3 and "身份证号码已登记为他人" in issue.reason


def test_an_import_failing_half_way_says_how_many_rows_went_in(personas, tmp_path, monkeypatch):
    # given chunks of one row, and a failure (a crash, a lost connection) on the third chunk
    monkeypatch.setattr(pipeline_module, "WRITE_CHUNK_ROWS", 1)
    original = persons_module.PersonImporter.write_range
    calls = []

    def fails_on_the_third(self, first, last):
        calls.append(first)
        if len(calls) == 3:
            raise ConnectionError("连接中断")
        return original(self, first, last)

    monkeypatch.setattr(persons_module.PersonImporter, "write_range", fails_on_the_third)
    rows = [person_row(**{"身份证号码": citizen_id(n), "姓名": f"甲{n}"}) for n in (11, 13, 15, 17)]
    # when the import runs
    with pytest.raises(ConnectionError):
        run_import(personas.community, write_csv(tmp_path / "p.csv", rows), mode="all")
    # then the two chunks committed stay, and the batch says so and how to go on
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED and batch.rows_written == 2
    assert "已写入2行" in batch.message and "导入正确的行" in batch.message
    assert Person.objects.count() == 2


def test_the_offline_option_says_the_site_must_be_closed(capsys):
    with pytest.raises(SystemExit):
        call_command("import", "--help")
    out = capsys.readouterr().out
    assert "--offline" in out and "网站已关闭" in out


# --- item 8: kill -9 debris ----------------------------------------------------------------------------------


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])  # noqa: S607
    process.wait()
    return process.pid


def _running_batch(personas, runner: str) -> ImportBatch:
    return ImportBatch.objects.create(
        kind="persons",
        file_name="killed.csv",
        region=personas.city.region,
        uploaded_by=personas.city,
        status=ImportBatch.Status.RUNNING,
        runner=runner,
    )


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE tablename LIKE 'import\\_side\\_%%'")
        return {row[0] for row in cursor.fetchall()}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_after_a_kill_the_worker_start_drops_the_staging_table_and_fails_the_batch(personas):
    # given what a kill -9 leaves (an unlogged staging table of ID numbers, its batch "running", nobody
    # holding its lock) and beside it a live import (its lock held by another session, its table), in a
    # database that other tests' leftovers do not share (a flush empties tables, it drops none)
    import_debris_cleanup()
    dead = _running_batch(personas, runner="elsewhere:4242")
    live = _running_batch(personas, runner="elsewhere:4243")
    other = _other_connection()
    try:
        other.execute("SELECT pg_advisory_lock(%s, %s)", [IMPORT_LOCK_CLASS, live.pk])
        for batch in (dead, live):
            other.execute(
                f"CREATE UNLOGGED TABLE import_side_persons_{batch.pk} (row_no integer, id_number text)"
            )
            other.execute(f"INSERT INTO import_side_persons_{batch.pk} VALUES (2, '460105199001010011')")
        # when the worker starts
        lines = worker_startup_run()
        # then the dead import's table is gone and its batch failed with the reason; the live one is untouched
        assert any("清理残留暂存表1张，中断批次1个" in line for line in lines)
        assert _tables() == {f"import_side_persons_{live.pk}"}
        dead.refresh_from_db()
        live.refresh_from_db()
        assert dead.status == ImportBatch.Status.FAILED and "导入进程中断" in dead.message
        assert dead.finished_at is not None
        assert live.status == ImportBatch.Status.RUNNING
    finally:
        _close_and_wait_gone(other)  # the live import "ends": its lock goes with its connection
    assert import_debris_cleanup() == (1, 1)
    assert not _tables()


@pytest.mark.django_db(transaction=True)
def test_the_next_import_fails_a_batch_whose_process_is_gone(personas, tmp_path):
    # given a batch left "running" by a process that no longer exists (SQLite: its host:pid; PostgreSQL:
    # no session holds its lock) and one of this very process, still at work
    dead = _running_batch(personas, runner=f"{runner_name().rpartition(':')[0]}:{_dead_pid()}")
    # when the next import starts
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", [person_row()]))
    # then the dead batch is failed with a reason, and the new import went in
    dead.refresh_from_db()
    assert dead.status == ImportBatch.Status.FAILED and dead.message.startswith("导入进程中断")
    assert batch.status == ImportBatch.Status.COMMITTED


@pytest.mark.django_db(transaction=True)
def test_the_cleanup_after_a_kill_ends_the_killed_imports_hold_on_the_figures(personas):
    from minzheng.reports import registry as reports_registry

    # given the hold a killed import left on the figures over people (it would last until it expires)
    reports_registry._holds_set(["registry.person"], {}, what="批量导入人员", since="09:00")
    counted = [reports_registry.indicator_get("registry.persons")]
    assert reports_registry.figures_held_notes(counted) == ["批量导入人员（09:00起）"]
    _running_batch(personas, runner=f"{runner_name().rpartition(':')[0]}:{_dead_pid()}")
    # when the next worker start or import cleans up after it
    assert import_debris_cleanup()[1] == 1
    # then the figures are no longer held: the pages say nothing, and the next reader computes them
    assert reports_registry.figures_held_notes(counted) == []


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite tells live from dead by host:pid")
def test_a_batch_of_a_live_process_is_left_running(personas):
    mine = _running_batch(personas, runner=runner_name())
    assert import_debris_cleanup() == (0, 0)
    mine.refresh_from_db()
    assert mine.status == ImportBatch.Status.RUNNING


# --- item 11: issue rows bounded, counts exact, the report built by the import ---------------------------------


def _bad_rows(n: int) -> list[list[str]]:
    return [person_row(**{"身份证号码": f"4601051990{i:08d}"}) for i in range(n)]


def test_fifteen_thousand_bad_rows_keep_ten_thousand_issues_with_exact_counts(personas, tmp_path):
    # given a file of 15,000 rows with a bad ID number each and the default limit
    path = write_csv(tmp_path / "bad.csv", _bad_rows(15_000))
    # when it is imported
    batch = run_import(personas.community, path, mode="all")
    # then 10,000 issue rows are kept, the counts cover all 15,000, and every row is rejected
    assert batch.issues.count() == 10_000
    assert batch.rows_rejected == 15_000 and batch.rows_written == 0
    summary = batch.issue_summary
    assert (summary["errors"], summary["warnings"], summary["stored"], summary["limit"]) == (
        15_000,
        0,
        10_000,
        10_000,
    )
    assert sum(n for _, _, _, n in summary["counts"]) == 15_000
    assert {field for _, field, _, _ in summary["counts"]} == {"身份证号码"}
    assert "共15,000条问题，保存并列出前10,000条" in batch.message
    # and the import built the report: its two sheets, the stored issues and the counts
    path = import_report_path(batch)
    assert path is not None and path.stat().st_size > 0


def test_the_limit_is_a_setting_and_warnings_keep_room_for_errors(personas, tmp_path, settings):
    # given a limit of 4 issue rows and a file of 6 rows warning (an old 地址码) then 3 bad rows
    settings.REGISTRY_IMPORT_MAX_ISSUES = 4
    rows = [person_row(**{"身份证号码": citizen_id(n, region="460103")}) for n in range(11, 23, 2)]
    rows += [person_row(**{"身份证号码": "123"}) for _ in range(3)]
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", rows), mode="good")
    # then at most half the room went to warnings, the rest to errors, and the counts are whole
    stored = list(batch.issues.values_list("severity", flat=True))
    assert stored.count(ImportIssue.Severity.WARNING) == 2 and stored.count(ImportIssue.Severity.ERROR) == 2
    assert batch.warnings == 6 and batch.rows_rejected == 3 and batch.rows_written == 6
    assert (batch.issue_summary["errors"], batch.issue_summary["warnings"]) == (3, 6)


def test_warnings_past_what_can_be_stored_are_counted_not_spooled(db):
    """A Haikou file warns on half its rows (old 地址码): the spool keeps on disk only the warnings it can
    store — the same first ones it always stored — and counts the rest exactly."""
    # given a spool with room for 4 issue rows (2 of them warnings)
    spool = IssueSpool(0, limit=4)
    marked: list[int] = []
    spool.on_errors = marked.extend
    # when 1,000 rows warn, then 3 rows have errors
    for row in range(1, 1001):
        spool.add(
            row,
            "身份证号码",
            "460103…",
            "地址码460103不在当前行政区划表中（可能为历史代码），已接受",
            warning=True,
        )
    for row in (1001, 1002, 1003):
        spool.add(row, "身份证号码", "123", "长度应为18位（或15位旧号码），实为3位")
    # then only 2 warnings and the 3 errors were spooled, the counts are whole and every error row is marked
    assert spool._pending == 5  # (the spool file: what it holds until loaded)
    assert (spool.warnings, spool.errors, spool.rows_with_errors) == (1000, 3, 3)
    assert sorted(n for _, _, _, n in spool.summary()["counts"]) == [3, 1000]
    with patch.object(IssueSpool, "_copy", lambda self, rows: [*rows]):
        spool.load()
    assert (spool.stored_warnings, spool.stored_errors) == (2, 2) and marked == [1001, 1002, 1003]
    spool.close()


def test_the_command_takes_a_limit_and_copies_the_report_the_import_built(personas, tmp_path):
    path = write_csv(tmp_path / "bad.csv", _bad_rows(7))
    report = tmp_path / "report.xlsx"
    with pytest.raises(Exception, match="有7行错误"):
        call_command("import", "persons", str(path), "--max-issues", "5", "--report", str(report))
    batch = ImportBatch.objects.get()
    assert batch.issues.count() == 5 and batch.issue_summary["errors"] == 7
    assert report.read_bytes() == import_report_path(batch).read_bytes()


def test_the_page_says_how_many_issues_exist_and_sends_the_report_the_job_built(personas, tmp_path, client):
    batch = run_import(personas.community, write_csv(tmp_path / "bad.csv", _bad_rows(30)), max_issues=10)
    client.force_login(personas.community)
    page = client.get(reverse("registry_import:batch", args=[batch.pk])).content.decode()
    assert "共30条问题（错误30条、警告0条），只保存并列出前10条" in page
    assert 'data-testid="issue-counts"' in page and "<td>30</td>" in page
    # the download sends the file the import built (no report is built by the request)
    built = import_report_path(batch).read_bytes()
    response = client.get(reverse("registry_import:report", args=[batch.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == built


def test_a_batch_without_a_built_report_has_none_to_download(personas, tmp_path, client):
    batch = run_import(personas.community, write_csv(tmp_path / "p.csv", [person_row()]))
    client.force_login(personas.community)
    assert client.get(reverse("registry_import:report", args=[batch.pk])).status_code == 404


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_figures_over_people_are_computed_once_after_an_import_not_after_each_chunk(
    personas, tmp_path, monkeypatch
):
    from minzheng.reports import registry as reports_registry
    from minzheng.reports.registry import Aggregation, indicator_register, indicator_value

    # given a figure over the people (computed once and stored), and an import written in chunks of 3 rows
    monkeypatch.setattr(pipeline_module, "WRITE_CHUNK_ROWS", 3)
    monkeypatch.setattr(persons_module.PersonImporter, "range_rows", 4)
    computed: list[int] = []

    def people(region, start, end):
        computed.append(Person.objects.count())
        return computed[-1]

    indicator_register(
        code="test.import_people", name="测试人数", unit="人", aggregation=Aggregation.SNAPSHOT,
        domain="registry", compute=people, depends_on=["registry.Person"],
    )  # fmt: skip
    city, day = Region.objects.get(parent__isnull=True), date(2020, 12, 31)
    try:
        assert indicator_value("test.import_people", region=city, start=day, end=day) == 0
        # and a reader asking for it after every chunk committed, as the pages of the site do meanwhile
        seen = []
        original = pipeline_module._write_chunk

        def chunk_then_a_reader(importer, first, last):
            written = original(importer, first, last)
            seen.append(indicator_value("test.import_people", region=city, start=day, end=day))
            return written

        monkeypatch.setattr(pipeline_module, "_write_chunk", chunk_then_a_reader)
        rows = [person_row(**{"身份证号码": citizen_id(n), "姓名": f"甲{n}"}) for n in range(101, 141, 2)]
        # when the file is imported online
        batch = run_import(personas.community, write_csv(tmp_path / "p.csv", rows), mode="good")
        # then the readers were served the figure as it was, nobody computing it again for each chunk
        assert batch.rows_written == 20 and len(seen) == 10  # 5 ranges of 4 rows, each in chunks of 3 and 1
        assert set(seen) == {0} and computed == [0]
        # and the first reader after the import gets it over every row, computed once
        assert indicator_value("test.import_people", region=city, start=day, end=day) == 20
        assert computed == [0, 20]
    finally:
        reports_registry._indicators.pop("test.import_people")
