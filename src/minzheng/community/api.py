"""JSON API of community governance: /api/v1/community/projects and /community/certificates (django-ninja, in the
OpenAPI document).

The same reads as the pages: the capability of the pages (``community.read``, else 403), the records through
``selectors.project_list``/``project_get`` and ``certificate_list``/``certificate_get`` (the user's region; outside
it 404). Personal data as the pages show it: the applicant's name masked in the certificates' list, the name and the
masked ID number on a certificate's page, whose opening is audited (``certificate_view_log``). The verification code
(the public check's secret) stays on the page and the printed certificate.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Field, Query, Router, Schema

from minzheng.community import selectors, services
from minzheng.community.models import IssuedCertificate, Project
from minzheng.core.api import PageFilter, keyset_list, responses
from minzheng.core.masking import mask_citizen_id, mask_name
from minzheng.core.roles import require
from minzheng.core.web import StaffRequest

router = Router(tags=["基层治理与社区建设"])

READ = "community.read"  # the pages of community governance (community.views)


# --- 大社区综合服务中心与示范点 -------------------------------------------------------------------------------------


class ProjectItem(Schema):
    id: int
    name: str
    kind: str = Field(description="centre 大社区综合服务中心 / pilot 农村社区治理示范点")
    kind_label: str
    status: str = Field(description="planned 入库待建 / building 建设中 / completed 已建成")
    status_label: str
    region_code: str = Field(description="村（社区）或镇（街道）的区划代码")
    region_name: str
    planned_on: date = Field(description="入库日期")
    started_on: date | None
    completed_on: date | None

    @staticmethod
    def resolve_kind_label(obj: Project) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj: Project) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_region_code(obj: Project) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Project) -> str:
        return obj.region.name


class ProjectOut(ProjectItem):
    facilities: list[str]
    services: list[str] = Field(description="服务项目")
    area_m2: int | None = Field(description="建筑面积（平方米）")
    budget_fen: int | None = Field(description="投资（分）")
    note: str

    @staticmethod
    def resolve_facilities(obj: Project) -> list[str]:
        return obj.facility_list()

    @staticmethod
    def resolve_services(obj: Project) -> list[str]:
        return obj.service_list()


class ProjectPage(Schema):
    items: list[ProjectItem]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class ProjectFilter(PageFilter):
    kind: str = Field("", description="centre / pilot")
    status: str = Field("", description="planned / building / completed")
    region: str | None = Field(None, description="区划代码：只列此区划内的项目")


@router.get(
    "/community/projects",
    response=responses({200: ProjectPage}, 403, 404, 422),
    summary="大社区与示范点项目（键集分页）",
)
def project_list(request: StaffRequest, filters: Query[ProjectFilter]) -> dict[str, Any]:
    return keyset_list(
        request,
        filters,
        lambda: selectors.project_list(user=request.user, kind=filters.kind, status=filters.status),
        capability=READ,
    )


@router.get(
    "/community/projects/{project_id}",
    response=responses({200: ProjectOut}, 403, 404, 422),
    summary="项目详情",
)
def project_detail(request: StaffRequest, project_id: int) -> Project:
    require(request.user, READ)
    return selectors.project_get(user=request.user, pk=project_id)


# --- 证明事项 -------------------------------------------------------------------------------------------------------


class CertificateItemOut(Schema):
    id: int
    number: str = Field(description="证明编号")
    item_name: str = Field(description="证明事项")
    region_code: str = Field(description="出具单位（村（社区））的区划代码")
    region_name: str
    purpose: str
    issued_on: date
    revoked_on: date | None = Field(description="作废日期（有效为 null）")

    @staticmethod
    def resolve_item_name(obj: IssuedCertificate) -> str:
        return obj.item.name

    @staticmethod
    def resolve_region_code(obj: IssuedCertificate) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: IssuedCertificate) -> str:
        return obj.region.name


class CertificateListItem(CertificateItemOut):
    person_name: str = Field(description="申请人姓名（脱敏）")

    @staticmethod
    def resolve_person_name(obj: IssuedCertificate) -> str:
        return mask_name(obj.person.name)


class CertificateOut(CertificateItemOut):
    person_id: int
    person_name: str = Field(description="申请人姓名")
    person_id_number: str = Field(description="申请人身份证号码（脱敏）")
    content: str = Field(description="证明内容")
    basis: str = Field(description="设定依据")
    revoke_reason: str

    @staticmethod
    def resolve_person_name(obj: IssuedCertificate) -> str:
        return obj.person.name

    @staticmethod
    def resolve_person_id_number(obj: IssuedCertificate) -> str:
        return mask_citizen_id(obj.person.id_number)

    @staticmethod
    def resolve_basis(obj: IssuedCertificate) -> str:
        return obj.item.basis


class CertificatePage(Schema):
    items: list[CertificateListItem]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class CertificateFilter(PageFilter):
    q: str = Field("", description="证明编号（含数字时，包含）或申请人姓名（前缀）")
    region: str | None = Field(None, description="区划代码：只列此区划内出具的证明")
    date_from: date | None = Field(None, description="出具日期起（含）")
    date_to: date | None = Field(None, description="出具日期止（含）")


@router.get(
    "/community/certificates",
    response=responses({200: CertificatePage}, 403, 404, 422),
    summary="村（社区）出具的证明（键集分页）",
)
def certificate_list(request: StaffRequest, filters: Query[CertificateFilter]) -> dict[str, Any]:
    return keyset_list(
        request,
        filters,
        lambda: selectors.certificate_list(user=request.user, q=filters.q.strip()),
        capability=READ,
        dates="issued_on",
    )


@router.get(
    "/community/certificates/{certificate_id}",
    response=responses({200: CertificateOut}, 403, 404, 422),
    summary="证明详情（查看记入审计）",
)
def certificate_detail(request: StaffRequest, certificate_id: int) -> IssuedCertificate:
    require(request.user, READ)
    certificate = selectors.certificate_get(user=request.user, pk=certificate_id)
    services.certificate_view_log(actor=request.user, certificate=certificate)
    return certificate
