"""``minzheng bench load``: statistics read from locust's CSV and judged against the targets."""

import os
import time
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from minzheng.loadtest.bench import LockWaits, PageStats, SideImport, _read_failures, _read_stats, _rows
from minzheng.loadtest.names import THINK_SECONDS, page_name

HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
    "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,"
    "99.99%,100%\n"
)


def test_pages_are_named_by_their_shape():
    assert page_name("/grid/events/1234/?page=2") == "/grid/events/N/"


def test_locust_statistics_are_read_in_seconds(tmp_path: Path):
    path = tmp_path / "stats_stats.csv"
    path.write_text(
        HEADER
        + "GET,/grid/events/,120,0,80,90,10,900,5000,2,0,80,90,100,110,200,350,500,700,900,900,900\n"
        + ",Aggregated,120,0,80,90,10,900,5000,2,0,80,90,100,110,200,350,500,700,900,900,900\n"
    )
    pages = _read_stats(path)
    assert pages["/grid/events/"].p99 == 0.7 and pages["/grid/events/"].requests == 120
    assert "（全部请求）" in pages


def test_a_page_slower_than_twice_its_idle_p99_beside_an_import_fails_its_target(db):
    idle = {"/registry/persons/": PageStats("/registry/persons/", 100, 0, 0.05, 0.1, 0.2)}
    busy = {"/registry/persons/": PageStats("/registry/persons/", 100, 0, 0.05, 0.3, 0.5)}
    rows = _rows([("空闲", idle, LockWaits()), ("同时导入/计算", busy, LockWaits())], echo=lambda _: None)
    page = next(r for r in rows if "/registry/persons/" in r.label)
    assert page.ratio == 2.5 and page.ok is False


def test_beside_an_import_each_page_shows_its_p99_beside_the_bare_copy_too(db):
    """Given the three phases of an import run, each page's row shows its p99 beside the bare COPY of the same
    rows and the import's p99 against it (the like-for-like floor); it is judged against the idle p99 alone."""
    idle = {"/": PageStats("/", 100, 0, 0.05, 0.1, 0.2)}
    copy = {"/": PageStats("/", 100, 0, 0.05, 0.3, 0.5)}
    busy = {"/": PageStats("/", 100, 0, 0.05, 0.3, 0.6)}
    phases = [
        ("空闲", idle, LockWaits()),
        ("负载下裸COPY", copy, LockWaits()),
        ("同时导入/计算", busy, LockWaits()),
    ]
    [page] = [r for r in _rows(phases, echo=lambda _: None) if r.label == "[同时导入/计算] /"]
    assert page.floor == "空闲 p99 200.0 ms；裸COPY旁 p99 500.0 ms（1.20×）"
    assert page.ratio == pytest.approx(3.0) and page.ok is False


def test_a_failed_request_fails_the_run(db):
    pages = {"/": PageStats("/", 10, 1, 0.05, 0.1, 0.2)}
    rows = _rows([("负载", pages, LockWaits())], echo=lambda _: None)
    assert [r.ok for r in rows if r.label == "失败请求合计"] == [False]


def _with_import(side_import: SideImport) -> list:
    pages = {"/": PageStats("/", 10, 0, 0.05, 0.1, 0.2)}
    phases = [("空闲", pages, LockWaits()), ("同时导入/计算", pages, LockWaits())]
    return [r for r in _rows(phases, echo=lambda _: None, side_import=side_import) if "同时导入" in r.label
            and "行人员" in r.label]  # fmt: skip


def test_an_import_beside_the_load_is_judged_against_its_bare_copy(db, tmp_path: Path):
    side = SideImport(rows=1000, floor_seconds=10.0, path=tmp_path / "x.csv", started=100.0, ended=114.0,
                      returncode=0)  # fmt: skip
    [row] = _with_import(side)
    assert row.ratio == 1.4 and row.ok is True and "14.0 秒" in row.value
    side.ended = 116.0  # 1.6× the floor
    [row] = _with_import(side)
    assert row.ok is False


def test_an_import_that_failed_or_never_ended_fails_the_run(db, tmp_path: Path):
    unfinished = SideImport(rows=1000, floor_seconds=10.0, path=tmp_path / "x.csv", started=100.0)
    [row] = _with_import(unfinished)
    assert row.ok is False and row.value == "未完成"
    failed = SideImport(rows=1000, floor_seconds=10.0, path=tmp_path / "x.csv", started=100.0, ended=105.0,
                        returncode=1)  # fmt: skip
    [row] = _with_import(failed)
    assert row.ok is False and "失败" in row.value


def test_the_import_runs_as_its_own_process_and_is_timed(tmp_path: Path):
    """``start`` runs the CLI's import in a child process and a watcher records when it ended and how."""
    side = SideImport(rows=0, floor_seconds=1.0, path=tmp_path / "missing.csv")
    proc = side.start(dict(os.environ))
    proc.wait(timeout=120)
    for _ in range(100):
        if side.ended is not None:
            break
        time.sleep(0.05)
    assert side.seconds is not None and side.seconds > 0 and side.returncode not in (None, 0)


def test_failures_are_read_with_their_reason_most_frequent_first(tmp_path: Path):
    """Given locust's failures CSV, the bench names each failed page with its error (not a bare count)."""
    path = tmp_path / "stats_failures.csv"
    path.write_text(
        "Method,Name,Error,Occurrences\n"
        "GET,/cases/,\"CatchResponseError('连接错误：ConnectionResetError(104)')\",1\n"
        "POST,/open311/v2/requests.json (POST),CatchResponseError('HTTP 409'),3\n"
    )
    failures = _read_failures(path)
    assert failures[0] == ("POST", "/open311/v2/requests.json (POST)", "CatchResponseError('HTTP 409')", 3)
    assert "ConnectionResetError" in failures[1][2]
    assert _read_failures(tmp_path / "absent.csv") == []


def test_the_server_keeps_idle_connections_open_longer_than_a_clerks_pause(monkeypatch):
    """The 12 “HTTP 0” failures of ``bench load`` were connection resets: gunicorn's default keep-alive (2 s)
    closed connections that clients pausing 1–4 s between clicks were about to reuse. Given ``minzheng serve``,
    when it starts gunicorn, then the keep-alive outlasts the longest pause."""
    from django.core.management import call_command

    started: list[list[str]] = []

    class StartedError(Exception):
        pass

    def execv(path: str, argv: list[str]) -> None:
        started.append(argv)
        raise StartedError

    monkeypatch.delenv("MINZHENG_KEEPALIVE", raising=False)
    monkeypatch.setattr(os, "execv", execv)
    with pytest.raises(StartedError):
        call_command("serve", "--bind", "127.0.0.1:0")
    [argv] = started
    keep_alive = int(argv[argv.index("--keep-alive") + 1])
    assert keep_alive > max(THINK_SECONDS)


def test_the_import_is_judged_against_both_floors_idle_and_under_the_same_load(db, tmp_path: Path):
    """Given a bare COPY of 10 s idle and 20 s under the load, when the import took 25 s under the load, then
    the bench prints both ratios: 2.5× the idle floor (not met) and 1.25× the like-for-like one (met)."""
    side = SideImport(rows=1000, floor_seconds=10.0, path=tmp_path / "x.csv", loaded_floor_seconds=20.0,
                      started=100.0, ended=125.0, returncode=0)  # fmt: skip
    idle, loaded = _with_import(side)
    assert "空闲时裸COPY" in idle.label and idle.ratio == 2.5 and idle.ok is False
    assert "负载下裸COPY" in loaded.label and loaded.ratio == 1.25 and loaded.ok is True


def test_a_page_opened_only_before_the_statistics_were_reset_is_not_judged(db):
    """Given a page locust lists with no request (opened only while the users logged in), it gets no row."""
    pages = {"/": PageStats("/", 10, 0, 0.05, 0.1, 0.2), "/regions/": PageStats("/regions/", 0, 0, 0, 0, 0)}
    rows = _rows([("负载", pages, LockWaits())], echo=lambda _: None)
    assert [r.label for r in rows if "/regions/" in r.label] == []
    assert [r.ok for r in rows if r.label == "[负载] /"] == [True]


def test_the_bench_refuses_a_database_with_unapplied_migrations(db):
    """The lead's first run measured 14 HTTP 500s of /reports/annual/ that were a missing migration, not load.
    Given a database whose latest registry migration is not applied, when ``minzheng bench load`` starts, then
    it refuses before starting anything, naming the migration and the command to run; applied, it passes."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.recorder import MigrationRecorder

    from minzheng.loadtest.bench import migrations_applied_check

    migrations_applied_check()  # given: every migration applied, nothing raised
    [(app, latest)] = [
        n for n in MigrationExecutor(connection).loader.graph.leaf_nodes() if n[0] == "registry"
    ]
    MigrationRecorder(connection).migration_qs.filter(
        app=app, name=latest
    ).delete()  # rolled back with the test
    with pytest.raises(CommandError) as refused:
        call_command("bench", "load", "--seconds", "1")
    message = str(refused.value)
    assert f"registry.{latest}" in message
    assert "minzheng manage migrate" in message and "尚未应用" in message


def test_the_login_storm_gets_its_own_row_and_is_not_judged(db, tmp_path: Path, monkeypatch):
    """Given 3 logins of 300–900 ms and a page of 50 ms in the login phase (written by the locustfile when the
    last user has logged in, before the statistics restart), when the table is made, then the phase has its own
    reference row with its p50/p99 and the logins' own, and the pages after it are judged alone."""
    from minzheng.loadtest.bench import LOGIN_PHASE, _read_login_phase
    from minzheng.loadtest.names import login_phase_write

    stats = _LocustStats(started=time.time() - 12)
    for ms_taken in (300, 600, 900):
        stats.log("POST", "/login/ (POST)", ms_taken)
    stats.log("GET", "/login/", 50)
    path = tmp_path / "login_phase.json"
    login_phase_write(stats, str(path))
    pages = {"/": PageStats("/", 10, 0, 0.05, 0.1, 0.2), **_read_login_phase(path)}
    rows = _rows([("负载", pages, LockWaits())], echo=lambda _: None)
    [storm] = [r for r in rows if LOGIN_PHASE in r.label]
    assert "全部用户登录用时12秒" in storm.label
    assert "4次 失败0" in storm.value and "p99 900.0 ms" in storm.value
    assert "其中登录 3次 p50 600.0 ms p99 900.0 ms" in storm.label and "仅供参考" in storm.label
    assert storm.ok is None  # reference only: never fails the run
    assert [r.ok for r in rows if r.label == "失败请求合计"] == [True]
    assert _read_login_phase(tmp_path / "absent.json") == {}


class _Entry:
    """The part of locust's ``StatsEntry`` the login phase reads (locust itself is not imported here: it patches
    the test process with gevent)."""

    def __init__(self) -> None:
        self.times: list[int] = []
        self.num_failures = 0

    @property
    def num_requests(self) -> int:
        return len(self.times)

    def get_response_time_percentile(self, q: float) -> int:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class _LocustStats:
    def __init__(self, started: float) -> None:
        self.entries: dict[tuple[str, str], _Entry] = {}
        self.total = _Entry()
        self.total.start_time = started

    def log(self, method: str, name: str, ms_taken: int) -> None:
        self.entries.setdefault((name, method), _Entry()).times.append(ms_taken)
        self.total.times.append(ms_taken)
