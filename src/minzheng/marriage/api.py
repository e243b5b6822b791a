"""JSON API of the marriage register: /api/v1/marriage/registrations (django-ninja, in the OpenAPI document).

The same reads as the register's pages: only the capability of the search page (``marriage.read``: the registrars
and the city manager; anyone else 403), the records through ``selectors.registration_list``/``registration_get``
(a registrar: their offices'; the city manager: all; another office's record 404), ID numbers masked as the
pages mask them, and every read audited as the pages audit it (a search with its count, a record by its 字号).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema

from minzheng.core.api import PageFilter, keyset_list, responses
from minzheng.core.masking import mask_citizen_id
from minzheng.core.roles import require
from minzheng.core.web import StaffRequest
from minzheng.marriage import selectors, services
from minzheng.marriage.models import Registration

router = Router(tags=["婚姻登记"])

READ = "marriage.read"  # the register's search page (marriage.views.register_list)


class ReissueOut(Schema):
    number: str = Field(description="补领证书字号")
    on: date
    reason: str


class RegistrationItem(Schema):
    id: int
    number: str = Field(description="证书字号")
    kind: str = Field(description="marriage 结婚登记 / divorce 离婚登记")
    kind_label: str
    registered_on: date
    office_code: str = Field(description="登记机关的行政区划代码")
    office_name: str
    region_code: str = Field(description="登记机关所在区划代码")
    party: str = Field(description="当事人类别：mainland / foreign / hmt / overseas")
    man_name: str
    man_id_number: str = Field(description="男方身份证号码（脱敏）")
    woman_name: str
    woman_id_number: str = Field(description="女方身份证号码（脱敏）")
    status: str = Field(description="valid 有效 / revoked 已撤销")
    status_label: str
    dissolved_on: date | None = Field(description="婚姻解除日期（结婚登记）")

    @staticmethod
    def resolve_kind_label(obj: Registration) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_office_code(obj: Registration) -> str:
        return obj.office.code

    @staticmethod
    def resolve_office_name(obj: Registration) -> str:
        return obj.office.name

    @staticmethod
    def resolve_region_code(obj: Registration) -> str:
        return obj.office.region.code

    @staticmethod
    def resolve_man_name(obj: Registration) -> str:
        return obj.man.name

    @staticmethod
    def resolve_man_id_number(obj: Registration) -> str:
        return mask_citizen_id(obj.man.id_number)

    @staticmethod
    def resolve_woman_name(obj: Registration) -> str:
        return obj.woman.name

    @staticmethod
    def resolve_woman_id_number(obj: Registration) -> str:
        return mask_citizen_id(obj.woman.id_number)

    @staticmethod
    def resolve_status_label(obj: Registration) -> str:
        return obj.get_status_display()


class RegistrationOut(RegistrationItem):
    both_present: bool
    documents_checked: bool
    marriage_id: int | None = Field(description="离婚登记所解除的结婚登记 id")
    revoked_on: date | None
    revoke_judgment: str = Field(description="撤销依据（判决书文号）")
    revoke_reason: str
    reissues: list[ReissueOut] = Field(description="补领记录")

    @staticmethod
    def resolve_reissues(obj: Registration) -> list[Any]:
        return selectors.reissues_of(registration=obj)


class RegistrationPage(Schema):
    items: list[RegistrationItem]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class RegistrationFilter(PageFilter):
    q: str = Field("", description="证书字号（J/L/B 开头，前缀）、当事人姓名或18位身份证号码（精确）")
    kind: str = Field("", description="marriage 结婚登记 / divorce 离婚登记")
    status: str = Field("", description="valid 有效 / revoked 已撤销")
    region: str | None = Field(None, description="区划代码：只列此区划内登记机关的登记")
    date_from: date | None = Field(None, description="登记日期起（含）")
    date_to: date | None = Field(None, description="登记日期止（含）")


@router.get(
    "/marriage/registrations",
    response=responses({200: RegistrationPage}, 403, 404, 422),
    summary="婚姻登记档案检索（键集分页；检索记入审计）",
)
def registration_list(request: StaffRequest, filters: Query[RegistrationFilter]) -> dict[str, Any]:
    q = filters.q.strip()

    def rows() -> QuerySet[Registration]:
        qs = selectors.registration_list(user=request.user, q=q, kind=filters.kind)
        qs = qs.filter(status=filters.status) if filters.status else qs
        return qs.select_related("office__region")

    def audit(items: list[Registration]) -> None:
        services.register_search_log(actor=request.user, q=q or "（全部）", count=len(items))

    return keyset_list(request, filters, rows, capability=READ, dates="registered_on", audit=audit)


@router.get(
    "/marriage/registrations/{registration_id}",
    response=responses({200: RegistrationOut}, 403, 404, 422),
    summary="婚姻登记详情（查看记入审计）",
)
def registration_detail(request: StaffRequest, registration_id: int) -> Registration:
    require(request.user, READ)
    registration = selectors.registration_get(user=request.user, pk=registration_id)
    services.registration_view_log(actor=request.user, registration=registration)
    return registration
