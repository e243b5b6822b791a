"""Applications: open one where the law says it is made, and carry out the consequences of each move of
its case (``casetypes``): accept (the 30-working-day clock starts), publish (only a passing initial
review), end the 7-day 公示, confirm (means test again, conflicts, enrol), refuse in writing, re-examine on
the applicant's objection, help first (急难型)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from minzheng.assistance import ledger, rules
from minzheng.assistance.casetypes import CASE_TYPES
from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.evaluation import assessment_evaluate, temporary_town_limit_for
from minzheng.assistance.means_test import MeansResult, yuan
from minzheng.assistance.models import Application, Assessment, AssessmentMember, ReviewPlan
from minzheng.assistance.rules import Program, program_label
from minzheng.assistance.selectors import parameter_value
from minzheng.casework.models import Case, CaseEvent
from minzheng.casework.services import CaseError, case_extend, case_open
from minzheng.casework.types import Transition
from minzheng.core.audit import Action, audit_append
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import region_within_scope
from minzheng.registry.models import Household, Person, Relation
from minzheng.registry.selectors import household_members, person_membership

RELATION_LABELS = dict(Relation.choices)


# --- where the application is made --------------------------------------------------------------


def _community_of(region: Region) -> Region:
    return region.parent if region.level == Region.Level.GRID and region.parent_id else region


def _town_of(region: Region) -> Region:
    return next((r for r in [*region.ancestors(), region] if r.level == Region.Level.TOWN), region)


def application_place(
    *, person: Person, household: Household | None, via_residence_permit: bool, on: date
) -> Region:
    """受理地: the 乡镇/街道 of 户籍 (《社会救助暂行办法》第十一条; 民发〔2021〕57号, domain.md §1), or where
    the applicant lives for the holder of a valid 居住证 (seed document 2020; rules.residence_permit_valid).
    Returns the village/community under which the case is filed."""
    if via_residence_permit:
        if not rules.residence_permit_valid(person.residence_permit_until, on=on):
            until = (
                f"（有效期至{person.residence_permit_until:%Y-%m-%d}）"
                if person.residence_permit_until
                else ""
            )
            raise AssistanceError(f"{person.name}没有有效的居住证{until}，只能向户籍所在地乡镇（街道）申请")
        return _community_of(person.region)
    hukou = household.hukou_region if household is not None else person.hukou_region
    if hukou is None:
        raise AssistanceError(f"{person.name}没有本市户籍；持有效居住证的，可以在居住地申请")
    return _community_of(hukou)


# --- open ------------------------------------------------------------------------------------------


def application_create(
    *,
    actor: User,
    kind: str,
    applicant: Person,
    via_residence_permit: bool = False,
    support: str = "",
    single_person_reason: str = "",
    requested_fen: int = 0,
    comment: str = "",
    at: datetime | None = None,
) -> Application:
    """Register an application (申请) of ``kind`` (dibao, tekun, low_income, temporary_expense,
    temporary_emergency) for ``applicant`` and their household, opening its case."""
    require(actor, "assistance.apply")
    case_type = CASE_TYPES.get(kind)
    if case_type is None:
        raise AssistanceError(f"未知的申请类型：{kind}")
    now = at or timezone.now()
    today = timezone.localdate(now)
    if applicant.status != Person.Status.NORMAL:
        raise AssistanceError(f"{applicant.name}的人员状态为“{applicant.get_status_display()}”，不能申请")
    membership = person_membership(person=applicant)
    household = membership.household if membership else None
    region = application_place(
        person=applicant, household=household, via_residence_permit=via_residence_permit, on=today
    )
    if not region_within_scope(actor, region):
        where = "居住地" if via_residence_permit else "户籍所在地"
        raise AssistanceError(f"应向{where}乡镇（街道）申请：{_town_of(region).name}，不在您的管辖范围内")
    program = _program_for(kind, household=household, region=region)
    _check_support(kind, support)
    if single_person_reason and program not in rules.DIBAO_PROGRAMS:
        raise AssistanceError("只有低保可以按单人户申请")
    if isinstance(requested_fen, bool) or not isinstance(requested_fen, int) or requested_fen < 0:
        raise AssistanceError("申请金额无效")
    if kind.startswith("temporary") and requested_fen <= 0:
        raise AssistanceError("临时救助须填写拟救助金额")
    open_same = Application.objects.filter(applicant=applicant, program=program, case__closed_at__isnull=True)
    if open_same.exists():
        raise AssistanceError(f"{applicant.name}已有办理中的{program_label(program)}申请")
    with transaction.atomic():
        assessment = Assessment.objects.create(
            program=program, region=region, household=household, applicant=applicant, on=today,
            single_person_reason=single_person_reason,
        )  # fmt: skip
        _members_snapshot(
            assessment, applicant=applicant, household=household, individual=program == Program.TEKUN
        )
        case = case_open(
            case_type=case_type.code,
            actor=actor,
            region=region,
            title=f"{applicant.name} {case_type.label}",
            subject=applicant,
            comment=comment,
            at=now,
        )
        return Application.objects.create(
            case=case, program=program, kind=support if kind == "tekun" else _temporary_kind(kind), region=region,
            applicant=applicant, household=household, via_residence_permit=via_residence_permit,
            assessment=assessment, requested_fen=requested_fen,
        )  # fmt: skip


def _program_for(kind: str, *, household: Household | None, region: Region) -> str:
    if kind == "dibao":
        return rules.dibao_program_for(household.kind if household else region.kind)
    if kind == "tekun":
        return Program.TEKUN
    if kind == "low_income":
        return Program.LOW_INCOME
    return Program.TEMPORARY


def _temporary_kind(kind: str) -> str:
    return {
        "temporary_expense": rules.TemporaryKind.EXPENSE,
        "temporary_emergency": rules.TemporaryKind.EMERGENCY,
    }.get(kind, "")


def _check_support(kind: str, support: str) -> None:
    if kind == "tekun" and support not in rules.TEKUN_SUPPORT_LABELS:
        raise AssistanceError(
            "请选择供养方式：集中供养或分散供养（由本人选择，《社会救助暂行办法》第十九条）"
        )


def _members_snapshot(
    assessment: Assessment, *, applicant: Person, household: Household | None, individual: bool
) -> None:
    """共同生活家庭成员 as registered today; the case worker then marks who does not live together."""
    AssessmentMember.objects.create(
        assessment=assessment, person=applicant, relation="申请人", is_applicant=True
    )
    if household is None or individual:
        return
    for membership in household_members(household=household):
        if membership.person_id != applicant.pk and membership.person.status == Person.Status.NORMAL:
            AssessmentMember.objects.create(
                assessment=assessment,
                person=membership.person,
                relation=f"{RELATION_LABELS.get(membership.relation, membership.relation)}（与户主）",
            )


# --- the consequences of each move --------------------------------------------------------------


def application_on_transition(*, case: Case, transition: Transition, actor: User, **context: Any) -> None:
    """Called by the case engine inside the move's transaction; a refusal raises ``CaseError`` so the
    move is rolled back and the user sees why."""
    application = (
        Application.objects.select_for_update(of=("self", "assessment", "applicant"))
        .select_related("assessment", "applicant", "region", "household")
        .get(case=case)
    )
    _share_related(application)
    handler = _HANDLERS.get(transition.action)
    if handler is None:
        return
    try:
        handler(application, case, actor, **context)
    except AssistanceError as exc:
        raise CaseError(exc.message) from exc


def _share_related(app: Application) -> None:
    """The assessment's region and household are the application's (set together in
    ``application_create``): hand it the rows already read (joined, not locked) instead of reading them again."""
    if app.assessment.region_id == app.region_id:
        app.assessment.region = app.region
    if app.household_id is not None and app.assessment.household_id == app.household_id:
        app.assessment.household = app.household


def _now(case: Case) -> datetime:
    return case.state_entered_at


def _on_accept(app: Application, case: Case, actor: User, **_: Any) -> None:
    """Record the acceptance date; the engine starts the 30-working-day limit there (the case type's
    ``total_deadline_from``, 民发〔2021〕57号 [V])."""
    app.accepted_at = _now(case)
    app.save(update_fields=["accepted_at"])


def _evaluate(app: Application, *, on: date, requested_fen: int | None = None) -> MeansResult:
    result = assessment_evaluate(
        assessment=app.assessment, on=on, kind=app.kind,
        requested_fen=app.requested_fen if requested_fen is None else requested_fen,
    )  # fmt: skip
    app.assessment.result = result.as_dict()
    app.assessment.save(update_fields=["result"])
    return result


def _on_submit(app: Application, case: Case, actor: User, **_: Any) -> None:
    if not app.assessment.members.filter(included=True).exists() and app.program != Program.TEMPORARY:
        raise AssistanceError("请先登记共同生活家庭成员")


def _on_publish(app: Application, case: Case, actor: User, **_: Any) -> None:
    """Only an application that passes the initial review is published; one that fails goes to the county
    with the town's opinion (初审不符合，报区县)."""
    result = _evaluate(app, on=timezone.localdate(_now(case)))
    if not result.eligible:
        raise AssistanceError(
            "核对结果不符合条件（" + "；".join(result.reasons) + "），请选择“初审不符合，报区县”"
        )


def _publicity_started(case: Case) -> datetime:
    event = (
        CaseEvent.objects.filter(case=case, to_state="publicity")
        .exclude(from_state="publicity")
        .order_by("-at", "-id")
        .first()
    )
    return event.at if event is not None else case.state_entered_at


def _require_publicity_over(app: Application, case: Case) -> None:
    """公示 lasts 7 days (domain.md §1 state 4): it cannot be ended before the 7th day has passed."""
    started = _publicity_started(case)
    if _now(case) < started + timedelta(days=7):
        ends = timezone.localtime(started + timedelta(days=7))
        raise AssistanceError(f"公示期为7天，{ends:%Y-%m-%d %H:%M}后方可结束公示")


def _on_publicity_end(app: Application, case: Case, actor: User, **_: Any) -> None:
    _require_publicity_over(app, case)


def _decision_comment(case: Case) -> str:
    event = CaseEvent.objects.filter(case=case).order_by("-at", "-id").first()
    return event.comment if event is not None else ""


def _record_decision(
    app: Application, case: Case, actor: User, *, approved: bool, amount_fen: int | None, members: int | None,
    start_month: date | None, reason: str, lines: list[str] | None, enrollment: Any = None,
) -> None:  # fmt: skip
    app.approved, app.decided_at, app.decided_by = approved, _now(case), actor
    app.decision_amount_fen, app.decision_members, app.decision_start_month = amount_fen, members, start_month
    app.decision_reason, app.decision_lines, app.enrollment = reason, lines, enrollment
    app.save(update_fields=[
        "approved", "decided_at", "decided_by", "decision_amount_fen", "decision_members", "decision_start_month",
        "decision_reason", "decision_lines", "enrollment",
    ])  # fmt: skip


def _on_reject(app: Application, case: Case, actor: User, **_: Any) -> None:
    """A refusal is given in writing with reasons (《社会救助暂行办法》第十一条(三), domain.md §1 state 5)."""
    _record_decision(app, case, actor, approved=False, amount_fen=0, members=None, start_month=None,
                     reason=_decision_comment(case), lines=(app.assessment.result or {}).get("lines"))  # fmt: skip


def _on_appeal(app: Application, case: Case, actor: User, **_: Any) -> None:
    """The applicant objects to a refusal: the county re-examines. The engine closes a case on entering a
    final state but does not reopen it on leaving one, so the hook does."""
    case.closed_at = None
    case.save(update_fields=["closed_at"])
    app.approved = None
    app.save(update_fields=["approved"])


def conflicts_check(*, app: Application, persons: list[Person], on: date) -> None:
    """Refuse a person already actively enrolled in the same or a conflicting program (rules.CONFLICTS:
    特困 vs 低保, 低保 vs 低收入…, 《社会救助暂行办法》第十四、十五条; domain.md §1–2), with the reason."""
    if app.program == Program.TEMPORARY:
        return
    conflicts = rules.conflicting_programs(app.program)
    households = [app.household] if app.household is not None and app.program != Program.TEKUN else []
    problems = []
    for enrollment in ledger.active_touching(on=on, persons=persons, households=households):
        code = enrollment.program.code
        who = enrollment.person.name
        if code == app.program:
            problems.append(f"{who}已在{program_label(code)}保障中（保障记录{enrollment.pk}），不能重复纳入")
        elif code in conflicts:
            problems.append(f"{who}正在享受{program_label(code)}：{conflicts[code]}")
    if problems:
        raise AssistanceError("不能纳入：" + "；".join(problems))


def _covered_persons(app: Application, result: MeansResult) -> list[Person]:
    if app.program == Program.TEKUN or app.assessment.single_person_reason:
        return [app.applicant]
    return [m.person for m in app.assessment.members.filter(included=True).select_related("person")]


def _review_months(app: Application, on: date) -> int:
    stable = parameter_value("review_months_stable", region=app.region, on=on).as_int()
    unstable = parameter_value("review_months_unstable", region=app.region, on=on).as_int()
    unstable_income = app.assessment.unstable_income and app.program in rules.DIBAO_PROGRAMS
    return rules.review_interval_months(
        unstable_income=unstable_income, stable_months=stable, unstable_months=unstable
    )


def _on_approve(app: Application, case: Case, actor: User, **context: Any) -> None:
    if app.program == Program.TEMPORARY:
        _grant_temporary(app, case, actor, amount_fen=context.get("amount_fen"), by_town=False)
        return
    today = timezone.localdate(_now(case))
    result = _evaluate(app, on=today)
    if not result.eligible:
        raise AssistanceError("不符合条件，应作不予救助决定：" + "；".join(result.reasons))
    conflicts_check(app=app, persons=_covered_persons(app, result), on=today)
    start = rules.payment_start_month(today)
    months = _review_months(app, today)
    review_due = rules.add_months(start, months)
    enrollment = ledger.enrol(
        actor=actor, program=app.program, person=app.applicant, region=app.region, start_month=start,
        amount_fen=result.amount_fen, members_count=result.members,
        household=None if app.program == Program.TEKUN or app.assessment.single_person_reason else app.household,
        category=result.category, case=case, review_due=review_due,
        basis={"application": app.pk, "case": case.number, "lines": result.lines},
    )  # fmt: skip
    ReviewPlan.objects.create(
        enrollment=enrollment, program=app.program, region=app.region, assessment=app.assessment,
        interval_months=months, next_due=review_due,
    )  # fmt: skip
    _record_decision(app, case, actor, approved=True, amount_fen=result.amount_fen, members=result.members,
                     start_month=start, reason=_decision_comment(case), lines=result.lines, enrollment=enrollment)  # fmt: skip


def _grant_temporary(
    app: Application, case: Case, actor: User, *, amount_fen: Any, by_town: bool, reserve: bool = False
) -> None:
    """A 临时救助 grant: a one-off payment this month (an enrollment whose last month is its first). Up to
    the 乡镇's delegated limit the town decides, above it the county (《社会救助暂行办法》第四十八条)."""
    amount = app.requested_fen if amount_fen in (None, "") else amount_fen
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise AssistanceError("请填写救助金额")
    today = timezone.localdate(_now(case))
    limit, multiple, standard = temporary_town_limit_for(assessment=app.assessment, on=today)
    if by_town and amount > limit:
        raise AssistanceError(
            f"救助金额{yuan(amount)}元超过乡镇（街道）审批限额{yuan(limit)}元（{multiple}倍月低保标准），须报区县审批"
        )
    result = _evaluate(app, on=today, requested_fen=amount)
    if app.kind == rules.TemporaryKind.EXPENSE and not result.eligible:
        raise AssistanceError("不符合条件，应作不予救助决定：" + "；".join(result.reasons))
    month = rules.first_of_month(today)
    basis = {"application": app.pk, "case": case.number, "lines": result.lines}
    if reserve:  # 先行救助: handed over now from the town's 备用金, and a payment line on the ledger says so
        from minzheng.assistance.services.reserve import reserve_draw

        town = _town_of(app.region)
        reserve_draw(actor=actor, town=town, amount_fen=amount, application=app, at=_now(case))
        payment = ledger.pay_one_off(
            actor=actor, program=Program.TEMPORARY, person=app.applicant, region=app.region, amount_fen=amount,
            paid_at=_now(case), source=f"{town.name}临时救助备用金", members_count=max(result.members, 1),
            household=app.household, category=app.kind, case=case, basis=basis,
        )  # fmt: skip
        enrollment = payment.enrollment
    else:  # paid by the ledger's payroll of this month
        enrollment = ledger.enrol(
            actor=actor, program=Program.TEMPORARY, person=app.applicant, region=app.region, start_month=month,
            amount_fen=amount, members_count=max(result.members, 1), household=app.household, category=app.kind,
            case=case, basis=basis, one_off=True,
        )  # fmt: skip
    _record_decision(app, case, actor, approved=True, amount_fen=amount, members=max(result.members, 1),
                     start_month=month, reason=_decision_comment(case), lines=result.lines, enrollment=enrollment)  # fmt: skip


def _on_town_approve(app: Application, case: Case, actor: User, **context: Any) -> None:
    _require_publicity_over(app, case)
    _grant_temporary(app, case, actor, amount_fen=context.get("amount_fen"), by_town=True)


def _on_advance_pay(app: Application, case: Case, actor: User, **context: Any) -> None:
    """急难型 先行救助: the 乡镇 pays within its delegated limit from its 备用金 (domain.md §3)."""
    _grant_temporary(app, case, actor, amount_fen=context.get("amount_fen"), by_town=True, reserve=True)


def _on_report_district(app: Application, case: Case, actor: User, **context: Any) -> None:
    amount = context.get("amount_fen")
    if isinstance(amount, int) and amount > 0:
        app.requested_fen = amount
        app.save(update_fields=["requested_fen"])


def _on_emergency_publicity_end(app: Application, case: Case, actor: User, **_: Any) -> None:
    _require_publicity_over(app, case)


_HANDLERS = {
    "accept": _on_accept,
    "submit": _on_submit,
    "publish": _on_publish,
    "publicity_end": _on_publicity_end,
    "approve": _on_approve,
    "reject": _on_reject,
    "refuse": _on_reject,
    "appeal": _on_appeal,
    "town_approve": _on_town_approve,
    "advance_pay": _on_advance_pay,
    "report_district": _on_report_district,
}


# --- reads of personal data are logged (DESIGN "Trust") -------------------------------------------


def application_view_log(*, actor: User, application: Application) -> None:
    """An application shows a household's incomes and assets: its reading is an audited act."""
    audit_append(
        action=Action.VIEW, obj=application, actor=actor, detail=f"查看救助申请{application.case.number}"
    )


# --- extension -----------------------------------------------------------------------------------


def application_extend(*, actor: User, application: Application, reason: str) -> Case:
    """延期 to 45 working days *from 受理* (民发〔2021〕57号 [V]); the engine counts it from the step that
    started the limit."""
    require(actor, "assistance.extend")
    return case_extend(actor=actor, case=application.case, reason=reason)
