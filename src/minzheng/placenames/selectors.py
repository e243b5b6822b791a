"""Reads of place names, always scoped to the user's region (``visible_to``/``access_scoped``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from minzheng.casework.models import Case
from minzheng.core.models import User
from minzheng.core.scope import OutOfScopeError, access_scoped
from minzheng.placenames.models import (
    BoundaryMarker,
    NamingApplication,
    PlaceName,
    RegionChange,
    Repair,
    Sign,
)
from minzheng.placenames.rules import EVENT_WORDS, GRID_EVENT_CASE_TYPE


def name_list(*, user: User, q: str = "", kind: str = "", status: str = "in_use") -> QuerySet[PlaceName]:
    """The register is the city's, read whole by everyone holding ``placenames.read``: standard names are public
    (条例第十五条, 第十六条: published in the national database), hold no personal data, and a clerk checking a
    proposed name must see the names of the whole city. Writes stay within the user's region (services)."""
    qs = PlaceName.objects.select_related("region")
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(pinyin__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("name", "-valid_from")


def name_get(*, user: User, pk: Any) -> PlaceName:
    place = (
        PlaceName.objects.select_related("region", "predecessor").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if place is None:
        raise OutOfScopeError("标准地名")
    return place


def name_history(*, place: PlaceName) -> list[PlaceName]:
    """The chain of records the place went by, oldest first (predecessors, the place, its successors)."""
    chain = [place]
    while chain[0].predecessor_id:
        chain.insert(0, PlaceName.objects.get(pk=chain[0].predecessor_id))
    while (nxt := PlaceName.objects.filter(predecessor=chain[-1]).first()) is not None:
        chain.append(nxt)
    return chain


def application_list(*, user: User, state: str = "", action: str = "") -> QuerySet[NamingApplication]:
    qs = NamingApplication.objects.visible_to(user).select_related("case", "region", "place_name")
    if state:
        qs = qs.filter(case__state=state)
    if action:
        qs = qs.filter(action=action)
    return qs.order_by("-id")


def application_get(*, user: User, pk: Any) -> NamingApplication:
    return access_scoped(
        user, NamingApplication.objects.select_related("case", "region", "target", "place_name"), pk,
        label="地名命名更名申请",
    )  # fmt: skip


def sign_list(*, user: User, kind: str = "", status: str = "", q: str = "") -> QuerySet[Sign]:
    qs = Sign.objects.visible_to(user).select_related("region")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(text__contains=q) | Q(code__icontains=q))
    return qs.order_by("-installed_on", "-id")


def sign_get(*, user: User, pk: Any) -> Sign:
    return access_scoped(user, Sign.objects.select_related("region", "place_name"), pk, label="地名标志")


def marker_list(*, user: User, status: str = "") -> QuerySet[BoundaryMarker]:
    qs = BoundaryMarker.objects.visible_to(user).select_related("region_a", "region_b")
    return (qs.filter(status=status) if status else qs).order_by("number")


def marker_get(*, user: User, pk: Any) -> BoundaryMarker:
    marker = marker_list(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if marker is None:
        raise OutOfScopeError("界桩")
    return marker


def repair_list(*, user: User, status: str = "", what: str = "") -> QuerySet[Repair]:
    qs = Repair.objects.visible_to(user).select_related("sign", "marker", "region", "source_case")
    if status:
        qs = qs.filter(status=status)
    if what == "sign":
        qs = qs.filter(sign__isnull=False)
    elif what == "marker":
        qs = qs.filter(marker__isnull=False)
    return qs.order_by("-reported_on", "-id")


def repair_get(*, user: User, pk: Any) -> Repair:
    return access_scoped(
        user, Repair.objects.select_related("sign", "marker", "region"), pk, label="损坏修复"
    )


def change_list(*, user: User) -> QuerySet[RegionChange]:
    return (
        RegionChange.objects.visible_to(user)
        .select_related("region", "old_parent", "new_parent")
        .order_by("-effective_on", "-id")
    )


def events_for_repair(*, user: User, limit: int = 20) -> list[Case]:
    """Grid events the user may see that name a sign or a marker and no repair links to yet, newest first."""
    words = Q()
    for word in EVENT_WORDS:
        words |= Q(title__contains=word)
    linked = Repair.objects.filter(source_case__isnull=False).values("source_case_id")
    qs = Case.objects.visible_to(user).filter(words, case_type=GRID_EVENT_CASE_TYPE).exclude(pk__in=linked)
    return list(qs.select_related("region").order_by("-opened_at")[:limit])
