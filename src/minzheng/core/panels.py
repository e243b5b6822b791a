from __future__ import annotations

from typing import Any

from django.utils import timezone

from minzheng.core.models import AuditEntry, User


def audit_panel(user: User) -> dict[str, Any]:
    return {"audit_count": AuditEntry.objects.count(), "recent": AuditEntry.objects.order_by("-seq")[:5]}


def accounts_panel(user: User) -> dict[str, Any]:
    return {
        "active": User.objects.filter(is_active=True).count(),
        "locked": list(User.objects.filter(locked_until__gt=timezone.now()).order_by("username")[:20]),
    }
