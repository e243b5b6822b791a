"""The 小微权力清单 of the villages and communities (rules.py, 小微权力清单): writes (``power_*``, keyword-only, audited
through ``Audited`` and ``audit_append``) and reads (``power_*_get``/``_list``, scoped to the user's region).

A list belongs to one region: a 村（社区） publishes its own; a list of the city, a district or a town is the 指导清单
the committees below adopt (its items copied, then adapted) before publishing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, QuerySet

from minzheng.community import rules
from minzheng.community.errors import CommunityError
from minzheng.community.models import PowerItem, PowerList
from minzheng.core.audit import Action, audit_append
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import OutOfScopeError, region_within_scope, scope_queryset

CAPABILITY = "community.power"


def _check(actor: User | None, region: Region) -> None:
    if actor is None:
        return
    require(actor, CAPABILITY)
    if not region_within_scope(actor, region):
        raise CommunityError(f"“{region.name}”不在您的管辖范围内，不能编制其小微权力清单")


def _draft(power_list: PowerList) -> None:
    if power_list.status == PowerList.Status.PUBLISHED:
        raise CommunityError(f"{power_list}已公布，请先点“修订”再修改")


# --- writes ------------------------------------------------------------------------------------------------


def power_list_ensure(*, actor: User | None, region: Region) -> PowerList:
    """The region's list, made (编制中) when it has none."""
    _check(actor, region)
    if region.level == Region.Level.GRID:
        raise CommunityError(f"“{region.name}”是网格，小微权力清单由村（社区）编制", field="region")
    found = PowerList.objects.filter(region=region).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return PowerList.objects.create(region=region, created_by=actor)
    except IntegrityError:
        return PowerList.objects.get(region=region)


def power_item_add(
    *, actor: User | None, power_list: PowerList, category: str, name: str, basis: str, steps: str, post: str
) -> PowerItem:
    """Add a power to a list being drawn up: name, legal basis, steps (one a line) and post are all required."""
    _check(actor, power_list.region)
    _draft(power_list)
    if category not in rules.POWER_CATEGORY_LABELS:
        raise CommunityError("类别无效", field="category")
    values = {
        k: (v or "").strip() for k, v in (("name", name), ("basis", basis), ("steps", steps), ("post", post))
    }
    for field, label in (
        ("name", "权力事项"),
        ("basis", "法律政策依据"),
        ("steps", "运行流程"),
        ("post", "责任岗位"),
    ):
        if not values[field]:
            raise CommunityError(f"请填写{label}", field=field)
    if power_list.items.filter(name=values["name"]).exists():
        raise CommunityError(f"清单中已有“{values['name']}”", field="name")
    last = power_list.items.aggregate(m=Max("order"))["m"] or 0
    item = PowerItem.objects.create(power_list=power_list, category=category, order=last + 1, **values)
    audit_append(action=Action.CREATE, object_type="community.poweritem", object_id=str(item.pk), actor=actor,
                 detail=f"{power_list}新增“{item.name}”")  # fmt: skip
    return item


def power_item_remove(*, actor: User, item: PowerItem) -> None:
    power_list = item.power_list
    _check(actor, power_list.region)
    _draft(power_list)
    audit_append(action=Action.DELETE, object_type="community.poweritem", object_id=str(item.pk), actor=actor,
                 detail=f"{power_list}删除“{item.name}”")  # fmt: skip
    item.delete()


def power_list_adopt(*, actor: User | None, power_list: PowerList) -> int:
    """Copy the nearest 指导清单 above the region into its list (items of the same name are kept as they are).
    Returns the number of items added; one INSERT."""
    _check(actor, power_list.region)
    _draft(power_list)
    guide = power_guide_for(region=power_list.region)
    if guide is None:
        raise CommunityError("上级尚未制定小微权力指导清单")
    have = set(power_list.items.values_list("name", flat=True))
    last = power_list.items.aggregate(m=Max("order"))["m"] or 0
    rows = [PowerItem(power_list=power_list, category=i.category, name=i.name, basis=i.basis, steps=i.steps,
                      post=i.post, order=last + n) for n, i in enumerate(guide.items.all(), start=1)
            if i.name not in have]  # fmt: skip
    PowerItem.objects.bulk_create(rows)
    audit_append(action=Action.UPDATE, object_type="community.powerlist", object_id=str(power_list.pk),
                 actor=actor, detail=f"{power_list}采用{guide}的{len(rows)}项")  # fmt: skip
    return len(rows)


def power_list_publish(*, actor: User | None, power_list: PowerList, on: date) -> PowerList:
    """Publish the list (公布) once every power has its basis, steps and post (rules.power_list_publishable)."""
    _check(actor, power_list.region)
    with transaction.atomic():
        locked = PowerList.objects.select_for_update().select_related("region").get(pk=power_list.pk)
        if locked.status == PowerList.Status.PUBLISHED:
            raise CommunityError(f"{locked}已于{locked.published_on:%Y-%m-%d}公布")
        reason = rules.power_list_publishable(
            list(locked.items.values_list("name", "basis", "steps", "post"))
        )
        if reason:
            raise CommunityError(reason)
        locked.status, locked.published_on, locked.published_by = PowerList.Status.PUBLISHED, on, actor
        locked.save(update_fields=["status", "published_on", "published_by"])
    return locked


def power_list_revise(*, actor: User, power_list: PowerList) -> PowerList:
    """Take a published list back to 编制中 to change it (it is no longer counted as published until published again)."""
    _check(actor, power_list.region)
    with transaction.atomic():
        locked = PowerList.objects.select_for_update().select_related("region").get(pk=power_list.pk)
        if locked.status != PowerList.Status.PUBLISHED:
            raise CommunityError(f"{locked}尚未公布")
        locked.status, locked.published_on, locked.published_by = PowerList.Status.DRAFT, None, None
        locked.save(update_fields=["status", "published_on", "published_by"])
    return locked


# --- reads -------------------------------------------------------------------------------------------------


def power_region_get(*, user: User, code: str) -> Region:
    """A region whose list the user may read: one of their subtree, or one above them (its 指导清单)."""
    region = Region.objects.filter(code=code).exclude(level=Region.Level.GRID).first()
    own = user.region
    if region is None or own is None:
        raise OutOfScopeError("小微权力清单")
    if not (region.path.startswith(own.path) or own.path.startswith(region.path)):
        raise OutOfScopeError("小微权力清单")
    return region


def power_list_for(*, region: Region) -> PowerList | None:
    return PowerList.objects.filter(region=region).select_related("region", "published_by").first()


def power_guide_for(*, region: Region) -> PowerList | None:
    """The nearest list above ``region`` (the town's, the district's or the city's 指导清单)."""
    codes = [c for c in region.path.split("/") if c and c != region.code]
    return (
        PowerList.objects.filter(region__code__in=codes)
        .select_related("region")
        .order_by("-region__depth")
        .first()
    )


@dataclass(frozen=True)
class Coverage:
    committees: int
    published: int

    @property
    def missing(self) -> int:
        return self.committees - self.published


def power_committees(*, user: User) -> QuerySet[Region]:
    """The villages and communities of the user's subtree."""
    return scope_queryset(Region.objects.filter(level=Region.Level.COMMUNITY), user)


def power_unpublished(*, user: User) -> QuerySet[Region]:
    """The villages and communities of the user's subtree without a published list (one query), with their town."""
    published = PowerList.objects.filter(status=PowerList.Status.PUBLISHED).values("region_id")
    return (
        power_committees(user=user).exclude(pk__in=published).select_related("parent", "parent__parent")
        .order_by("code")
    )  # fmt: skip


def power_coverage(*, user: User) -> Coverage:
    committees = power_committees(user=user)
    published = committees.filter(
        pk__in=PowerList.objects.filter(status=PowerList.Status.PUBLISHED).values("region_id")
    ).count()
    return Coverage(committees=committees.count(), published=published)


def power_lists_published(*, user: User) -> QuerySet[PowerList]:
    return (
        PowerList.objects.visible_to(user).filter(status=PowerList.Status.PUBLISHED, region__level=Region.Level.COMMUNITY)
        .select_related("region").annotate(n=Count("items")).order_by("-published_on", "region__code")
    )  # fmt: skip


def power_item_get(*, user: User, pk: Any) -> PowerItem:
    item = PowerItem.objects.select_related("power_list__region").filter(pk=pk).first()
    if item is None or not region_within_scope(user, item.power_list.region):
        raise OutOfScopeError("小微权力事项")
    return item


def power_export_log(*, actor: User) -> None:
    audit_append(action=Action.EXPORT, object_type="community.powerlist", actor=actor,
                 detail="导出未公布小微权力清单的村（社区）")  # fmt: skip
