"""What every registry write shares: the error type, the scope check of a region, small validations.

Permission is one call, ``core.roles.require(actor, Perm.EDIT_REGISTRY)`` (a ``PermissionDenied`` naming
维护人房信息); the data scope is checked per record (``access_scoped``) and per region (:func:`region_in_scope`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from minzheng.core.errors import DomainError
from minzheng.core.inputs import text_refusal
from minzheng.core.models import Region, User
from minzheng.core.scope import region_within_scope
from minzheng.core.values import phone_clean


class RegistryError(DomainError):
    """A registry write refused for a reason the user can fix: ``RegistryError(message, field=…)``, the
    message in Chinese, ``field`` the input's English name (as in the forms and the API; "" for the record as
    a whole)."""


def region_in_scope(actor: User, region: Region | None, *, field: str, label: str) -> Region:
    """The region a record is put in: given, and inside the actor's region subtree (else a RegistryError
    on ``field``, naming the region)."""
    if region is None:
        raise RegistryError(f"请填写{label}", field=field)
    if not region_within_scope(actor, region):
        raise RegistryError(f"{label}“{region.name}”不在您的管辖范围内", field=field)
    return region


def managed_region(actor: User, region: Region | None, *, field: str) -> Region:
    """A person's or household's 管理网格/社区 is a grid or a community the actor covers: grid and
    community workers look after the people of their own grid or community."""
    region = region_in_scope(actor, region, field=field, label="管理网格/社区")
    if region.level not in (Region.Level.GRID, Region.Level.COMMUNITY):
        raise RegistryError(
            f"“{region.name}”是{region.get_level_display()}，管理区划应为网格或村/社区", field=field
        )
    return region


def today() -> date:
    return timezone.localdate()


def check_date(value: date | None, *, field: str, label: str, not_before: date | None = None) -> date:
    """A date of an event that has happened: given, not in the future, not before ``not_before``."""
    if value is None:
        raise RegistryError(f"请填写{label}", field=field)
    if value > today():
        raise RegistryError(f"{label}{value:%Y-%m-%d}晚于今天", field=field)
    if not_before is not None and value < not_before:
        raise RegistryError(f"{label}{value:%Y-%m-%d}早于{not_before:%Y-%m-%d}", field=field)
    return value


def check_text(value: Any, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise RegistryError(f"{label}不能为空", field=field)
    if len(text) > max_length:
        raise RegistryError(f"{label}不能超过{max_length}个字", field=field)
    refused = text_refusal(text, label=label)  # core.inputs: control and bidi characters
    if refused is not None:
        raise RegistryError(refused, field=field)
    return text


def check_phone(value: str | None) -> str:
    """A phone number by the platform's one rule (``core.values.phone_clean``), refused as a RegistryError."""
    try:
        return phone_clean(value)
    except DomainError as exc:
        raise RegistryError(exc.message, field="phone") from None
