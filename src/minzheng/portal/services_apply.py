"""Apply, track and get paid, as a resident sees it: the online application's draft and its submission through
assistance's public entry point; the citizen's applications with their state in plain words, deadlines, what is
still missing and history; the payment lines of their enrollments; and the notices of state changes and reviews
due (``portal.reminders``).

A citizen sees the applications they filed here and, when the sign-in went to the number on record (a verified
session), the applications the registry's person is the applicant of; the payments need a verified session.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from minzheng.assistance.casetypes import CASE_TYPES
from minzheng.assistance.models import Application
from minzheng.assistance.services.public import (
    DOCUMENT_KINDS,
    PUBLIC_KINDS,
    REQUIRED_DOCUMENTS,
    DeclaredIncome,
    DeclaredMember,
    Document,
    application_from_citizen,
    documents_from_citizen,
    documents_received,
)
from minzheng.benefits.models import Enrollment, Payment, PayrollRun
from minzheng.casework.models import Case, CaseEvent
from minzheng.casework.types import case_type_get
from minzheng.core.errors import DomainError
from minzheng.core.masking import mask_name
from minzheng.core.models import Region
from minzheng.portal.models import Citizen, CitizenSession
from minzheng.portal.models_apply import ApplyDocument, ApplyDraft
from minzheng.portal.notify import notify
from minzheng.portal.reminders import reminder_register
from minzheng.registry.selectors import person_membership

STEPS: tuple[tuple[str, str], ...] = (
    ("apply", "申请事项"),
    ("apply_details", "申请情况"),
    ("apply_members", "家庭成员"),
    ("apply_incomes", "收入情况"),
    ("apply_documents", "证明材料"),
    ("apply_check", "确认提交"),
)
"""The form's steps (URL name, title), one question a page (docs/style.md, public pages)."""


class ApplyError(DomainError):
    pass


# --- the draft -----------------------------------------------------------------------------------------


def draft_start(*, citizen: Citizen, kind: str) -> ApplyDraft:
    if citizen.person_id is None:
        raise ApplyError("人口库中未能核对到您的身份信息，请携带身份证到户籍所在地社区或镇街窗口申请")
    if kind not in PUBLIC_KINDS:
        raise ApplyError("请选择申请的救助项目", field="kind")
    return ApplyDraft.objects.create(citizen=citizen, kind=kind, data={"members": [], "incomes": []})


def draft_get(*, citizen: Citizen, key: Any) -> ApplyDraft:
    """The citizen's own draft by its key (404 for anyone else's: ``ApplyDraft.DoesNotExist``)."""
    return ApplyDraft.objects.select_related("application__case").get(citizen=citizen, key=key)


def draft_save(draft: ApplyDraft, **changes: Any) -> None:
    if draft.application_id is not None:
        raise ApplyError("申请已提交，不能再修改")
    draft.data = {**draft.data, **changes}
    draft.save(update_fields=["data", "updated_at"])


def member_add(draft: ApplyDraft, *, name: str, id_number: str, relation: str) -> None:
    members = list(draft.data.get("members", []))
    applicant = draft.citizen.id_number
    if id_number == applicant:
        raise ApplyError("申请人本人不必再作为家庭成员填写", field="id_number")
    if any(m["id_number"] == id_number for m in members):
        raise ApplyError(
            f"身份证号码与已填写的成员{mask_name(_named(members, id_number))}重复", field="id_number"
        )
    members.append(
        {"uid": secrets.token_hex(4), "name": name.strip(), "id_number": id_number, "relation": relation}
    )
    draft_save(draft, members=members)


def _named(members: list[dict[str, str]], id_number: str) -> str:
    return next((m["name"] for m in members if m["id_number"] == id_number), "")


def member_remove(draft: ApplyDraft, *, uid: str) -> None:
    members = [m for m in draft.data.get("members", []) if m["uid"] != uid]
    incomes = [i for i in draft.data.get("incomes", []) if i["who"] != uid]
    draft_save(draft, members=members, incomes=incomes)


def income_add(draft: ApplyDraft, *, who: str, income_type: str, monthly_fen: int) -> None:
    if who != "self" and all(m["uid"] != who for m in draft.data.get("members", [])):
        raise ApplyError("请选择收入属于哪位家庭成员", field="who")
    incomes = list(draft.data.get("incomes", []))
    incomes.append(
        {"uid": secrets.token_hex(4), "who": who, "income_type": income_type, "monthly_fen": monthly_fen}
    )
    draft_save(draft, incomes=incomes)


def income_remove(draft: ApplyDraft, *, uid: str) -> None:
    draft_save(draft, incomes=[i for i in draft.data.get("incomes", []) if i["uid"] != uid])


def document_add(draft: ApplyDraft, *, kind: str, upload: File) -> ApplyDocument:
    from minzheng.assistance.services.public import MAX_DOCUMENTS, document_check

    if draft.application_id is not None:
        raise ApplyError("申请已提交，不能再修改")
    document_check(upload, kind=kind)
    if draft.documents.count() >= MAX_DOCUMENTS:
        raise ApplyError(f"证明材料最多{MAX_DOCUMENTS}份", field="file")
    name = (upload.name or DOCUMENT_KINDS[kind]).rsplit("/", 1)[-1][:200]
    return ApplyDocument.objects.create(draft=draft, kind=kind, file=upload, name=name, size=upload.size or 0)


def document_remove(draft: ApplyDraft, *, pk: int) -> None:
    if draft.application_id is not None:
        raise ApplyError("申请已提交，不能再修改")
    document = draft.documents.filter(pk=pk).first()
    if document is not None:
        document.file.delete(save=False)
        document.delete()


def missing_documents(*, kind: str, uploaded: set[str]) -> list[str]:
    return [DOCUMENT_KINDS[k] for k in REQUIRED_DOCUMENTS.get(kind, ()) if k not in uploaded]


def draft_summary(draft: ApplyDraft) -> dict[str, Any]:
    """What the check-answers page shows: the members with their incomes, in the resident's words."""
    from minzheng.assistance.rules import INCOME_LABELS, TEKUN_SUPPORT_LABELS

    data = draft.data
    incomes: dict[str, list[dict[str, Any]]] = {}
    for income in data.get("incomes", []):
        row = {**income, "label": INCOME_LABELS.get(income["income_type"], "")}
        incomes.setdefault(income["who"], []).append(row)
    people = [
        {
            "uid": "self",
            "name": draft.citizen.name,
            "relation": "申请人本人",
            "incomes": incomes.get("self", []),
        }
    ]
    people += [{**m, "incomes": incomes.get(m["uid"], [])} for m in data.get("members", [])]
    town = Region.objects.filter(code=data.get("town", ""), level=Region.Level.TOWN).first()
    documents = list(draft.documents.all())
    return {
        "kind_label": PUBLIC_KINDS.get(draft.kind, ""),
        "support_label": TEKUN_SUPPORT_LABELS.get(data.get("support", ""), ""),
        "requested_fen": data.get("requested_fen") or 0,
        "reason": data.get("reason", ""),
        "town": town,
        "people": people,
        "documents": documents,
        "missing": missing_documents(kind=draft.kind, uploaded={d.kind for d in documents}),
    }


def draft_submit(*, citizen: Citizen, key: Any) -> ApplyDraft:
    """Submit the draft as the citizen's application (once: a second submit of the same key returns the
    draft with the application the first made)."""
    draft = draft_get(citizen=citizen, key=key)
    if draft.application_id is not None:
        return draft
    person = citizen.person
    if person is None:
        raise ApplyError("人口库中未能核对到您的身份信息，请携带身份证到户籍所在地社区或镇街窗口申请")
    data = draft.data
    by_member: dict[str, list[DeclaredIncome]] = {}
    for income in data.get("incomes", []):
        by_member.setdefault(income["who"], []).append(
            DeclaredIncome(income["income_type"], income["monthly_fen"])
        )
    members = [
        DeclaredMember(m["name"], m["id_number"], m["relation"], by_member.get(m["uid"], []))
        for m in data.get("members", [])
    ]
    town = Region.objects.filter(code=data.get("town", ""), level=Region.Level.TOWN).first()
    opened = [(d, d.file.open("rb")) for d in draft.documents.all()]
    try:
        with transaction.atomic():
            locked = ApplyDraft.objects.select_for_update().get(pk=draft.pk)
            if locked.application_id is not None:
                return locked
            application = application_from_citizen(
                applicant=person, kind=draft.kind, members=members, applicant_incomes=by_member.get("self", []),
                documents=[Document(d.kind, File(f, name=d.name)) for d, f in opened],
                declared_town=town, support=data.get("support", ""), requested_fen=data.get("requested_fen") or 0,
                reason=data.get("reason", ""),
            )  # fmt: skip
            locked.application = application
            locked.submitted_at = timezone.now()
            locked.notified_state = application.case.state
            locked.save(update_fields=["application", "submitted_at", "notified_state"])
            notify(
                citizen,
                title="您的救助申请已提交",
                body=f"申请编号{application.case.number}，等待镇街受理。",
                url=f"/m/applications/{application.pk}/",
                key=f"case:{application.case_id}:{application.case.state}",
                sms=False,
            )
    except DomainError:
        draft.refresh_from_db()
        if draft.application_id is not None:  # a concurrent submit of the same form made it
            return draft
        raise
    finally:
        for _, handle in opened:
            handle.close()
    for document in draft.documents.all():  # the case keeps its own copy now
        document.file.delete(save=False)
    return locked


# --- my applications -----------------------------------------------------------------------------------

PLAIN_STATES: dict[str, tuple[str, str]] = {
    "applied": ("已提交", "等待镇街受理。受理后，镇街将入户调查、核对家庭经济状况。"),
    "investigating": ("已受理", "镇街已受理您的申请，正在入户调查、核对家庭经济状况。"),
    "paperwork": ("已先行救助", "镇街已先行给予救助，正在补办申请手续。"),
    "town_review": ("镇街审核中", "调查已完成，镇街正在审核。"),
    "publicity": ("公示中", "审核结果正在村（居）公示，公示期7天。"),
    "objection": ("公示异议核实中", "公示期间有人提出异议，正在重新核实。"),
    "district_review": ("区民政局审核中", "区民政局正在审核确认。"),
    "enrolled": ("已批准", "申请已获批准，救助金将按月发放。"),
    "rejected": ("未获批准", "申请未获批准，理由见下方办理记录；如有异议，可向区民政局申请复查。"),
    "not_accepted": ("不予受理", "申请未被受理，理由见下方办理记录。"),
    "withdrawn": ("已撤回", "申请已撤回。"),
}
"""Each state of the assistance procedures in a resident's words: (short, what it means for them)."""

_REASON_SHOWN = frozenset(
    {"refuse", "reject", "return", "withdraw"}
)  # the written reasons owed to the applicant


def plain_state(application: Application) -> tuple[str, str]:
    state = application.case.state
    short, long = PLAIN_STATES.get(state, (case_type_get(application.case.case_type).state_label(state), ""))
    if state == "enrolled" and application.program == "temporary":
        long = "申请已获批准，救助金将一次性发放。"
    if state == "enrolled" and application.program == "low_income":
        short, long = "已认定", "已认定为低收入家庭。"
    return short, long


def applications_for(citizen: Citizen, *, verified: bool) -> QuerySet[Application]:
    """The applications the citizen filed here, and (verified sessions) those of which the registry's person
    is the applicant."""
    q = Q(pk__in=ApplyDraft.objects.filter(citizen=citizen, application__isnull=False).values("application"))
    if verified and citizen.person_id is not None:
        q |= Q(applicant_id=citizen.person_id)
    return Application.objects.filter(q).select_related("case", "region").order_by("-case__opened_at", "-pk")


def application_for(citizen: Citizen, *, verified: bool, pk: int) -> Application:
    """One of the citizen's applications (``Application.DoesNotExist`` for any other)."""
    return applications_for(citizen, verified=verified).get(pk=pk)


@dataclass(frozen=True)
class Step:
    at: datetime
    label: str
    office: str
    reason: str
    state: str  # the state it led to, in a resident's words


def application_history(application: Application) -> list[Step]:
    """The moves of the case: when, what, which office (never a worker's name), the state it led to in plain
    words, and the written reason of a refusal or return."""
    kind = case_type_get(application.case.case_type)
    events = (
        CaseEvent.objects.filter(case=application.case).select_related("actor__region").order_by("at", "id")
    )
    steps = []
    for event in events:
        actor = event.actor  # with its region in the same query (select_related)
        office = actor.region.name if actor is not None and actor.region is not None else ""
        if event.action == "open":
            steps.append(Step(event.at, "提交申请", office or "网上申请", "", _short(kind, event.to_state)))
        elif event.action == "extend":
            steps.append(Step(event.at, "办理期限延长", office, "", ""))
        elif event.from_state != event.to_state:
            reason = event.comment if event.action in _REASON_SHOWN else ""
            steps.append(Step(event.at, event.action_label, office, reason, _short(kind, event.to_state)))
    return steps


def _short(kind: Any, state: str) -> str:
    return PLAIN_STATES.get(state, (kind.state_label(state), ""))[0]


def application_office(application: Application) -> Region:
    """The 乡镇/街道 that handles the application (the case is filed under the village or community)."""
    region = application.region
    return next((r for r in [region, *reversed(region.ancestors())] if r.level == Region.Level.TOWN), region)


def application_deadlines(application: Application) -> dict[str, Any]:
    """The limits the case engine computed: of the current step and of the whole application; before 受理,
    how long the whole takes once accepted."""
    case: Case = application.case
    kind = CASE_TYPES.get(next((k for k, t in CASE_TYPES.items() if t.code == case.case_type), ""))
    if case.closed_at is not None:
        return {"closed_at": case.closed_at}
    note = ""
    if case.due_at is None and kind is not None and kind.total_deadline and kind.total_deadline_from:
        note = f"自镇街受理之日起{kind.total_deadline.describe()}内办结"
    return {"step_due": case.state_due_at, "total_due": case.due_at, "extended": case.extended, "note": note}


def application_missing(citizen: Citizen, application: Application) -> list[str]:
    """The documents the application still lacks (of those it needs), for an application filed here."""
    draft = ApplyDraft.objects.filter(citizen=citizen, application=application).first()
    if draft is None or application.case.closed_at is not None:
        return []
    return missing_documents(kind=draft.kind, uploaded=documents_received(application=application))


def application_documents(citizen: Citizen, application: Application) -> list[str]:
    """The names of the documents the applicant handed in online (for an application filed here)."""
    if not ApplyDraft.objects.filter(citizen=citizen, application=application).exists():
        return []
    return list(application.case.attachments.filter(uploaded_by__isnull=True).values_list("name", flat=True))


def documents_supplement(citizen: Citizen, application: Application, *, kind: str, upload: File) -> None:
    """补充材料 to an application filed here, through assistance's public entry point."""
    if not ApplyDraft.objects.filter(citizen=citizen, application=application).exists():
        raise ApplyError("只能为在本平台提交的申请补充材料，请联系受理的镇街", field="file")
    name = (upload.name or DOCUMENT_KINDS.get(kind, "")).rsplit("/", 1)[-1]
    documents_from_citizen(application=application, documents=[Document(kind, File(upload, name=name))])


def can_supplement(citizen: Citizen, application: Application) -> bool:
    from minzheng.assistance.services.assessments import EDITABLE_CASE_STATES

    case = application.case
    filed_here = ApplyDraft.objects.filter(citizen=citizen, application=application).exists()
    return filed_here and case.closed_at is None and case.state in EDITABLE_CASE_STATES


# --- notifications -------------------------------------------------------------------------------------


def _state_notice(draft: ApplyDraft) -> bool:
    application = draft.application
    assert application is not None
    state = application.case.state
    short, long = plain_state(application)
    sent = notify(
        draft.citizen,
        title=f"您的救助申请办理进度：{short}",
        body=f"申请编号{application.case.number}。{long}",
        url=f"/m/applications/{application.pk}/",
        key=f"case:{application.case_id}:{state}",
    )
    ApplyDraft.objects.filter(pk=draft.pk).update(notified_state=state)
    return sent


def state_changes_notify(*, citizen: Citizen | None = None) -> int:
    """A notice for each application filed here whose state moved since the last notice (once per state:
    ``notify``'s key). Called when the citizen opens their applications, and daily by the reminder."""
    from django.db.models import F

    drafts = ApplyDraft.objects.filter(application__isnull=False).exclude(
        notified_state=F("application__case__state")
    )
    if citizen is not None:
        drafts = drafts.filter(citizen=citizen)
    return sum(_state_notice(d) for d in drafts.select_related("citizen", "application__case"))


@reminder_register("application_state")
def application_state_reminder(day: date) -> int:
    return state_changes_notify()


REVIEW_NOTICE_DAYS = 30


@reminder_register("review_due")
def review_due_reminder(day: date) -> int:
    """Verified citizens whose enrollment is reviewed (复核) within the next 30 days: one notice per review
    (the key holds the review date, so the next review notifies again)."""
    verified = CitizenSession.objects.filter(verified=True).values("citizen")
    citizens = {
        c.person_id: c
        for c in Citizen.objects.filter(pk__in=verified, person__isnull=False).only("pk", "person", "phone")
    }
    month = day.replace(day=1)
    enrollments = (
        Enrollment.objects.filter(
            person_id__in=list(citizens),
            review_due__gte=day,
            review_due__lte=day + timedelta(days=REVIEW_NOTICE_DAYS),
        )
        .filter(Q(end_month__isnull=True) | Q(end_month__gte=month))
        .exclude(status=Enrollment.Status.STOPPED)
        .select_related("program")
    )
    sent = 0
    for enrollment in enrollments:
        due = enrollment.review_due
        assert due is not None
        sent += notify(
            citizens[enrollment.person_id],
            title=f"您的{enrollment.program.name}将于{due.month}月{due.day}日复核",
            body="届时镇街工作人员将核对家庭人口、收入和财产情况，请提前准备户口簿、收入证明等材料。",
            url="/m/payments/",
            key=f"review:{enrollment.pk}:{due.isoformat()}",
        )
    return sent


# --- my payments ---------------------------------------------------------------------------------------

PAID_RUNS = (PayrollRun.Status.APPROVED, PayrollRun.Status.EXPORTED, PayrollRun.Status.RECONCILED)


def enrollments_for(citizen: Citizen) -> list[Enrollment]:
    """The person's enrollments and those of their current household paid per household."""
    person = citizen.person
    if person is None:
        return []
    membership = person_membership(person=person)
    q = Q(person=person)
    if membership is not None:
        q |= Q(household=membership.household, program__unit="household")
    return list(
        Enrollment.objects.filter(q).select_related("program", "person").order_by("-start_month", "-pk")
    )


@dataclass(frozen=True)
class Line:
    program: str
    payee: str
    amount_fen: int
    members: int
    status: str
    kind: str


def payment_months(
    citizen: Citizen, enrollments: list[Enrollment], *, months: int = 24
) -> list[tuple[date, list[Line]]]:
    """Month by month (newest first), the payment lines of approved payrolls for these enrollments; the payee
    named only when it is the citizen, masked otherwise."""
    payments = (
        Payment.objects.filter(enrollment__in=[e.pk for e in enrollments], run__status__in=PAID_RUNS)
        .select_related("program", "person")
        .order_by("-month", "id")
    )
    grouped: dict[date, list[Line]] = {}
    for p in payments:
        if p.month not in grouped and len(grouped) >= months:
            break
        payee = "本人" if p.person_id == citizen.person_id else mask_name(p.person.name)
        grouped.setdefault(p.month, []).append(
            Line(
                p.program.name,
                payee,
                p.amount_fen,
                p.members_count,
                p.get_status_display(),
                p.get_kind_display(),
            )
        )
    return list(grouped.items())
