"""``minzheng bench events``: sustained Open311 intake (``POST /open311/v2/requests.json``) against the
production server, from a load generator on loopback. Target (DESIGN.md): ≥ 500 requests/s with p99 under
100 ms on 2 cores.

1. Make sure the database can take requests: the classification, grid profiles with boundaries (the
   generated demo lattice if none are drawn), and a fresh Open311 client with its API key.
2. Start ``minzheng serve`` (gunicorn, the production server) on a free loopback port, on DATABASE_URL.
3. Floors, in the same run: the same generator against ``GET /healthz`` (Django plus one database round
   trip) on the same server; and, on PostgreSQL, bare INSERT+COMMIT of one row from as many connections
   (psycopg, no Django) — the database's ceiling for the one durable write every accepted POST needs.
4. Warm up, then load: every request is checked and stored (answered with its request number) and the
   job worker (``minzheng worker``, running alongside as in production) files them as events, located
   by their coordinates, numbered and audited. The generator is Debian's ``wrk`` when installed
   (``apt-get install wrk``), else a small asyncio generator in this module (keep-alive connections; it
   shares the two cores, so its figures are lower).
5. Check that every answered request was stored and that every stored request became an event (and how
   long after the load that took), then remove the benchmark's requests and events (set-based DELETE,
   one audit summary) unless ``--keep``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.db import connection, transaction

from minzheng.casework.models import Case, CaseAttachment, CaseEvent
from minzheng.core.audit import Action, audit_append
from minzheng.core.bench import BenchRow, ms, percentile
from minzheng.core.models import Region
from minzheng.core.regions import regions_load
from minzheng.grid.categories import categories_load
from minzheng.grid.models import Event, EventCategory, GridProfile, Open311Client, Open311Request
from minzheng.grid.open311 import jurisdiction_id
from minzheng.grid.seed import grid_profiles_generate
from minzheng.grid.services import open311_client_issue

TARGET_RATE = 500.0
TARGET_P99_MS = 100.0
SERVICE_CODE = "0102"


def events_bench_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--duration", type=int, default=30, help="压测秒数（默认30）")
    parser.add_argument("--warmup", type=int, default=5, help="预热秒数（默认5，不计入结果）")
    parser.add_argument("--connections", type=int, default=8, help="并发连接数（默认8）")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn 工作进程数（默认2，每核一个）")
    parser.add_argument(
        "--threads", type=int, default=8, help="每个工作进程的线程数（默认8：等待数据库提交时让出CPU）"
    )
    parser.add_argument("--generator", choices=("auto", "wrk", "python"), default="auto", help="负载发生器")
    parser.add_argument("--keep", action="store_true", help="保留压测产生的事件")


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    p50: float  # seconds
    p99: float
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def events_bench(
    *,
    echo: Callable[[str], None],
    duration: int = 30,
    warmup: int = 5,
    connections: int = 8,
    workers: int = 2,
    threads: int = 8,
    generator: str = "auto",
    keep: bool = False,
    **_: Any,
) -> list[BenchRow]:
    if duration < 1 or connections < 1:
        raise ValueError("--duration 与 --connections 须为正数")
    use_wrk = generator == "wrk" or (generator == "auto" and shutil.which("wrk") is not None)
    if generator == "wrk" and shutil.which("wrk") is None:
        raise ValueError("未找到 wrk（apt-get install wrk），或改用 --generator python")
    if connection.vendor != "postgresql":
        echo("提示：当前数据库不是 PostgreSQL（DATABASE_URL 未指向生产数据库），结果仅供参考")
    lat, long = _prepare(echo)
    load_before = os.getloadavg()[0]
    if load_before > 1.0:
        echo(f"提示：本机当前1分钟平均负载为 {load_before:.1f}（其他进程占用CPU），结果会偏低")
    client, key = open311_client_issue(
        name=f"压测客户端-{int(time.time())}", jurisdiction_id=jurisdiction_id()
    )
    body = urlencode(
        {
            "api_key": key,
            "service_code": SERVICE_CODE,
            "lat": f"{lat:.6f}",
            "long": f"{long:.6f}",
            "address_string": "压测地址",
            "description": "压测：道路旁有暴露垃圾，请清理。",
        }
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    echo(
        f"启动生产服务器 minzheng serve（gunicorn {workers} 进程 × {threads} 线程，{base}）与工作进程 minzheng worker"
    )
    processes = [_serve(port, workers, threads), _worker()]
    run = _wrk if use_wrk else _python_load
    name = "wrk" if use_wrk else "Python asyncio"
    received = Open311Request.objects.filter(client=client)
    try:
        _wait_ready(base, processes[0])
        echo(f"下限：GET /healthz（{name}，{connections} 连接，{duration} 秒）……")
        run(f"{base}/healthz", None, connections, max(2, warmup))
        floor = run(f"{base}/healthz", None, connections, duration)
        commits = _commit_floor(connections, min(duration, 10)) if connection.vendor == "postgresql" else None
        echo(f"Open311 受理：POST /open311/v2/requests.json（预热 {warmup} 秒，压测 {duration} 秒）……")
        run(f"{base}/open311/v2/requests.json", body, connections, warmup)
        before = received.count()
        load = run(f"{base}/open311/v2/requests.json", body, connections, duration)
        accepted = received.count() - before
        echo("等待工作进程把收到的请求全部登记为事件……")
        lag = _wait_filed(received)
        filed = Event.objects.filter(client=client).count()
        total = received.count()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    removed = 0 if keep else _cleanup(client)
    if removed:
        echo(f"已删除压测事件 {removed} 件（--keep 可保留）")
    return _rows(
        Setup(name, connections, workers, threads, duration, connection.vendor, load_before),
        floor, commits, load, Filing(accepted, total, filed, lag),
    )  # fmt: skip


@dataclass(frozen=True)
class Setup:
    generator: str
    connections: int
    workers: int
    threads: int
    duration: int
    vendor: str
    load_before: float


@dataclass(frozen=True)
class Filing:
    accepted: int  # requests stored during the measured window
    total: int  # all the run's requests (warm-up included)
    filed: int  # of those, filed as events
    lag: float | None  # seconds after the load until every request was filed (None: gave up)


def _rows(
    setup: Setup, floor: LoadResult, commits: LoadResult | None, load: LoadResult, filing: Filing
) -> list[BenchRow]:
    ratio = floor.rate / load.rate if load.rate else None
    p99_ms = load.p99 * 1000
    commit_rows = (
        [
            BenchRow(
                f"下限：裸 INSERT+COMMIT（psycopg，{setup.connections} 连接，无 Django）",
                f"{commits.rate:,.0f} 次/秒，p50 {ms(commits.p50)}，p99 {ms(commits.p99)}",
            )
        ]
        if commits is not None
        else []
    )
    return [
        BenchRow(
            "环境",
            f"{os.cpu_count()} 核（开始前负载 {setup.load_before:.1f}），{setup.vendor}，"
            f"gunicorn {setup.workers}×{setup.threads} + 工作进程，{setup.generator} {setup.connections} 连接 "
            f"{setup.duration} 秒",
        ),
        BenchRow(
            "下限：GET /healthz（同一服务器）",
            f"{floor.rate:,.0f} 次/秒，p50 {ms(floor.p50)}，p99 {ms(floor.p99)}",
        ),
        *commit_rows,
        BenchRow(
            "Open311 POST 受理速率",
            f"{load.rate:,.0f} 次/秒",
            floor=f"{floor.rate:,.0f} 次/秒",
            ratio=ratio,
            target=f"≥ {TARGET_RATE:.0f} 次/秒",
            ok=load.rate >= TARGET_RATE,
        ),
        BenchRow("Open311 POST 延迟 p50", ms(load.p50), floor=ms(floor.p50)),
        BenchRow(
            "Open311 POST 延迟 p99",
            ms(load.p99),
            floor=ms(floor.p99),
            target=f"< {TARGET_P99_MS:.0f} ms",
            ok=p99_ms < TARGET_P99_MS,
        ),
        BenchRow(
            "应答 / 受理入库 / 错误（压测期间）",
            f"{load.requests:,} / {filing.accepted:,} / {load.errors:,}",
            target=f"相差不超过在途请求（2×{setup.connections}），无错误",
            ok=load.errors == 0 and 0 <= filing.accepted - load.requests <= 2 * setup.connections,
        ),
        BenchRow(
            "登记为事件（工作进程，与受理同时进行）",
            f"{filing.filed:,} / {filing.total:,} 件，压测结束后 "
            + ("超时未完成" if filing.lag is None else f"{filing.lag:.1f} 秒全部登记"),
            target="全部登记",
            ok=filing.lag is not None and filing.filed == filing.total,
        ),
    ]


# --- set-up and clean-up --------------------------------------------------------------------------------


def _prepare(echo: Callable[[str], None]) -> tuple[float, float]:
    """The classification, grids with boundaries; the centre of the first bounded grid as the place."""
    if not Region.objects.filter(level=Region.Level.GRID).exists():
        echo("区划为空：加载区划与网格（规模0.01）")
        regions_load(scale=0.01)
    categories_load()
    if not GridProfile.objects.filter(min_lat__isnull=False).exists():
        echo("没有网格边界：为无边界的网格生成演示边界")
        grid_profiles_generate()
    if not EventCategory.objects.filter(code=SERVICE_CODE, active=True).exists():
        raise ValueError(f"事件分类 {SERVICE_CODE} 未启用，无法压测")
    grid = GridProfile.objects.filter(min_lat__isnull=False).order_by("region__code").first()
    return (grid.min_lat + grid.max_lat) / 2, (grid.min_long + grid.max_long) / 2


def _cleanup(client: Open311Client) -> int:
    """Delete the benchmark's events and cases with set-based SQL (no per-row signals), one audit entry."""
    cases = list(Event.objects.filter(client=client).values_list("case_id", flat=True))
    qn = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {qn(Open311Request._meta.db_table)} WHERE client_id = %s", [client.pk])
        for start in range(0, len(cases), 5000):
            chunk = cases[start : start + 5000]
            marks = ",".join(["%s"] * len(chunk))
            for model, column in (
                (Event, "case_id"),
                (CaseEvent, "case_id"),
                (CaseAttachment, "case_id"),
                (Case, "id"),
            ):
                cursor.execute(
                    f"DELETE FROM {qn(model._meta.db_table)} WHERE {qn(column)} IN ({marks})", chunk
                )
        cursor.execute(f"DELETE FROM {qn(Open311Client._meta.db_table)} WHERE id = %s", [client.pk])
        audit_append(
            action=Action.BULK,
            object_type="grid.event",
            object_repr=client.name,
            detail=f"删除压测产生的Open311请求、事件{len(cases)}件及其案件、流转记录；删除压测客户端",
        )
    return len(cases)


def _commit_floor(connections: int, seconds: int) -> LoadResult:
    """The database's own ceiling for durable single-row writes on this machine: ``connections`` threads,
    each on its own psycopg connection, INSERT one row and COMMIT in a loop (what each POST must do at
    least once), into a scratch table dropped afterwards."""
    import threading

    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    table = f"bench_commit_floor_{os.getpid()}"
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f"CREATE TABLE {table} (id bigserial PRIMARY KEY, body text)")
    latencies: list[float] = []
    stop = time.perf_counter() + seconds

    def loop() -> None:
        mine = []
        with psycopg.connect(**params) as conn:
            while time.perf_counter() < stop:
                started = time.perf_counter()
                conn.execute(f"INSERT INTO {table} (body) VALUES (%s)", ("压测",))  # noqa: S608 (own name)
                conn.commit()
                mine.append(time.perf_counter() - started)
        latencies.extend(mine)

    began = time.perf_counter()
    threads = [threading.Thread(target=loop) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f"DROP TABLE {table}")
    return LoadResult(len(latencies), elapsed, percentile(latencies, 0.5), percentile(latencies, 0.99), 0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "minzheng.config.settings", "MINZHENG_LOG_LEVEL": "ERROR"}
    command = [sys.executable, "-m", "minzheng.cli", "serve", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--threads", str(threads)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _worker() -> subprocess.Popen[bytes]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "minzheng.config.settings", "MINZHENG_LOG_LEVEL": "ERROR"}
    command = [sys.executable, "-m", "minzheng.cli", "worker"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_filed(received: Any, timeout: float = 300) -> float | None:
    """Seconds until every received request of the run is filed (None after ``timeout``)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if not received.filter(filed_at__isnull=True).exists():
            return time.monotonic() - started
        time.sleep(0.2)
    return None


def _wait_ready(base: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("生产服务器启动失败（minzheng serve 已退出）")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("生产服务器在60秒内未就绪")


# --- load generators -----------------------------------------------------------------------------------------

_WRK_LINE = re.compile(r"^\s*(\d+(?:\.\d+)?)%\s+(\d+(?:\.\d+)?)(us|ms|s)\s*$")
_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0}


def parse_wrk(output: str) -> LoadResult:
    """Requests, duration, p50/p99 and errors from ``wrk --latency`` output."""
    percentiles = {}
    for line in output.splitlines():
        match = _WRK_LINE.match(line)
        if match:
            percentiles[float(match.group(1))] = float(match.group(2)) * _UNITS[match.group(3)]
    total = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", output)
    if total is None or 50.0 not in percentiles or 99.0 not in percentiles:
        raise RuntimeError(f"无法解析 wrk 输出：\n{output}")
    seconds = float(total.group(2)) * {"ms": 1e-3, "s": 1.0, "m": 60.0}[total.group(3)]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    return LoadResult(int(total.group(1)), seconds, percentiles[50.0], percentiles[99.0], errors)


def _wrk(url: str, body: str | None, connections: int, seconds: int) -> LoadResult:
    with tempfile.TemporaryDirectory() as folder:
        args = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "5s"]
        if body is not None:
            script = Path(folder) / "post.lua"
            script.write_text(
                'wrk.method = "POST"\n'
                f'wrk.body = "{body}"\n'
                'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            )
            args += ["-s", str(script)]
        done = subprocess.run([*args, url], capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def _python_load(url: str, body: str | None, connections: int, seconds: int) -> LoadResult:
    """A keep-alive HTTP/1.1 generator: ``connections`` coroutines, each sending its next request when the
    previous answer has been read, for ``seconds``; per-request latency measured. Runs in a thread of its own
    when the caller's thread already has an event loop running (e.g. Playwright's sync API in the same process),
    since ``asyncio.run`` refuses to nest."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_python_run(url, body, connections, seconds))
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _python_run(url, body, connections, seconds)).result()


async def _python_run(url: str, body: str | None, connections: int, seconds: int) -> LoadResult:
    host_port, path = url.removeprefix("http://").split("/", 1)
    host, port = host_port.split(":")
    payload = body.encode() if body is not None else b""
    head = (
        f"{'POST' if body is not None else 'GET'} /{path} HTTP/1.1\r\nHost: {host_port}\r\n"
        + ("Content-Type: application/x-www-form-urlencoded\r\n" if body is not None else "")
        + f"Content-Length: {len(payload)}\r\nConnection: keep-alive\r\n\r\n"
    ).encode() + payload
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def one() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while time.perf_counter() < stop:
                started = time.perf_counter()
                writer.write(head)
                status = await reader.readline()
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                await reader.readexactly(length)
                latencies.append(time.perf_counter() - started)
                if not status.split(b" ")[1].startswith(b"2"):
                    errors += 1
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(connections)))
    elapsed = time.perf_counter() - began
    return LoadResult(
        len(latencies), elapsed, percentile(latencies, 0.5), percentile(latencies, 0.99), errors
    )
