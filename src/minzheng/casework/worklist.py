"""我的待办 beyond cases: the tasks other parts of the platform have waiting for a user (a payroll run waiting
for the district's 区局复核, a run waiting for 审批 …), listed with the cases on the worklist page and counted
on the home panel.

An app registers a source from its ``contributions.py``::

    worklist_source_register("工资单复核", payroll_review_tasks, capability="payroll.review")

``fn(user)`` returns the user's open tasks as :class:`WorkItem`\\ s, each with a link the user may follow
(the page it names must accept them); it runs for users holding ``capability`` only ("" for every user who
has a worklist) and should cost a query or two. A source is known by its label: registering the same label
again replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.utils import timezone

from minzheng.core.roles import can
from minzheng.core.roles import capability as capability_get


@dataclass(frozen=True)
class WorkItem:
    """One task waiting for the user: what (``title``), where to do it (``url``), the step it waits on."""

    title: str
    url: str
    step: str  # what is to be done, e.g. "待区局复核"
    region: str = ""  # the place it concerns, by name
    number: str = ""  # its reference, if it has one
    since: datetime | None = None  # since when it waits
    due_at: datetime | None = None
    source: str = ""  # the label of the source (set by the registry)

    @property
    def overdue(self) -> bool:
        return self.due_at is not None and self.due_at < timezone.now()


@dataclass(frozen=True)
class WorklistSource:
    label: str
    fn: Callable[[Any], list[WorkItem]]
    capability: str = ""


_sources: dict[str, WorklistSource] = {}


def worklist_source_register(
    label: str, fn: Callable[[Any], list[WorkItem]], *, capability: str = ""
) -> None:
    """Add the tasks ``fn(user)`` returns to every user's 我的待办 (module docstring)."""
    if capability:
        capability_get(capability)  # an unknown code is a programming error, caught at start-up
    _sources[label] = WorklistSource(label, fn, capability)


def worklist_sources(user: Any) -> list[WorklistSource]:
    """The sources that apply to ``user`` (by capability), in the order registered."""
    return [s for s in _sources.values() if not s.capability or can(user, s.capability)]


def worklist_items(*, user: Any, source: str | None = None, overdue_only: bool = False) -> list[WorkItem]:
    """Every registered source's tasks for ``user`` (or only ``source``'s), each marked with its source."""
    items: list[WorkItem] = []
    for s in worklist_sources(user):
        if source is not None and s.label != source:
            continue
        items.extend(replace(item, source=s.label) for item in s.fn(user))
    if overdue_only:
        items = [item for item in items if item.overdue]
    return items
