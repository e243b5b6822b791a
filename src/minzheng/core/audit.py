"""The append-only audit log, chained by SM3 hashes (GM/T 0004-2012, ``hashlib.new("sm3")``).

Each entry's hash covers its own fields and the previous entry's hash, and entries carry a gap-free
sequence number allocated under a lock on the chain head. Altering an entry breaks its hash; removing
one breaks the sequence and the next entry's ``prev_hash``; removing the tail disagrees with the head.
``minzheng audit verify`` (:func:`audit_verify`) reports the first broken link.

Write an entry in the same transaction as the change it records, so a rolled-back change leaves no
entry and a committed change always has one.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from minzheng.core.models import AuditEntry, AuditHead

GENESIS_HASH = hashlib.new("sm3", b"minzheng audit chain").hexdigest()
Action = AuditEntry.Action


@dataclass(frozen=True)
class AuditActor:
    """Who is acting: set per request by the middleware, per command by the CLI."""

    user_getter: Callable[[], Any]
    ip: str | None = None

    @property
    def user(self) -> Any:
        user = self.user_getter()
        return user if getattr(user, "is_authenticated", False) else None


_current: contextvars.ContextVar[AuditActor | None] = contextvars.ContextVar("audit_actor", default=None)


@contextmanager
def acting_as(user: Any, ip: str | None = None) -> Iterator[None]:
    token = _current.set(AuditActor(user_getter=(user if callable(user) else lambda: user), ip=ip))
    try:
        yield
    finally:
        _current.reset(token)


def current_actor() -> AuditActor | None:
    return _current.get()


def json_safe(value: Any) -> Any:
    """Round-trip through JSON so the stored value hashes the same after the database gives it back."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def model_snapshot(obj: models.Model) -> dict[str, Any]:
    """The row's field values, JSON-safe; a model's ``audit_exclude`` names fields never copied (secrets)."""
    exclude = getattr(obj, "audit_exclude", frozenset())
    return json_safe(
        {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in exclude}
    )


def _canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_fields(entry: AuditEntry) -> dict[str, Any]:
    at = entry.at.astimezone(UTC) if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
    return {
        "seq": entry.seq,
        "at": at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "ip": entry.ip,
        "before": entry.before,
        "after": entry.after,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
    }


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.new("sm3", _canonical(entry_fields(entry))).hexdigest()


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
    """Append one entry. The acting user and address default to the current request or command."""
    context = current_actor()
    if actor is None and context is not None:
        actor = context.user
    if ip is None and context is not None:
        ip = context.ip
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"seq": 0, "hash": GENESIS_HASH}
        )
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now().replace(tzinfo=UTC),
            actor=actor,
            actor_name=actor_name or (actor.get_username() if actor is not None else "system"),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=object_repr[:200],
            ip=ip,
            before=json_safe(before),
            after=json_safe(after),
            detail=detail,
            prev_hash=head.hash,
        )
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
        AuditHead.objects.filter(pk=1).update(seq=entry.seq, hash=entry.hash)
    return entry


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def audit_verify(*, chunk_size: int = 5000, progress: Callable[[int], None] | None = None) -> VerifyResult:
    """Walk the chain in order and report the first broken link."""
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk_size):
        if entry.seq != expected_seq:
            return VerifyResult(
                False, checked, expected_seq, f"第{expected_seq}条日志缺失（下一条为第{entry.seq}条）"
            )
        if entry.prev_hash != prev_hash:
            return VerifyResult(
                False, checked, entry.seq, f"第{entry.seq}条的前序哈希与第{entry.seq - 1}条不符"
            )
        if entry_hash(entry) != entry.hash:
            return VerifyResult(False, checked, entry.seq, f"第{entry.seq}条内容已被篡改（哈希不符）")
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
        if progress is not None and checked % chunk_size == 0:
            progress(checked)
    head = AuditHead.objects.filter(pk=1).first() or AuditHead(seq=0, hash=GENESIS_HASH)
    if head.seq != expected_seq - 1 or head.hash != prev_hash:
        return VerifyResult(
            False,
            checked,
            expected_seq,
            f"链尾不符：记录到第{head.seq}条，实存{expected_seq - 1}条，末尾日志被删除",
        )
    return VerifyResult(True, checked)
