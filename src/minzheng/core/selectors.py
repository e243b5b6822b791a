from __future__ import annotations

import re
from datetime import datetime, time
from functools import lru_cache
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from pypinyin import Style, lazy_pinyin

from minzheng.core.ids import normalize_code
from minzheng.core.models import AuditEntry, Job, Region, User
from minzheng.core.roles import can
from minzheng.core.scope import OutOfScopeError, access_scoped


def region_get(*, user: User, code: str) -> Region:
    region = Region.objects.visible_to(user).filter(code=code).first()
    if region is None:
        raise OutOfScopeError("区划")
    return region


def region_children(*, user: User, region: Region) -> QuerySet[Region]:
    return (
        Region.objects.visible_to(user)
        .filter(parent=region)
        .annotate(child_count=Count("children"))
        .order_by("code")
    )


def region_subtree(*, user: User, region: Region) -> QuerySet[Region]:
    return Region.objects.visible_to(user).filter(path__startswith=region.path).order_by("code")


def region_level_counts(*, user: User) -> dict[str, int]:
    rows = Region.objects.visible_to(user).values("level").annotate(n=Count("id"))
    return {r["level"]: r["n"] for r in rows}


# --- the region picker ------------------------------------------------------------------------------------
# A clerk finds a region by what they know of it: part of its name (秀华), its 拼音首字母 (xhsq), or the start
# of its code (460105001). The search looks in the user's own subtree; ``anywhere`` widens it to the official
# divisions of the whole tree (a 户籍地 may lie in another district) — the division table is published by the
# statistics bureau, while grids are the bureau's own and stay within the user's scope.

REGION_SEARCH_LIMIT = 20
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_INITIALS_QUERY = re.compile(r"[a-z][a-z0-9]*")
LABEL_SEPARATOR = " › "


@lru_cache(maxsize=65536)
def region_initials(name: str) -> str:
    """拼音首字母 of a region name, digits kept: 秀华社区第1网格 → "xhsqd1wg". Names are few and rarely change,
    so each is worked out once per process."""
    letters = lazy_pinyin(
        name, style=Style.FIRST_LETTER
    )  # non-Han characters (digits) come through as they are
    return "".join(ch for part in letters for ch in part.lower() if ch.isascii() and ch.isalnum())


def region_search(
    *,
    user: User,
    q: str,
    levels: list[str] | None = None,
    anywhere: bool = False,
    limit: int = REGION_SEARCH_LIMIT,
) -> list[Region]:
    """Regions matching ``q`` (name part, 拼音首字母, or code prefix), best first: an exact code or name, then
    prefixes, then the rest, each shallow levels first. An empty ``q`` lists the top of the user's scope."""
    scoped = Region.objects.visible_to(user)
    qs = scoped | Region.objects.exclude(level=Region.Level.GRID) if anywhere else scoped
    if levels:
        qs = qs.filter(level__in=levels)
    text = "".join((q or "").split())
    code = normalize_code(text)
    columns = ("id", "code", "name", "level", "path", "depth", "kind", "parent_id")
    if not text:
        return list(qs.only(*columns).order_by("depth", "code")[:limit])
    if code.isdigit():
        return list(qs.filter(code__startswith=code).only(*columns).order_by("depth", "code")[:limit])
    if _HAN.search(text):
        found = list(qs.filter(name__contains=text).only(*columns).order_by("depth", "code")[:500])
        return sorted(found, key=lambda r: (r.name != text, not r.name.startswith(text), r.depth, r.code))[
            :limit
        ]
    letters = text.lower()
    if not _INITIALS_QUERY.fullmatch(letters):
        return []
    ranked = []  # (exact, prefix, depth, code, id): the names are read, initials worked out here
    for pk, name, depth, region_code in qs.values_list("id", "name", "depth", "code").iterator(
        chunk_size=5000
    ):
        initials = region_initials(name)
        if letters in initials:
            ranked.append((initials != letters, not initials.startswith(letters), depth, region_code, pk))
    ranked.sort()
    matches = Region.objects.only(*columns).in_bulk([row[-1] for row in ranked[:limit]])
    return [matches[row[-1]] for row in ranked[:limit]]


def region_labels(regions: list[Region]) -> dict[int, str]:
    """Each region's place in the tree below the city, for a clerk: "秀英区 › 秀英街道 › 秀华社区" (one query)."""
    chains = {r.pk: [c for c in r.path.split("/") if c] for r in regions}
    codes = {c for chain in chains.values() for c in chain[1:]}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    labels = {}
    for region in regions:
        chain = chains[region.pk][1:] or chains[region.pk]
        labels[region.pk] = LABEL_SEPARATOR.join(
            names.get(c, region.name if c == region.code else c) for c in chain
        )
    return labels


def region_label(code: str) -> str | None:
    """The label of the region with ``code`` (None if there is none), e.g. for a picker's current value."""
    region = Region.objects.filter(code=normalize_code(code or "")).first()
    return region_labels([region])[region.pk] if region is not None else None


def audit_search(
    *, q: str = "", actor: str = "", action: str = "", start: Any = None, end: Any = None
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.all().order_by("-seq")
    if q:
        qs = qs.filter(Q(object_repr__icontains=q) | Q(detail__icontains=q) | Q(object_id=q))
    if actor:
        qs = qs.filter(actor_name=actor)
    if action:
        qs = qs.filter(action=action)
    tz = timezone.get_current_timezone()
    if start:
        qs = qs.filter(at__gte=datetime.combine(start, time.min, tzinfo=tz))
    if end:
        qs = qs.filter(at__lte=datetime.combine(end, time.max, tzinfo=tz))
    return qs


def job_list(*, user: User) -> QuerySet[Job]:
    """A user's own jobs; managers (``job.see_all_in_region``) see every job in their region."""
    qs = Job.objects.visible_to(user)
    if not can(user, "job.see_all_in_region"):
        qs = qs.filter(created_by=user)
    return qs.select_related("created_by")


def job_get(*, user: User, pk: int) -> Job:
    return access_scoped(user, job_list(user=user), pk, label="任务")
