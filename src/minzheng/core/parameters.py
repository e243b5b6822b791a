"""Which document set a dated parameter: the hook between the apps that own the platform's dated parameters
(social assistance's 救助参数, the ledger's 保障标准) and the policy library that records the documents setting them.

A parameter is named by a key ``<app>.<code>`` (``assistance.temporary_town_limit_multiple``,
``benefits.dibao_urban``, ``benefits.tekun.self_care`` for a standard's category) and the date its value takes
effect. Two registrations, each from the registering app's ``contributions.py`` (core imports no app, the owners
import no policy, and policy reads no other domain's tables):

- the owners list their dated values (``parameter_catalogue_register``), so the policy library can name the
  parameters a document sets and refuse a link to a value that does not exist;
- the policy library looks up the documents (``parameter_source_register``), so the owners' list pages show, with
  ``parameter_sources_attach``, which document set each value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

T = TypeVar("T")
Key = tuple[str, date]


@dataclass(frozen=True)
class ParameterSource:
    """The document that set a parameter's dated value: its name as a clerk cites it, the article, its page."""

    number: str
    title: str
    clause: str
    url: str

    def __str__(self) -> str:
        return f"《{self.title}》（{self.number}）{self.clause}"


@dataclass(frozen=True)
class DatedParameter:
    """One dated value of a parameter as its owner shows it: key, date, Chinese name, value with its unit, region."""

    key: str
    effective_from: date
    label: str
    value: str
    region: str


Catalogue = Callable[[], Iterable[DatedParameter]]
_catalogues: list[Catalogue] = []


def parameter_catalogue_register(catalogue: Catalogue) -> None:
    """Register the dated values an app owns (a few hundred rows at most: parameters and standards, not records)."""
    if catalogue not in _catalogues:
        _catalogues.append(catalogue)


def parameter_catalogue(keys: Iterable[Key] | None = None) -> list[DatedParameter]:
    """Every registered dated value (or those of ``keys``), by key, date and region."""
    wanted = None if keys is None else set(keys)
    rows = [row for catalogue in _catalogues for row in catalogue()
            if wanted is None or (row.key, row.effective_from) in wanted]  # fmt: skip
    return sorted(rows, key=lambda r: (r.key, r.effective_from, r.region))


Lookup = Callable[[list[Key]], dict[Key, ParameterSource]]
_lookups: list[Lookup] = []


def parameter_source_register(lookup: Lookup) -> None:
    """Register a lookup of the documents behind parameters (the policy library's contribution)."""
    if lookup not in _lookups:
        _lookups.append(lookup)


def parameter_sources(keys: Iterable[Key]) -> dict[Key, ParameterSource]:
    """The document behind each (key, effective date) that one is recorded for; the others are absent."""
    wanted = list(dict.fromkeys(keys))
    found: dict[Key, ParameterSource] = {}
    if wanted:
        for lookup in _lookups:
            found.update(lookup(wanted))
    return found


def parameter_sources_attach(rows: Iterable[T], key: Callable[[T], Key], attr: str = "set_by") -> list[T]:
    """The rows as a list, each with ``attr`` set to its :class:`ParameterSource` or None (one query in all)."""
    listed = list(rows)
    sources = parameter_sources(key(row) for row in listed)
    for row in listed:
        obj: Any = row
        setattr(obj, attr, sources.get(key(row)))
    return listed
