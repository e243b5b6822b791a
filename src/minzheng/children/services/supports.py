"""孤儿/事实无人抚养儿童: the application, its case moves, the enrollment on the ledger and its end.

Money leaves through the ledger (``benefits``): on 审核确认 the child is enrolled in program ``orphan`` or
``de_facto_child`` from the month after the decision, in the category of the standard they are paid at; the
months paid end with ``Support.pay_until`` (the age limit, the schooling continuation, or an ending event) —
the payroll source (``children.payroll``) never pays a month after it, and the ledger's ``end_month`` is set
to it as soon as the ledger allows (``support_end``, ``supports_end_aged``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.rules import month_add
from minzheng.benefits.selectors import standard_amount
from minzheng.benefits.services import enrollment_create, enrollment_stop, enrollment_suspend
from minzheng.casework.services import case_open, case_transition
from minzheng.children import rules
from minzheng.children.casetypes import SUPPORT, SUPPORT_OPEN
from minzheng.children.errors import ChildrenError
from minzheng.children.models import Guardian, Support, WelfareHome
from minzheng.core.models import User
from minzheng.core.roles import require
from minzheng.core.scope import access_scoped, region_within_scope
from minzheng.core.values import month_label, phone_clean
from minzheng.registry.models import Person
from minzheng.registry.selectors import person_age

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GuardianInput:
    name: str
    relation: str
    phone: str = ""
    person: Person | None = None


def support_identify(support: Support, *, on: date) -> rules.Identification:
    """The rule's verdict on the recorded facts, with the child's age on ``on`` (from the ID, registry rule)."""
    return rules.identify(
        father=rules.Parent(support.father_situation, support.father_months),
        mother=rules.Parent(support.mother_situation, support.mother_months),
        age=person_age(support.child, on=on),
    )


def _open_support(child: Person) -> Support | None:
    """An application still in progress, or a support still paying (no end recorded)."""
    return (
        Support.objects.filter(child=child)
        .filter(Q(case__state__in=SUPPORT_OPEN) | Q(case__state="approved", ended_on__isnull=True))
        .select_related("case")
        .first()
    )


def support_apply(
    *,
    actor: User,
    child: Person,
    kind: str,
    father_situation: str,
    mother_situation: str,
    applicant_name: str,
    applicant_relation: str,
    applied_on: date,
    father_months: int = 0,
    mother_months: int = 0,
    placement: str = rules.Placement.DISPERSED,
    home: WelfareHome | None = None,
    in_school_until: date | None = None,
    guardians: Iterable[GuardianInput] = (),
    at: datetime | None = None,
) -> Support:
    """申请 (民发〔2019〕62号: the guardian, or the 村/居 for them, applies at the town where the child lives). The
    child is a registry person in the actor's area. When the parents' situation makes the child an orphan, the
    application is recorded as 孤儿 whatever was asked (国办发〔2010〕54号; an orphan is not a de facto child)."""
    require(actor, "children.apply")
    if kind not in rules.Kind.values:
        raise ChildrenError(f"申请类别须为孤儿或事实无人抚养儿童，实为“{kind}”", field="kind")
    for field, value in (("father_situation", father_situation), ("mother_situation", mother_situation)):
        if value not in rules.ParentSituation.values:
            raise ChildrenError(f"未知的父母情形“{value}”", field=field)
    if not region_within_scope(actor, child.region):
        raise ChildrenError(f"{child.name}不在您的管辖范围内", field="child")
    if child.status != Person.Status.NORMAL:
        raise ChildrenError(
            f"{child.name}的人员状态为“{child.get_status_display()}”，不能申请", field="child"
        )
    age = person_age(child, on=applied_on)
    if age >= rules.ADULT_AGE:
        raise ChildrenError(
            f"{child.name}申请时已满{rules.ADULT_AGE}周岁（{age}周岁），不属于保障范围", field="child"
        )
    if not (applicant_name or "").strip() or not (applicant_relation or "").strip():
        raise ChildrenError("请填写申请人姓名及与儿童的关系", field="applicant_name")
    if placement == rules.Placement.INSTITUTION and home is None:
        raise ChildrenError("集中养育的儿童须选择所在的儿童福利机构", field="home")
    verdict = rules.identify(
        father=rules.Parent(father_situation, father_months),
        mother=rules.Parent(mother_situation, mother_months),
        age=age,
    )
    if verdict.kind == rules.Kind.ORPHAN:
        kind = rules.Kind.ORPHAN
    guardians = list(guardians)
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=child.pk).first()  # one application at a time per child
        existing = _open_support(child)
        if existing is not None:
            raise ChildrenError(
                f"{child.name}已有{existing.get_kind_display()}申请或保障（{existing.case.number}），不能重复申请",
                field="child",
            )
        case = case_open(
            case_type=SUPPORT,
            actor=actor,
            region=child.region,
            title=f"{child.name}{rules.Kind(kind).label}认定申请",
            subject=child,
            at=at,
        )
        support = Support.objects.create(
            case=case,
            child=child,
            region=child.region,
            kind=kind,
            placement=placement,
            home=home if placement == rules.Placement.INSTITUTION else None,
            father_situation=father_situation,
            father_months=max(0, int(father_months or 0)),
            mother_situation=mother_situation,
            mother_months=max(0, int(mother_months or 0)),
            applicant_name=applicant_name.strip()[:50],
            applicant_relation=applicant_relation.strip()[:20],
            applied_on=applied_on,
            in_school_until=in_school_until,
            created_by=actor,
        )
        for g in guardians:
            if not g.name.strip() or not g.relation.strip():
                raise ChildrenError("监护人须填写姓名及与儿童的关系", field="guardian_name")
            Guardian.objects.create(
                support=support,
                person=g.person,
                name=g.name.strip()[:50],
                relation=g.relation.strip()[:20],
                phone=phone_clean(g.phone) if g.phone else "",
            )
    return support


def support_move(
    *,
    actor: User,
    support: Support,
    action: str,
    comment: str = "",
    expected_state: str | None = None,
    at: datetime | None = None,
) -> Support:
    """Take a move of the 认定 case (the engine checks capability, state and scope)."""
    case_transition(
        actor=actor, case=support.case, action=action, comment=comment, expected_state=expected_state, at=at
    )
    support.refresh_from_db()
    return support


def support_apply_move(*, case: Any, action: str, actor: User, at: datetime, **context: Any) -> None:
    """The domain's consequences of a move, inside its transaction: 查验 and 审核确认 check the rule; 审核确认
    enrols the child on the ledger."""
    support = Support.objects.select_for_update().select_related("child").get(case_id=case.pk)
    day = timezone.localtime(at).date()
    if action in ("report", "approve"):
        verdict = support_identify(support, on=day)
        if not verdict.eligible:
            raise ChildrenError("不符合认定条件：" + "；".join(verdict.reasons))
        if verdict.kind != support.kind:
            support.kind = verdict.kind
            support.save(update_fields=["kind"])
    if action == "approve":
        _enrol(support, actor=actor, decided_on=day)


def _enrol(support: Support, *, actor: User, decided_on: date) -> None:
    child = support.child
    program = rules.program_for(support.kind)
    category = rules.category_for(support.kind, support.placement)
    start = rules.start_month(decided_on)
    last = rules.age_last_month(child.birth_date, in_school_until=support.in_school_until)
    if last < start:
        raise ChildrenError(
            f"{child.name}将于{month_label(last)}年满{rules.ADULT_AGE}周岁，自{month_label(start)}起已无发放月份"
        )
    amount = standard_amount(program=program, region=support.region, on=start, category=category)
    enrollment = enrollment_create(
        actor=actor,
        program=program,
        person=child,
        region=support.region,
        start_month=start,
        amount_fen=amount,
        category=category,
        case=support.case,
        basis={"rule": "按月执行当月适用的保障标准", "category": category, "pay_until": last.isoformat()},
    )
    support.decided_on = decided_on
    support.pay_until = last
    support.enrollment = enrollment
    support.save(update_fields=["decided_on", "pay_until", "enrollment"])


def support_get_locked(*, actor: User, pk: int) -> Support:
    return access_scoped(actor, Support.objects.all(), pk, lock=True, label="儿童保障")


def support_end(*, actor: User, support: Support, reason: str, on: date, note: str = "") -> Support:
    """Support ends by an event on ``on`` (被依法收养, 父母情形消失回归家庭, 死亡…): the last month paid is the month of
    the day before it (``rules.event_last_month``), and the ledger stops the enrollment there. When the event
    comes before the first month paid, the enrollment is suspended from its start: nothing is ever paid."""
    require(actor, "children.end")
    if reason not in rules.EndReason.values or reason in (rules.EndReason.AGE, rules.EndReason.SCHOOL_END):
        raise ChildrenError("请选择终止原因（收养、回归家庭、死亡或其他）", field="reason")
    if on > timezone.localdate():
        raise ChildrenError("终止事由发生日期不能晚于今天", field="on")
    label = rules.EndReason(reason).label + (f"：{note.strip()}" if note.strip() else "")
    with transaction.atomic():
        locked = support_get_locked(actor=actor, pk=support.pk)
        if locked.enrollment is None:
            raise ChildrenError("该儿童尚未认定纳入保障，无需终止")
        if locked.ended_on is not None:
            raise ChildrenError(
                f"该保障已于{locked.ended_on:%Y-%m-%d}终止（{locked.get_end_reason_display()}）"
            )
        enrollment = locked.enrollment
        last = rules.event_last_month(on)
        if locked.pay_until is not None and last > locked.pay_until:
            last = locked.pay_until
        if last < enrollment.start_month:
            enrollment_suspend(
                actor=actor, enrollment=enrollment, from_month=enrollment.start_month, reason=label
            )
        else:
            enrollment_stop(actor=actor, enrollment=enrollment, last_month=last, reason=label)
        locked.ended_on, locked.end_reason = on, reason
        locked.pay_until = min(last, locked.pay_until or last)
        locked.save(update_fields=["ended_on", "end_reason", "pay_until"])
    return locked


def supports_end_aged(*, month: date, actor: User | None = None) -> int:
    """自动终止: every support whose last month (``pay_until``, by age or schooling) is before ``month`` and whose
    ledger enrollment is still open is stopped on the ledger at that month, with the reason. The payroll source
    never pays after ``pay_until`` anyway; this records the end on the ledger. A stop the ledger refuses (the month
    after is already approved — it was not paid, the source caps it) is left for the record, logged. ``actor``: a
    clerk doing it from the page, for the supports of their area (None: the system, for the whole city)."""
    if actor is not None:
        require(actor, "children.end")
    base = Support.objects.all() if actor is None else Support.objects.visible_to(actor)
    due = base.filter(
        pay_until__lt=month, ended_on__isnull=True, enrollment__end_month__isnull=True
    ).select_related("child", "enrollment")
    stopped = 0
    for support in due:
        schooled = support.in_school_until is not None and support.pay_until == rules.month_first(
            support.in_school_until
        )
        reason = rules.EndReason.SCHOOL_END if schooled else rules.EndReason.AGE
        try:
            with transaction.atomic():
                enrollment_stop(
                    actor=actor,
                    enrollment=support.enrollment,
                    last_month=support.pay_until,
                    reason=rules.EndReason(reason).label,
                )
                Support.objects.filter(pk=support.pk).update(
                    ended_on=month_add(support.pay_until, 1), end_reason=reason
                )
        except BenefitsError as exc:
            logger.warning("儿童保障%s自动终止未能记入台账：%s", support.pk, exc.message)
            continue
        stopped += 1
    return stopped
