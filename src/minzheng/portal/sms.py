"""Text messages to citizens, through a pluggable backend (``settings.SMS_BACKEND``, a dotted path).

A backend is a class with ``send(phone, text) -> str`` returning the gateway's message id, raising
:class:`SmsError` when the message was not accepted. Shipped:

- ``ConsoleBackend`` — writes each message to the server's log (the demo: the sign-in code shows in the terminal);
- ``FileBackend`` — appends one JSON line per message to ``SMS_FILE`` (default ``<var>/sms/outbox.jsonl``);
- ``LocmemBackend`` — keeps messages in ``LocmemBackend.outbox`` (tests).

A real gateway (the bureau's 政务短信平台 or an operator's) is an adapter class of the same shape in the
deployment's own package: it must answer within ``SMS_TIMEOUT_SECONDS`` (the sign-in page waits for it) and raise
``SmsError`` with a Chinese reason otherwise. Every message goes into the ``SmsMessage`` outbox table, a sign-in code
with its digits hidden.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import ClassVar, Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from minzheng.portal.models import SmsMessage

log = logging.getLogger("minzheng.sms")


class SmsError(Exception):
    """The gateway did not accept the message; ``reason`` is Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> str: ...


class ConsoleBackend:
    def send(self, phone: str, text: str) -> str:
        log.warning("短信 → %s：%s", phone, text)
        return ""


class FileBackend:
    _lock = threading.Lock()

    def send(self, phone: str, text: str) -> str:
        path = Path(getattr(settings, "SMS_FILE", "") or Path(settings.VAR_DIR) / "sms" / "outbox.jsonl")
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(
            {"at": timezone.now().isoformat(), "phone": phone, "text": text}, ensure_ascii=False
        )
        with self._lock, path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")
        return ""


class LocmemBackend:
    outbox: ClassVar[list[tuple[str, str]]] = []

    def send(self, phone: str, text: str) -> str:
        self.outbox.append((phone, text))
        return str(len(self.outbox))


def backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()


def sms_send(phone: str, text: str, *, purpose: str, logged_text: str | None = None) -> bool:
    """Send one message and record it in the outbox; True when the gateway accepted it."""
    sender = backend()
    record = SmsMessage(
        phone=phone,
        text=(logged_text if logged_text is not None else text)[:500],
        purpose=purpose,
        backend=settings.SMS_BACKEND,
    )
    try:
        record.provider_id = sender.send(phone, text)[:100]
        record.status = SmsMessage.Status.SENT
    except SmsError as exc:
        record.status = SmsMessage.Status.FAILED
        record.error = exc.reason[:300]
    record.save()
    return record.status == SmsMessage.Status.SENT
