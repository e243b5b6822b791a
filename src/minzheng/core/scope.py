"""Data scope: the one place where a user's region restricts what they can reach.

Every model whose rows belong to a region declares ``scope_region_field`` — the lookup path from the
model to its :class:`~minzheng.core.models.Region` (``"region"``, ``"house__grid"``, or ``""`` for the
Region model itself) — and uses :class:`ScopedQuerySet`. Pages, the API and exports all read through
``Model.objects.visible_to(user)`` or :func:`access_scoped`; nothing else filters by region.
A user sees the subtree of the node they are attached to: a 网格员 their grid, a 区局 user their district.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db import models

if TYPE_CHECKING:
    from minzheng.core.models import Region, User

M = TypeVar("M", bound=models.Model)
QS = TypeVar("QS", bound=models.QuerySet[Any])


class OutOfScopeError(LookupError):
    """The record does not exist or lies outside the user's region; the two are not told apart."""

    def __init__(self, label: str = "记录") -> None:
        super().__init__(f"{label}不存在或不在您的管辖范围内")


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user: User | Any) -> Self:
        return scope_queryset(self, user)


def _region_model() -> type[Region]:
    return apps.get_model("core", "Region")


def user_region(user: User | Any) -> Region | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.region


def scope_queryset(qs: QS, user: User | Any) -> QS:
    """Restrict ``qs`` to the rows in ``user``'s region subtree (an empty set for anonymous users)."""
    field = getattr(qs.model, "scope_region_field", None)
    if field is None:
        raise ImproperlyConfigured(f"{qs.model.__name__} 未声明 scope_region_field，不能按区划授权")
    region = user_region(user)
    if region is None:
        return qs.none()
    if field == "":
        return qs.filter(path__startswith=region.path)
    if region.parent_id is None:
        return qs  # the root of the tree sees every row; skip the join on the hot path
    subtree = _region_model().objects.filter(path__startswith=region.path).values("pk")
    return qs.filter(**{f"{field}__in": subtree})


def access_scoped(
    user: User | Any,
    queryset: models.QuerySet[M] | type[M],
    pk: Any,
    *,
    lock: bool = False,
    label: str = "记录",
) -> M:
    """Fetch one row by primary key *and* check the user's scope in one call (raise :class:`OutOfScopeError`)."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    qs = scope_queryset(qs, user)
    if lock:
        qs = qs.select_for_update()
    try:
        return qs.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScopeError(label) from exc


def region_within_scope(user: User | Any, region: Region | None) -> bool:
    """May ``user`` put a record in ``region`` (e.g. when creating or moving one)?"""
    own = user_region(user)
    return own is not None and region is not None and region.path.startswith(own.path)
