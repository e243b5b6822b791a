"""The :class:`Audited` mixin, and :func:`audit_deferred` for a row that gets its final values after its
INSERT (a case number made from the primary key)."""

from __future__ import annotations

import contextvars
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any, Self

from django.db import models


class Audited(models.Model):
    """Mixin: every create, update and delete of a subclass is written to the audit chain.

    The values a row was loaded with are kept (a reference to the row the database returned, no copy), so
    ``save(update_fields=[…])`` — what services do after ``select_for_update()`` — records its "before"
    without reading the row again. A plain ``save()`` still reads the stored row first, and so does a
    save after ``refresh_from_db()`` or of a JSON field (which may have been changed in place).
    """

    class Meta:
        abstract = True

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any
    ) -> Self:
        instance = super().from_db(db, field_names, values, **kwargs)
        instance.__dict__["_audit_loaded"] = (field_names, values)
        return instance

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        self.__dict__.pop("_audit_loaded", None)
        self.__dict__.pop("_audit_saved", None)
        super().refresh_from_db(*args, **kwargs)


_deferred: contextvars.ContextVar[dict[int, Any] | None] = contextvars.ContextVar(
    "audit_deferred", default=None
)


@contextmanager
def audit_deferred() -> Iterator[None]:
    """Audited rows created inside the block are recorded once, when the block ends, with their values
    then — not the placeholder they were inserted with. Later saves of the same rows inside the block are
    folded into that one 新增 entry. Nothing is recorded if the block raises (its transaction rolls back)."""
    if _deferred.get() is not None:  # nested: the outer block records
        yield
        return
    created: dict[int, Any] = {}
    token = _deferred.set(created)
    try:
        yield
    finally:
        _deferred.reset(token)
    from minzheng.core.audit import Action, audit_append, model_snapshot

    for instance in created.values():
        audit_append(action=Action.CREATE, obj=instance, after=model_snapshot(instance))


def audit_defer(instance: Any, *, created: bool) -> bool:
    """Called by the save signal: True when this save is recorded later by :func:`audit_deferred`."""
    pending = _deferred.get()
    if pending is None:
        return False
    if created:
        pending[id(instance)] = instance
        return True
    return id(instance) in pending
