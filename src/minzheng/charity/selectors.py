"""Reads of charity fundraising. Campaigns and organisations are public information (the disclosure page shows
them to anyone): every holder of ``charity.read`` sees them all. Donations (donors' names) are read within the
campaign's region; distributions (recipients are persons) within the recipient's region — ``visible_to``."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from minzheng.charity.models import Campaign, Distribution, Donation, Organisation
from minzheng.core.models import User
from minzheng.core.scope import OutOfScopeError, access_scoped

DISCLOSED_DONORS = 20  # the largest donors who agreed to be named, per campaign


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
    《慈善组织信息公开办法》 ask a campaign to disclose; persons who received appear only as counts and sums.
    Five queries whatever the number of campaigns (each figure grouped by campaign)."""
    campaigns = list(campaign_list())
    ids = [c.pk for c in campaigns]
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"money_n": 0, "goods_n": 0})
    for row in (
        Donation.objects.filter(campaign_id__in=ids).values("campaign_id", "kind").annotate(n=Count("id"))
    ):
        counts[row["campaign_id"]][f"{row['kind']}_n"] = row["n"]
    to_persons: dict[int, dict[str, int]] = defaultdict(lambda: {"n": 0, "people": 0, "total": 0})
    for row in (
        Distribution.objects.filter(campaign_id__in=ids, recipient_kind=Distribution.RecipientKind.PERSON)
        .values("campaign_id")
        .annotate(n=Count("id"), people=Count("person", distinct=True), total=Sum("amount_fen"))
    ):
        to_persons[row.pop("campaign_id")] = row
    institutions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in (
        Distribution.objects.filter(
            campaign_id__in=ids, recipient_kind=Distribution.RecipientKind.INSTITUTION
        )
        .values("campaign_id", "institution_name", "kind")
        .annotate(total=Sum("amount_fen"), n=Count("id"))
        .order_by("campaign_id", "institution_name", "kind")
    ):
        institutions[row["campaign_id"]].append(row)
    donors: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in (
        Donation.objects.filter(campaign_id__in=ids, donor_public=True)
        .values("campaign_id", "donor_name", "kind")
        .annotate(total=Sum("amount_fen"))
        .order_by("campaign_id", "-total")
    ):
        if len(donors[row["campaign_id"]]) < DISCLOSED_DONORS:
            donors[row["campaign_id"]].append(row)
    return [
        {
            "campaign": c,
            "donations": counts[c.pk],
            "to_persons": to_persons[c.pk],
            "institutions": institutions[c.pk],
            "donors": donors[c.pk],
        }  # fmt: skip
        for c in campaigns
    ]
