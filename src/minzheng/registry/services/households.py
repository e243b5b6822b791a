"""户: households, their members over time, and their head.

A person is in at most one household at a time (the partial unique index
``membership_one_open_per_person``); leaving closes the membership with a date and reason, so the
history stays. Nothing is closed silently: joining a second household is refused unless the caller asks
for a move, which then closes the old membership on the joining date.

Lock order, kept by every service here so that two of them cannot deadlock: the person row first, then
household rows by primary key.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from minzheng.core.models import Region, User
from minzheng.core.roles import Perm, require
from minzheng.core.scope import access_scoped
from minzheng.registry.models import Household, Membership, Person, Relation, UrbanRural
from minzheng.registry.services._common import (
    RegistryError,
    check_date,
    check_text,
    managed_region,
    today,
)


def _check_number(number: str, *, exclude_pk: int | None = None) -> str:
    number = "".join(check_text(number, field="number", label="户号", max_length=32, required=True).split())
    qs = Household.objects.filter(number=number)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise RegistryError(f"户号{number}已存在", field="number")
    return number


def _check_kind(kind: str) -> str:
    if kind not in UrbanRural.values:
        raise RegistryError("城乡类别应为“城镇”或“农村”", field="kind")
    return kind


def _check_relation(relation: str, *, field: str = "relation") -> str:
    if relation not in Relation.values:
        raise RegistryError("请选择与户主关系", field=field)
    return relation


def household_create(
    *,
    actor: User,
    number: str,
    kind: str,
    hukou_region: Region | None,
    address: str = "",
    region: Region | None = None,
    head: Person | None = None,
    start_date: date | None = None,
    move: bool = False,
) -> Household:
    """Open a household. Its 管理网格/社区 defaults to the head's; the head, if given, joins it as 户主
    (``move`` as in :func:`household_add_member`)."""
    require(actor, Perm.EDIT_REGISTRY)
    if hukou_region is None:
        raise RegistryError("请填写户籍地", field="hukou_region")
    managed = managed_region(actor, region or (head.region if head else None), field="region")
    household = Household(
        number=_check_number(number),
        kind=_check_kind(kind),
        hukou_region=hukou_region,
        address=check_text(address, field="address", label="户籍地址", max_length=200),
        region=managed,
    )
    with transaction.atomic():
        household.save(force_insert=True)
        if head is not None:
            household_add_member(
                actor=actor,
                household=household,
                person=head,
                relation=Relation.HEAD,
                start_date=start_date or today(),
                move=move,
            )
            household.refresh_from_db()
    return household


HOUSEHOLD_EDITABLE = frozenset({"number", "kind", "hukou_region", "address", "region"})


def household_update(*, actor: User, household: Household, **changes: Any) -> Household:
    """Correct a household's 户号, category, hukou region, address or managing grid/community."""
    require(actor, Perm.EDIT_REGISTRY)
    unknown = sorted(set(changes) - HOUSEHOLD_EDITABLE)
    if unknown:
        raise RegistryError(f"字段“{unknown[0]}”不能在此修改（成员与户主请在户页面维护）", field=unknown[0])
    with transaction.atomic():
        household = access_scoped(actor, Household, household.pk, lock=True, label="户")
        values: dict[str, Any] = {}
        if "number" in changes and changes["number"] != household.number:
            values["number"] = _check_number(changes["number"], exclude_pk=household.pk)
        if "kind" in changes:
            values["kind"] = _check_kind(changes["kind"])
        if "hukou_region" in changes:
            if changes["hukou_region"] is None:
                raise RegistryError("请填写户籍地", field="hukou_region")
            values["hukou_region"] = changes["hukou_region"]
        if "address" in changes:
            values["address"] = check_text(
                changes["address"], field="address", label="户籍地址", max_length=200
            )
        if "region" in changes:
            values["region"] = managed_region(actor, changes["region"], field="region")
        changed = [f for f, v in values.items() if getattr(household, f) != v]
        for field in changed:
            setattr(household, field, values[field])
        if changed:
            household.save(update_fields=[*changed, "updated_at"])
    return household


def household_add_member(
    *,
    actor: User,
    household: Household,
    person: Person,
    relation: str,
    start_date: date | None,
    move: bool = False,
) -> Membership:
    """Add a person to a household. A person already in another household is refused unless ``move``,
    which ends the old membership on ``start_date`` (history kept). A head who would leave members
    behind must first hand the old household to a new head."""
    require(actor, Perm.EDIT_REGISTRY)
    _check_relation(relation)
    with transaction.atomic():
        person = access_scoped(actor, Person, person.pk, lock=True, label="人员")
        current = (
            Membership.objects.select_for_update()
            .filter(person=person, end_date__isnull=True)
            .select_related("household")
            .first()
        )
        locked = _lock_households(actor, household, other=current.household if current else None)
        household = locked[household.pk]
        if person.status != Person.Status.NORMAL:
            raise RegistryError(
                f"{person.name}的人员状态为“{person.get_status_display()}”，不能入户", field="person"
            )
        day = check_date(start_date, field="start_date", label="入户日期", not_before=person.birth_date)
        if current is not None and current.household_id == household.pk:
            raise RegistryError(f"{person.name}已是本户成员", field="person")
        if relation == Relation.HEAD and household.head_id is not None:
            raise RegistryError("本户已有户主，如需更换请使用“设为户主”", field="relation")
        if current is not None:
            _leave_for(current, household=household, day=day, move=move)
        membership = Membership.objects.create(
            household=household, person=person, relation=relation, start_date=day
        )
        if relation == Relation.HEAD:
            household.head = person
            household.save(update_fields=["head", "updated_at"])
    return membership


def _lock_households(actor: User, household: Household, *, other: Household | None) -> dict[int, Household]:
    """Lock the target household (which must be in scope) and the one being left, in pk order."""
    target = access_scoped(actor, Household, household.pk, label="户")
    pks = sorted({target.pk, *([other.pk] if other is not None else [])})
    return {h.pk: h for h in Household.objects.select_for_update().filter(pk__in=pks).order_by("pk")}


def _leave_for(current: Membership, *, household: Household, day: date, move: bool) -> None:
    person, old = current.person, current.household
    if not move:
        raise RegistryError(
            f"{person.name}已是户号{old.number}的成员。如确需迁入本户，请选择“从原户迁入”，"
            "原户的成员记录将以入户日期结束（保留历史）",
            field="person",
        )
    if day < current.start_date:
        raise RegistryError(
            f"入户日期早于其在户号{old.number}的入户日期{current.start_date:%Y-%m-%d}", field="start_date"
        )
    _check_head_may_leave(current)
    membership_close(current, day=day, reason=f"迁入户号{household.number}")


def _check_head_may_leave(membership: Membership) -> None:
    household = membership.household
    if household.head_id != membership.person_id:
        return
    others = Membership.objects.filter(household=household, end_date__isnull=True).exclude(pk=membership.pk)
    if others.exists():
        raise RegistryError(
            f"{membership.person.name}是户号{household.number}的户主，该户还有其他成员，请先为该户指定新户主",
            field="person",
        )


def membership_close(membership: Membership, *, day: date, reason: str) -> Membership:
    """End a membership (the row stays as history). A head who leaves leaves the household headless."""
    membership.end_date = day
    membership.end_reason = reason[:100]
    membership.save(update_fields=["end_date", "end_reason"])
    household = membership.household
    if household.head_id == membership.person_id:
        household.head = None
        household.save(update_fields=["head", "updated_at"])
    return membership


def household_remove_member(
    *, actor: User, household: Household, person: Person, end_date: date | None, reason: str
) -> Membership:
    """A member leaves (离户): the membership ends with a date and reason."""
    require(actor, Perm.EDIT_REGISTRY)
    reason = check_text(reason, field="reason", label="离户原因", max_length=100, required=True)
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        household = access_scoped(actor, Household, household.pk, lock=True, label="户")
        membership = (
            Membership.objects.select_for_update()
            .filter(household=household, person=person, end_date__isnull=True)
            .select_related("person", "household")
            .first()
        )
        if membership is None:
            raise RegistryError(f"{person.name}不是本户现有成员", field="person")
        _check_head_may_leave(membership)
        day = check_date(end_date, field="end_date", label="离户日期", not_before=membership.start_date)
        return membership_close(membership, day=day, reason=reason)


def household_set_head(
    *, actor: User, household: Household, person: Person, old_head_relation: str = Relation.OTHER_RELATIVE
) -> Household:
    """Make a current member the head. The old head stays a member with ``old_head_relation``; the other
    members' relations are relative to the old head and are left for the worker to review."""
    require(actor, Perm.EDIT_REGISTRY)
    _check_relation(old_head_relation, field="old_head_relation")
    if old_head_relation == Relation.HEAD:
        raise RegistryError("原户主与新户主的关系不能是“户主”", field="old_head_relation")
    with transaction.atomic():
        household = access_scoped(actor, Household, household.pk, lock=True, label="户")
        open_members = Membership.objects.select_for_update().filter(
            household=household, end_date__isnull=True
        )
        new = open_members.filter(person=person).first()
        if new is None:
            raise RegistryError(f"{person.name}须先是本户成员，才能设为户主", field="person")
        if household.head_id == person.pk:
            raise RegistryError(f"{person.name}已是户主", field="person")
        if household.head_id is not None:
            old = open_members.filter(person_id=household.head_id).first()
            if old is not None:
                old.relation = old_head_relation
                old.save(update_fields=["relation"])
        new.relation = Relation.HEAD
        new.save(update_fields=["relation"])
        household.head = person
        household.save(update_fields=["head", "updated_at"])
    return household
