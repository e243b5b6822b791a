"""Small pieces shared by the set-based write paths (the synthetic registry, the case engine's history
writer, the seeds): the column list of a COPY with the model's defaults, and chunking an iterable."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from django.db import connection, models
from django.utils import timezone

T = TypeVar("T")


def copy_columns(model: type[models.Model], provided: Sequence[str]) -> tuple[list[str], tuple[Any, ...]]:
    """The columns to write for ``model``: ``provided`` first, then every other concrete column with its
    default, ready for the database (so a column added later gets its default instead of breaking the bulk
    path); the primary key only when provided."""
    now = timezone.now()
    extra_cols: list[str] = []
    extra_vals: list[Any] = []
    for f in model._meta.concrete_fields:
        if f.column is None or f.column in provided or f.primary_key:  # (a concrete field has a column)
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value: Any = now
        else:
            value = f.get_default()
        extra_cols.append(f.column)
        extra_vals.append(f.get_db_prep_save(value, connection))
    return [*provided, *extra_cols], tuple(extra_vals)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter); holds one list at a time."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
