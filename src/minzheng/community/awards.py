"""Honours of community workers (最美社区工作者 and the like): register one (``award_register``, 市局、区局, audited
through ``Audited``), list them (``award_list``, scoped to the user's region) and log an export."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from minzheng.community.errors import CommunityError
from minzheng.community.models import Award
from minzheng.core.audit import Action, audit_append
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import region_within_scope
from minzheng.registry.models import Person


def award_register(
    *,
    actor: User | None,
    title: str,
    year: int,
    region: Region,
    citation: str,
    conferred_by: str,
    conferred_on: date,
    person: Person | None = None,
    worker: User | None = None,
    post: str = "",
    edition: str = "",
) -> Award:
    """Record an honour: one awardee (a registry person or a platform account) serving in ``region``; the citation
    and the conferring body are required; the same person holds a title once a year."""
    if actor is not None:
        require(actor, "community.award")
        if not region_within_scope(actor, region):
            raise CommunityError(f"“{region.name}”不在您的管辖范围内，不能登记其表彰", field="region")
    if title not in Award.Title.values:
        raise CommunityError("荣誉称号无效", field="title")
    if (person is None) == (worker is None):
        raise CommunityError("请选择获奖人（人口库中的人员或平台账号，二选一）", field="person")
    if worker is not None and not (worker.region and worker.region.path.startswith(region.path)):
        raise CommunityError(f"“{worker}”不在“{region.name}”工作，请核对所在村（社区）", field="worker")
    if not 2000 <= year <= conferred_on.year:
        raise CommunityError("年度须在2000年至授予日期所在年度之间", field="year")
    citation, conferred_by = (citation or "").strip(), (conferred_by or "").strip()
    if not citation:
        raise CommunityError("请填写事迹简介", field="citation")
    if not conferred_by:
        raise CommunityError("请填写授予单位", field="conferred_by")
    same = Award.objects.filter(title=title, year=year).filter(
        Q(person=person) if person else Q(worker=worker)
    )
    if same.exists():
        raise CommunityError(f"{year}年“{Award.Title(title).label}”已登记该获奖人", field="person")
    return Award.objects.create(
        title=title, year=year, edition=(edition or "").strip()[:20], region=region, person=person, worker=worker,
        post=(post or "").strip()[:60], citation=citation, conferred_by=conferred_by[:100], conferred_on=conferred_on,
        created_by=actor,
    )  # fmt: skip


def award_list(*, user: User, year: int | None = None, title: str = "") -> QuerySet[Award]:
    qs = Award.objects.visible_to(user).select_related("region", "person", "worker")
    if year:
        qs = qs.filter(year=year)
    if title:
        qs = qs.filter(title=title)
    return qs


def award_export_log(*, actor: User) -> None:
    audit_append(action=Action.EXPORT, object_type="community.award", actor=actor, detail="导出表彰奖励名单")
