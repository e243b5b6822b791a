"""Writes of the two disability subsidies: certificates, applications and their moves, and the monthly sweep
that records on the ledger the ends the rules decided. Keyword-only; refusals are ``DisabilityError`` with a
Chinese message naming the field; ``PermissionDenied`` when the acting user lacks the capability.
``actor=None`` is the system (seed, the monthly sweep job)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.models import Enrollment, Program
from minzheng.benefits.rules import month_add, month_first
from minzheng.benefits.selectors import enrollments_active, standard_amount
from minzheng.benefits.services import enrollment_create, enrollment_stop, program_ensure
from minzheng.casework.models import Case
from minzheng.casework.services import case_open
from minzheng.core.audit import Action, audit_append
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import region_within_scope
from minzheng.disability import rules
from minzheng.disability.casetypes import CASE_TYPE
from minzheng.disability.errors import DisabilityError
from minzheng.disability.models import Application, Certificate
from minzheng.disability.payroll import eligible_sql, month_end
from minzheng.registry.models import Membership, Person


def programs_ensure() -> dict[str, Program]:
    """The ledger's two programs (created on first use)."""
    return {
        code: program_ensure(code=code, name=name, unit=Program.Unit.PERSON, periodic=True)
        for code, name in rules.PROGRAM_NAMES.items()
    }


def _scope_check(actor: User | None, region: Region, what: str) -> None:
    if actor is not None and not region_within_scope(actor, region):
        raise DisabilityError(f"“{region.name}”不在您的管辖范围内，不能{what}")


# --- certificates ------------------------------------------------------------------------------------


def certificate_register(
    *,
    actor: User | None,
    person: Person,
    kind: int,
    grade: int,
    issued_on: date,
    number: str = "",
    valid_until: date | None = None,
) -> Certificate:
    """Record a person's 残疾人证 (the 残联's certification): the number is the person's ID + 类别 + 等级
    (``rules.certificate_parse``); left empty, it is composed from them. One valid certificate a person."""
    if actor is not None:
        require(actor, "disability.certificate")
    _scope_check(actor, person.region, "登记残疾人证")
    if person.status != Person.Status.NORMAL:
        raise DisabilityError(f"{person.name}的人员状态为“{person.get_status_display()}”，不能登记残疾人证")
    expected = rules.certificate_number(id_number=person.id_number, kind=kind, grade=grade)
    if number:
        parsed = rules.certificate_parse(number, id_number=person.id_number)
        if (parsed.kind, parsed.grade) != (kind, grade):
            raise DisabilityError(
                f"残疾人证号末两位{number[-2:]}与所选残疾类别、等级（应为{kind}{grade}）不一致",
                field="number",
            )
    if valid_until is not None and valid_until < issued_on:
        raise DisabilityError("有效期至不能早于发证日期", field="valid_until")
    with transaction.atomic():
        if (
            Certificate.objects.select_for_update()
            .filter(person=person, status=Certificate.Status.VALID)
            .exists()
        ):
            raise DisabilityError(
                f"{person.name}已有有效的残疾人证；等级变更请办理“等级变更”", field="person"
            )
        if Certificate.objects.filter(number=expected).exists():
            raise DisabilityError(f"残疾人证号{expected}已登记（曾注销的证号不能重复使用）", field="number")
        return Certificate.objects.create(
            person=person, number=expected, kind=kind, grade=grade, issued_on=issued_on, valid_until=valid_until,
            region=person.region, created_by=actor,
        )  # fmt: skip


def certificate_revoke(*, actor: User | None, certificate: Certificate, on: date, reason: str) -> Certificate:
    """注销 (lost, or no longer disabled): the subsidies stop after the month of ``on`` (``payroll.py``)."""
    if actor is not None:
        require(actor, "disability.certificate")
    _scope_check(actor, certificate.region, "注销残疾人证")
    if not (reason or "").strip():
        raise DisabilityError("注销须说明原因", field="reason")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status != Certificate.Status.VALID:
            raise DisabilityError("该残疾人证已注销")
        if on < locked.issued_on:
            raise DisabilityError("注销日期不能早于发证日期", field="on")
        locked.status, locked.revoked_on, locked.revoke_reason = (
            Certificate.Status.REVOKED,
            on,
            reason.strip()[:200],
        )
        locked.save(update_fields=["status", "revoked_on", "revoke_reason"])
    return locked


def certificate_regrade(
    *, actor: User | None, certificate: Certificate, grade: int, on: date, kind: int | None = None
) -> Certificate:
    """等级变更 after a re-assessment: the old certificate is revoked on ``on`` and a new one (its number ends in
    the new 类别 and 等级) issued the same day. From the next month the payroll pays by the new grade — or
    nothing, if it no longer qualifies."""
    kind = kind or certificate.kind
    if (kind, grade) == (certificate.kind, certificate.grade):
        raise DisabilityError("新的残疾类别、等级与原证相同", field="grade")
    person = Person.objects.get(pk=certificate.person_id)
    with transaction.atomic():
        certificate_revoke(
            actor=actor, certificate=certificate, on=on,
            reason=f"等级变更为{rules.KIND_LABELS[kind]}{rules.GRADE_LABELS[grade]}",
        )  # fmt: skip
        return certificate_register(actor=actor, person=person, kind=kind, grade=grade, issued_on=on)


# --- eligibility -------------------------------------------------------------------------------------


@dataclass
class Eligibility:
    category: str | None
    amount_fen: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return self.category is not None and self.amount_fen > 0


def _in_programs(person: Person, codes: tuple[str, ...], month: date) -> bool:
    """The person, or a household the person belonged to during ``month``, has an active enrollment in
    ``codes`` that month (the same test as the payroll's statement, ``payroll._household_has``)."""
    qs = enrollments_active(on=month).filter(program__code__in=codes)
    households = Membership.objects.filter(person=person, start_date__lte=month_end(month)).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=month)
    )
    return qs.filter(Q(person=person) | Q(household__in=households.values("household_id"))).exists()


def _standard(program: str, region: Region, month: date, category: str) -> int | None:
    try:
        return standard_amount(program=program, region=region, on=month, category=category)
    except BenefitsError:
        return None


def eligibility(*, person: Person, subsidy: str, month: date, region: Region | None = None) -> Eligibility:
    """Whether ``person`` qualifies for ``subsidy`` (living/care) in ``month``, with the category, the standard
    and the reasons in a clerk's words (国发〔2015〕52号; the same rules as the payroll's statement)."""
    region = region or person.hukou_region or person.region
    program = rules.SUBSIDY_PROGRAM[subsidy]
    result = Eligibility(None)
    certificate = (
        Certificate.objects.filter(person=person, status=Certificate.Status.VALID).order_by("-id").first()
    )
    if certificate is None:
        result.reasons.append("没有有效的残疾人证")
        return result
    if person.status != Person.Status.NORMAL:
        result.reasons.append(f"人员状态为“{person.get_status_display()}”")
        return result
    if rules.excluded_as_tekun(in_tekun=_in_programs(person, (rules.TEKUN,), month)):
        result.reasons.append("已纳入特困人员供养，不享受残疾人两项补贴（国发〔2015〕52号）")
        return result
    if subsidy == "living":
        category = rules.living_category(
            in_dibao=_in_programs(person, rules.DIBAO_PROGRAMS, month),
            in_low_income=_in_programs(person, (rules.LOW_INCOME,), month),
            low_income_extended=_standard(program, region, month, rules.LIVING_LOW_INCOME) is not None,
        )
        if category is None:
            result.reasons.append(
                "本人及所在家庭不是低保对象（困难残疾人生活补贴的对象为低保家庭中的残疾人）"
            )
    else:
        category = rules.care_category(
            kind=certificate.kind, grade=certificate.grade,
            extended=_standard(program, region, month, rules.CARE_EXTENDED) is not None,
        )  # fmt: skip
        if category is None:
            result.reasons.append(
                f"残疾等级为{certificate.get_kind_display()}{certificate.get_grade_display()}，"
                "重度残疾人护理补贴的对象为一级、二级残疾人"
            )
    if category is None:
        return result
    amount = _standard(program, region, month, category)
    if not amount:
        result.reasons.append(
            f"{rules.PROGRAM_NAMES[program]}标准（{rules.CATEGORY_LABELS.get(category, '基本')}）未设置"
        )
        return result
    result.category, result.amount_fen = category, amount
    return result


# --- applications ------------------------------------------------------------------------------------


def application_create(
    *, actor: User, person: Person, subsidy: str, comment: str = "", at: datetime | None = None
) -> Application:
    """申请 at the 乡镇（街道） of the person's 户籍 (52号), with a valid certificate, opening the case."""
    require(actor, "disability.apply")
    if subsidy not in rules.SUBSIDY_PROGRAM:
        raise DisabilityError("请选择补贴项目", field="subsidy")
    certificate = Certificate.objects.filter(person=person, status=Certificate.Status.VALID).first()
    if certificate is None:
        raise DisabilityError(f"{person.name}没有有效的残疾人证，请先登记残疾人证信息", field="person")
    region = person.hukou_region or person.region
    _scope_check(actor, region, "登记申请（应向户籍所在地乡镇（街道）申请）")
    label = rules.SUBSIDY_LABELS[subsidy]
    if Application.objects.filter(person=person, subsidy=subsidy, case__closed_at__isnull=True).exists():
        raise DisabilityError(f"{person.name}已有办理中的{label}申请", field="person")
    program = rules.SUBSIDY_PROGRAM[subsidy]
    now = at or timezone.now()
    if Enrollment.objects.filter(person=person, program__code=program, end_month__isnull=True).exists():
        raise DisabilityError(f"{person.name}正在享受{label}", field="person")
    with transaction.atomic():
        case = case_open(
            case_type=CASE_TYPE, actor=actor, region=region, title=f"{person.name} {label}", subject=person,
            comment=comment, at=now,
        )  # fmt: skip
        return Application.objects.create(
            case=case, subsidy=subsidy, person=person, certificate=certificate, region=region
        )


def application_apply_move(*, case: Case, action: str, actor: User, at: datetime, **context: Any) -> None:
    """The consequences of a move (called by the case engine inside the move's transaction)."""
    app = Application.objects.select_for_update().select_related("person", "region").get(case=case)
    if action == "approve":
        _approve(app, actor=actor, at=at)
    elif action in ("reject", "not_accept"):
        app.approved, app.decided_at = False, at
        app.decision_reason = case.events.order_by("-id").values_list("comment", flat=True).first() or ""
        app.save(update_fields=["approved", "decided_at", "decision_reason"])


def _approve(app: Application, *, actor: User, at: datetime) -> None:
    """审核确认: eligible in the month of the decision, paid from the next month (the ledger's enrollment)."""
    today = timezone.localdate(at)
    month = month_first(today)
    found = eligibility(person=app.person, subsidy=app.subsidy, month=month, region=app.region)
    if not found.eligible:
        raise DisabilityError("不符合条件，应作不予批准决定：" + "；".join(found.reasons))
    programs_ensure()
    start = month_add(month, 1)
    try:
        enrollment = enrollment_create(
            actor=actor, program=rules.SUBSIDY_PROGRAM[app.subsidy], person=app.person, region=app.region,
            start_month=start, amount_fen=found.amount_fen, category=found.category or "", case=app.case,
            basis={"application": app.pk, "case": app.case.number, "certificate": app.certificate.number},
        )  # fmt: skip
    except BenefitsError as exc:
        raise DisabilityError(exc.message) from exc
    app.approved, app.decided_at, app.category = True, at, found.category or ""
    app.amount_fen, app.start_month, app.enrollment = found.amount_fen, start, enrollment
    app.decision_reason = f"符合{rules.SUBSIDY_LABELS[app.subsidy]}条件，自{start:%Y年%m月}起按月发放"
    app.save(update_fields=["approved", "decided_at", "category", "amount_fen", "start_month", "enrollment",
                            "decision_reason"])  # fmt: skip


def application_export_log(*, actor: User, subsidy: str, state: str) -> None:
    audit_append(action=Action.EXPORT, object_type="disability.application", actor=actor,
                 detail=f"导出两项补贴申请（补贴：{subsidy or '全部'}，状态：{state or '全部'}）")  # fmt: skip


def certificate_export_log(*, actor: User, q: str, count: int) -> None:
    audit_append(action=Action.EXPORT, object_type="disability.certificate", actor=actor, object_repr="残疾人证",
                 detail=f"导出残疾人证 {count} 条（查询：{q or '全部'}）")  # fmt: skip


def application_view_log(*, actor: User, application: Application) -> None:
    audit_append(
        action=Action.VIEW, obj=application, actor=actor, detail=f"查看两项补贴申请{application.case.number}"
    )


# --- the monthly sweep -------------------------------------------------------------------------------


def subsidies_sweep(*, actor: User | None, month: date) -> int:
    """Record on the ledger the ends the rules decided: every open enrollment of the two programs that the
    payroll would no longer pay in ``month`` (death, certificate revoked or regraded out, household no longer
    低保, now 特困) is stopped with its last month the month before (or its first month, if it never became
    due). Returns how many were stopped. The ledger's own rule keeps approved months as paid."""
    if actor is not None:
        require(actor, "disability.sweep")
    month = month_first(month)
    stopped = 0
    for code, subsidy in ((rules.LIVING, "living"), (rules.CARE, "care")):
        if not Program.objects.filter(code=code).exists():
            continue
        sql, params = eligible_sql(code, month)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            due = {row[0] for row in cursor.fetchall()}
        open_ = Enrollment.objects.filter(program__code=code, end_month__isnull=True, start_month__lte=month)
        for enrollment in open_.exclude(pk__in=due).select_related("person").order_by("pk"):
            found = eligibility(
                person=enrollment.person, subsidy=subsidy, month=month, region=enrollment.region
            )
            reason = "；".join(found.reasons) or "不再符合条件"
            last = max(month_add(month, -1), enrollment.start_month)
            try:
                enrollment_stop(
                    actor=actor, enrollment=enrollment, last_month=last, reason=f"资格核查：{reason}"[:200]
                )
            except BenefitsError as exc:
                raise DisabilityError(exc.message) from exc
            stopped += 1
    return stopped
