"""Reads of the registry: search, pages and the API go through these, always inside the data scope.

Search (:func:`person_search`) looks at what was typed and picks one indexed column:

=========================================  ==========================================================
typed                                      looked up by
=========================================  ==========================================================
18 characters, or 15 legacy digits         ``id_number`` equality (the unique index)
4–17 digits (``X`` allowed last)           ``id_reversed LIKE 'reversed%'`` (尾号: a prefix of the
                                           reversed number, ``person_id_rev_id_idx``)
Latin letters                              ``name_initials LIKE 'zsf%'`` (拼音首字母,
                                           ``person_initials_id_idx``)
Han characters                             ``name LIKE 'q%'`` (``person_name_id_idx``); in name
                                           order, so the exact name comes first
nothing                                    everyone in scope, in id order
=========================================  ==========================================================

The indexes are ``(column varchar_pattern_ops, id)`` on PostgreSQL, so a prefix ``LIKE`` is an index
range scan whatever the database collation, and results come in the order of that index (the searched
column, then id): ``ORDER BY … LIMIT`` stops after one page, with no Sort, however many people share
the prefix ("zs" matches tens of thousands at 2.4 M people). ``after`` — the id of the last person of the
previous page — is a keyset cursor: the next page starts where that person's key sits in the index, so no
OFFSET, and page 1000 costs what page 1 costs. The cursor must be one of the search's own matches inside
the user's data scope; any other id gives an empty page (a cursor that positioned a record out of scope
would leak its sort key).

Why not simply ``ORDER BY id``: rows arrive region by region (imports, grid collection), so id order
is correlated with region. For a 区局 user typing "z", PostgreSQL then walks the primary key through
every other district's rows before it finds 50 of its own (measured: 290,000 rows, 150 ms at 400,000
people; ~1 s at 2.4 M). Walking the search index instead stops after about one page of the user's rows
(4 ms). Ordering by the key also lists an exact name before longer names that start with it.
An empty query lists everyone in scope in id order (the API uses it to page through a region).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from django.db.models import F, OrderBy, Prefetch, QuerySet
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from minzheng.core.ids import CitizenId, CitizenIdError, normalize_code, parse_citizen_id
from minzheng.core.masking import mask_citizen_id
from minzheng.core.models import Region, User
from minzheng.core.roles import can
from minzheng.core.scope import access_scoped
from minzheng.registry.models import (
    DuplicateCandidate,
    House,
    Household,
    Membership,
    Person,
    PersonStatusChange,
)

SearchKind = Literal["all", "id", "tail", "initials", "name", "none"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TAIL = re.compile(r"\d{3,16}[\dX]")
_FULL_ID = re.compile(r"\d{17}[\dX]")
_LETTERS = re.compile(r"[A-Z]+")


def registry_readable(user: User | Any) -> bool:
    """May ``user`` open people's records at all (capability ``registry.read``; 审计员 and 系统管理员 may
    not: separation of duties)? The data scope still decides which records."""
    return can(user, "registry.read")


@dataclass(frozen=True)
class SearchTerm:
    kind: SearchKind
    value: str

    @property
    def hint(self) -> str:
        return {
            "all": "全部人员",
            "id": "身份证号码",
            "tail": "身份证尾号",
            "initials": "拼音首字母",
            "name": "姓名",
            "none": "无法识别：请输入姓名、拼音首字母、完整身份证号或至少4位尾号",
        }[self.kind]


def search_term(q: str) -> SearchTerm:
    """Decide which index a typed query goes to (see the module docstring)."""
    code = normalize_code(q or "")
    if not code:
        return SearchTerm("all", "")
    if _HAN.search(code):
        return SearchTerm("name", "".join((q or "").split()))
    if len(code) == 18 and _FULL_ID.fullmatch(code):
        return SearchTerm("id", code)
    if len(code) == 15 and code.isdigit():
        try:
            return SearchTerm("id", parse_citizen_id(code).number)
        except CitizenIdError:
            return SearchTerm("tail", code)
    if _TAIL.fullmatch(code):
        return SearchTerm("tail", code)
    if _LETTERS.fullmatch(code):
        return SearchTerm("initials", code.lower())
    return SearchTerm("none", code)


def persons_in_scope(*, user: User, region: Region | None = None) -> QuerySet[Person]:
    """Everyone the user may see, optionally narrowed to a region subtree (which the caller has
    already checked is visible, e.g. with ``core.selectors.region_get``)."""
    qs = Person.objects.visible_to(user)
    if region is not None:
        qs = qs.filter(region__in=Region.objects.filter(path__startswith=region.path).values("pk"))
    return qs


def person_search_queryset(*, user: User, q: str, region: Region | None = None) -> QuerySet[Person]:
    """Every match of ``q`` in scope, in search order (exports iterate over this)."""
    term = search_term(q)
    qs = _filter_by_term(persons_in_scope(user=user, region=region), term)
    return _ordered(qs.select_related("region"), term)


def person_search(
    *, user: User, q: str, limit: int = 50, after: int | None = None, region: Region | None = None
) -> list[Person]:
    """One page of matches in search order; ``after`` is the id of the last person of the previous page.

    Page 2 onwards is two index range scans, each read in index order and stopped at ``limit``: the
    rest of the people sharing the cursor's key (``key = k AND id > after``), then the keys after it
    (``key ~>~ k``). A single ``(key, id) > (k, after)`` would need a row comparison, which PostgreSQL
    only runs on an index of the column's default (collation) operator class, not on
    ``varchar_pattern_ops``; ``key >= k AND NOT (key = k AND id <= after)`` would read and throw away
    every earlier person with the same key (thousands for a common name).
    """
    term = search_term(q)
    matches = _filter_by_term(persons_in_scope(user=user, region=region), term)
    qs = matches.select_related("region")
    column = _KEY_COLUMN.get(term.kind)
    if after is None:
        return list(_ordered(qs, term)[:limit])
    # The cursor is looked up among this search's own matches, inside the data scope: a cursor is a
    # row the user was shown. Anyone else's id — unknown, out of scope, or not matching ``q`` — gives
    # the same empty page, so a cursor never positions a record the user may not see (its sort key,
    # e.g. a name or an ID number's tail, would otherwise leak one comparison per request).
    key = matches.filter(pk=after).values_list(column or "id", flat=True).first()
    if key is None:
        return []
    if column is None:
        return list(_ordered(qs.filter(id__gt=after), term)[:limit])
    page = list(_ordered(qs.filter(**{column: key, "id__gt": after}), term)[:limit])
    if len(page) < limit:
        page += _ordered(qs.filter(IndexGreaterThan(F(column), key)), term)[: limit - len(page)]
    return page


_KEY_COLUMN: dict[SearchKind, str] = {"tail": "id_reversed", "initials": "name_initials", "name": "name"}


def _filter_by_term(qs: QuerySet[Person], term: SearchTerm) -> QuerySet[Person]:
    if term.kind == "id":
        return qs.filter(id_number=term.value)
    if term.kind == "tail":
        return qs.filter(id_reversed__startswith=term.value[::-1])
    if term.kind == "initials":
        return qs.filter(name_initials__startswith=term.value)
    if term.kind == "name":
        return qs.filter(name__startswith=term.value)
    if term.kind == "none":
        return qs.none()
    return qs


def _ordered(qs: QuerySet[Person], term: SearchTerm) -> QuerySet[Person]:
    """``ORDER BY key USING ~<~, id``: exactly the column order and operator classes of the
    ``(key varchar_pattern_ops, id int8_ops)`` indexes, so PostgreSQL reads the index and needs no Sort."""
    column = _KEY_COLUMN.get(term.kind)
    return qs.order_by(IndexOrder(F(column)), "id") if column else qs.order_by("id")


class IndexOrder(OrderBy):
    """The order of a ``varchar_pattern_ops`` index: ``ORDER BY col USING ~<~`` on PostgreSQL (byte
    order, whatever the database collation), so ``ORDER BY … LIMIT`` walks the index. SQLite compares
    text bytewise (BINARY) already, which is the same order for UTF-8. Django's compiler expects every
    ORDER BY term to end in ASC/DESC, so the direction is repeated in a trailing SQL comment."""

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        operator = "~>~" if self.descending else "~<~"
        template = f"%(expression)s USING {operator} /* %(ordering)s */"
        return self.as_sql(compiler, connection, template=template, **extra)


class IndexGreaterThan(GreaterThan):
    """``col > value`` in the order of :class:`IndexOrder` (``~>~`` on PostgreSQL, an index bound)."""

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ~>~ {rhs}", (*lhs_params, *rhs_params)


def person_age(person: Person, *, on: date | None = None) -> int:
    """Age in completed years (a 29 February birthday counts from 1 March), as ``core.ids`` counts it."""
    cid = CitizenId(
        number=person.id_number,
        birth_date=person.birth_date,
        gender=person.gender,  # type: ignore[arg-type]
        region_code=person.id_number[:6],
    )
    return cid.age_on(on or timezone.localdate())


def person_get(*, user: User, pk: Any) -> Person:
    qs = Person.objects.select_related("region", "hukou_region", "residence_house__grid", "merged_into")
    return access_scoped(user, qs, pk, label="人员")


def person_membership(*, person: Person) -> Membership | None:
    """The person's open membership (at most one), with its household."""
    return (
        Membership.objects.filter(person=person, end_date__isnull=True)
        .select_related("household__head", "household__region", "household__hukou_region")
        .first()
    )


def person_membership_history(*, person: Person) -> QuerySet[Membership]:
    return Membership.objects.filter(person=person).select_related("household").order_by("-start_date", "-id")


def person_status_history(*, person: Person) -> QuerySet[PersonStatusChange]:
    return PersonStatusChange.objects.filter(person=person).select_related("actor").order_by("-at", "-id")


def household_members(*, household: Household, current: bool = True) -> QuerySet[Membership]:
    """Open memberships (current members), or closed ones (history), head first."""
    qs = Membership.objects.filter(household=household, end_date__isnull=current)
    return qs.select_related("person__region").order_by("relation", "start_date", "id")


def household_search(
    *, user: User, q: str = "", region: Region | None = None, after: int | None = None, limit: int = 50
) -> list[Household]:
    """户号 prefix (the unique index) or the head's name prefix; keyset by id."""
    qs = Household.objects.visible_to(user)
    if region is not None:
        qs = qs.filter(region__in=Region.objects.filter(path__startswith=region.path).values("pk"))
    text = "".join((q or "").split())
    if text and _HAN.search(text):
        qs = qs.filter(head__name__startswith=text)
    elif text:
        qs = qs.filter(number__startswith=normalize_code(text))
    if after is not None:
        qs = qs.filter(id__gt=after)
    return list(qs.select_related("head", "region").order_by("id")[:limit])


def household_get(*, user: User, pk: Any) -> Household:
    qs = Household.objects.select_related("head", "region", "hukou_region")
    return access_scoped(user, qs, pk, label="户")


def house_search(
    *, user: User, q: str = "", region: Region | None = None, after: int | None = None, limit: int = 50
) -> list[House]:
    """房屋编号 (exact) or address prefix (``house_address_idx``); keyset by id."""
    qs = House.objects.visible_to(user)
    if region is not None:
        qs = qs.filter(grid__in=Region.objects.filter(path__startswith=region.path).values("pk"))
    text = (q or "").strip()
    if text and _HAN.search(text):
        qs = qs.filter(address__startswith=text)
    elif text:
        qs = qs.filter(code=normalize_code(text))
    if after is not None:
        qs = qs.filter(id__gt=after)
    return list(qs.select_related("grid").order_by("id")[:limit])


def house_get(*, user: User, pk: Any) -> House:
    return access_scoped(user, House.objects.select_related("grid"), pk, label="房屋")


def person_label(person: Person) -> str:
    """A person as a clerk picks them, the ID masked: "王小花 460105********0021（秀华社区第1网格）"."""
    return f"{person.name} {mask_citizen_id(person.id_number)}（{person.region.name}）"


def house_label(house: House) -> str:
    """A house as a clerk picks it: "秀华路1号（H-A-001）· 秀华社区第1网格"."""
    return f"{house.address}（{house.code}）· {house.grid.name}"


def house_occupants(*, house: House) -> QuerySet[Person]:
    return Person.objects.filter(residence_house=house).select_related("region").order_by("id")


def region_by_code(code: str | None) -> Region | None:
    code = normalize_code(code or "")
    return Region.objects.filter(code=code).first() if code else None


def duplicate_queue(
    *, user: User, status: str = DuplicateCandidate.Status.OPEN
) -> QuerySet[DuplicateCandidate]:
    """Candidates whose region (the lowest region holding both people) is in the user's scope."""
    open_memberships = Membership.objects.filter(end_date__isnull=True).select_related("household")
    persons = Person.objects.select_related("region").prefetch_related(
        Prefetch("memberships", queryset=open_memberships, to_attr="open_memberships")
    )
    return (
        DuplicateCandidate.objects.visible_to(user)
        .filter(status=status)
        .select_related("region", "decided_by")
        .prefetch_related(Prefetch("person_a", queryset=persons), Prefetch("person_b", queryset=persons))
        .order_by("id")
    )


def duplicate_get(*, user: User, pk: Any) -> DuplicateCandidate:
    return access_scoped(user, DuplicateCandidate, pk, label="疑似重复记录")
