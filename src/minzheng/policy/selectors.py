"""Reads of the policy library (public documents: the whole library for every reader)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from minzheng.policy.models import Document


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
