"""Case topics: what a case is about in the terms of the domain that owns it (a grid event's category code), so
that another domain can find the cases it takes up without importing their owner — the rescue station lists the
open grid events of category 流浪乞讨 and links an intake to one. The owner registers, per case type, how to
filter cases by topic (a ``Q`` on :class:`~minzheng.casework.models.Case`)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

_topics: dict[str, Callable[[str], Q]] = {}


def case_topic_register(case_type: str, lookup: Callable[[str], Q]) -> None:
    """``lookup(topic)`` returns the condition on Case for the cases of ``case_type`` about ``topic``."""
    _topics[case_type] = lookup


def case_topic_filter(case_type: str, topic: str) -> Q:
    """The cases of ``case_type`` about ``topic``; none when the owner registered no topics (app not installed)."""
    lookup = _topics.get(case_type)
    if lookup is None:
        return Q(pk__in=[])
    return Q(case_type=case_type) & lookup(topic)
