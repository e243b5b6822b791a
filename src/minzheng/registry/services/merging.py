"""Deciding a duplicate pair: merge the two records into one, or dismiss the pair.

A merge keeps both rows. Every link to the merged record anywhere in the project — household
memberships, a household's head, and whatever later domains point at a person (enrollments, cases) — is
moved to the kept record with one set-based UPDATE per foreign key. The merged record becomes status
``merged`` with ``merged_into`` = the kept one, and one audit entry lists what moved. When the kept record is
死亡, the death hooks run for it again (``registry.life_events``): what moved onto it (an enrollment of the
merged record) ends by the same rule as the kept record's own.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from minzheng.core.audit import Action, audit_append
from minzheng.core.models import User
from minzheng.core.roles import Perm, require
from minzheng.core.scope import OutOfScopeError, access_scoped
from minzheng.registry.life_events import person_died
from minzheng.registry.models import DuplicateCandidate, Membership, Person, PersonStatusChange, Relation
from minzheng.registry.services._common import RegistryError, check_text, today

# Links that stay with the merged record because they are about that record itself: its own status
# history, and the duplicate decisions naming it.
_STAYS_WITH_RECORD = frozenset({"registry.personstatuschange", "registry.duplicatecandidate"})


def person_links() -> list[models.ForeignObject]:
    """Every foreign key in the project that points at :class:`Person` (one-to-one included).

    Found from the model registry at call time, so a domain added later is covered without a change
    here. ``Person._meta.related_objects`` would miss the keys declared with ``related_name="+"``
    (e.g. ``Household.head``): hidden relations are only listed with ``include_hidden=True``.
    """
    links: list[models.ForeignObject] = []
    for rel in Person._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        assert isinstance(rel, models.ForeignObjectRel)  # a reverse relation (the test above)
        if rel.field.model._meta.label_lower in _STAYS_WITH_RECORD:
            continue
        links.append(rel.field)
    return sorted(links, key=lambda f: (f.model._meta.label_lower, f.name))


def duplicate_merge(*, actor: User, candidate: DuplicateCandidate, keep: Person) -> Person:
    """Merge the pair into ``keep``. Both people and the candidate must be in the actor's scope.

    If both records are in a household, the kept record's household wins: the other membership is
    closed (history kept) before the links move, so the one-open-membership rule holds. A foreign key
    that cannot move because the target already has an equivalent row (a unique constraint of another
    domain) stops the whole merge with a message naming it; nothing is half-moved.
    """
    require(actor, Perm.EDIT_REGISTRY)
    with transaction.atomic():
        candidate = access_scoped(actor, DuplicateCandidate, candidate.pk, lock=True, label="疑似重复记录")
        if candidate.status != DuplicateCandidate.Status.OPEN:
            raise RegistryError(f"该疑似重复记录已处理（{candidate.get_status_display()}）")
        pair = {candidate.person_a_id, candidate.person_b_id}
        if keep.pk not in pair:
            raise RegistryError("保留的人员须是这一对中的一人", field="keep")
        locked = list(
            Person.objects.visible_to(actor).select_for_update().filter(pk__in=sorted(pair)).order_by("pk")
        )
        if len(locked) != 2:
            raise OutOfScopeError("人员")
        kept, merged = (locked[0], locked[1]) if locked[0].pk == keep.pk else (locked[1], locked[0])
        if Person.Status.MERGED in (kept.status, merged.status):
            raise RegistryError("其中一人已被合并，不能再合并", field="keep")
        day = today()
        notes = _settle_memberships(kept, merged, day=day)
        moved = _move_links(kept, merged)
        if kept.status == Person.Status.DECEASED and kept.status_date is not None and moved:
            # the merged record's links (enrollments among them) now point at a dead person: the death
            # hooks run again for the kept record, on its date of death (registry.life_events)
            person_died(person=kept, died_on=kept.status_date, actor=actor)
        PersonStatusChange.objects.create(
            person=merged,
            status_from=merged.status,
            status_to=Person.Status.MERGED,
            date=day,
            reason=f"重复人员，合并至{kept.name}（编号{kept.pk}）",
            actor=actor,
        )
        merged.status, merged.status_date, merged.merged_into = Person.Status.MERGED, day, kept
        merged.save(update_fields=["status", "status_date", "merged_into", "updated_at"])
        _decide(
            candidate,
            actor=actor,
            status=DuplicateCandidate.Status.MERGED,
            note=f"保留{kept.name}（编号{kept.pk}）",
        )
        closed = _close_other_candidates(merged, actor=actor, exclude=candidate)
        audit_append(
            action=Action.BULK,
            obj=kept,
            actor=actor,
            before={"merged_person": merged.pk, "merged_id_number": merged.id_number},
            after={"moved": moved, "other_candidates_closed": closed},
            detail=_merge_detail(kept, merged, moved, notes),
        )
    return kept


def _settle_memberships(kept: Person, merged: Person, *, day: date) -> list[str]:
    """Keep one open membership: if both records have one, the merged record's ends today."""
    from minzheng.registry.services.households import membership_close

    open_rows = (
        Membership.objects.select_for_update().filter(end_date__isnull=True).select_related("household")
    )
    mine = open_rows.filter(person=merged).first()
    theirs = open_rows.filter(person=kept).first()
    if mine is None or theirs is None:
        return []
    household = mine.household
    was_head = household.head_id == merged.pk
    membership_close(mine, day=max(day, mine.start_date), reason="重复人员合并")
    if was_head and theirs.household_id == household.pk:
        theirs.relation = Relation.HEAD
        theirs.save(update_fields=["relation"])
        household.refresh_from_db()
        household.head = kept
        household.save(update_fields=["head", "updated_at"])
        return [f"户号{household.number}的户主改为{kept.name}"]
    if was_head:
        return [f"户号{household.number}原户主为被合并记录，户主待重新指定"]
    return []


def _move_links(kept: Person, merged: Person) -> dict[str, int]:
    moved: dict[str, int] = {}
    for field in person_links():
        model = field.model
        try:
            with transaction.atomic():
                count = model._base_manager.filter(**{field.name: merged}).update(**{field.name: kept})
        except IntegrityError as exc:
            raise RegistryError(
                f"无法合并：{model._meta.verbose_name}中两人都有记录且不允许重复（{field.verbose_name}），"
                "请先在该业务中处理后再合并",
                field="keep",
            ) from exc
        if count:
            moved[f"{model._meta.verbose_name}·{field.verbose_name}"] = count
    return moved


def _merge_detail(kept: Person, merged: Person, moved: dict[str, int], notes: list[str]) -> str:
    parts = [f"{label}{count}条" for label, count in moved.items()] or ["无关联记录"]
    text = f"合并重复人员：编号{merged.pk}并入编号{kept.pk}（{kept.name}），移动" + "、".join(parts)
    return text + ("；" + "；".join(notes) if notes else "")


def _decide(candidate: DuplicateCandidate, *, actor: User, status: str, note: str) -> None:
    candidate.status = status
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.note = note[:200]
    candidate.save(update_fields=["status", "decided_by", "decided_at", "note"])


def _close_other_candidates(merged: Person, *, actor: User, exclude: DuplicateCandidate) -> int:
    """Other open pairs naming the merged record are closed; detection will pair the kept one anew."""
    return (
        DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN)
        .filter(Q(person_a=merged) | Q(person_b=merged))
        .exclude(pk=exclude.pk)
        .update(
            status=DuplicateCandidate.Status.DISMISSED,
            decided_by=actor,
            decided_at=timezone.now(),
            note=f"{merged.name}（编号{merged.pk}）已合并至其他记录，如仍疑似重复将重新检出",
        )
    )


def duplicate_dismiss(*, actor: User, candidate: DuplicateCandidate, note: str = "") -> DuplicateCandidate:
    """The pair are two different people: close it; detection never proposes the same pair again."""
    require(actor, Perm.EDIT_REGISTRY)
    note = check_text(note, field="note", label="处理说明", max_length=200)
    with transaction.atomic():
        candidate = access_scoped(actor, DuplicateCandidate, candidate.pk, lock=True, label="疑似重复记录")
        if candidate.status != DuplicateCandidate.Status.OPEN:
            raise RegistryError(f"该疑似重复记录已处理（{candidate.get_status_display()}）")
        _decide(
            candidate, actor=actor, status=DuplicateCandidate.Status.DISMISSED, note=note or "经核实非同一人"
        )
        audit_append(
            action=Action.UPDATE,
            obj=candidate,
            actor=actor,
            after={"status": candidate.status, "note": candidate.note},
            detail=f"疑似重复判定为非同一人：{candidate.note}",
        )
    return candidate
