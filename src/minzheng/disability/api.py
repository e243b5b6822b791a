"""JSON API of the two disability subsidies under /api/v1/disability/ (django-ninja, in the OpenAPI document).

The same reads as the pages (``disability.views``): the capability of the pages (``disability.read``, else 403), the
records through the scoped selectors (``selectors.application_list``/``application_get``, ``certificate_list``:
the user's region; outside it 404). Personal data as the pages show it: the holder's name, the ID number and the
残疾人证号 masked (the certificate number begins with the ID number). Opening an application is audited as its page
is (``services.application_view_log``). Read-only: applications are registered and moved on the pages, where the
person picker and the case's moves are.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema

from minzheng.core.api import PageFilter, keyset_list, responses
from minzheng.core.masking import mask_citizen_id
from minzheng.core.roles import require
from minzheng.core.web import StaffRequest
from minzheng.disability import selectors, services
from minzheng.disability.casetypes import SubsidyApplication
from minzheng.disability.models import Application, Certificate

router = Router(tags=["残疾人两项补贴"])

READ = "disability.read"  # the pages of the two subsidies (disability.views)


# --- 两项补贴申请 --------------------------------------------------------------------------------------------------


class DisabilityApplicationItem(Schema):
    id: int
    case_number: str = Field(description="案件编号")
    subsidy: str = Field(description="living 困难残疾人生活补贴 / care 重度残疾人护理补贴")
    subsidy_label: str
    person_id: int
    person_name: str = Field(description="申请人姓名")
    person_id_number: str = Field(description="申请人身份证号码（脱敏）")
    disability: str = Field(description="残疾类别与等级")
    state: str = Field(description="案件状态")
    state_label: str
    region_code: str = Field(description="受理地区划代码")
    region_name: str
    amount_fen: int | None = Field(description="核定月标准（分；未批准为 null）")
    start_month: date | None = Field(description="发放起始月")

    @staticmethod
    def resolve_case_number(obj: Application) -> str:
        return obj.case.number

    @staticmethod
    def resolve_subsidy_label(obj: Application) -> str:
        return obj.get_subsidy_display()

    @staticmethod
    def resolve_person_name(obj: Application) -> str:
        return obj.person.name

    @staticmethod
    def resolve_person_id_number(obj: Application) -> str:
        return mask_citizen_id(obj.person.id_number)

    @staticmethod
    def resolve_disability(obj: Application) -> str:
        return f"{obj.certificate.get_kind_display()}{obj.certificate.get_grade_display()}"

    @staticmethod
    def resolve_state(obj: Application) -> str:
        return obj.case.state

    @staticmethod
    def resolve_state_label(obj: Application) -> str:
        return SubsidyApplication.state_label(obj.case.state)

    @staticmethod
    def resolve_region_code(obj: Application) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Application) -> str:
        return obj.region.name


class DisabilityApplicationOut(DisabilityApplicationItem):
    approved: bool | None = Field(description="批准（未决定为 null）")
    decided_at: datetime | None
    category: str = Field(description="补贴类别（标准的类别，如 grade1）")
    decision_reason: str = Field(description="决定理由")
    certificate_number: str = Field(description="残疾人证号（脱敏）")
    enrollment_id: int | None = Field(description="保障记录（批准后）")

    @staticmethod
    def resolve_certificate_number(obj: Application) -> str:
        return mask_citizen_id(obj.certificate.number)


class DisabilityApplicationPage(Schema):
    items: list[DisabilityApplicationItem]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class DisabilityApplicationFilter(PageFilter):
    subsidy: str = Field("", description="living / care")
    state: str = Field("", description="案件状态（如 applied、town_reviewed、approved）")
    region: str | None = Field(None, description="区划代码：只列此区划内受理的申请")


@router.get(
    "/disability/applications",
    response=responses({200: DisabilityApplicationPage}, 403, 404, 422),
    summary="两项补贴申请（键集分页）",
)
def application_list(request: StaffRequest, filters: Query[DisabilityApplicationFilter]) -> dict[str, Any]:
    return keyset_list(
        request,
        filters,
        lambda: selectors.application_list(user=request.user, subsidy=filters.subsidy, state=filters.state),
        capability=READ,
    )


@router.get(
    "/disability/applications/{disability_application_id}",
    response=responses({200: DisabilityApplicationOut}, 403, 404, 422),
    summary="两项补贴申请详情（查看记入审计）",
)
def application_detail(request: StaffRequest, disability_application_id: int) -> Application:
    require(request.user, READ)
    application = selectors.application_get(user=request.user, pk=disability_application_id)
    services.application_view_log(actor=request.user, application=application)
    return application


# --- 残疾人证 -----------------------------------------------------------------------------------------------------


class DisabilityCertificateOut(Schema):
    id: int
    person_id: int
    person_name: str = Field(description="持证人姓名")
    number: str = Field(description="残疾人证号（脱敏）")
    kind: int = Field(description="残疾类别代码：1 视力 2 听力 3 言语 4 肢体 5 智力 6 精神 7 多重")
    kind_label: str
    grade: int = Field(description="残疾等级 1–4")
    grade_label: str
    issued_on: date
    valid_until: date | None
    status: str = Field(description="valid 有效 / revoked 已注销")
    status_label: str
    revoked_on: date | None
    region_code: str = Field(description="所属区划代码")
    region_name: str

    @staticmethod
    def resolve_person_name(obj: Certificate) -> str:
        return obj.person.name

    @staticmethod
    def resolve_number(obj: Certificate) -> str:
        return mask_citizen_id(obj.number)

    @staticmethod
    def resolve_kind_label(obj: Certificate) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_grade_label(obj: Certificate) -> str:
        return obj.get_grade_display()

    @staticmethod
    def resolve_status_label(obj: Certificate) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_region_code(obj: Certificate) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Certificate) -> str:
        return obj.region.name


class DisabilityCertificatePage(Schema):
    items: list[DisabilityCertificateOut]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class DisabilityCertificateFilter(PageFilter):
    q: str = Field("", description="持证人姓名（前缀）或残疾人证号（全为数字时，包含）")
    status: str = Field("", description="valid / revoked")
    region: str | None = Field(None, description="区划代码：只列此区划内的残疾人证")
    date_from: date | None = Field(None, description="发证日期起（含）")
    date_to: date | None = Field(None, description="发证日期止（含）")


@router.get(
    "/disability/certificates",
    response=responses({200: DisabilityCertificatePage}, 403, 404, 422),
    summary="残疾人证（键集分页）",
)
def certificate_list(request: StaffRequest, filters: Query[DisabilityCertificateFilter]) -> dict[str, Any]:
    def rows() -> QuerySet[Certificate]:
        qs = selectors.certificate_list(user=request.user, q=filters.q.strip())
        return qs.filter(status=filters.status) if filters.status else qs

    return keyset_list(request, filters, rows, capability=READ, dates="issued_on")
