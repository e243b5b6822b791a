"""The public entry point of applications: a resident applies online (the citizens' site), with no staff
account behind the request.

The same checks as staff entry (``applications.application_create``): the applicant's status, the place of
application (《社会救助暂行办法》第十一条: the 乡镇/街道 of 户籍), one open application per program, the 特困
support chosen by the applicant (第十九条), the amount asked for 临时救助, and the members' ID numbers
(GB 11643, ``core.ids``). The application opens at 申请 in the case engine for that town; the 镇街 worker then
accepts (受理) and investigates as for an application made at the counter.

What the resident declares is kept where the investigation reads it: members found in the registry (ID and
name agreeing) join the assessment with their incomes; members the registry does not hold are written into the
registration's comment (ID masked) for the worker to verify; the documents become the case's attachments.
When the registry holds no 户籍 for the applicant, the resident names the 乡镇/街道 (checked at 受理).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from minzheng.assistance import rules
from minzheng.assistance.casetypes import CASE_TYPES
from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.models import Application, Assessment, AssessmentMember, Income
from minzheng.assistance.rules import Program, program_label
from minzheng.assistance.services.applications import (
    _check_support,
    _members_snapshot,
    _program_for,
    _temporary_kind,
    _town_of,
    application_place,
)
from minzheng.casework.models import CaseAttachment
from minzheng.casework.services import case_open
from minzheng.core.ids import CitizenIdError, parse_citizen_id
from minzheng.core.masking import mask_citizen_id
from minzheng.core.models import Region
from minzheng.registry.models import Household, Person
from minzheng.registry.selectors import person_membership

PUBLIC_KINDS: dict[str, str] = {
    "dibao": "最低生活保障（低保）",
    "tekun": "特困人员救助供养",
    "temporary_expense": "临时救助（因病、因学等刚性支出过大）",
    "temporary_emergency": "临时救助（突发意外、生活陷入困境）",
}
"""What a resident may apply for online, in a resident's words (the case types of ``casetypes``)."""

DOCUMENT_KINDS: dict[str, str] = {
    "hukou": "户口簿",
    "id_card": "身份证",
    "income": "收入证明",
    "medical": "疾病诊断证明或医疗费用票据",
    "disability": "残疾人证",
    "other": "其他证明材料",
}
REQUIRED_DOCUMENTS: dict[str, tuple[str, ...]] = {
    "dibao": ("hukou", "id_card", "income"),
    "tekun": ("hukou", "id_card"),
    "temporary_expense": ("hukou", "id_card", "medical"),
    "temporary_emergency": ("hukou", "id_card"),
}
"""The documents each application needs (《社会救助暂行办法》第十一条: 申请 with the household's 户口簿, ID
cards and proof of income; 临时救助 支出型: proof of the expense). The worker may ask for more at 受理."""

MAX_DOCUMENTS = 9
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # the staff side's limit for photos (grid events): 10 MB a file
_DOCUMENT_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"RIFF", b"%PDF-")

RELATIONS: tuple[str, ...] = (
    "配偶",
    "子女",
    "父母",
    "兄弟姐妹",
    "祖父母或外祖父母",
    "孙子女或外孙子女",
    "其他亲属",
)
"""A member's relation to the applicant, as the resident declares it."""


@dataclass(frozen=True)
class DeclaredIncome:
    income_type: str
    monthly_fen: int


@dataclass(frozen=True)
class DeclaredMember:
    name: str
    id_number: str
    relation: str
    incomes: Sequence[DeclaredIncome] = field(default_factory=tuple)


@dataclass(frozen=True)
class Document:
    kind: str
    file: File


def document_check(upload: File, *, kind: str) -> None:
    """A document is a photo (JPEG, PNG, GIF, WebP) or a PDF of at most 10 MB, recognised by its content."""
    label = DOCUMENT_KINDS.get(kind)
    if label is None:
        raise AssistanceError("请选择材料类型", field="kind")
    name = upload.name or label
    if (upload.size or 0) > MAX_DOCUMENT_BYTES:
        raise AssistanceError(f"{label}“{name}”超过10MB，请压缩后再上传", field="file")
    if not upload.size:
        raise AssistanceError(f"{label}“{name}”是空文件", field="file")
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    if not head.startswith(_DOCUMENT_MAGIC):
        raise AssistanceError(
            f"{label}“{name}”不是照片或PDF文件（支持JPEG、PNG、GIF、WebP、PDF）", field="file"
        )


def citizen_registry_town(*, applicant: Person) -> Region | None:
    """The 乡镇/街道 where ``applicant`` applies by the registry's 户籍 (of the household, else the person's);
    None when the registry holds no 户籍 for them (the resident then names the town)."""
    membership = person_membership(person=applicant)
    household = membership.household if membership else None
    hukou = household.hukou_region if household is not None else applicant.hukou_region
    return _town_of(hukou) if hukou is not None else None


def city_towns() -> list[Region]:
    """The 乡镇/街道 of the region tree, in code order (the choice when the registry holds no 户籍)."""
    return list(Region.objects.filter(level=Region.Level.TOWN).select_related("parent").order_by("code"))


def _member_label(index: int, member: DeclaredMember) -> str:
    return f"第{index}位家庭成员{member.name.strip() or ''}"


def _members_check(applicant: Person, members: Sequence[DeclaredMember]) -> list[tuple[DeclaredMember, str]]:
    """Each member's ID by GB 11643, no one twice, not the applicant; returns (member, normalised ID)."""
    seen = {applicant.id_number}
    checked = []
    for index, member in enumerate(members, start=1):
        who = _member_label(index, member)
        if not member.name.strip():
            raise AssistanceError(f"第{index}位家庭成员：请填写姓名", field=f"member-{index}-name")
        try:
            number = parse_citizen_id(member.id_number).number
        except CitizenIdError as exc:
            raise AssistanceError(
                f"{who}：身份证号码不正确：{exc.reason}", field=f"member-{index}-id"
            ) from exc
        if number == applicant.id_number:
            raise AssistanceError(f"{who}：申请人本人不必再作为家庭成员填写", field=f"member-{index}-id")
        if number in seen:
            raise AssistanceError(f"{who}：身份证号码与其他成员重复", field=f"member-{index}-id")
        if member.relation not in RELATIONS:
            raise AssistanceError(f"{who}：请选择与申请人的关系", field=f"member-{index}-relation")
        for income in member.incomes:
            _income_check(income, who=who)
        seen.add(number)
        checked.append((member, number))
    return checked


def _income_check(income: DeclaredIncome, *, who: str) -> None:
    if income.income_type not in rules.INCOME_LABELS:
        raise AssistanceError(f"{who}：收入类型无效", field="income_type")
    amount = income.monthly_fen
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise AssistanceError(
            f"{who}的{rules.INCOME_LABELS[income.income_type]}：月收入不能为负数", field="monthly"
        )


def _yuan(fen: int) -> str:
    return f"{fen / 100:,.2f}"


def application_from_citizen(
    *,
    applicant: Person,
    kind: str,
    members: Sequence[DeclaredMember] = (),
    applicant_incomes: Sequence[DeclaredIncome] = (),
    documents: Sequence[Document] = (),
    declared_town: Region | None = None,
    support: str = "",
    requested_fen: int = 0,
    reason: str = "",
    channel: str = "公众服务网上申请",
    at: datetime | None = None,
) -> Application:
    """A resident's own application (申请) of ``kind`` (``PUBLIC_KINDS``), opened at 申请 for the town of the
    applicant's 户籍 with the declared members, incomes and documents. Refuses, naming the member or field,
    whatever staff entry refuses."""
    case_type = CASE_TYPES.get(kind)
    if case_type is None or kind not in PUBLIC_KINDS:
        raise AssistanceError("请选择申请的救助项目", field="kind")
    now = at or timezone.now()
    today = timezone.localdate(now)
    if applicant.status != Person.Status.NORMAL:
        raise AssistanceError(f"{applicant.name}的人员状态为“{applicant.get_status_display()}”，不能申请")
    membership = person_membership(person=applicant)
    household: Household | None = membership.household if membership else None
    if citizen_registry_town(applicant=applicant) is not None:
        region = application_place(
            person=applicant, household=household, via_residence_permit=False, on=today
        )
    elif declared_town is not None and declared_town.level == Region.Level.TOWN:
        region = declared_town
    else:
        raise AssistanceError("人口库中没有您的户籍信息，请选择户籍所在的乡镇（街道）", field="town")
    program = _program_for(kind, household=household, region=region)
    _check_support(kind, support)
    if isinstance(requested_fen, bool) or not isinstance(requested_fen, int) or requested_fen < 0:
        raise AssistanceError("申请金额无效", field="requested")
    if kind.startswith("temporary") and requested_fen <= 0:
        raise AssistanceError("临时救助请填写申请救助的金额", field="requested")
    for income in applicant_incomes:
        _income_check(income, who=f"申请人{applicant.name}")
    checked = _members_check(applicant, members)
    if len(documents) > MAX_DOCUMENTS:
        raise AssistanceError(f"证明材料最多{MAX_DOCUMENTS}份", field="documents")
    for document in documents:
        document_check(document.file, kind=document.kind)
    found = Person.objects.in_bulk([number for _, number in checked], field_name="id_number")
    for index, (member, number) in enumerate(checked, start=1):
        person = found.get(number)
        if person is not None and person.name != member.name.strip():
            raise AssistanceError(
                f"{_member_label(index, member)}：姓名与身份证号码不符，请核对", field=f"member-{index}-name"
            )
        if person is not None and person.status != Person.Status.NORMAL:
            raise AssistanceError(
                f"{_member_label(index, member)}：人员状态为“{person.get_status_display()}”，不能作为共同生活成员",
                field=f"member-{index}-id",
            )
    if Application.objects.filter(
        applicant=applicant, program=program, case__closed_at__isnull=True
    ).exists():
        raise AssistanceError(f"您已有办理中的{program_label(program)}申请，请在“我的申请”中查看进度")

    individual = program == Program.TEKUN
    with transaction.atomic():
        assessment = Assessment.objects.create(
            program=program, region=region, household=household, applicant=applicant, on=today
        )
        _members_snapshot(assessment, applicant=applicant, household=household, individual=individual)
        by_person = {m.person_id: m for m in assessment.members.all()}
        unregistered: list[str] = []
        for member, number in checked:
            person = found.get(number)
            lines = "，".join(
                f"{rules.INCOME_LABELS[i.income_type]}{_yuan(i.monthly_fen)}元/月" for i in member.incomes
            )
            if person is None:
                unregistered.append(
                    f"{member.name.strip()}（{mask_citizen_id(number)}，{member.relation}"
                    + (f"，{lines}" if lines else "")
                    + "）"
                )
                continue
            row = by_person.get(person.pk)
            if row is None:
                row = AssessmentMember.objects.create(
                    assessment=assessment, person=person, relation=f"{member.relation}（申请人申报）"[:20]
                )
                by_person[person.pk] = row
            _incomes_add(row, member.incomes)
        _incomes_add(by_person[applicant.pk], applicant_incomes)
        comment = _registration_comment(channel, reason, unregistered, documents)
        case = case_open(
            case_type=case_type.code, actor=None, region=region, title=f"{applicant.name} {case_type.label}",
            subject=applicant, comment=comment, at=now, check_scope=False,
        )  # fmt: skip
        opening = case.events.get(action="open")
        for document in documents:
            label = DOCUMENT_KINDS[document.kind]
            CaseAttachment.objects.create(
                case=case, event=opening, file=document.file,
                name=f"{label}：{document.file.name or label}"[:200], uploaded_by=None,
            )  # fmt: skip
        return Application.objects.create(
            case=case, program=program, kind=support if kind == "tekun" else _temporary_kind(kind), region=region,
            applicant=applicant, household=household, assessment=assessment, requested_fen=requested_fen,
        )  # fmt: skip


def _incomes_add(member: AssessmentMember, incomes: Sequence[DeclaredIncome]) -> None:
    for income in incomes:  # a few rows, each audited
        if income.monthly_fen > 0:
            Income.objects.create(
                member=member,
                income_type=income.income_type,
                monthly_fen=income.monthly_fen,
                note="申请人申报",
            )


def _registration_comment(
    channel: str, reason: str, unregistered: list[str], documents: Sequence[Document]
) -> str:
    parts = [channel]
    if reason.strip():
        parts.append(f"申请事由：{reason.strip()[:500]}")
    if unregistered:
        parts.append("申报的共同生活成员（人口库未登记，请核实）：" + "；".join(unregistered))
    if documents:
        parts.append("已上传材料：" + "、".join(DOCUMENT_KINDS[d.kind] for d in documents))
    return "。".join(parts)


def documents_from_citizen(*, application: Application, documents: Sequence[Document]) -> int:
    """补充材料: the applicant adds documents while the 乡镇 still investigates (the states in which the case
    worker may change the investigation, ``assessments.EDITABLE_CASE_STATES``); at most ``MAX_DOCUMENTS`` of the
    applicant's own in all. Returns how many were added."""
    from minzheng.assistance.services.assessments import EDITABLE_CASE_STATES

    case = application.case
    if case.closed_at is not None or case.state not in EDITABLE_CASE_STATES:
        raise AssistanceError(
            "申请已进入审核环节，不能再在网上补充材料；如需补充，请联系受理的镇街", field="file"
        )
    if not documents:
        raise AssistanceError("请选择要上传的文件", field="file")
    own = case.attachments.filter(uploaded_by__isnull=True).count()
    if own + len(documents) > MAX_DOCUMENTS:
        raise AssistanceError(f"证明材料最多{MAX_DOCUMENTS}份，已上传{own}份", field="file")
    for document in documents:
        document_check(document.file, kind=document.kind)
    with transaction.atomic():
        for document in documents:
            label = DOCUMENT_KINDS[document.kind]
            CaseAttachment.objects.create(
                case=case, file=document.file, uploaded_by=None,
                name=f"{label}（补充）：{document.file.name or label}"[:200],
            )  # fmt: skip
    return len(documents)


def documents_received(*, application: Application) -> set[str]:
    """The kinds of document the applicant has handed in online (initial and supplementary)."""
    names = application.case.attachments.filter(uploaded_by__isnull=True).values_list("name", flat=True)
    return {
        kind
        for kind, label in DOCUMENT_KINDS.items()
        if any(n.startswith((f"{label}：", f"{label}（补充）：")) for n in names)
    }
