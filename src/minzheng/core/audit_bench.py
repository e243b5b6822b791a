"""``minzheng bench audit``: what the audit log costs concurrent writers.

N writers (N = 1, 8, 32 by default; threads, each with its own database connection) do the same business
write — load its own account, change its phone number, save it, commit, acting as that account — for a
fixed time, once with audit on (the automatic audit of the Audited model: the signed entry and its pending
row, with the worker's sealer sealing every two seconds beside them) and once with audit off (the audit
receivers disconnected), in the same run: ``--rounds`` pairs of short runs in alternating order, so that
other load on the machine coming and going favours neither side; throughputs are the medians, the cost
is the median of the pairs' costs. Each writer has its own
account, so the business writes never wait for one another: any waiting comes from the audit. The table
shows both throughputs and the cost ``1 − on ÷ off``; target on PostgreSQL: at most 20 % at N = 32. On
PostgreSQL the sessions waiting for a heavyweight lock are sampled from ``pg_stat_activity`` every 50 ms
during every run, with the lock's kind (``relation``, ``tuple``, ``transactionid``, ``extend`` …).

This write is the audit's worst case: one audited save in a transaction of four round trips (BEGIN, the
SELECT, the UPDATE, COMMIT), to which the audit adds a fifth (the entry's INSERT).

The accounts (inactive, ``bench-audit-…``) stay for the next run; the audited runs' entries stay in the
audit log, sealed and verifiable — run it against a bench database.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.db import close_old_connections, connection, connections, transaction
from django.db.models.signals import ModelSignal, post_delete, post_save, pre_save

from minzheng.core import signals as audit_signals
from minzheng.core.audit import AuditSealer, acting_as, audit_key_id, audit_seal, audit_verify
from minzheng.core.bench import BenchRow
from minzheng.core.models import AuditCheckpoint, AuditEntry, User
from minzheng.core.roles import Role

TARGET_COST = 0.20
TARGET_WRITERS = 32
USER_PREFIX = "bench-audit-"


def audit_bench_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--writers", default="1,8,32", help="并发写入者数，逗号分隔（默认 1,8,32）")
    parser.add_argument("--seconds", type=float, default=2.0, help="每段写入秒数（默认 2）")
    parser.add_argument(
        "--rounds", type=int, default=8, help="每个并发数测几对（审计关、开交替），取中位数（默认 8）"
    )


@contextmanager
def audit_off() -> Iterator[None]:
    """Disconnect the automatic audit of Audited models (the benchmark's floor only)."""
    receivers: list[tuple[ModelSignal, Callable[..., Any]]] = [
        (pre_save, audit_signals._remember_before),
        (post_save, audit_signals._audit_save),
        (post_delete, audit_signals._audit_delete),
    ]
    for signal, receiver in receivers:
        signal.disconnect(receiver)
    try:
        yield
    finally:
        for signal, receiver in receivers:
            signal.connect(receiver)


def _accounts(count: int) -> list[int]:
    existing = dict(User.objects.filter(username__startswith=USER_PREFIX).values_list("username", "pk"))
    ids = []
    with audit_off():
        for i in range(count):
            name = f"{USER_PREFIX}{i:03d}"
            if name not in existing:
                user = User(username=name, role=Role.AUDITOR, is_active=False, display_name=f"基准账号{i}")
                user.set_unusable_password()
                user.save()
                existing[name] = user.pk
            ids.append(existing[name])
    return ids


def _business_write(user_id: int, n: int) -> None:
    with transaction.atomic():
        user = User.objects.get(pk=user_id)
        user.phone = f"1390000{n % 10000:04d}"
        user.save(update_fields=["phone"])


@dataclass
class _Run:
    ops: int
    seconds: float
    errors: int
    lock_samples: int = 0
    lock_max: int = 0
    samples: int = 0
    lock_kinds: Counter[str] = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.ops / self.seconds if self.seconds else 0.0


def _writers(user_ids: list[int], seconds: float, *, sealer: bool) -> _Run:
    stop = threading.Event()
    start = threading.Barrier(len(user_ids) + 1)
    counts = [0] * len(user_ids)
    errors = [0] * len(user_ids)

    def work(index: int) -> None:
        close_old_connections()
        try:
            with acting_as(User.objects.get(pk=user_ids[index]), ip="127.0.0.1"):  # each writer is a user
                _business_write(user_ids[index], 0)  # connected before the clock starts
                start.wait()
                n = 0
                while not stop.is_set():
                    n += 1
                    try:
                        _business_write(user_ids[index], n)
                        counts[index] += 1
                    except Exception:  # noqa: BLE001 - counted and shown; one failing write must not hide the rest
                        errors[index] += 1
        finally:
            connections.close_all()

    samples = {"n": 0, "with_wait": 0, "max": 0}
    kinds: Counter[str] = Counter()

    def sample_locks() -> None:
        try:
            with connections["default"].cursor() as cursor:
                while not stop.wait(0.05):
                    cursor.execute(
                        "SELECT wait_event FROM pg_stat_activity "
                        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    )
                    waiting = [row[0] for row in cursor.fetchall()]
                    samples["n"] += 1
                    samples["with_wait"] += 1 if waiting else 0
                    samples["max"] = max(samples["max"], len(waiting))
                    kinds.update(waiting)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(len(user_ids))]
    if connection.vendor == "postgresql":
        threads.append(threading.Thread(target=sample_locks, daemon=True))
    with AuditSealer() if sealer else nullcontext():  # the worker's sealer, as in production
        for t in threads:
            t.start()
        start.wait()
        began = time.perf_counter()
        time.sleep(seconds)
        counted, elapsed = sum(counts), time.perf_counter() - began
        stop.set()
        for t in threads:
            t.join()
    return _Run(counted, elapsed, sum(errors), samples["with_wait"], samples["max"], samples["n"], kinds)


def audit_bench_run(
    *,
    echo: Callable[[str], None],
    writers: str = "1,8,32",
    seconds: float = 2.0,
    rounds: int = 8,
    **_: object,
) -> list[BenchRow]:
    counts = [int(x) for x in str(writers).split(",") if x.strip()]
    user_ids = _accounts(max(counts))
    entries_before = AuditEntry.objects.count()
    audit_seal()
    current = audit_key_id()
    foreign = sorted(
        set(AuditCheckpoint.objects.exclude(key_id=current).values_list("key_id", flat=True).distinct())
    )
    if foreign:
        echo(
            f"注意：本库已有用另一把密钥（指纹{'、'.join(foreign)}）写入并签署的审计链，本次的密钥指纹{current}："
            "收尾的链校验将无法通过——这说明密钥不对，不是日志被改动。"
            "请用那把密钥运行（MINZHENG_AUDIT_KEY），或换一个基准库"
        )
    runs: dict[tuple[int, bool], list[_Run]] = {}
    for n in counts:
        for r in range(max(1, rounds)):
            # pairs in alternating order, so a machine that gets busier or quieter favours neither side
            for audited in (False, True) if r % 2 == 0 else (True, False):
                if audited:
                    run = _writers(user_ids[:n], seconds, sealer=True)
                else:
                    with audit_off():
                        run = _writers(user_ids[:n], seconds, sealer=False)
                runs.setdefault((n, audited), []).append(run)
            off, on = runs[(n, False)][-1], runs[(n, True)][-1]
            echo(f"写入者 {n} 个，第 {r + 1} 对：审计关 {off.rate:,.0f}、审计开 {on.rate:,.0f} 次/秒")
    with_key = time.perf_counter()
    sealed = audit_seal()
    seal_tail = time.perf_counter() - with_key
    written = AuditEntry.objects.count() - entries_before
    started = time.perf_counter()
    verified = audit_verify(seal=False)
    verify_seconds = time.perf_counter() - started

    on_pg = connection.vendor == "postgresql"
    rows = []
    for n in counts:
        offs, ons = runs[(n, False)], runs[(n, True)]
        off_rate = statistics.median(r.rate for r in offs)
        on_rate = statistics.median(r.rate for r in ons)
        cost = statistics.median(1 - b.rate / a.rate for a, b in zip(offs, ons, strict=True) if a.rate)
        failed = sum(r.errors for r in (*offs, *ons))
        judged = on_pg and n == TARGET_WRITERS
        rows.append(
            BenchRow(
                label=f"写入者 {n} 个：审计开（审计关为下限）",
                value=f"{on_rate:,.0f} 次/秒，成本 {cost:.1%}",
                floor=f"{off_rate:,.0f} 次/秒",
                ratio=off_rate / on_rate if on_rate else None,
                target=f"成本 ≤ {TARGET_COST:.0%}" if judged else "",
                ok=(cost <= TARGET_COST and failed == 0) if judged else None,
            )
        )
    if on_pg:
        n = max(counts)
        for audited in (True, False):
            group = runs[(n, audited)]
            kinds: Counter[str] = sum((r.lock_kinds for r in group), Counter())
            with_wait, taken = sum(r.lock_samples for r in group), sum(r.samples for r in group)
            what = "、".join(f"{kind}×{count}" for kind, count in kinds.most_common()) or "无"
            rows.append(
                BenchRow(
                    label=f"等锁会话（审计{'开' if audited else '关'}，写入者 {n} 个）",
                    value=f"{with_wait}/{taken} 次采样有，最多 {max(r.lock_max for r in group)} 个（{what}）",
                    target="无" if audited else "",
                    ok=with_wait == 0 if audited else None,
                )
            )
    errors = sum(r.errors for group in runs.values() for r in group)
    rows.append(BenchRow(label="写入失败", value=f"{errors} 次", target="0", ok=errors == 0))
    rows.append(
        BenchRow(
            label="本次写入的审计日志",
            value=f"{written:,} 条；收尾封存 {sealed:,} 条 {seal_tail:.2f} 秒",
        )
    )
    if verified.ok:
        verdict = f"完整，{verified.checked:,} 条 {verify_seconds:.1f} 秒"
    elif verified.other_key_ids:
        verdict = (
            f"未能校验：库中原有的日志由另一把密钥（指纹{'、'.join(verified.other_key_ids)}）写入，"
            f"本次用的是指纹{current}的密钥——是密钥不对，不是日志被改动"
        )
    else:
        verdict = f"断裂：{verified.reason}，{verified.checked:,} 条 {verify_seconds:.1f} 秒"
    rows.append(
        BenchRow(label="审计链校验", value=verdict, ok=None if verified.other_key_ids else verified.ok)
    )
    return rows
