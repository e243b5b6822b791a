"""Open311 clients (the 12345 hotline system and other callers) and their API keys."""

from __future__ import annotations

import hashlib
import secrets

from minzheng.core.models import User
from minzheng.core.roles import require
from minzheng.grid.models import Open311Client
from minzheng.grid.services._common import GridError, check_text


def api_key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def open311_client_create(
    *, actor: User, name: str, jurisdiction_id: str, source: str = Open311Client.Source.HOTLINE
) -> tuple[Open311Client, str]:
    """A user (市局管理员, 系统管理员) registers a client; returns it and its API key, which is shown this once
    and stored only hashed."""
    require(actor, "open311.keys")
    return open311_client_issue(name=name, jurisdiction_id=jurisdiction_id, source=source)


def open311_client_issue(
    *, name: str, jurisdiction_id: str, source: str = Open311Client.Source.HOTLINE
) -> tuple[Open311Client, str]:
    """The system's path (the command line: benchmark, set-up scripts): register a client, return it and
    its API key. The audit records the client's creation without a user."""
    name = check_text(name, field="name", label="客户端名称", max_length=100, required=True)
    jurisdiction_id = check_text(
        jurisdiction_id, field="jurisdiction_id", label="辖区标识", max_length=100, required=True
    )
    if source not in Open311Client.Source.values:
        raise GridError(f"来源“{source}”无效", field="source")
    if Open311Client.objects.filter(name=name).exists():
        raise GridError(f"已有名为“{name}”的客户端", field="name")
    raw = secrets.token_urlsafe(32)
    client = Open311Client.objects.create(
        name=name,
        source=source,
        jurisdiction_id=jurisdiction_id,
        key_prefix=raw[:8],
        key_hash=api_key_hash(raw),
    )
    return client, raw


def open311_client_authenticate(raw: str) -> Open311Client | None:
    """The active client holding this key, or None."""
    if not raw:
        return None
    try:
        return Open311Client.objects.get(key_hash=api_key_hash(raw), active=True)
    except Open311Client.DoesNotExist:
        return None


def open311_client_set_active(*, actor: User, client: Open311Client, active: bool) -> Open311Client:
    require(actor, "open311.keys")
    client.active = active
    client.save(update_fields=["active"])
    return client
