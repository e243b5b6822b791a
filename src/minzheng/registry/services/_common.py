"""What every registry write shares: the error type, the permission check, small validations."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from minzheng.core.inputs import text_refusal
from minzheng.core.models import Region, User
from minzheng.core.roles import Perm
from minzheng.core.scope import region_within_scope


class RegistryError(ValueError):
    """A registry write refused for a reason the user can fix. ``field`` is the input's English name
    (as in the forms and the API, "" for the record as a whole); ``message`` says why, in Chinese."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def require_edit(actor: User) -> None:
    """Writes need the 维护人房信息 right (core.roles); the data scope is checked per record."""
    if not actor.has_role_perm(Perm.EDIT_REGISTRY):
        raise PermissionDenied(f"您的角色没有“{Perm.EDIT_REGISTRY.label}”权限")


def require_region(actor: User, region: Region | None, *, field: str, label: str) -> Region:
    if region is None:
        raise RegistryError(field, f"请填写{label}")
    if not region_within_scope(actor, region):
        raise RegistryError(field, f"{label}“{region.name}”不在您的管辖范围内")
    return region


def managed_region(actor: User, region: Region | None, *, field: str) -> Region:
    """A person's or household's 管理网格/社区 is a grid or a community the actor covers: grid and
    community workers look after the people of their own grid or community."""
    region = require_region(actor, region, field=field, label="管理网格/社区")
    if region.level not in (Region.Level.GRID, Region.Level.COMMUNITY):
        raise RegistryError(
            field, f"“{region.name}”是{region.get_level_display()}，管理区划应为网格或村/社区"
        )
    return region


def today() -> date:
    return timezone.localdate()


def check_date(value: date | None, *, field: str, label: str, not_before: date | None = None) -> date:
    """A date of an event that has happened: given, not in the future, not before ``not_before``."""
    if value is None:
        raise RegistryError(field, f"请填写{label}")
    if value > today():
        raise RegistryError(field, f"{label}{value:%Y-%m-%d}晚于今天")
    if not_before is not None and value < not_before:
        raise RegistryError(field, f"{label}{value:%Y-%m-%d}早于{not_before:%Y-%m-%d}")
    return value


def check_text(value: Any, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise RegistryError(field, f"{label}不能为空")
    if len(text) > max_length:
        raise RegistryError(field, f"{label}不能超过{max_length}个字")
    refused = text_refusal(text, label=label)  # core.inputs: control and bidi characters
    if refused is not None:
        raise RegistryError(field, refused)
    return text


_PHONE = re.compile(r"\+?[0-9][0-9-]{5,18}")


def check_phone(value: str | None) -> str:
    """Mobile or fixed-line number: digits, optional leading + and hyphens (0898-12345678)."""
    text = "".join((value or "").split())
    if text and not _PHONE.fullmatch(text):
        raise RegistryError("phone", f"联系电话“{text}”格式不正确，应为手机号或带区号的固定电话")
    return text
