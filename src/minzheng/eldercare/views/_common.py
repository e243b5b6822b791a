"""Small helpers every eldercare page shares (the decorator, refusals and out-of-scope records are the one
web layer's: ``core.web``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from minzheng.core.masking import mask_citizen_id
from minzheng.core.roles import can
from minzheng.eldercare import selectors
from minzheng.eldercare.errors import EldercareError


def person_or_error(request: HttpRequest, raw: str, label: str = "人员", *, field: str = "id_number") -> Any:
    person = selectors.person_by_id_number(user=request.user, raw=raw)
    if person is None:
        raise EldercareError(
            f"人员库中（您的管辖范围内）未找到身份证号码为{mask_citizen_id(raw or '')}的{label}", field=field
        )
    return person


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def can_act_for_institutions(user: Any) -> bool:
    """May ``user`` record for institutions: the office of their region, or one of their own operators
    (the service then checks which institution)."""
    return can(user, "eldercare.institution_act") or can(user, "eldercare.institution_own")
