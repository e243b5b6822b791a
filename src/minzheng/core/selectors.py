from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from minzheng.core.models import AuditEntry, Job, Region, User
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
    """A user's own jobs; managers see every job in their region."""
    qs = Job.objects.visible_to(user)
    if user.role not in {"city_manager", "district_reviewer", "sysadmin"}:
        qs = qs.filter(created_by=user)
    return qs.select_related("created_by")


def job_get(*, user: User, pk: int) -> Job:
    return access_scoped(user, job_list(user=user), pk, label="任务")
