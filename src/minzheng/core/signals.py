"""Automatic audit of every create, update and delete of a business record.

Models opt in by subclassing :class:`minzheng.core.audited.Audited`; the acting user comes from the
request (middleware) or the command (CLI). Bulk paths (COPY, INSERT … SELECT) bypass signals by design
and write one summary entry themselves with :func:`minzheng.core.audit.audit_append`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from minzheng.core.audit import Action, audit_append, json_safe, model_snapshot
from minzheng.core.audited import Audited, audit_defer
from minzheng.core.models import User


def _request_ip(request: Any) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(pre_save)
def _remember_before(
    sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    if raw or not isinstance(instance, Audited) or instance._state.adding or instance.pk is None:
        return
    if update_fields is None:
        old = sender._default_manager.filter(pk=instance.pk).first()
        instance.__dict__["_audit_before"] = model_snapshot(old) if old is not None else None
        return
    instance.__dict__["_audit_before"] = _known_before(sender, instance, update_fields)


def _known_before(sender: Any, instance: Any, update_fields: Any) -> dict[str, Any] | None:
    """The stored values of the fields about to be written, from what this instance last loaded or
    saved; only fields it does not know (or JSON values, which may be changed in place) are read."""
    meta = sender._meta
    exclude: frozenset[str] = getattr(instance, "audit_exclude", frozenset())
    saved = instance.__dict__.get("_audit_saved") or {}
    loaded_row = instance.__dict__.get("_audit_loaded")
    loaded = dict(zip(*loaded_row, strict=True)) if loaded_row else {}
    before: dict[str, Any] = {}
    missing: list[str] = []
    for name in update_fields:
        field = meta.get_field(name)
        attname = field.attname
        if attname in exclude or not field.concrete:
            continue
        if attname in saved:
            before[attname] = saved[attname]
        elif attname in loaded and not isinstance(loaded[attname], dict | list):
            before[attname] = loaded[attname]
        else:
            missing.append(attname)
    if missing:
        row = sender._default_manager.filter(pk=instance.pk).values(*missing).first()
        if row is None:
            return None
        before.update(row)
    return json_safe(before)


@receiver(post_save)
def _audit_save(
    sender: type, instance: Any, created: bool, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    if raw or not isinstance(instance, Audited):
        return
    if update_fields is None or created:
        after = model_snapshot(instance)
        instance.__dict__["_audit_saved"] = after
    else:
        after = model_snapshot(instance, fields=update_fields)
        instance.__dict__.setdefault("_audit_saved", {}).update(after)
    if audit_defer(instance, created=created):
        return
    before = None if created else instance.__dict__.get("_audit_before")
    if before is not None:
        changed = {k for k in after if before.get(k) != after.get(k)}
        if not changed:
            return
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after[k] for k in sorted(changed)}
    audit_append(action=Action.CREATE if created else Action.UPDATE, obj=instance, before=before, after=after)


@receiver(post_delete)
def _audit_delete(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Audited):
        audit_append(action=Action.DELETE, obj=instance, before=model_snapshot(instance))


@receiver(user_logged_in)
def _audit_login(sender: type, request: Any, user: Any, **kwargs: Any) -> None:
    audit_append(action=Action.LOGIN, obj=user, actor=user, ip=_request_ip(request))


@receiver(user_logged_out)
def _audit_logout(sender: type, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_append(action=Action.LOGOUT, obj=user, actor=user, ip=_request_ip(request))


@receiver(user_login_failed)
def _audit_login_failed(
    sender: type, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit_append(
        action=Action.LOGIN_FAILED,
        object_type=User._meta.label_lower,
        object_repr=username,
        actor_name=username or "anonymous",
        ip=_request_ip(request),
        detail="用户名或密码错误，或账号已锁定",
    )
