"""``minzheng bench load``: users of every role doing their day against a server started for the run.

What it does, in one run on the current database (``DATABASE_URL``; PostgreSQL for figures that mean anything):

1. makes sure the demo's logins and data exist (``minzheng demo --no-serve`` at ``--scale`` if not) and registers
   an Open311 client for the run;
2. starts ``minzheng serve`` (gunicorn) on a free port of 127.0.0.1 and the job worker;
3. runs locust headless (``loadtest/locustfile.py``): ``--users`` clerks of every role for ``--seconds``,
   sampling PostgreSQL's lock waits (``pg_locks.waitstart``) every 100 ms in the meantime;
4. with ``--with-import N`` it writes an N-row person file, times a bare COPY of the same rows into the person
   table while the machine is idle (the floor; rolled back), then runs the same load three times — idle, beside
   the same bare COPY (the like-for-like floor: it shares the cores with the users as the import will; rolled
   back), then beside ``minzheng import persons`` of the file (the rows stay: use a scratch database) — and
   prints each page's p99 idle and beside the import and their ratio, and the import's time under the load
   against both floors (waiting for the import
   when it outlasts its phase; choose ``--seconds`` so that it does not finish early); ``--with-payroll`` runs
   payroll computations of the demo's programs beside the load;
5. prints per page: requests, failures, p50/p95/p99 (ms) — from the end of a warm-up of ``WARM_UP_SECONDS``
   after the last login (the logins and the warm-up's cold first computations in a row of their own, not
   judged); then failures, the longest lock wait and what waited.

Targets (issue "Trust under attack and load"): 0 failures, p99 < 1 s for every page, no lock wait over 200 ms; with
an import beside, every page's p99 ≤ 2× its idle p99 and the import within 1.5× of the bare COPY. Traffic goes only to the server this command started on
127.0.0.1, and every phase stops by itself after ``--seconds``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from minzheng.core.bench import BenchRow, ms
from minzheng.loadtest.names import WARM_UP_SECONDS

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
PAGE_P99_TARGET = 1.0  # seconds
LOCK_WAIT_TARGET = 0.2  # seconds
IMPORT_RATIO_TARGET = 1.5  # the import beside the load against a bare COPY of the same rows, measured idle
IMPORT_WAIT_LIMIT = 1800.0  # seconds: the wait for an import still running when its phase ends
# The server's access log for the run: when each request ended (to the second), its duration (ms), the gunicorn process that
# served it — a stall of the whole server shows as many requests ending at once after the same long wait.
ACCESS_LOG_FORMAT = """--access-logformat '%(t)s %(M)sms pid=%(p)s %(s)s "%(r)s"'"""


def load_bench_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--users", type=int, default=50, help="同时在线的模拟用户数（默认50）")
    parser.add_argument("--seconds", type=int, default=120, help="每个阶段的时长（秒，默认120）")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="每秒新增用户数")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn 进程数")
    parser.add_argument("--threads", type=int, default=4, help="每个 gunicorn 进程的线程数")
    parser.add_argument("--scale", type=float, default=0.01, help="没有演示数据时按此规模生成")
    parser.add_argument("--with-import", type=int, default=0, metavar="ROWS", help="同时导入ROWS行人员文件")
    parser.add_argument("--with-payroll", action="store_true", help="同时计算各项目本月工资单")
    parser.add_argument("--random-seed", type=int, default=2020)


@dataclass
class PageStats:
    name: str
    requests: int
    failures: int
    p50: float
    p95: float
    p99: float


COPY_PHASE = (
    "负载下裸COPY"  # the phase beside a bare COPY of the import's rows (the import's like-for-like floor)
)
LOGIN_PHASE = "（登录阶段）"  # the pages' key of the login storm's figures (reference only, never judged)


@dataclass
class SideImport:
    """The import run beside the load: its rows, its floors (a bare COPY of the same rows into the same table,
    rolled back — measured idle before the load, and again under the same load in a phase of its own) and how
    long it took under the load."""

    rows: int
    floor_seconds: float
    path: Path
    floor_path: Path | None = None
    loaded_floor_seconds: float | None = None
    started: float = 0.0
    ended: float | None = None
    returncode: int | None = None

    @property
    def seconds(self) -> float | None:
        return None if self.ended is None else self.ended - self.started

    def start(self, env: dict[str, str]) -> subprocess.Popen:
        command = [
            sys.executable,
            "-m",
            "minzheng.cli",
            "import",
            "persons",
            str(self.path),
            "--mode",
            "good",
        ]
        self.started = time.monotonic()
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def watch() -> None:
            self.returncode = proc.wait()
            self.ended = time.monotonic()

        threading.Thread(target=watch, daemon=True).start()
        return proc


@dataclass
class LockWaits:
    """Lock waits seen by sampling ``pg_locks`` (a wait shorter than the sampling interval may be missed)."""

    longest: float = 0.0
    count: int = 0
    waits: dict[tuple[int, str], float] = field(default_factory=dict)

    def top(self, n: int = 3) -> list[tuple[str, float]]:
        worst: dict[str, float] = {}
        for (_pid, what), seconds in self.waits.items():
            worst[what] = max(worst.get(what, 0.0), seconds)
        return sorted(worst.items(), key=lambda kv: -kv[1])[:n]


def load_bench(
    *,
    echo: Callable[[str], None],
    users: int = 50,
    seconds: int = 120,
    spawn_rate: float = 10.0,
    workers: int = 3,
    threads: int = 4,
    scale: float = 0.01,
    with_import: int = 0,
    with_payroll: bool = False,
    random_seed: int = 2020,
    **_: Any,
) -> list[BenchRow]:
    migrations_applied_check()
    logins = _demo_ready(scale=scale, echo=echo)
    side_import = _import_prepare(with_import, random_seed=random_seed, echo=echo) if with_import else None
    key = _open311_key()
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "minzheng.config.settings",
        "MINZHENG_LOAD_LOGINS": json.dumps(logins),
        "MINZHENG_LOAD_PASSWORD": _password(),
        "MINZHENG_LOAD_OPEN311_KEY": key,
        "MINZHENG_LOAD_SEED": str(random_seed),
    }
    base = f"http://127.0.0.1:{port}"
    serve = [sys.executable, "-m", "minzheng.cli", "serve", "--bind", f"127.0.0.1:{port}"]
    log = open(Path(tempfile.gettempdir()) / f"minzheng-bench-load-{port}.log", "w")  # noqa: SIM115
    echo(f"服务器与任务进程的日志：{log.name}（访问日志含每个请求的用时与进程号）")
    children = [
        subprocess.Popen(
            [*serve, "--workers", str(workers), "--threads", str(threads)],
            env={**env, "GUNICORN_CMD_ARGS": ACCESS_LOG_FORMAT},
            stdout=log,
            stderr=log,
        ),
        subprocess.Popen([sys.executable, "-m", "minzheng.cli", "worker"], env=env, stdout=log, stderr=log),
    ]
    try:
        _wait_up(base)
        echo(f"服务已启动：{base}（{workers} 进程 × {threads} 线程）；{users} 个用户，每阶段 {seconds} 秒")
        phases: list[tuple[str, dict[str, PageStats], LockWaits]] = []
        work = "idle"
        if with_import or with_payroll:
            phases.append(("空闲", *_phase(base, env, users, spawn_rate, seconds, echo, label="空闲")))
            work = "beside"
        if side_import is not None and side_import.floor_path is not None:
            copy_phase = _loaded_floor(
                side_import,
                lambda: _phase(base, env, users, spawn_rate, seconds, echo, label=COPY_PHASE),
                echo,
            )
            phases.append((COPY_PHASE, *copy_phase))
        side = _side_work(env, side_import=side_import, with_payroll=with_payroll)
        try:
            label = "同时导入/计算" if work == "beside" else "负载"
            phases.append((label, *_phase(base, env, users, spawn_rate, seconds, echo, label=label)))
            if side_import is not None:
                _import_wait(side, side_import, echo)
        finally:
            for proc in side:
                _stop(proc)
    finally:
        for proc in children:
            _stop(proc)
        if side_import is not None:
            shutil.rmtree(side_import.path.parent, ignore_errors=True)
    return _rows(phases, echo, side_import=side_import)


# --- the run ---------------------------------------------------------------------------------------------


def _phase(
    base: str,
    env: dict[str, str],
    users: int,
    spawn_rate: float,
    seconds: int,
    echo: Callable[[str], None],
    *,
    label: str,
) -> tuple[dict[str, PageStats], LockWaits]:
    echo(
        f"阶段“{label}”：{users} 个用户 {seconds} 秒（统计自全部用户登录并预热{WARM_UP_SECONDS}秒之后开始）……"
    )
    waits = LockWaits()
    stop = threading.Event()
    sampler = threading.Thread(target=_sample_locks, args=(waits, stop), daemon=True)
    sampler.start()
    with tempfile.TemporaryDirectory() as folder:
        prefix = str(Path(folder) / "stats")
        command = [
            sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
            "-u", str(users), "-r", str(spawn_rate), "-t", f"{seconds}s", "--stop-timeout", "5",
            "--host", base, "--csv", prefix, "--exit-code-on-error", "0", "--loglevel", "WARNING",
        ]  # fmt: skip
        login_stats = Path(folder) / "login_phase.json"
        subprocess.run(
            command,
            env={**env, "MINZHENG_LOAD_LOGIN_STATS": str(login_stats)},
            check=True,
            timeout=seconds + 120,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        pages = _read_stats(Path(f"{prefix}_stats.csv"))
        pages.update(_read_login_phase(login_stats))
        failures = _read_failures(Path(f"{prefix}_failures.csv"))
    stop.set()
    sampler.join(timeout=5)
    for method, name, error, count in failures:
        echo(f"  失败：{method} {name} ×{count}：{error}")
    return pages, waits


def _read_stats(path: Path) -> dict[str, PageStats]:
    pages: dict[str, PageStats] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["Name"] if row["Type"] in ("GET", "") else f"{row['Name']}"
            if row["Name"] == "Aggregated":
                name = "（全部请求）"
            pages[name] = PageStats(
                name=name,
                requests=int(row["Request Count"]),
                failures=int(row["Failure Count"]),
                p50=_seconds(row["50%"]),
                p95=_seconds(row["95%"]),
                p99=_seconds(row["99%"]),
            )
    return pages


def _read_login_phase(path: Path) -> dict[str, PageStats]:
    """The login storm's figures, written by the locustfile a warm-up after the last user had logged in (before
    the statistics restart): every request of that phase, named with the logins' length, the password checks'
    own p50/p99 and the warm-up's length."""
    if not path.exists():
        return {}
    phase = json.loads(path.read_text(encoding="utf-8"))
    every, logins = phase["all"], phase.get("logins")
    checks = (
        f"；其中登录 {logins['requests']}次 p50 {ms(logins['p50'])} p99 {ms(logins['p99'])}" if logins else ""
    )
    warm_up = f"，其后预热{phase['warm_up']:.0f}秒" if phase.get("warm_up") else ""
    name = f"{LOGIN_PHASE}全部用户登录用时{phase['seconds']:.0f}秒{checks}{warm_up}"
    return {
        name: PageStats(
            name=name,
            requests=int(every["requests"]),
            failures=int(every["failures"]),
            p50=float(every["p50"]),
            p95=float(every["p95"]),
            p99=float(every["p99"]),
        )
    }


def _read_failures(path: Path) -> list[tuple[str, str, str, int]]:
    """Locust's failures by request and error (method, page, error, occurrences), most frequent first: what
    failed and why — a timeout, a status, a body check — is printed with the phase, not left to guess."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        found = [
            (row["Method"], row["Name"], row["Error"], int(row["Occurrences"]))
            for row in csv.DictReader(handle)
        ]
    return sorted(found, key=lambda f: (-f[3], f[1], f[2]))


def _seconds(text: str) -> float:
    try:
        return float(text) / 1000
    except ValueError:
        return 0.0


def _sample_locks(waits: LockWaits, stop: threading.Event) -> None:
    """Every 100 ms: every backend waiting for a lock, how long it has waited and for what."""
    if connection.vendor != "postgresql":
        return
    import psycopg

    params = settings.DATABASES["default"]
    with psycopg.connect(
        host=params["HOST"], port=params["PORT"] or 5432, user=params["USER"], password=params["PASSWORD"],
        dbname=params["NAME"], autocommit=True,
    ) as conn:  # fmt: skip
        while not stop.wait(0.1):
            rows = conn.execute(
                """SELECT l.pid, extract(epoch FROM now() - l.waitstart),
                          coalesce(l.relation::regclass::text, l.locktype) || ': ' || left(a.query, 60)
                   FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                   WHERE NOT l.granted AND l.waitstart IS NOT NULL AND a.datname = current_database()"""
            ).fetchall()
            for pid, waited, what in rows:
                key = (pid, what)
                if key not in waits.waits:
                    waits.count += 1
                waits.waits[key] = max(waits.waits.get(key, 0.0), float(waited))
                waits.longest = max(waits.longest, float(waited))


def _import_prepare(rows: int, *, random_seed: int, echo: Callable[[str], None]) -> SideImport:
    """Write the import file, and measure its floor while the machine is idle: a bare COPY of the same rows into
    the person table as it is now (rolled back, so the import meets the same table)."""
    from minzheng.registry.bench import copy_floor_seconds, import_files_write
    from minzheng.registry.models import Person

    folder = Path(tempfile.mkdtemp(prefix="minzheng-load-"))
    echo(f"生成{rows:,}行人员导入文件……")
    path, floor_path = import_files_write(folder, rows=rows, random_seed=random_seed)
    people = Person.objects.count()
    echo(f"下限：空闲时裸COPY同样的{rows:,}行到人员表（现有{people:,}人，计时后回滚）……")
    floor_seconds = copy_floor_seconds(floor_path)
    return SideImport(rows=rows, floor_seconds=floor_seconds, path=path, floor_path=floor_path)


def _loaded_floor(side_import: SideImport, phase: Callable[[], Any], echo: Callable[[str], None]) -> Any:
    """The like-for-like floor: the same bare COPY (rolled back) while the same users work, in a phase of its
    own before the import's. Its pages are not judged (the COPY is not the import) but shown beside the
    import's, and returned (the phase's pages and lock waits); its time is the second floor of the import row."""
    from django.db import connections

    from minzheng.registry.bench import copy_floor_seconds

    path = side_import.floor_path
    assert path is not None
    done = threading.Event()

    def copy() -> None:
        try:
            time.sleep(2)  # the users are spawned first
            side_import.loaded_floor_seconds = copy_floor_seconds(path)
        finally:
            connections.close_all()
            done.set()

    worker = threading.Thread(target=copy, name="loaded-floor", daemon=True)
    worker.start()
    result = phase()
    if not done.is_set():
        echo("负载阶段结束时裸COPY仍在进行：等待其完成（其余部分不在负载下）……")
    done.wait(timeout=IMPORT_WAIT_LIMIT)
    path.unlink(missing_ok=True)
    return result


def _import_wait(side: list[subprocess.Popen], side_import: SideImport, echo: Callable[[str], None]) -> None:
    """The load phase is over: wait (bounded) for the import to finish so that its time is whole."""
    proc = side[0]
    if proc.poll() is None:
        echo("负载阶段结束时导入仍在进行：等待其完成（计入导入用时，页面延迟只取负载阶段）……")
        try:
            proc.wait(timeout=IMPORT_WAIT_LIMIT)
        except subprocess.TimeoutExpired:
            echo(f"导入超过{IMPORT_WAIT_LIMIT:.0f}秒仍未完成，已停止")
            return
    else:
        echo("注意：导入在负载阶段结束前已完成，阶段后段没有导入同时进行；请加大 --seconds 或导入行数")
    deadline = time.monotonic() + 5
    while side_import.ended is None and time.monotonic() < deadline:
        time.sleep(0.05)


def _side_work(
    env: dict[str, str], *, side_import: SideImport | None, with_payroll: bool
) -> list[subprocess.Popen]:
    procs: list[subprocess.Popen] = []
    if side_import is not None:
        procs.append(side_import.start(env))
    if with_payroll:
        from minzheng.benefits.models import Program

        month = time.strftime("%Y-%m")
        for code in Program.objects.filter(active=True).values_list("code", flat=True):
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "minzheng.cli",
                        "payroll",
                        "run",
                        "--program",
                        code,
                        "--month",
                        month,
                    ],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
    return procs


# --- set-up ----------------------------------------------------------------------------------------------


class MigrationsPendingError(CommandError):
    """The database lacks migrations: the pages reading the missing tables or columns would fail with HTTP 500
    and the run would measure a broken site. A CommandError: ``minzheng bench`` prints the message, no trace."""


def migrations_applied_check() -> None:
    """Refuse to load a database with unapplied migrations, naming them and the command that applies them."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return
    names = [f"{m.app_label}.{m.name}" for m, _backwards in plan]
    shown = "、".join(names[:5]) + (f" 等{len(names)}个" if len(names) > 5 else "")
    raise MigrationsPendingError(
        f"数据库有{len(names)}个迁移尚未应用（{shown}）：缺少的表或列会让页面出错，负载测试不予运行。"
        "请先运行 minzheng manage migrate（与 DATABASE_URL 相同的数据库），再运行 minzheng bench load"
    )


def _demo_ready(*, scale: float, echo: Callable[[str], None]) -> dict[str, list[str]]:
    from minzheng.core.demo import demo_logins
    from minzheng.core.models import User

    try:
        wanted = {login.username: login.role for login in demo_logins()}
    except LookupError:  # no region tree yet: a fresh database
        wanted = {}
    if not wanted or User.objects.filter(username__in=wanted).count() < len(wanted):
        echo(f"没有演示数据：按规模 {scale} 生成……")
        call_command("demo", "--no-serve", "--scale", str(scale))
        wanted = {login.username: login.role for login in demo_logins()}
    by_role: dict[str, list[str]] = {}
    for username, role in wanted.items():
        by_role.setdefault(str(role), []).append(username)
    return by_role


def _password() -> str:
    from minzheng.core.demo import DEMO_PASSWORD

    return DEMO_PASSWORD


def _open311_key() -> str:
    from minzheng.grid.models import Open311Client
    from minzheng.grid.open311 import jurisdiction_id
    from minzheng.grid.services import open311_client_issue

    name = f"压力测试客户端 {time.strftime('%Y%m%d%H%M%S')}"
    Open311Client.objects.filter(name__startswith="压力测试客户端").update(active=False)
    _client, raw = open311_client_issue(name=name, jurisdiction_id=jurisdiction_id())
    return raw


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_up(base: str, timeout: float = 180.0) -> None:  # gunicorn loads Django on a busy machine slowly
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"服务未能在{timeout:.0f}秒内启动：{base}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- the table -------------------------------------------------------------------------------------------


def _rows(
    phases: list[tuple[str, dict[str, PageStats], LockWaits]],
    echo: Callable[[str], None],
    *,
    side_import: SideImport | None = None,
) -> list[BenchRow]:
    rows: list[BenchRow] = []
    idle = phases[0][1] if len(phases) > 1 else {}
    # beside an import, the like-for-like floor too: the same load beside a bare COPY of the same rows (what
    # sharing two cores with any load of that size costs the pages, without the import's own work)
    beside_copy = next((pages for name, pages, _waits in phases if name == COPY_PHASE), {})
    label, pages, waits = phases[-1]
    for name in sorted(pages, key=lambda n: (n.startswith(LOGIN_PHASE), n == "（全部请求）", n)):
        page = pages[name]
        if not page.requests:  # opened only before the statistics were reset (while the users logged in)
            continue
        value = (
            f"{page.requests}次 失败{page.failures} p50 {ms(page.p50)} p95 {ms(page.p95)} p99 {ms(page.p99)}"
        )
        before = idle.get(name)
        floor = f"空闲 p99 {ms(before.p99)}" if before else ""
        copied = beside_copy.get(name)
        if copied and copied.p99:
            floor += f"；裸COPY旁 p99 {ms(copied.p99)}（{page.p99 / copied.p99:.2f}×）"
        ratio = page.p99 / before.p99 if before and before.p99 else None
        if name.startswith("/login/"):  # a password check costs PBKDF2's deliberate ~0.3 s; once per session
            rows.append(BenchRow(f"[{label}] {name}（登录，仅供参考）", value, floor, ratio))
            continue
        if name.startswith(LOGIN_PHASE):  # the storm of simultaneous logins, before the pages are measured
            rows.append(BenchRow(f"[{label}] {name}（仅供参考）", value))
            continue
        if name == "（全部请求）":  # the logins' deliberate cost is in it: each page is judged on its own row
            rows.append(BenchRow(f"[{label}] {name}（含登录，仅供参考）", value, floor, ratio))
            continue
        ok = page.failures == 0 and page.p99 < PAGE_P99_TARGET and (ratio is None or ratio <= 2.0)
        target = "0失败, p99<1秒" + (", ≤2×空闲" if before else "")
        rows.append(BenchRow(f"[{label}] {name}", value, floor, ratio, target, ok))
    failures = sum(
        p.failures for n, p in pages.items() if n != "（全部请求）" and not n.startswith(LOGIN_PHASE)
    )
    rows.append(BenchRow("失败请求合计", str(failures), target="0", ok=failures == 0))
    if side_import is not None:
        rows.extend(_import_rows(side_import))
    if connection.vendor == "postgresql":
        worst = "；".join(f"{what} {ms(s)}" for what, s in waits.top())
        rows.append(
            BenchRow(
                "最长锁等待（pg_locks 每100毫秒采样）",
                f"{ms(waits.longest)}（{waits.count}次等待）",
                target="≤200 ms",
                ok=waits.longest <= LOCK_WAIT_TARGET,
            )
        )
        if worst:
            echo(f"等待最久的锁：{worst}")
    else:
        echo("SQLite 上不采样锁等待；请在 PostgreSQL 上运行以得到有意义的数字")
    return rows


def _import_rows(side_import: SideImport) -> list[BenchRow]:
    """The import against each floor: the bare COPY measured idle (the machine to itself) and, when measured,
    the same COPY under the same load (like for like: both share the cores with the users)."""
    floors = [("空闲时裸COPY", side_import.floor_seconds)]
    if side_import.loaded_floor_seconds is not None:
        floors.append((COPY_PHASE, side_import.loaded_floor_seconds))
    return [_import_row(side_import, what, floor) for what, floor in floors]


def _import_row(
    side_import: SideImport, what: str = "空闲时裸COPY", floor_seconds: float | None = None
) -> BenchRow:
    floor_seconds = side_import.floor_seconds if floor_seconds is None else floor_seconds
    label = f"同时导入{side_import.rows:,}行人员（负载下，对照{what}）"
    floor = f"{what} {floor_seconds:.1f} 秒"
    target = f"完成，≤ {IMPORT_RATIO_TARGET}× 下限"
    seconds = side_import.seconds
    if seconds is None or side_import.returncode != 0:
        state = "未完成" if seconds is None else f"失败（退出码 {side_import.returncode}）"
        return BenchRow(label, state, floor, None, target, False)
    ratio = seconds / floor_seconds if floor_seconds else None
    value = f"{side_import.rows / seconds:,.0f} 行/秒（{seconds:.1f} 秒）"
    return BenchRow(label, value, floor, ratio, target, ratio is not None and ratio <= IMPORT_RATIO_TARGET)
