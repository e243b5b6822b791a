"""Reads of the materials ledger, scoped to the user's region (``visible_to``); items and campaigns are
configuration every reader sees."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from minzheng.core.models import User
from minzheng.supplies.models import Campaign, Item, Movement, Stock


def item_list(*, active_only: bool = False) -> QuerySet[Item]:
    qs = Item.objects.all()
    return qs.filter(active=True) if active_only else qs


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.all()


def stock_list(*, user: User, item: str = "", category: str = "") -> QuerySet[Stock]:
    qs = Stock.objects.visible_to(user).select_related("item", "region").filter(quantity__gt=0)
    if item:
        qs = qs.filter(item_id=item)
    if category:
        qs = qs.filter(item__category=category)
    return qs.order_by("region__code", "item__name")


def movement_list(*, user: User, kind: str = "", campaign: str = "", item: str = "") -> QuerySet[Movement]:
    qs = Movement.objects.visible_to(user).select_related(
        "item", "region", "campaign", "person", "counterpart"
    )
    if kind:
        qs = qs.filter(kind=kind)
    if campaign:
        qs = qs.filter(campaign_id=campaign)
    if item:
        qs = qs.filter(item_id=item)
    return qs.order_by("-day", "-id")


def person_issues(*, user: User, person: Any) -> list[Movement]:
    return list(Movement.objects.visible_to(user).filter(person=person).select_related("item", "campaign"))
