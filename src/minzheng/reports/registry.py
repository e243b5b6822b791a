"""The indicator registry: every figure a dashboard, an export or the annual summary shows.

An indicator is a value × region subtree × period (DHIS2's data value: indicator, org unit, period). Each
domain registers its indicators with :func:`indicator_register`: a code, a Chinese name, a unit, how the
value aggregates, and ``compute(region, start, end) -> int`` — one set-based SQL query over the domain's
tables for the region's subtree and the period (both dates inclusive). Money is integer 分; a ratio is in
basis points (1/10000), so every value is an exact integer.

Computed figures are kept in the database (:mod:`minzheng.reports.snapshots`, one row per indicator × region
× period) with the *data version* they were computed at: a string made of a version of every table the
indicator reads (``depends_on``, model labels):

* a token per table, renewed when a transaction that changed the table commits — through
  ``post_save``/``post_delete`` of its model (connected as indicators register) or through
  :func:`data_changed`, which bulk paths (COPY, ``INSERT … SELECT``, ``QuerySet.update``) call because
  they bypass signals; until it commits, that transaction's own reads are computed, never stored;
* the table's largest primary key, read in the same query for all tables: rows added by a bulk insert
  that forgot to call :func:`data_changed` still change the version.

The token is a cache entry; for a table written a thousand times a second (the 清明 booking) a file write per
change costs more than the change, so on PostgreSQL such a table's token is a database sequence instead
(:func:`data_version_sequenced`): ``nextval`` when the change commits, ``last_value`` read with the marks —
exact in the same sense, without a row lock or a file.

:func:`indicator_values` (indicator tables, the annual summary, the API) serves a stored figure only when its
version is the current one: never older than the last committed change to the records it counts. The
dashboards read the same rows without the version check, refreshed by the worker (snapshots.py).
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import connection, models, transaction
from django.utils import timezone

from minzheng.core.models import Region
from minzheng.core.money import format_wan_yuan


class Aggregation(models.TextChoices):
    """How a value combines over regions and periods (what a roll-up or a trend may do with it)."""

    SUM = "sum", "求和（金额、人次：下级相加、各月相加）"
    COUNT = "count", "计数（期间内不重复的人/户：下级相加，各月不可相加）"
    SNAPSHOT = "snapshot", "时点数（期末状态：下级相加，取期末值）"
    RATIO = "ratio", "比率（万分比，不可相加）"


DOMAINS: dict[str, str] = {
    "core": "区划网格",
    "registry": "人房信息",
    "assistance": "社会救助",
    "benefits": "救助资金",
    "grid": "网格治理",
    "eldercare": "养老服务",
    "children": "儿童福利",
    "charity": "慈善事业",
    "community": "基层治理",
    "funeral": "殡葬管理",
    "placenames": "区划地名",
    "rescue": "救助管理",
    "marriage": "婚姻登记",
    "disability": "残疾人两项补贴",
    "datasets": "汇总报表",
    "orgs": "社会组织",
    "supplies": "物资台账",
    "policy": "政策文件",
}


class IndicatorError(LookupError):
    pass


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    aggregation: str
    domain: str
    compute: Callable[[Region, date, date], int]
    money: bool = False
    depends_on: tuple[str, ...] = ()
    description: str = ""
    source: str = field(default="")  # where the SQL lives: "minzheng.grid.indicators.events_handled"
    trend: bool = True  # False: the records keep only their current state, a monthly trend means nothing

    @property
    def domain_label(self) -> str:
        return DOMAINS.get(self.domain, self.domain)


_indicators: dict[str, Indicator] = {}


def indicator_register(
    *,
    code: str,
    name: str,
    unit: str,
    aggregation: str,
    domain: str,
    compute: Callable[[Region, date, date], int],
    money: bool = False,
    depends_on: Sequence[str] = (),
    description: str = "",
    source: str = "",
    trend: bool = True,
) -> Indicator:
    """Register one indicator. Idempotent by code: the first registration wins."""
    if aggregation not in Aggregation.values:
        raise ValueError(f"指标{code}的汇总方式“{aggregation}”无效")
    indicator = Indicator(
        code=code,
        name=name,
        unit=unit,
        aggregation=aggregation,
        domain=domain,
        compute=compute,
        money=money,
        depends_on=tuple(depends_on),
        description=description,
        source=source or f"{getattr(compute, '__module__', '')}.{getattr(compute, '__qualname__', '')}",
        trend=trend,
    )
    _tables_track(indicator.depends_on)  # a malformed label is refused before anything is registered
    return _indicators.setdefault(code, indicator)


def indicator_get(code: str) -> Indicator:
    try:
        return _indicators[code]
    except KeyError:
        raise IndicatorError(f"指标“{code}”未登记（所属业务域尚未建设或未启用）") from None


def indicator_format(indicator: Indicator, value: int) -> str:
    """A value for a page: money in 万元 with two decimals, ratios in %, counts with separators."""
    if indicator.money:
        return format_wan_yuan(value)
    if indicator.aggregation == Aggregation.RATIO:
        return f"{value / 100:.2f}%"
    return f"{value:,}{indicator.unit}"


def indicator_exists(code: str) -> bool:
    return code in _indicators


def indicator_list(*, domain: str | None = None) -> list[Indicator]:
    return [i for i in _indicators.values() if domain is None or i.domain == domain]


# --- cache versions ----------------------------------------------------------------------------------

_VERSION_KEY = "reports:data-version:{db}:{label}"
_generation = ""  # bumped by indicator_cache_forget() (tests): keys of earlier generations are never read


def _db() -> str:
    """The database the figures are read from, in every key: the cache (var/cache) is shared by every
    process on the machine, whatever database each one uses, and two databases with the same row
    counts must not serve each other's figures. An in-memory SQLite database lives in one process only."""
    settings = connection.settings_dict
    name = str(settings.get("NAME") or "")
    if connection.vendor == "sqlite" and ("memory" in name or not name):
        name += f"@pid{os.getpid()}"
    text = f"{connection.vendor}|{settings.get('HOST') or ''}|{settings.get('PORT') or ''}|{name}"
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def database_key() -> str:
    """A short key of the database the figures are read from (and of the cache's generation, see
    :func:`indicator_cache_forget`), for the cache keys of other reports modules."""
    return _db() + _generation


def indicator_cache_forget() -> None:
    """Start a new generation of this process's cache keys (tests: a test's rolled-back rows may have left
    version tokens and scheduling marks that a later test would otherwise read)."""
    global _generation
    _generation = f"-{uuid.uuid4().hex[:8]}"


# Tables written at a rate where a cache write per change would cost more than the change itself (the 清明 booking:
# ~1,000 a second): on PostgreSQL their token is a SEQUENCE (:func:`version_sequence`, created by the owning app's
# migration), advanced with ``nextval`` when a change commits — no row lock, no file, nothing rolled back — and read
# with the MAX(pk) marks in the same query. Elsewhere (SQLite) they keep the cache token like every other table.
_sequenced: set[str] = set()


def version_sequence(label: str) -> str:
    """The PostgreSQL sequence holding ``label``'s version token (``reports_version_funeral_booking``)."""
    return "reports_version_" + label.lower().replace(".", "_")


def data_version_sequenced(label: str) -> None:
    """Keep ``label``'s version token in its database sequence on PostgreSQL (the app's migration creates
    :func:`version_sequence`): what its hot write path calls on commit is one ``nextval``, not a cache write."""
    _sequenced.add(label.lower())


def _in_sequence(label: str) -> bool:
    return label in _sequenced and connection.vendor == "postgresql"


def _token_renew(label: str) -> None:
    if _in_sequence(label):
        from minzheng.core.prepared import prepared_cursor  # PostgreSQL only (this path runs only there)

        # a prepared statement on the connection's kept cursor: the hot path pays no parsing and no re-planning
        prepared_cursor(connection).execute("SELECT nextval(%s::regclass)", [version_sequence(label)])
        return
    cache.set(_VERSION_KEY.format(db=_db(), label=label), uuid.uuid4().hex, None)


def _pending_labels(connection: Any) -> set[str]:
    """Labels changed by the current, uncommitted transaction on ``connection``. Kept beside the
    connection's list of on-commit hooks: Django replaces that list when the transaction commits or
    rolls back (or a savepoint rolls back), which makes a stale set detectable in O(1)."""
    if not connection.in_atomic_block:
        return set()
    hooks, labels = getattr(connection, "_reports_pending", (None, set()))
    if hooks is not connection.run_on_commit:
        labels = set()
        connection._reports_pending = (connection.run_on_commit, labels)
    return labels


def data_changed(label: str) -> None:
    """The records of ``label`` (a model label such as "registry.Person") changed: every cached figure
    that reads them is stale. Saves and deletes call this through model signals; bulk paths (COPY,
    ``INSERT … SELECT``, ``QuerySet.update``) call it themselves.

    Outside a transaction the version token is renewed at once. Inside one it is renewed when the
    transaction commits (once per table, however many rows changed), and until then this
    transaction's own reads of the figures bypass the cache — they see its uncommitted rows, which
    nobody else may be served."""
    label = label.lower()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _token_renew(label)
        return
    pending = _pending_labels(connection)
    if label not in pending:
        pending.add(label)
        transaction.on_commit(lambda: _token_renew(label))


def _tokens(labels: Iterable[str]) -> tuple[dict[str, str], dict[str, Any]]:
    """The version token of each label, and the marks held for those a bulk writer holds
    (:func:`figures_held`): one read of the cache for both."""
    db = _db()
    labels = [label.lower() for label in labels]
    keys = {label: _VERSION_KEY.format(db=db, label=label) for label in labels if not _in_sequence(label)}
    holds = _held_keys(labels)
    found = cache.get_many([*keys.values(), *holds.values()])
    tokens = {}
    for label, key in keys.items():
        if key not in found:
            cache.add(key, uuid.uuid4().hex, None)
            found[key] = cache.get(key)
        tokens[label] = str(found[key])
    held = {label: found[key]["mark"] for label, key in holds.items() if isinstance(found.get(key), dict)}
    return tokens, held


def _table_marks(labels: Sequence[str]) -> dict[str, Any]:
    """The largest primary key of each table, all in one query."""
    found = {label: _tables[label] for label in labels if label in _tables}
    sequenced = [label for label in labels if _in_sequence(label)]
    if not found and not sequenced:
        return {}
    qn = connection.ops.quote_name
    parts = [f"(SELECT MAX({qn(m._meta.pk.column)}) FROM {qn(m._meta.db_table)})" for m in found.values()]
    parts += [f"(SELECT last_value FROM {qn(version_sequence(label))})" for label in sequenced]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    marks: dict[str, Any] = dict(zip(found, row, strict=False))
    for label, value in zip(sequenced, row[len(found) :], strict=True):
        marks[label] = f"{marks.get(label)}#{value}"  # the sequence is this table's token
    return marks


def _label_states(labels: Iterable[str]) -> dict[str, str]:
    ordered = sorted({label.lower() for label in labels})
    if not ordered:
        return {}
    tokens, held = _tokens(ordered)
    marks = {**_table_marks([label for label in ordered if label not in held]), **held}
    return {label: f"{tokens.get(label, 'seq')}:{marks.get(label)}" for label in ordered}


# --- a bulk writer's hold ----------------------------------------------------------------------------------
# An online import of a million people commits 200 short transactions (registry.importing.pipeline); each moves the
# person table's MAX(pk) mark, so without a hold every exact figure over people (the city's indicator tables, the
# annual summary: seconds of CPU each at 2.4 M people) would be computed again after every chunk, on the cores the
# import and the users share, for numbers that are stale again a second later.

_HELD_KEY = "reports:held:{db}:{label}"
HELD_FOR = 15 * 60  # seconds a hold lasts unless its writer renews it (a writer killed with -9 never ends it)


def _held_keys(labels: Iterable[str]) -> dict[str, str]:
    """The cache key of each (lower-case) label's hold."""
    db = _db()
    return {label: _HELD_KEY.format(db=db, label=label) for label in labels}


def _holds_set(labels: Sequence[str], marks: dict[str, Any], *, what: str, since: str) -> None:
    cache.set_many(
        {
            key: {"mark": marks.get(label), "what": what, "since": since}
            for label, key in _held_keys(labels).items()
        },
        HELD_FOR,
    )


@contextmanager
def figures_held(labels: Iterable[str], *, what: str) -> Iterator[Callable[[], None]]:
    """While a bulk writer commits many short transactions into the tables ``labels`` (an online import), their
    version stays at the mark they had when it began: figures stored before it keep being served (pages say so,
    :func:`figures_held_notes`), and nobody computes them again for every chunk. When it ends the version moves
    once (:func:`data_changed`), and the next reader computes the figures over every row it wrote. Yields a
    function to call now and then (every chunk) that keeps the hold past :data:`HELD_FOR`. ``what`` names the
    writer for the pages ("批量导入人员")."""
    ordered = sorted({label.lower() for label in labels})
    since = timezone.localtime().strftime("%H:%M")
    marks = _table_marks(ordered)
    _holds_set(ordered, marks, what=what, since=since)
    last = [time.monotonic()]

    def renew() -> None:
        if time.monotonic() - last[0] > HELD_FOR / 3:
            _holds_set(ordered, marks, what=what, since=since)
            last[0] = time.monotonic()

    try:
        yield renew
    finally:
        figures_held_release(ordered)


def figures_held_release(labels: Iterable[str]) -> None:
    """End the holds on ``labels`` (:func:`figures_held` does when its writer ends; the cleanup after a writer
    killed with -9 does too): their version moves once, and the next reader computes their figures."""
    ordered = sorted({label.lower() for label in labels})
    cache.delete_many(list(_held_keys(ordered).values()))
    for label in ordered:
        data_changed(label)


def figures_held_notes(indicators: Iterable[Indicator]) -> list[str]:
    """What a page of ``indicators`` tells its reader while a bulk writer holds tables they read: "批量导入人员
    （14:05起）" for each writer, once."""
    labels = sorted({label.lower() for i in indicators for label in i.depends_on})
    found = cache.get_many(list(_held_keys(labels).values()))
    return sorted({f"{h['what']}（{h['since']}起）" for h in found.values() if isinstance(h, dict)})


def _version_of(labels: Iterable[str], states: dict[str, str]) -> str:
    ordered = sorted({label.lower() for label in labels})
    if not ordered:
        return "static"
    text = "|".join(f"{label}={states[label]}" for label in ordered)
    return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()


def data_version(labels: Iterable[str]) -> str:
    """One short string that changes whenever any of the tables ``labels`` changes."""
    labels = list(labels)
    return _version_of(labels, _label_states(labels))


# --- values ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    code: str
    region: Region
    start: date
    end: date


def indicator_versions(codes: Iterable[str]) -> dict[str, str]:
    """The current data version of each indicator (one version check for all the tables they read); "" for an
    indicator whose tables the current, uncommitted transaction changed (its figures must not be stored)."""
    indicators = [indicator_get(code) for code in set(codes)]
    dirty = _pending_labels(transaction.get_connection())
    states = _label_states({label for i in indicators for label in i.depends_on})
    return {
        i.code: ""
        if dirty.intersection(d.lower() for d in i.depends_on)
        else _version_of(i.depends_on, states)
        for i in indicators
    }


def indicator_compute(queries: Sequence[Query]) -> list[int]:
    """Compute the figures of ``queries`` from the records, each distinct query once, storing nothing."""
    done: dict[tuple[str, int, date, date], int] = {}
    out = []
    for q in queries:
        key = (q.code, q.region.pk, q.start, q.end)
        if key not in done:
            done[key] = int(indicator_get(q.code).compute(q.region, q.start, q.end) or 0)
        out.append(done[key])
    return out


def indicator_values(queries: Sequence[Query]) -> list[int]:
    """Evaluate many (indicator, region, period) queries exactly: one version check for all the tables they
    read, one read of the stored figures, and a computation only for those not stored at the current version."""
    from minzheng.reports.snapshots import figures_exact  # the storage imports this module

    return figures_exact(queries)


def indicator_value(code: str, *, region: Region, start: date, end: date) -> int:
    """One indicator for a region subtree and a period (dates inclusive), exact."""
    return indicator_values([Query(code, region, start, end)])[0]


# --- invalidation by model signals -------------------------------------------------------------------------
# The tables an indicator declares (``depends_on``, "app_label.ModelName") are followed the way Django follows a
# model named by a string (a ForeignKey's "app.Model"): a lazy model operation hands over the model class once it is
# loaded; its post_save/post_delete then renew the table's version. A label naming no installed model is left
# pending, and Django's system check names it (models.E022).

_tables: dict[str, type[models.Model]] = {}  # label (lower case) -> model, as the models load
_tracked: set[str] = set()


def _receiver_for(label: str) -> Callable[..., None]:
    def receiver(sender: type, **kwargs: Any) -> None:
        if kwargs.get("raw"):
            return
        data_changed(label)

    receiver.__name__ = f"reports_data_changed_{label.replace('.', '_')}"
    return receiver


def _table_loaded(label: str, model: type[models.Model]) -> None:
    from django.db.models.signals import post_delete, post_save

    _tables[label] = model
    receiver = _receiver_for(label)
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"reports-save-{label}")
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"reports-delete-{label}")


def _tables_track(labels: Iterable[str]) -> None:
    for label in labels:
        key = label.lower()
        if key in _tracked:
            continue
        app_label, dot, model_name = key.partition(".")
        if not dot or not model_name:
            raise ValueError(f"指标所读的表“{label}”应写作“应用.模型”，如 registry.Person")
        _tracked.add(key)
        apps.lazy_model_operation(functools.partial(_table_loaded, key), (app_label, model_name))


def indicator_signals_connect() -> list[str]:
    """Follow every table an indicator reads (idempotent: indicators are followed as they register). Returns
    the labels whose models are loaded and connected."""
    _tables_track(label for i in _indicators.values() for label in i.depends_on)
    return sorted(_tables)
