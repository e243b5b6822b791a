"""Reads of charity fundraising. Campaigns and organisations are public information (the disclosure page shows
them to anyone): every holder of ``charity.read`` sees them all. Donations (donors' names) are read within the
campaign's region; distributions (recipients are persons) within the recipient's region — ``visible_to``."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from minzheng.charity.models import Campaign, Distribution, Donation, Kind, Organisation
from minzheng.core.models import User
from minzheng.core.scope import OutOfScopeError, access_scoped


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


def campaign_list(*, q: str = "") -> QuerySet[Campaign]:
    qs = Campaign.objects.select_related("organisation", "region")
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(filing_number__contains=q) | Q(organisation__name__contains=q))
    return qs.order_by("-starts_on", "-id")


def campaign_get(*, pk: Any) -> Campaign:
    try:
        return Campaign.objects.select_related("organisation", "region").get(pk=pk)
    except (Campaign.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScopeError("募捐活动") from exc


def donation_list(*, user: User, campaign: Campaign | None = None, kind: str = "") -> QuerySet[Donation]:
    qs = Donation.objects.visible_to(user).select_related("campaign")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-received_on", "-id")


def distribution_list(
    *, user: User, campaign: Campaign | None = None, kind: str = ""
) -> QuerySet[Distribution]:
    qs = Distribution.objects.visible_to(user).select_related("campaign", "person", "region")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-distributed_on", "-id")


def distribution_get(*, user: User, pk: Any) -> Distribution:
    return access_scoped(user, Distribution.objects.select_related("campaign", "person", "region"), pk,
                         label="慈善款物发放")  # fmt: skip


def person_distributions(*, user: User, person: Any) -> list[Distribution]:
    return list(Distribution.objects.visible_to(user).filter(person=person).select_related("campaign"))


# --- the public disclosure (no login): aggregates and institutions only, never a person ------------------


def disclosure_campaigns() -> list[dict[str, Any]]:
    """Each campaign's filing, period, goal, receipts and distributions — what 《慈善法》第八章 and
    《慈善组织信息公开办法》 ask a campaign to disclose; persons who received appear only as counts and sums."""
    out = []
    for c in campaign_list():
        donations = c.donations.aggregate(
            n=Count("id"),
            money_n=Count("id", filter=Q(kind=Kind.MONEY)),
            goods_n=Count("id", filter=Q(kind=Kind.GOODS)),
        )
        to_persons = c.distributions.filter(recipient_kind=Distribution.RecipientKind.PERSON).aggregate(
            n=Count("id"), people=Count("person", distinct=True), total=Coalesce(Sum("amount_fen"), 0)
        )
        institutions = list(
            c.distributions.filter(recipient_kind=Distribution.RecipientKind.INSTITUTION)
            .values("institution_name", "kind")
            .annotate(total=Sum("amount_fen"), n=Count("id"))
            .order_by("institution_name", "kind")
        )
        donors = list(
            c.donations.filter(donor_public=True)
            .values("donor_name", "kind")
            .annotate(total=Sum("amount_fen"))
            .order_by("-total")[:20]
        )
        out.append({"campaign": c, "donations": donations, "to_persons": to_persons,
                    "institutions": institutions, "donors": donors})  # fmt: skip
    return out
