"""Reads of funeral work, always scoped to the user's region (``visible_to``/``access_scoped``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from minzheng.core.models import User
from minzheng.core.scope import access_scoped
from minzheng.funeral.models import (
    Booking,
    Cemetery,
    Cremation,
    Death,
    Memorial,
    MemorialMessage,
    MemorialVisitDay,
    Outreach,
    ProxyOrder,
    Season,
)


def death_list(*, user: User, year: int | None = None) -> QuerySet[Death]:
    qs = Death.objects.visible_to(user).select_related("person", "region")
    return qs.filter(died_on__year=year) if year else qs


def cremation_list(*, user: User, year: int | None = None) -> QuerySet[Cremation]:
    qs = Cremation.objects.visible_to(user).select_related("funeral_home", "death__person", "subsidy")
    return qs.filter(cremated_on__year=year) if year else qs


def cremation_get(*, user: User, pk: Any) -> Cremation:
    return access_scoped(
        user, Cremation.objects.select_related("funeral_home", "death__person", "death__reporter"), pk,
        label="火化记录",
    )  # fmt: skip


def cemetery_list(*, user: User) -> QuerySet[Cemetery]:
    return (
        Cemetery.objects.visible_to(user)
        .select_related("region")
        .annotate(
            plots_total=Count("plots"),
            plots_free=Count("plots", filter=Q(plots__status="available")),
            plots_occupied=Count("plots", filter=Q(plots__status="occupied")),
        )
        .order_by("name")
    )


def cemetery_get(*, user: User, pk: Any) -> Cemetery:
    return access_scoped(user, Cemetery.objects.select_related("region"), pk, label="公墓")


def season_current() -> Season | None:
    return Season.objects.order_by("-year").first()


def booking_list(*, user: User, season: Season | None, day: date | None = None) -> QuerySet[Booking]:
    qs = Booking.objects.visible_to(user).select_related("slot", "cemetery")
    qs = qs.filter(season=season) if season else qs.none()
    return qs.filter(slot__day=day) if day else qs


def booking_get(*, user: User, pk: Any) -> Booking:
    return access_scoped(user, Booking.objects.select_related("slot", "cemetery"), pk, label="祭扫预约")


def proxy_list(*, user: User, status: str = "") -> QuerySet[ProxyOrder]:
    qs = ProxyOrder.objects.visible_to(user).select_related("cemetery").prefetch_related("photos")
    return qs.filter(status=status) if status else qs


def proxy_get(*, user: User, pk: Any) -> ProxyOrder:
    return access_scoped(user, ProxyOrder.objects.select_related("cemetery"), pk, label="代祭扫")


def messages_pending(*, user: User) -> QuerySet[MemorialMessage]:
    return MemorialMessage.objects.visible_to(user).filter(status="pending").select_related("memorial")


def message_get(*, user: User, pk: Any) -> MemorialMessage:
    return access_scoped(user, MemorialMessage.objects.select_related("memorial"), pk, label="留言")


@dataclass(frozen=True)
class DayCounts:
    day: date
    visitors: int
    vehicles: int
    online: int
    proxies: int
    booklets: int
    banners: int


def daily_counts(*, user: User, start: date, end: date) -> list[DayCounts]:
    """Per day of ``start``…``end`` in the user's region: on-site visitors and vehicles (checked-in bookings),
    online memorial visits, proxy sweepings done, booklets and banners — one grouped query per source."""
    bookings = {
        row["slot__day"]: row
        for row in Booking.objects.visible_to(user)
        .filter(status="checked_in", slot__day__range=(start, end))
        .values("slot__day")
        .annotate(visitors=Sum("visitors"), vehicles=Count("id", filter=~Q(plate="")))
    }
    memorials = Memorial.objects.visible_to(user).values("id")
    online = dict(
        MemorialVisitDay.objects.filter(memorial__in=memorials, day__range=(start, end))
        .values("day")
        .annotate(n=Sum("visits"))
        .values_list("day", "n")
    )
    proxies = dict(
        ProxyOrder.objects.visible_to(user)
        .filter(status="done", day__range=(start, end))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    outreach = {
        row["day"]: row
        for row in Outreach.objects.visible_to(user)
        .filter(day__range=(start, end))
        .values("day")
        .annotate(b=Sum("booklets"), h=Sum("banners"))
    }
    days = []
    for n in range((end - start).days + 1):
        day = start + timedelta(days=n)
        b, o = bookings.get(day, {}), outreach.get(day, {})
        days.append(
            DayCounts(
                day, int(b.get("visitors") or 0), int(b.get("vehicles") or 0), int(online.get(day) or 0),
                int(proxies.get(day) or 0), int(o.get("b") or 0), int(o.get("h") or 0),
            )
        )  # fmt: skip
    return days
