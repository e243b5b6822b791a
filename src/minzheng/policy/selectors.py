"""Reads of the policy library (public documents: the whole library for every reader)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from minzheng.core.parameters import DatedParameter, ParameterSource, parameter_catalogue
from minzheng.policy.models import Document, ParameterLink


def document_list(*, q: str = "", topic: str = "", in_force_on: date | None = None) -> QuerySet[Document]:
    """Search the 文号, title, issuer and full text (every word must occur); ``in_force_on`` keeps documents in force
    that day."""
    qs = Document.objects.select_related("region")
    for word in (q or "").split()[:8]:
        qs = qs.filter(Q(number__icontains=word) | Q(title__icontains=word) | Q(issuer__icontains=word)
                       | Q(body__icontains=word))  # fmt: skip
    if topic:
        qs = qs.filter(topic=topic)
    if in_force_on is not None:
        qs = (
            qs.filter(effective_from__lte=in_force_on)
            .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=in_force_on))
            .filter(Q(repealed_on__isnull=True) | Q(repealed_on__gt=in_force_on))
        )
    return qs


def document_get(*, pk: Any) -> Document:
    return Document.objects.select_related("region").get(pk=pk)


def document_parameters(*, document: Document) -> list[tuple[ParameterLink, list[DatedParameter]]]:
    """The parameters ``document`` set, each link with the dated values it names (one per region entered)."""
    links = list(document.parameter_links.order_by("key", "effective_from"))
    rows = parameter_catalogue((link.key, link.effective_from) for link in links)
    by_key: dict[tuple[str, date], list[DatedParameter]] = {}
    for row in rows:
        by_key.setdefault((row.key, row.effective_from), []).append(row)
    return [(link, by_key.get((link.key, link.effective_from), [])) for link in links]


def parameters_unlinked() -> list[DatedParameter]:
    """The dated values no document is recorded for yet (one row per key and date), to link from a document."""
    linked = set(ParameterLink.objects.values_list("key", "effective_from"))
    seen: set[tuple[str, date]] = set()
    out = []
    for row in parameter_catalogue():
        if (row.key, row.effective_from) not in linked and (row.key, row.effective_from) not in seen:
            seen.add((row.key, row.effective_from))
            out.append(row)
    return out


def parameter_sources_lookup(keys: list[tuple[str, date]]) -> dict[tuple[str, date], ParameterSource]:
    """The documents behind the dated parameters ``keys`` (the policy library's lookup for ``core.parameters``):
    one query, whatever the number of keys."""
    wanted = set(keys)
    links = ParameterLink.objects.select_related("document").filter(key__in={k for k, _ in wanted})
    return {
        (link.key, link.effective_from): ParameterSource(
            number=link.document.number,
            title=link.document.title,
            clause=link.clause,
            url=reverse("policy:document_detail", args=[link.document_id]),
        )  # fmt: skip
        for link in links
        if (link.key, link.effective_from) in wanted
    }
