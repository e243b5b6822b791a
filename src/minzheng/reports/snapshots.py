"""Computed figures, kept in the database: one :class:`~minzheng.reports.models.IndicatorSnapshot` row per
indicator × region × period, with the data version of the tables it was computed from
(:func:`~minzheng.reports.registry.indicator_versions`). Two ways to read them:

* **exact** (:func:`figures_exact`, behind ``registry.indicator_values``: indicator tables, the annual summary):
  a stored figure is served only at the current data version, else computed and stored;
* **dashboard** (:func:`snapshot_values`): a dashboard asks for a few hundred figures, and every write to a
  table they read changes its version, so under a bureau's daily work it would be recomputed on almost every
  visit. It is served the stored figures whatever their version, and nothing is invalidated by a write:

  - a figure never computed is computed in the request and stored (once, however many open the page at once);
  - a figure older than :data:`REFRESH_AFTER` is served as it is, and the worker is asked (at most once per
    interval) to refresh every figure somebody read within :data:`READ_RECENTLY` (:func:`snapshots_refresh`):
    those whose data version did not change are only stamped, the others recomputed.

  A dashboard in use is thus at most a few minutes behind the records; one opened after a quiet night shows the
  evening's figures with their time, "正在后台更新", until the worker's refresh a few seconds later.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from minzheng.core.models import Region
from minzheng.reports.models import IndicatorSnapshot
from minzheng.reports.registry import (
    Query,
    data_changed,
    database_key,
    indicator_compute,
    indicator_exists,
    indicator_get,
    indicator_list,
    indicator_versions,
)

REFRESH_AFTER = timedelta(minutes=2)  # served as is, recomputed by the worker
READ_RECENTLY = timedelta(hours=1)  # figures read within this are kept fresh by the worker
FORGET_AFTER = timedelta(days=30)  # not read for this long: deleted
WAIT_FOR_OTHER = timedelta(seconds=20)  # a request waits this long for another computing the same figures
_SCHEDULED_KEY = "reports:snapshot-refresh-scheduled:{db}"
_COMPUTING_KEY = "reports:snapshot-computing:{db}:{digest}"
Key = tuple[str, int, date, date]


@dataclass(frozen=True)
class Snapshot:
    values: list[int]
    computed_at: datetime | None  # when the oldest of the figures was computed
    refreshing: bool  # some figures are older than REFRESH_AFTER: the worker was asked to recompute them


def _key(q: Query) -> Key:
    return (q.code, q.region.pk, q.start, q.end)


@dataclass(frozen=True)
class _Row:
    pk: int
    value: int
    version: str
    computed_at: datetime
    read_at: datetime


def _rows(keys: set[Key]) -> dict[Key, _Row]:
    """The stored rows of ``keys``, in one query: one condition per period (a dashboard has 13: the year and
    its months), each on the regions and codes asked for that period."""
    if not keys:
        return {}
    periods: dict[tuple[date, date], tuple[set[int], set[str]]] = {}
    for code, region, start, end in keys:
        regions, codes = periods.setdefault((start, end), (set(), set()))
        regions.add(region)
        codes.add(code)
    condition = Q()
    for (start, end), (regions, codes) in periods.items():
        condition |= Q(start=start, end=end, region_id__in=regions, code__in=codes)
    found = IndicatorSnapshot.objects.filter(condition).values_list(
        "code", "region_id", "start", "end", "pk", "value", "version", "computed_at", "read_at"
    )
    rows = {(c, r, s, e): _Row(*rest) for c, r, s, e, *rest in found}
    return {k: rows[k] for k in keys if k in rows}


def _store(
    queries: list[Query], values: list[int], versions: dict[str, str], *, now: datetime, read: bool
) -> None:
    """Insert or update the figures' rows. ``read``: a dashboard read them (the worker keeps them fresh);
    otherwise an exact read computed them, and a row's mark of a dashboard's reading is left as it was."""
    unread = now - READ_RECENTLY - timedelta(seconds=1)
    rows = sorted(
        (
            IndicatorSnapshot(
                code=q.code, region=q.region, start=q.start, end=q.end, value=v, version=versions[q.code],
                computed_at=now, read_at=now if read else unread,
            )
            for q, v in zip(queries, values, strict=True)
        ),
        key=lambda r: (r.region_id, r.code, r.start, r.end),  # one lock order for concurrent writers
    )  # fmt: skip
    IndicatorSnapshot.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["region", "code", "start", "end"],
        update_fields=["value", "version", "computed_at", *(["read_at"] if read else [])],
    )


def _check(queries: Sequence[Query]) -> None:
    for q in queries:
        indicator_get(q.code)  # an unknown code is refused before anything is read
        if q.start > q.end:
            raise ValueError(f"统计期间无效：{q.start} 晚于 {q.end}")


def figures_exact(queries: Sequence[Query], *, now: datetime | None = None) -> list[int]:
    """The figures of ``queries`` as the records are now: stored ones at the current data version, the others
    computed and stored (not those whose tables this transaction changed: nobody else may see them)."""
    _check(queries)
    now = now or timezone.now()
    wanted = {_key(q): q for q in queries}
    versions = indicator_versions({q.code for q in queries})
    values = _current(set(wanted), versions)
    missing = [q for k, q in wanted.items() if k not in values]
    dirty = [
        q for q in missing if not versions[q.code]
    ]  # this transaction changed their tables: never stored
    if dirty:
        values.update({_key(q): v for q, v in zip(dirty, indicator_compute(dirty), strict=True)})
    storable = [q for q in missing if versions[q.code]]
    if storable:
        values.update(_exact_once(storable, versions, now=now))
    return [values[_key(q)] for q in queries]


def _current(keys: set[Key], versions: dict[str, str]) -> dict[Key, int]:
    """The stored figures of ``keys`` computed at the current data version (``versions``, by code)."""
    return {k: r.value for k, r in _rows(keys).items() if versions[k[0]] and r.version == versions[k[0]]}


def _exact_once(missing: list[Query], versions: dict[str, str], *, now: datetime) -> dict[Key, int]:
    """Compute and store ``missing`` at ``versions`` — once, when many requests ask for the same figures at the
    same data version (after a data change, or on a database whose cache is new, every clerk opening the same
    indicator table or annual summary would otherwise compute the same counts over the same tables on the same
    cores, and every page of the site would wait for the cores). The first computes; the others wait for its
    rows at that very version (up to :data:`WAIT_FOR_OTHER`, then compute what is still missing themselves):
    exact, since a row is served only at the version the waiting request read."""
    keys = sorted(_key(q) for q in missing)
    stamp = sorted({(q.code, versions[q.code]) for q in missing})
    digest = hashlib.blake2b(repr((keys, stamp)).encode(), digest_size=12).hexdigest()
    lock = _COMPUTING_KEY.format(db=database_key(), digest=digest)
    mine = cache.add(lock, 1, int(WAIT_FOR_OTHER.total_seconds()) * 2)
    found: dict[Key, int] = {}
    if not mine:
        deadline = time.monotonic() + WAIT_FOR_OTHER.total_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.2)
            other_ended = (
                cache.get(lock) is None
            )  # before the read: what it stored, and nothing more, is then there
            found = _current(set(keys), versions)
            if len(found) == len(keys):
                return found
            if other_ended:
                break
    remaining = [q for q in missing if _key(q) not in found]
    try:
        computed = indicator_compute(remaining)
        _store(remaining, computed, versions, now=now, read=False)
    finally:
        if mine:
            cache.delete(lock)
    return {**found, **{_key(q): v for q, v in zip(remaining, computed, strict=True)}}


def snapshot_rows(queries: Sequence[Query]) -> Mapping[Key, _Row]:
    """The stored rows of ``queries``, in one query: for a page that asks :func:`snapshot_values` several
    times (a year at a time, until one has data) to read them all at once."""
    return _rows({_key(q) for q in queries})


def snapshot_values(
    queries: Sequence[Query], *, now: datetime | None = None, stored: Mapping[Key, _Row] | None = None
) -> Snapshot:
    """The figures of ``queries`` as the dashboards show them: from the snapshot table (or ``stored``, rows
    read beforehand by :func:`snapshot_rows`), computing only those never computed, and asking the worker to
    refresh those past :data:`REFRESH_AFTER`."""
    _check(queries)
    now = now or timezone.now()
    wanted = {_key(q): q for q in queries}
    usable = _rows(set(wanted)) if stored is None else {k: stored[k] for k in wanted if k in stored}
    missing = [q for k, q in wanted.items() if k not in usable]
    values = {k: r.value for k, r in usable.items()}
    if missing:
        values.update(_compute_once(missing, now=now))
    times = [r.computed_at for r in usable.values()] + ([now] if missing else [])
    refreshing = any(r.computed_at < now - REFRESH_AFTER for r in usable.values())
    if refreshing:
        snapshots_refresh_schedule()
    unmarked = [r.pk for r in usable.values() if r.read_at < now - REFRESH_AFTER]
    if unmarked:  # at most one UPDATE per dashboard every few minutes: the worker refreshes what is read
        IndicatorSnapshot.objects.filter(pk__in=unmarked).update(read_at=now)
    return Snapshot([values[_key(q)] for q in queries], min(times) if times else None, refreshing)


def _compute_once(missing: list[Query], *, now: datetime) -> dict[Key, int]:
    """Compute and store ``missing`` — once, when many requests open the same new dashboard at the same time:
    the first computes, the others wait for its rows (up to :data:`WAIT_FOR_OTHER`) instead of computing the
    same figures again on the same cores."""
    keys = sorted(_key(q) for q in missing)
    digest = hashlib.blake2b(repr(keys).encode(), digest_size=12).hexdigest()
    lock = _COMPUTING_KEY.format(db=database_key(), digest=digest)
    if not cache.add(lock, 1, int(WAIT_FOR_OTHER.total_seconds()) * 2):
        deadline = time.monotonic() + WAIT_FOR_OTHER.total_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.2)
            rows = _rows(set(keys))
            if len(rows) == len(keys):
                return {k: r.value for k, r in rows.items()}
    try:
        computed = indicator_compute(missing)
        _store(missing, computed, indicator_versions({q.code for q in missing}), now=now, read=True)
    finally:
        cache.delete(lock)
    return {_key(q): v for q, v in zip(missing, computed, strict=True)}


def snapshots_refresh_schedule() -> bool:
    """Queue one refresh for the worker, unless one was queued within :data:`REFRESH_AFTER`."""
    if not cache.add(_SCHEDULED_KEY.format(db=database_key()), 1, int(REFRESH_AFTER.total_seconds())):
        return False
    from minzheng.reports.tasks import snapshots_refresh_task

    transaction.on_commit(snapshots_refresh_task.enqueue)
    return True


def snapshots_refresh(*, now: datetime | None = None, batch: int = 500) -> int:
    """Refresh the figures read within :data:`READ_RECENTLY` that are older than :data:`REFRESH_AFTER` (the
    worker's job): those whose data version did not change are stamped, the others recomputed; forget those
    nobody read for :data:`FORGET_AFTER`. Returns how many were recomputed."""
    now = now or timezone.now()
    IndicatorSnapshot.objects.filter(read_at__lt=now - FORGET_AFTER).delete()
    due = IndicatorSnapshot.objects.filter(
        read_at__gte=now - READ_RECENTLY, computed_at__lt=now - REFRESH_AFTER
    ).order_by("pk")
    recomputed, last = 0, 0
    while True:
        chunk = list(due.filter(pk__gt=last).select_related("region")[:batch])
        if not chunk:
            return recomputed
        last = chunk[-1].pk
        gone = [r.pk for r in chunk if not indicator_exists(r.code)]
        if gone:
            IndicatorSnapshot.objects.filter(pk__in=gone).delete()
        rows = [r for r in chunk if indicator_exists(r.code)]
        versions = indicator_versions({r.code for r in rows})
        changed = [r for r in rows if not versions[r.code] or r.version != versions[r.code]]
        values = indicator_compute([Query(r.code, r.region, r.start, r.end) for r in changed])
        stamp = timezone.now()
        for row, value in zip(changed, values, strict=True):
            row.value, row.version = value, versions[row.code]
        for row in rows:
            row.computed_at = stamp
        IndicatorSnapshot.objects.bulk_update(rows, ["value", "version", "computed_at"], batch_size=batch)
        recomputed += len(changed)


def snapshots_reset() -> None:
    """Forget every snapshot and every cached figure (after bulk work such as a seed)."""
    IndicatorSnapshot.objects.all().delete()
    for label in {label for i in indicator_list() for label in i.depends_on}:
        data_changed(label)


def snapshots_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    """The last seed step: the domains' bulk paths (COPY, bulk_create, update) send no signals, so every stored
    figure is forgotten; then every dashboard of the city and of each district (the overview and each domain's)
    is computed, so that the leaders' first pages of a new dataset answer from snapshots."""
    from minzheng.reports.dashboards import dashboard_domains, dashboard_warm

    snapshots_reset()
    root = Region.objects.filter(parent__isnull=True).first()
    if root is None:
        return "无区划，跳过"
    districts = list(Region.objects.filter(parent=root).order_by("code"))
    domains = [key for key, _label in dashboard_domains()]
    shown, figures = 0, 0
    for region in [root, *districts]:
        for domain in domains:
            year, computed = dashboard_warm(region=region, domain=domain)
            figures += computed
            if region == root and domain == "overview":
                shown = year
    return f"已预先计算全市及{len(districts)}个区的综合看板（全市{shown}年，连同{len(domains) - 1}个业务看板共{figures}项数字）"
