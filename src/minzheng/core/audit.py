"""The append-only audit log: entries written without a global lock, then sealed into a keyed chain.

Writing (:func:`audit_append`), in the same transaction as the change it records, so a rolled-back change
leaves no entry and a committed change always has one:

- the entry's number ``seq`` comes from the database's identity column (a sequence: ``nextval`` never
  waits for another transaction), and its ``mac`` is HMAC-SM3 of its content under the **audit key**;
- a row in ``core_auditpending`` marks it as not yet sealed.

Both go in as one INSERT statement on PostgreSQL (a data-modifying ``WITH``; two statements on SQLite):
no row, page or table lock that another transaction waits for (on SQLite the database has one writer
anyway). Page-view entries are the same inserts, so a page view never
holds up a write. The old design's single chain-head row, locked by every audited write until it
committed, was the one lock every writer queued on.

Sealing (:func:`audit_seal`): every two seconds by a thread of the job worker (``minzheng worker``, see
:class:`AuditSealer`), and on demand by ``minzheng audit seal|verify|checkpoint``. The sealer takes the
committed pending entries in ``seq`` order — the order they became visible, commit order batch by batch
— and gives each the next chain position ``pos`` with
``link = HMAC-SM3(key, pos | seq | entry mac | previous link)`` in ``core_auditseal``, deletes their
pending rows and, at most once a minute, writes a signed checkpoint of the new head. Only sealers wait for one another (an
advisory lock on PostgreSQL). Sequence numbers may have gaps (a rolled-back transaction used one); chain
positions may not. (A job per commit was tried first: it put a row in the task queue every few seconds
and a cache round trip on every audited commit; a loop in the worker costs neither.)

Why this is hard to forge: the key lives outside the database (``MINZHENG_AUDIT_KEY``, or the file
``MINZHENG_AUDIT_KEY_FILE``, default ``<MINZHENG_VAR_DIR>/audit_key``; ``minzheng audit keygen``), so
someone who can write the database but not read that file cannot compute a valid ``mac`` or ``link``:

- an edited entry no longer matches its ``mac``; recomputing every later hash needs the key;
- a deleted entry leaves its seal pointing at nothing, or a gap in ``pos`` if the seal went too;
- a tail cut off together with its seals and checkpoints is still a valid-looking prefix, which is why
  checkpoints are exported and kept elsewhere (``minzheng audit checkpoint --export FILE``): a
  checkpoint beyond the database's head, or disagreeing with it, is reported;
- on PostgreSQL, triggers refuse UPDATE and DELETE on the entry, seal and checkpoint tables (migration
  0005); the sealer needs neither — it only inserts seals and checkpoints and deletes pending rows.

An entry is outside the chain only between its commit and its sealing (seconds): editing it then breaks
its ``mac``, deleting it leaves its pending row behind (reported), and only deleting both in that window
goes unnoticed — identity numbers have gaps anyway (rolled-back transactions), so no design that keeps
writers from waiting for one another can tell that gap from a rollback. ``minzheng audit verify`` (:func:`audit_verify`) seals what is pending, walks the chain and names
the first broken entry by its 序号.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import hmac
import ipaddress
import json
import logging
import os
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models.base import ModelState
from django.utils import timezone

from minzheng.core.masking import mask_personal_text
from minzheng.core.models import AuditCheckpoint, AuditEntry, AuditPending, AuditSeal
from minzheng.core.prepared import prepared_cursor

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

log = logging.getLogger(__name__)

Action = AuditEntry.Action
GENESIS_LINK = hashlib.new("sm3", b"minzheng audit chain").hexdigest()
_SEALER_LOCK = 0x6D7A_6175_6469_74  # PostgreSQL advisory lock id of the sealer ("mzaudit")
SEAL_INTERVAL_SECONDS = 2.0
CHECKPOINT_EVERY_SECONDS = 60  # the sealer signs the head at most this often (audit checkpoint: any time)


# --- the key ------------------------------------------------------------------------------------------


class AuditKeyError(ImproperlyConfigured):
    pass


def audit_key_path() -> Path:
    """Where the key file is: ``MINZHENG_AUDIT_KEY_FILE``, the setting ``AUDIT_KEY_FILE``, or var/audit_key."""
    configured = os.environ.get("MINZHENG_AUDIT_KEY_FILE") or getattr(settings, "AUDIT_KEY_FILE", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "audit_key"


_key_cache: dict[tuple[str | None, ...], bytes] = {}


def _parse_key(text: str, source: str) -> bytes:
    text = text.strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise AuditKeyError(f"审计密钥（{source}）不是十六进制文本") from None
    if len(key) < 32:
        raise AuditKeyError(f"审计密钥（{source}）太短：至少 32 字节（64 个十六进制字符）")
    return key


def audit_key() -> bytes:
    """The HMAC key of the chain, never stored in the database.

    ``MINZHENG_AUDIT_KEY`` (hex) wins; else the key file. A missing file is generated on first use (like
    the secret key under var/, so the demo and the tests get one), unless ``MINZHENG_AUDIT_KEY_AUTOCREATE=0``.
    """
    env = os.environ.get("MINZHENG_AUDIT_KEY")
    source = (
        env,
        os.environ.get("MINZHENG_AUDIT_KEY_FILE"),
        getattr(settings, "AUDIT_KEY_FILE", None),
        str(settings.VAR_DIR),
    )
    cached = _key_cache.get(source)
    if cached is not None:
        return cached
    if env:
        key = _parse_key(env, "MINZHENG_AUDIT_KEY")
    else:
        path = audit_key_path()
        if not path.exists():
            if os.environ.get("MINZHENG_AUDIT_KEY_AUTOCREATE", "1").strip().lower() in {
                "0",
                "false",
                "no",
                "off",
            }:
                raise AuditKeyError(
                    f"找不到审计密钥 {path}：请运行 minzheng audit keygen，或设置 MINZHENG_AUDIT_KEY"
                )
            try:
                audit_keygen(path)
                log.warning("已生成审计密钥 %s：请备份，并与数据库分开保管", path)
            except FileExistsError:
                pass  # another process made it first
            except OSError as exc:
                raise AuditKeyError(f"无法写入审计密钥 {path}：{exc}") from exc
        key = _parse_key(path.read_text(), str(path))
    _key_cache[source] = key
    return key


def audit_keygen(path: Path, *, force: bool = False) -> bytes:
    """Write a fresh 32-byte key to ``path`` (mode 0600). Refuses to replace one unless ``force``: entries
    signed with the old key can no longer be verified without it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    # Written whole to a private file first, then put in place in one step: a process that finds the key
    # file (another test worker, the worker and the web server starting together) never reads it half
    # written. Without ``force`` the link fails if a key is already there.
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(key.hex() + "\n")
        if force:
            os.replace(draft, path)
        else:
            os.link(draft, path)
    finally:
        draft.unlink(missing_ok=True)
    os.chmod(path, 0o600)
    _key_cache.clear()
    return key


def audit_key_id(key: bytes | None = None) -> str:
    """A fingerprint that names a key without revealing it (shown by keygen, stored in checkpoints)."""
    return hashlib.new("sm3", b"minzheng audit key id:" + (key or audit_key())).hexdigest()[:16]


_keyed: dict[bytes, hmac.HMAC] = {}


def _mac(key: bytes, message: bytes) -> str:
    # A copy of an HMAC already keyed for ``key``: the same digest as hmac.new(key, message, "sm3"),
    # without looking SM3 up and hashing the key's pads again for every entry and every link.
    keyed = _keyed.get(key)
    if keyed is None:
        keyed = _keyed.setdefault(key, hmac.new(key, digestmod="sm3"))
    mac = keyed.copy()
    mac.update(message)
    return mac.hexdigest()


# --- who acts -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditActor:
    """Who is acting: set per request by the middleware, per command by the CLI."""

    user_getter: Callable[[], Any]
    ip: str | None = None
    name: str = ""  # who acts when it is not a staff account (a citizen of the public site: "公众用户#12")

    @property
    def user(self) -> Any:
        user = self.user_getter()
        return user if getattr(user, "is_authenticated", False) else None


_current: contextvars.ContextVar[AuditActor | None] = contextvars.ContextVar("audit_actor", default=None)


@contextmanager
def acting_as(user: Any, ip: str | None = None, name: str = "") -> Iterator[None]:
    token = _current.set(AuditActor(user_getter=(user if callable(user) else lambda: user), ip=ip, name=name))
    try:
        yield
    finally:
        _current.reset(token)


def current_actor() -> AuditActor | None:
    return _current.get()


# --- entries --------------------------------------------------------------------------------------------


_PLAIN = (str, int, float, bool, type(None))


def _plain(value: Any, depth: int = 0) -> bool:
    """JSON values that come back from the database unchanged (str keys, no dates, decimals, tuples)."""
    if isinstance(value, _PLAIN):
        return not isinstance(value, float) or value == value  # NaN does not survive JSON
    if depth > 3:
        return False
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v, depth + 1) for v in value)
    return False


def json_safe(value: Any) -> Any:
    """Round-trip through JSON so the stored value hashes the same after the database gives it back."""
    if _plain(value):
        return value
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def model_snapshot(obj: models.Model, *, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The row's field values (all, or the named ones), JSON-safe; a model's ``audit_exclude`` names
    fields never copied (secrets)."""
    exclude: frozenset[str] = getattr(obj, "audit_exclude", frozenset())
    meta = obj._meta
    chosen = meta.concrete_fields if fields is None else [meta.get_field(name) for name in fields]
    return json_safe(
        {f.attname: getattr(obj, f.attname) for f in chosen if f.concrete and f.attname not in exclude}
    )


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _canonical(fields: dict[str, Any]) -> bytes:
    # One encoder for every entry: json.dumps with options builds a new one per call.
    return _CANONICAL.encode(fields).encode()


def _canonical_ip(ip: str | None) -> str | None:
    """One spelling of an address whatever the database hands back (PostgreSQL ``inet`` rewrites IPv6)."""
    return _canonical_ip_text(str(ip)) if ip else None


@functools.lru_cache(maxsize=4096)
def _canonical_ip_text(ip: str) -> str:
    # Cached: every audited write of a request spells its client's address, and parsing it is a
    # noticeable part of the write path's Python time.
    try:
        address = ipaddress.ip_address(ip.split("/")[0])
    except ValueError:
        return ip
    mapped = getattr(address, "ipv4_mapped", None)
    return f"::ffff:{mapped}" if mapped is not None else address.compressed


def entry_fields(entry: AuditEntry) -> dict[str, Any]:
    """What an entry's ``mac`` covers: everything but its number (bound to it by the seal) and the mac."""
    at = entry.at.astimezone(UTC) if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
    return {
        "at": at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "ip": _canonical_ip(entry.ip),
        "before": entry.before,
        "after": entry.after,
        "detail": entry.detail,
    }


def entry_mac(entry: AuditEntry, key: bytes | None = None) -> str:
    return _mac(key or audit_key(), b"entry:" + _canonical(entry_fields(entry)))


def _fields_mac(key: bytes, canonical: bytes) -> str:
    return _mac(key, b"entry:" + canonical)


def chain_link(key: bytes, pos: int, seq: int, mac: str, prev_link: str) -> str:
    return _mac(key, f"link:{pos}|{seq}|{mac}|{prev_link}".encode())


def audit_append(
    *,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: Any = None,
    after: Any = None,
    detail: str = "",
    actor: Any = None,
    actor_name: str = "",
    ip: str | None = None,
) -> AuditEntry:
    """Append one entry (one INSERT statement, no lock others wait on). The acting user and address default to the
    current request or command. ID numbers and mobile numbers in the free text (a search term, a file
    name) are masked before they are stored; ``before``/``after`` keep the values, masked when shown."""
    context = current_actor()
    if actor is None and context is not None:
        actor = context.user
    if ip is None and context is not None:
        ip = context.ip
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    at = datetime.now(UTC)  # timezone.now() with USE_TZ, without its settings lookup
    # The content exactly as entry_fields() reads it back from a stored entry (the mac covers it).
    fields = {
        "at": at.isoformat(timespec="microseconds"),
        "actor_id": actor.pk if actor is not None else None,
        "actor_name": actor_name
        or (actor.get_username() if actor is not None else (context.name if context else "") or "system"),
        "action": str(action),
        "object_type": object_type,
        "object_id": str(object_id),
        "object_repr": mask_personal_text(object_repr)[:200],
        "ip": _canonical_ip(ip),
        "before": json_safe(before),
        "after": json_safe(after),
        "detail": mask_personal_text(detail),
    }
    canonical = _CANONICAL.encode(fields)
    mac = _fields_mac(audit_key(), canonical.encode())
    conn = connections[DEFAULT_DB_ALIAS]
    if conn.vendor == "postgresql":
        return _insert_pg(conn, fields, canonical, mac, at, actor)
    entry = AuditEntry(**{**fields, "at": at, "mac": mac})
    if actor is not None:
        entry.actor = actor
    with transaction.atomic(savepoint=False):
        entry.save(force_insert=True)
        AuditPending.objects.create(seq=entry.seq)
    return entry


_ENTRY_COLUMNS = (
    "at", "actor_id", "actor_name", "action", "object_type", "object_id",
    "object_repr", "ip", "before", "after", "detail", "mac",
)  # fmt: skip


# The entry and its pending row in one statement (a data-modifying WITH). The whole entry travels as one
# JSON parameter, the canonical text its mac was computed over plus the mac, and PostgreSQL spreads it
# over the columns (json_populate_record: a JSON null is SQL NULL, a JSON value for a jsonb column is
# kept as it is): one parameter to adapt instead of twelve, on the path of every audited write.
_INSERT_PG = (
    "WITH e AS (INSERT INTO core_auditentry ({columns}) "
    "SELECT {columns} FROM json_populate_record(NULL::core_auditentry, %s::json) RETURNING seq) "
    "INSERT INTO core_auditpending (seq) SELECT seq FROM e RETURNING seq"
).format(columns=", ".join(_ENTRY_COLUMNS))


def audit_records_viewed(
    *,
    actor: Any,
    shown: Sequence[models.Model],
    persons: Iterable[int | None] | None = None,
    what: str = "",
    object_type: str = "",
    obj: models.Model | None = None,
    detail: str = "",
) -> AuditEntry | None:
    """One "查看" entry for a page that shows people's records (PIPL, 等保 2.0 三级 audit of reads): which records
    (``记录编号``) and, where linked, which registry persons (``人员编号``) — who saw whose record can be answered.
    A page showing nobody writes none. ``detail`` defaults to "查看<what>（<n>条）"."""
    if not shown:
        return None
    ids: dict[str, list[int]] = {"记录编号": [r.pk for r in shown]}
    if persons is not None:
        ids["人员编号"] = sorted({pk for pk in persons if pk is not None})
    return audit_append(
        action=Action.VIEW, obj=obj, object_type=object_type, object_repr=what, actor=actor, after=ids,
        detail=detail or f"查看{what}（{len(shown)}条）",
    )  # fmt: skip


def _insert_pg(
    conn: BaseDatabaseWrapper, fields: dict[str, Any], canonical: str, mac: str, at: Any, actor: Any
) -> AuditEntry:
    # a server-side prepared statement through Django's cursor wrapper (core.prepared): parsed and planned once per
    # connection, the entry bound as a parameter, seen by the debug log and query counts like any other query
    cursor = prepared_cursor(conn)
    cursor.execute(_INSERT_PG, [f'{canonical[:-1]},"mac":"{mac}"}}'])
    seq = cursor.fetchone()[0]
    # The entry as it was stored, for the caller, without the cost of a model's __init__ (as Django
    # itself unpickles a model instance).
    entry = AuditEntry.__new__(AuditEntry)
    entry.__dict__.update(fields, at=at, mac=mac, seq=seq)
    entry._state = ModelState()
    entry._state.adding = False
    entry._state.db = conn.alias
    if actor is not None:
        AuditEntry.actor.field.set_cached_value(entry, actor)
    return entry


# --- sealing --------------------------------------------------------------------------------------------


class AuditSealer:
    """Seals committed entries every ``interval`` seconds in a background thread, as long as the job
    worker runs (``minzheng worker``), and once more when it stops. Nothing on the write path: writers
    only insert, and an idle check is one indexed ``SELECT … LIMIT 1`` on the pending table."""

    def __init__(self, interval: float = SEAL_INTERVAL_SECONDS) -> None:
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _seal_pending(self) -> None:
        try:
            if AuditPending.objects.exists():
                audit_seal()
        except Exception:  # the database is away for a moment: try again next time
            log.exception("审计链封存失败，稍后重试")

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                self._seal_pending()
        finally:
            connections.close_all()

    def __enter__(self) -> AuditSealer:
        # An in-memory SQLite database (the test suite's) shares one cache between threads, where a
        # second writer gets "table is locked" at once instead of waiting: seal only when leaving.
        if not (connection.vendor == "sqlite" and cast("SQLiteWrapper", connection).is_in_memory_db()):
            self._thread = threading.Thread(target=self._run, name="audit-sealer", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._seal_pending()


def _sealer_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SEALER_LOCK])
    # SQLite: the sealer's write transaction (BEGIN IMMEDIATE) already excludes every other writer.


def chain_head() -> tuple[int, int | None, str]:
    """(position, entry seq, link) of the last sealed entry; (0, None, genesis) for an empty chain."""
    row = AuditSeal.objects.order_by("-pos").values_list("pos", "entry_id", "link").first()
    return row if row is not None else (0, None, GENESIS_LINK)


@dataclass(frozen=True)
class Checkpoint:
    pos: int
    entry_seq: int | None
    link: str
    at: str
    key_id: str
    signature: str

    def as_json(self) -> dict[str, Any]:
        return {
            "pos": self.pos,
            "entry_seq": self.entry_seq,
            "link": self.link,
            "at": self.at,
            "key_id": self.key_id,
            "signature": self.signature,
        }


def _checkpoint_signature(
    key: bytes, pos: int, entry_seq: int | None, link: str, at: str, key_id: str
) -> str:
    return _mac(key, f"checkpoint:{pos}|{entry_seq}|{link}|{at}|{key_id}".encode())


def _checkpoint_write(key: bytes, pos: int, entry_seq: int | None, link: str) -> AuditCheckpoint:
    at = timezone.now().replace(tzinfo=UTC)
    at_text, key_id = at.isoformat(timespec="microseconds"), audit_key_id(key)
    return AuditCheckpoint.objects.create(
        pos=pos,
        entry_seq=entry_seq or 0,
        link=link,
        at=at,
        key_id=key_id,
        signature=_checkpoint_signature(key, pos, entry_seq or 0, link, at_text, key_id),
    )


def _checkpoint_of(row: AuditCheckpoint) -> Checkpoint:
    at = row.at.astimezone(UTC) if row.at.tzinfo else row.at.replace(tzinfo=UTC)
    return Checkpoint(
        row.pos, row.entry_seq, row.link, at.isoformat(timespec="microseconds"), row.key_id, row.signature
    )


def _seal_batch(key: bytes, limit: int) -> int:
    with transaction.atomic():
        _sealer_lock()
        pos, head_seq, link = chain_head()
        rows = list(
            AuditEntry.objects.filter(seq__in=AuditPending.objects.values("seq"))
            .order_by("seq")
            .values_list("seq", "mac")[:limit]
        )
        if not rows:
            return 0
        now = timezone.now()
        positions, seqs, links = [], [], []
        for seq, mac in rows:
            pos += 1
            link = chain_link(key, pos, seq, mac, link)
            positions.append(pos)
            seqs.append(seq)
            links.append(link)
        if connection.vendor == "postgresql":
            # Set-based: the batch's seals in one INSERT of three arrays and its pending rows gone in one
            # DELETE — not a model instance per entry (the sealer shares the machine with the writers).
            with connection.cursor() as cursor:
                cursor.execute(_SEAL_PG, [now, positions, seqs, links])
                cursor.execute(_UNPEND_PG, [seqs])
        else:
            AuditSeal.objects.bulk_create(
                [
                    AuditSeal(pos=p, entry_id=q, link=k, sealed_at=now)
                    for p, q, k in zip(positions, seqs, links, strict=True)
                ],
                batch_size=500,
            )
            AuditPending.objects.filter(seq__in=seqs).delete()
        last = AuditCheckpoint.objects.order_by("-pos", "-at").values_list("at", flat=True).first()
        if last is None or (now - last).total_seconds() >= CHECKPOINT_EVERY_SECONDS:
            _checkpoint_write(key, pos, rows[-1][0], link)
    return len(rows)


_SEAL_PG = (
    "INSERT INTO core_auditseal (pos, entry_seq, link, sealed_at) "
    "SELECT pos, entry_seq, link, %s FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS s(pos, entry_seq, link)"
)
_UNPEND_PG = "DELETE FROM core_auditpending WHERE seq = ANY(%s::bigint[])"


def audit_seal(*, batch_size: int = 5000) -> int:
    """Seal every committed pending entry into the chain; returns how many were sealed."""
    key = audit_key()
    total = 0
    while True:
        sealed = _seal_batch(key, batch_size)
        total += sealed
        if sealed < batch_size:
            return total


def audit_checkpoint() -> Checkpoint:
    """Seal what is pending and sign the head as it is now (also for an empty chain)."""
    key = audit_key()
    audit_seal()
    with transaction.atomic():
        _sealer_lock()
        pos, seq, link = chain_head()
        row = _checkpoint_write(key, pos, seq, link)
    return _checkpoint_of(row)


def checkpoints_read(path: Path) -> list[Checkpoint]:
    """Checkpoints exported to a file (one JSON object a line)."""
    result = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            result.append(
                Checkpoint(
                    int(data["pos"]),
                    int(data["entry_seq"]) if data.get("entry_seq") is not None else 0,
                    str(data["link"]),
                    str(data["at"]),
                    str(data["key_id"]),
                    str(data["signature"]),
                )
            )
        except (ValueError, KeyError, TypeError):
            raise ValueError(f"检查点文件 {path} 第{number}行无法读取") from None
    return result


# --- verifying ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    head_pos: int = 0
    checkpoints: int = 0
    pending: int = 0
    # Set when the chain fails at its very first entry and a checkpoint signed with another key covers
    # it: the entries were written with that key (a database from another installation, a key file
    # replaced) — what to say first, before concluding that they were edited.
    other_key_ids: tuple[str, ...] = ()


def audit_verify(
    *,
    checkpoints: Iterable[Checkpoint] = (),
    seal: bool = True,
    chunk_size: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> VerifyResult:
    """Seal what is pending (unless ``seal=False``), then check, in this order, and report the first
    failure naming the entry by its 序号:

    1. the chain, position by position: no position missing, every sealed entry present, its content
       matching its ``mac``, its ``link`` matching the previous one, and agreeing with every validly
       signed checkpoint (the database's and ``checkpoints`` kept elsewhere) at that position;
    2. every checkpoint's signature (a forged or re-signed checkpoint);
    3. no checkpoint beyond the head (the tail cut off, its seals and checkpoints with it);
    4. every entry not yet sealed: present, matching its ``mac``, and pending — an entry neither
       sealed nor pending was not written by the application (or had its pending row removed).
    """
    key = audit_key()
    if seal:
        audit_seal()
    key_id = audit_key_id(key)
    stored = [_checkpoint_of(row) for row in AuditCheckpoint.objects.order_by("pos", "at")]
    points = [*(("导出的检查点", p) for p in checkpoints), *(("库内检查点", p) for p in stored)]
    valid: dict[int, list[tuple[str, Checkpoint]]] = {}
    forged: tuple[str, Checkpoint] | None = None
    for source, point in points:
        expected = _checkpoint_signature(key, point.pos, point.entry_seq, point.link, point.at, point.key_id)
        if hmac.compare_digest(expected, point.signature):
            valid.setdefault(point.pos, []).append((source, point))
        elif forged is None:
            forged = (source, point)

    other_keys = sorted({point.key_id for _, point in points if point.key_id != key_id})
    hint = (
        f"（检查点由另一把密钥签署，指纹{'、'.join(other_keys)}，当前密钥指纹{key_id}：是否用错了密钥？）"
        if other_keys
        else ""
    )
    expected_pos, prev_link, prev_seq, checked = 1, GENESIS_LINK, None, 0
    while True:
        seals = list(AuditSeal.objects.filter(pos__gte=expected_pos).order_by("pos")[:chunk_size])
        if not seals:
            break
        entries = AuditEntry.objects.in_bulk([s.entry_id for s in seals])
        for row in seals:
            seq = row.entry_id
            if row.pos != expected_pos:
                after = f"序号{prev_seq}之后、" if prev_seq is not None else ""
                return _broken_hinted(
                    hint,
                    checked,
                    seq,
                    f"链上第{expected_pos}至{row.pos - 1}位缺失：{after}序号{seq}之前的日志连同封存记录被删除",
                )
            entry = entries.get(seq)
            if entry is None:
                return _broken_hinted(
                    hint, checked, seq, f"序号{seq}的日志缺失（链上第{row.pos}位），已被删除"
                )
            if not hmac.compare_digest(entry_mac(entry, key), entry.mac):
                return _other_key(points, key_id, checked, row.pos, seq) or _broken_hinted(
                    hint, checked, seq, f"序号{seq}的日志内容已被篡改（校验码不符，链上第{row.pos}位）"
                )
            link = chain_link(key, row.pos, seq, entry.mac, prev_link)
            if not hmac.compare_digest(link, row.link):
                return _other_key(points, key_id, checked, row.pos, seq) or _broken_hinted(
                    hint, checked, seq, f"序号{seq}的链校验码不符（链上第{row.pos}位）：审计链被改写或重算"
                )
            for source, point in valid.get(row.pos, ()):
                if point.link != link or point.entry_seq != seq:
                    return _broken_hinted(
                        hint, checked, seq, f"序号{seq}（链上第{row.pos}位）与{source}不符：审计链被改写"
                    )
            prev_link, prev_seq, expected_pos, checked = link, seq, expected_pos + 1, checked + 1
            if progress is not None and checked % chunk_size == 0:
                progress(checked)
    head_pos = expected_pos - 1

    if forged is not None:
        source, point = forged
        why = (
            f"由另一把密钥签署（指纹{point.key_id}，当前密钥指纹{key_id}）"
            if point.key_id != key_id
            else "签名不符：检查点被伪造或改动"
        )
        return _broken(
            checked, point.entry_seq, f"{source}（链上第{point.pos}位，序号{point.entry_seq}）{why}"
        )
    beyond = [(source, point) for pos, found in valid.items() if pos > head_pos for source, point in found]
    if beyond:
        source, point = max(beyond, key=lambda item: item[1].pos)
        tail = f"序号{prev_seq}（第{head_pos}位）" if prev_seq is not None else "链首"
        return _broken(
            checked,
            point.entry_seq,
            f"链尾被截断：{source}记录到第{point.pos}位（序号{point.entry_seq}），库中只到{tail}，其后的日志被删除",
        )

    orphan = AuditPending.objects.exclude(seq__in=AuditEntry.objects.values("seq")).order_by("seq").first()
    if orphan is not None:
        return _broken(checked, orphan.seq, f"序号{orphan.seq}的日志在封存前被删除")
    pending = 0
    for entry in AuditEntry.objects.filter(seq__in=AuditPending.objects.values("seq")).order_by("seq"):
        pending += 1
        if not hmac.compare_digest(entry_mac(entry, key), entry.mac):
            return _broken(checked, entry.seq, f"序号{entry.seq}的日志内容已被篡改（校验码不符，尚未封存）")
    if AuditEntry.objects.count() > checked + pending:
        stray = (
            AuditEntry.objects.exclude(seq__in=AuditSeal.objects.values("entry_id"))
            .exclude(seq__in=AuditPending.objects.values("seq"))
            .order_by("seq")
            .first()
        )
        if stray is not None:
            return _broken(
                checked, stray.seq, f"序号{stray.seq}的日志不在审计链上：不是由系统写入，或其封存记录被删除"
            )
    return VerifyResult(True, checked, head_pos=head_pos, checkpoints=len(points), pending=pending)


def _other_key(
    points: Iterable[tuple[str, Checkpoint]], key_id: str, checked: int, pos: int, seq: int
) -> VerifyResult | None:
    """The chain fails at its very first entry and a checkpoint signed with another key covers it: the
    plain explanation is that the chain was written (or sealed) with that key, which is said first."""
    covering = sorted({p.key_id for _, p in points if p.key_id != key_id and p.pos >= pos})
    if checked or not covering:
        return None
    return VerifyResult(
        False,
        checked,
        seq,
        f"无法用当前密钥（指纹{key_id}）校验：序号{seq}（链上第{pos}位）起的审计链是用另一把密钥写入的"
        f"（检查点由密钥指纹{'、'.join(covering)}签署）。请用那把密钥校验"
        "（MINZHENG_AUDIT_KEY 或 MINZHENG_AUDIT_KEY_FILE）；用它仍校验不符，才是日志被篡改",
        other_key_ids=tuple(covering),
    )


def _broken(checked: int, seq: int | None, reason: str) -> VerifyResult:
    return VerifyResult(False, checked, seq, reason)


def _broken_hinted(hint: str, checked: int, seq: int | None, reason: str) -> VerifyResult:
    return VerifyResult(False, checked, seq, reason + hint)
