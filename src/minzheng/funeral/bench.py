"""``minzheng bench booking``: a 清明 slot release opened to many concurrent clients over HTTP against the production
server (``minzheng serve``) — the bureau's highest public load of the year. Target (issue 15 item 4): on 2 cores
≥ 1,000 bookings/s, p99 < 200 ms, never more bookings in a slot than its quota, 0 duplicates per ID.

1. A scratch season, cemetery and ``--slots`` slots of ``--quota`` places each, and a booking channel with its key.
2. ``--users`` virtual users (default 2,400), each one citizen with a valid ID number, book a random slot through
   ``POST /api/funeral/bookings`` from ``--connections`` keep-alive connections; a share of them (``--repeat``)
   send their booking twice (a double click, two devices) to another slot. Demand exceeds the places.
3. The floor, in the same run on PostgreSQL: the bare ``UPDATE slot SET left = left - 1 WHERE id = … AND left > 0``
   with its COMMIT, from the same number of psycopg connections, for the same number of attempts, on a scratch table.
4. The table: accepted per slot against the quota, duplicates per ID, throughput, p50/p99, and the CPU each answer
   cost the client, gunicorn and PostgreSQL (Linux /proc; the client shares the cores) against the floor's — then
   everything the bench made is deleted. The client is asyncio with one ``Protocol`` per keep-alive HTTP/1.1
   connection (status line, ``Content-Length`` and body parsed, one 10 s timeout per answer). Talks only to the
   server it started on 127.0.0.1; stops by itself (each request times out after 10 s, the run after the users are
   served).

The server's default for the peak stays gunicorn 2 processes × 8 threads (``--workers``/``--threads``): one process
per core, threads enough to cover the commit's wait. Measured (issue 15, 2026-12-04, 2 cores shared with other
sessions' test suites, load average 4.7–9.4): 2×4 303/s, 2×2 385/s, 4×2 376/s, 2×8 568–744/s, 3×4 491/s; gunicorn's
CPU per request 0.95–1.65 ms in every shape — the spread is the machine's, no shape beats 2×8. Where the CPU per
request went, and what changed it:

- PostgreSQL 0.88–1.03 ms → 0.45–0.50 ms per request: the booking statement, the version ``nextval`` and the audit
  INSERT were parsed and planned on every call — Django opens psycopg connections with ``prepare_threshold=None``,
  under which ``execute(prepare=True)`` is ignored (strace: a Parse message per booking; perf: planning 17 % and
  parsing 4 % of the backends' CPU). ``core.prepared`` prepares them for real. The three deferred foreign keys
  (8 % of the backends' CPU at commit) are one immediate key (migration 0004); the slot row — whose chain of row
  versions every booking of the slot walks — is read once per booking instead of twice.
- the ``nextval`` after the commit costs 0.07–0.10 ms of client and 0.04–0.05 ms of PostgreSQL CPU per booking; in
  a psycopg pipeline (booking, Sync, ``nextval``) the pair cost more on both sides (client 0.12–0.16 ms against
  0.08–0.10 ms for the two round trips) and waited as long: it stays a round trip of its own.
- gunicorn: the access log 30 → 15 µs per request (``serve.AccessLogger``, the same line); ``close_old_connections``
  4 µs a call (twice per request: left as Django does it). The rest is gthread's hand-off of each keep-alive request
  between its poller thread and a worker thread and the HTTP parsing: ~0.5–0.7 ms, outside this code.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from datetime import time as clock
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from minzheng.core.bench import BenchRow, ms, percentile
from minzheng.core.ids import make_citizen_id
from minzheng.core.models import Region
from minzheng.core.regions import regions_load
from minzheng.funeral.booking import channel_issue
from minzheng.funeral.models import Booking, Cemetery, Channel, Season, Slot

TARGET_RATE = 1000.0
TARGET_P99_MS = 200.0
BENCH_YEAR = 2099  # a season nobody else uses: removed afterwards


def booking_bench_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--users", type=int, default=2400, help="虚拟用户数（默认2400）")
    parser.add_argument("--connections", type=int, default=64, help="并发连接数（默认64）")
    parser.add_argument("--slots", type=int, default=4, help="放号时段数（默认4）")
    parser.add_argument("--quota", type=int, default=400, help="每个时段名额（默认400）")
    parser.add_argument("--repeat", type=float, default=0.1, help="重复提交的用户比例（默认0.1）")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn 进程数（默认2）")
    parser.add_argument("--threads", type=int, default=8, help="每进程线程数（默认8）")


def booking_bench(
    *,
    echo: Callable[[str], None],
    users: int = 2400,
    connections: int = 64,
    slots: int = 4,
    quota: int = 400,
    repeat: float = 0.1,
    workers: int = 2,
    threads: int = 8,
    **_: Any,
) -> list[BenchRow]:
    if users < 1 or connections < 1 or slots < 1 or quota < 1:
        raise ValueError("--users、--connections、--slots、--quota 须为正数")
    if connection.vendor != "postgresql":
        echo("提示：当前数据库不是 PostgreSQL（DATABASE_URL 未指向生产数据库），结果仅供参考")
    season, slot_ids, key = _prepare(slots, quota)
    requests = _requests(slot_ids, users, repeat)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    echo(f"启动生产服务器 minzheng serve（gunicorn {workers} 进程 × {threads} 线程，{base}）")
    server = _serve(port, workers, threads)
    try:
        _wait_ready(base, server)
        echo(
            f"放号：{users:,} 名用户（其中 {round(users * repeat):,} 名重复提交）抢 {slots} 个时段 × {quota} 个名额……"
        )
        # warm-up: every server thread answers a few refusals (slot 0) and opens its database connection
        warm = _requests(slot_ids, 4 * max(connections, workers * threads), 0, offset=10**6, invalid=True)
        asyncio.run(_load(f"{base}/api/funeral/bookings", key, warm, connections))
        pids = {"gunicorn": [server.pid, *_children(server.pid)], "PostgreSQL": _backends()}
        before = {name: _cpu_seconds(p) for name, p in pids.items()}
        load = asyncio.run(_load(f"{base}/api/funeral/bookings", key, requests, connections))
        load.server_cpu = {name: _cpu_seconds(p) - before[name] for name, p in pids.items()}
        # a server connection opened during the load: all its CPU is the load's
        load.server_cpu["PostgreSQL"] += _cpu_seconds(sorted(set(_backends()) - set(pids["PostgreSQL"])))
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    per_slot = dict(Slot.objects.filter(pk__in=slot_ids).annotate(n=Count("bookings")).values_list("pk", "n"))
    per_id = Counter(Booking.objects.filter(season=season).values_list("id_number", flat=True))
    floor = _floor(connections, len(requests), slots, quota) if connection.vendor == "postgresql" else None
    _cleanup(season)
    return _rows(load, floor, per_slot, per_id, slots=slots, quota=quota, users=users, connections=connections,
                 workers=workers, threads=threads)  # fmt: skip


def _prepare(slots: int, quota: int) -> tuple[Season, list[int], str]:
    existing = Season.objects.filter(year=BENCH_YEAR).first()
    if existing is not None:
        _cleanup(existing)
    now = timezone.now()
    day = date(BENCH_YEAR, 4, 4)
    season = Season.objects.create(
        year=BENCH_YEAR, sweep_from=day, sweep_to=day, booking_opens=now - timedelta(hours=1),
        booking_closes=now + timedelta(hours=6), max_visitors=10, source="压测",
    )  # fmt: skip
    region = Region.objects.filter(parent__isnull=True).order_by("code").first()
    if region is None:  # a freshly migrated database: the region tree first (as ``bench registry`` does)
        regions_load(scale=0.01)
        region = Region.objects.filter(parent__isnull=True).order_by("code").first()
    cemetery = Cemetery.objects.create(
        name=f"压测公墓-{os.getpid()}", kind=Cemetery.Kind.COMMERCIAL, region=region
    )
    made = Slot.objects.bulk_create(
        [
            Slot(season=season, cemetery=cemetery, day=day, starts=clock(6 + n // 2, 30 * (n % 2)),
                 ends=clock(6 + n // 2, 30 * (n % 2) + 29), quota=quota, left=quota)
            for n in range(slots)
        ]
    )  # fmt: skip
    _channel, key = channel_issue(name=f"压测渠道-{os.getpid()}")
    return season, [s.pk for s in made], key


def _requests(
    slot_ids: list[int], users: int, repeat: float, *, offset: int = 0, invalid: bool = False
) -> list[bytes]:
    """One form body per request: each user books one random slot; ``repeat`` of them again to another slot."""
    rng = random.Random(users)
    bodies = []
    for n in range(users):
        id_number = make_citizen_id(
            region_code="460106", birth_date=date(1960, 1, 1) + timedelta(days=(n + offset) // 990),
            sequence=(n + offset) % 990 + 1,
        )  # fmt: skip
        slot = rng.choice(slot_ids)
        fields = {"slot": 0 if invalid else slot, "id_number": id_number, "name": f"压测{n}", "visitors": 3,
                  "plate": f"琼A{n % 100000:05d}"}  # fmt: skip
        bodies.append(urlencode(fields).encode())
        if rng.random() < repeat:
            fields["slot"] = rng.choice([s for s in slot_ids if s != slot] or slot_ids)
            bodies.append(urlencode(fields).encode())
    rng.shuffle(bodies)
    return bodies


class Load:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.status: Counter[str] = Counter()
        self.errors = 0
        self.elapsed = 0.0
        self.cpu = 0.0  # CPU seconds of the process that made the load (the client shares the cores)
        self.server_cpu: dict[str, float] = {}  # the same for the server's processes (Linux /proc), by name

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.IGNORECASE)
_CLOSE = re.compile(rb"\r\nconnection:[ \t]*close", re.IGNORECASE)


class _Answer(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection of the client, read without streams: the bytes are gathered until a whole
    answer (status line, headers, ``Content-Length`` bytes of body) is there, then the waiting request gets it."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[tuple[int, bytes]] | None = None
        self.closing = False  # the server said "Connection: close" (gunicorn's sync worker): reconnect

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        waiter = self.waiter
        if waiter is None or waiter.done():
            return
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        found = _LENGTH.search(self.buffer, 0, end + 2)
        if found is None:
            waiter.set_exception(ConnectionError("answer without Content-Length"))
            return
        length = int(found[1])
        self.closing = _CLOSE.search(self.buffer, 0, end + 2) is not None
        if len(self.buffer) < end + 4 + length:
            return
        status, body = (
            int(self.buffer[9:12]),
            bytes(self.buffer[end + 4 : end + 4 + length]),
        )  # "HTTP/1.1 201 …"
        del self.buffer[: end + 4 + length]
        waiter.set_result((status, body))

    def connection_lost(self, exc: Exception | None) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError("connection closed"))


async def _load(url: str, key: str, bodies: list[bytes], connections: int) -> Load:
    """``connections`` keep-alive HTTP/1.1 connections take the bodies from one list until it is empty; each
    answer's status and body are read (409: full or duplicate); 10 s at most per answer."""
    loop = asyncio.get_running_loop()
    host_port, path = url.removeprefix("http://").split("/", 1)
    host, port = host_port.split(":")
    head = (
        f"POST /{path} HTTP/1.1\r\nHost: {host_port}\r\nAuthorization: Channel {key}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nConnection: keep-alive\r\nContent-Length: "
    ).encode()
    pending = list(reversed(bodies))
    result = Load()

    async def one() -> None:
        transport, answer = await loop.create_connection(_Answer, host, int(port))
        try:
            while pending:
                body = pending.pop()
                answer.waiter = loop.create_future()
                started = time.perf_counter()
                transport.write(b"%s%d\r\n\r\n%s" % (head, len(body), body))
                try:
                    async with asyncio.timeout(10):
                        code, text = await answer.waiter
                except (TimeoutError, ConnectionError):
                    result.errors += 1
                    result.status["error"] += 1
                    transport.close()
                    transport, answer = await loop.create_connection(_Answer, host, int(port))
                    continue
                result.latencies.append(time.perf_counter() - started)
                kind = str(code)
                if code == 409:
                    kind = "duplicate" if b'"duplicate"' in text else "full"
                result.status[kind] += 1
                if code >= 500:
                    result.errors += 1
                if answer.closing:
                    transport.close()
                    transport, answer = await loop.create_connection(_Answer, host, int(port))
        finally:
            transport.close()

    began, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one() for _ in range(connections)))
    result.elapsed = time.perf_counter() - began
    result.cpu = time.process_time() - cpu
    return result


def _floor(connections: int, attempts: int, slots: int, quota: int) -> Load:
    """The bare conditional UPDATE (and its COMMIT) from ``connections`` psycopg connections, ``attempts`` in all,
    on a scratch table of ``slots`` rows with ``quota`` each — no Django, no HTTP, no booking row."""
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    table = f"bench_slot_floor_{os.getpid()}"
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f"CREATE TABLE {table} (id int PRIMARY KEY, left_ int NOT NULL)")
        admin.execute(f"INSERT INTO {table} SELECT g, %s FROM generate_series(1, %s) g", (quota, slots))  # noqa: S608
    result = Load()
    result.server_cpu["PostgreSQL"] = 0.0
    lock = threading.Lock()
    remaining = [attempts]

    def loop(k: int) -> None:
        rng = random.Random(k)
        mine = []
        with psycopg.connect(**params) as conn:
            backend = [conn.info.backend_pid]
            cpu = _cpu_seconds(backend)
            while True:
                with lock:
                    if remaining[0] == 0:
                        break
                    remaining[0] -= 1
                started = time.perf_counter()
                conn.execute(
                    f"UPDATE {table} SET left_ = left_ - 1 WHERE id = %s AND left_ > 0",  # noqa: S608 (own name)
                    (rng.randrange(1, slots + 1),),
                )
                conn.commit()
                mine.append(time.perf_counter() - started)
            cpu = _cpu_seconds(backend) - cpu
        with lock:
            result.latencies.extend(mine)
            result.server_cpu["PostgreSQL"] += cpu

    began, cpu = time.perf_counter(), time.process_time()
    workers = [threading.Thread(target=loop, args=(k,)) for k in range(connections)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    result.elapsed = time.perf_counter() - began
    result.cpu = time.process_time() - cpu
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f"DROP TABLE {table}")
    return result


def _cleanup(season: Season) -> None:
    cemeteries = list(Slot.objects.filter(season=season).values_list("cemetery_id", flat=True).distinct())
    Booking.objects.filter(season=season).delete()
    Slot.objects.filter(season=season).delete()
    Cemetery.objects.filter(pk__in=cemeteries).delete()
    season.delete()
    Channel.objects.filter(name__startswith="压测渠道-").delete()


def _rows(
    load: Load, floor: Load | None, per_slot: dict[int, int], per_id: Counter[str], *, slots: int, quota: int,
    users: int, connections: int, workers: int, threads: int,
) -> list[BenchRow]:  # fmt: skip
    accepted = sum(per_slot.values())
    over = [n for n in per_slot.values() if n > quota]
    demand_exceeds = users > quota * len(per_slot)
    exact = all(n == quota for n in per_slot.values()) if demand_exceeds else not over
    exact = exact and len(per_slot) == slots  # every slot the bench opened was counted
    others = Counter({k: n for k, n in load.status.items() if k not in {"201", "full", "duplicate"}})
    duplicates = sum(n - 1 for n in per_id.values() if n > 1)
    p99_ms = percentile(load.latencies, 0.99) * 1000 if load.latencies else 0.0
    answered = max(len(load.latencies), 1)
    booked_rate = accepted / load.elapsed if load.elapsed else 0.0
    rows = [
        BenchRow(
            "环境",
            f"{os.cpu_count()} 核，{connection.vendor}，gunicorn {workers}×{threads}，Python asyncio {connections} 连接",
        ),
        BenchRow(
            "每个时段接受的预约（名额 " + f"{quota}）",
            " / ".join(str(per_slot[k]) for k in sorted(per_slot)),
            target="需求超过名额时恰好等于名额，绝不超过",
            ok=exact and not over,
        ),
        BenchRow("同一身份证号重复预约", f"{duplicates} 个", target="0", ok=duplicates == 0),
        BenchRow(
            "应答：201 接受 / 409 约满 / 409 重复 / 其他",
            f"{load.status['201']:,} / {load.status['full']:,} / {load.status['duplicate']:,} / "
            f"{sum(others.values()):,}"
            + (f"（{'，'.join(f'{k}: {n:,}' for k, n in others.most_common())}）" if others else ""),
            target="接受数 = 入库预约数，其他 = 0",
            ok=load.status["201"] == accepted and not others and load.errors == 0,
        ),
        BenchRow(
            "请求吞吐（全部应答）",
            f"{load.rate:,.0f} 次/秒",
            floor=f"{floor.rate:,.0f} 次/秒" if floor else "",
            ratio=(floor.rate / load.rate) if floor and load.rate else None,
            target=f"≥ {TARGET_RATE:,.0f} 次/秒",
            ok=load.rate >= TARGET_RATE,
        ),
        BenchRow("接受预约速率", f"{booked_rate:,.0f} 单/秒"),
        BenchRow(
            "每个请求的 CPU：客户端 / " + " / ".join(load.server_cpu),
            " / ".join(f"{cpu / answered * 1000:.2f} ms" for cpu in [load.cpu, *load.server_cpu.values()]),
            floor=f"{floor.cpu / len(floor.latencies) * 1000:.2f} ms / — / "
            f"{floor.server_cpu['PostgreSQL'] / len(floor.latencies) * 1000:.2f} ms"
            if floor and floor.latencies
            else "",
        ),
        BenchRow(
            "延迟 p50",
            ms(percentile(load.latencies, 0.5)) if load.latencies else "—",
            floor=ms(percentile(floor.latencies, 0.5)) if floor and floor.latencies else "",
        ),
        BenchRow(
            "延迟 p99",
            f"{p99_ms:.1f} ms",
            floor=ms(percentile(floor.latencies, 0.99)) if floor and floor.latencies else "",
            target=f"< {TARGET_P99_MS:.0f} ms",
            ok=p99_ms < TARGET_P99_MS,
        ),
    ]
    return rows


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (gunicorn's workers), from /proc; none elsewhere."""
    found = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _backends() -> list[int]:
    """The PostgreSQL server processes of this database's other sessions (the server's connections)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [pid for (pid,) in cursor.fetchall()]


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of ``pids`` so far (Linux /proc; 0 where it cannot be read)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / tick


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "minzheng.config.settings", "MINZHENG_LOG_LEVEL": "ERROR"}
    command = [sys.executable, "-m", "minzheng.cli", "serve", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--threads", str(threads)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


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
