"""Messages to a citizen: a line in the portal's inbox and, unless told otherwise, a text message.

A text never carries personal data or the record's content — only that something changed and where to look (the
phone may be read by others). ``key`` makes a notice of one event idempotent: a retried job or a double click
notifies once.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from minzheng.portal.models import Citizen, Notification
from minzheng.portal.sms import sms_send


def notify(
    citizen: Citizen, *, title: str, body: str = "", url: str = "", key: str = "", sms: bool = True
) -> bool:
    """Put a message in the citizen's inbox (and send the text); False when ``key`` was already notified."""
    try:
        with transaction.atomic():
            Notification.objects.create(citizen=citizen, title=title[:100], body=body, url=url, key=key[:120])
    except IntegrityError:
        return False
    if sms:
        text = f"【海口民政】{title}。详情请登录“海口民政公众服务”查看消息。"
        transaction.on_commit(lambda: sms_send(citizen.phone, text, purpose="消息提醒"))
    return True


def unread_count(citizen: Citizen) -> int:
    return Notification.objects.filter(citizen=citizen, read_at__isnull=True).count()
