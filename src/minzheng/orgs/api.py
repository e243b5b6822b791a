"""JSON API of social organisations: /api/v1/orgs/organisations (django-ninja, in the OpenAPI document).

The same reads as the organisations' pages: the capability of the list (``orgs.read``, else 403), the organisations
through ``selectors.organisation_list``/``organisation_get`` (their domicile in the user's region; outside it 404).
What the pages show is the public register of a registration certificate (名称, 代码, 法定代表人, 住所): the pages
neither mask nor audit it, and neither does the API.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Field, Query, Router, Schema

from minzheng.core.api import PageFilter, keyset_list, responses
from minzheng.core.roles import require
from minzheng.core.web import StaffRequest
from minzheng.orgs import selectors
from minzheng.orgs.models import AnnualReport, Listing, Organisation, Penalty

router = Router(tags=["社会组织"])

READ = "orgs.read"  # the organisations' list page (orgs.views.organisation_list)


class OrganisationItem(Schema):
    id: int
    name: str
    kind: str = Field(description="association 社会团体 / service 民办非企业单位 / foundation 基金会")
    kind_label: str
    uscc: str = Field(description="统一社会信用代码")
    authority_code: str = Field(description="登记管理机关（区划代码）")
    authority_name: str
    region_code: str = Field(description="住所所在地区划代码")
    region_name: str
    legal_rep_name: str = Field(description="法定代表人")
    registered_on: date
    status: str = Field(
        description="active 正常 / suspended 限期停止活动 / revoked 已撤销登记 / deregistered 已注销"
    )
    status_label: str

    @staticmethod
    def resolve_kind_label(obj: Organisation) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_authority_code(obj: Organisation) -> str:
        return obj.authority.code

    @staticmethod
    def resolve_authority_name(obj: Organisation) -> str:
        return obj.authority.name

    @staticmethod
    def resolve_region_code(obj: Organisation) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Organisation) -> str:
        return obj.region.name

    @staticmethod
    def resolve_status_label(obj: Organisation) -> str:
        return obj.get_status_display()


class ReportOut(Schema):
    year: int
    submitted_on: date
    result: str = Field(description="年检结论代码（未作结论为空）")
    late: bool = Field(description="逾期报送")


class PenaltyOut(Schema):
    kind: str
    kind_label: str
    decided_on: date
    basis: str = Field(description="处罚依据")
    fine_fen: int = Field(description="罚款（分）")
    suspend_until: date | None

    @staticmethod
    def resolve_kind_label(obj: Penalty) -> str:
        return obj.get_kind_display()


class ListingOut(Schema):
    reason: str
    reason_label: str
    listed_on: date
    removed_on: date | None

    @staticmethod
    def resolve_reason_label(obj: Listing) -> str:
        return obj.get_reason_display()


class OrganisationOut(OrganisationItem):
    domicile: str = Field(description="住所")
    business_scope: str = Field(description="业务范围")
    sponsor: str = Field(description="业务主管单位")
    funds_fen: int = Field(description="活动资金/开办资金（分）")
    status_on: date | None
    suspended_until: date | None
    annual_reports: list[ReportOut]
    penalties: list[PenaltyOut]
    listings: list[ListingOut] = Field(description="活动异常名录")

    @staticmethod
    def resolve_annual_reports(obj: Organisation) -> list[AnnualReport]:
        return list(obj.annual_reports.order_by("-year"))

    @staticmethod
    def resolve_penalties(obj: Organisation) -> list[Penalty]:
        return list(obj.penalties.order_by("-decided_on"))

    @staticmethod
    def resolve_listings(obj: Organisation) -> list[Listing]:
        return list(obj.listings.order_by("-listed_on"))


class OrganisationPage(Schema):
    items: list[OrganisationItem]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class OrganisationFilter(PageFilter):
    q: str = Field("", description="名称（包含）或统一社会信用代码（前缀）")
    kind: str = Field("", description="association / service / foundation")
    status: str = Field("", description="active / suspended / revoked / deregistered")
    region: str | None = Field(None, description="区划代码：只列住所在此区划内的社会组织")
    date_from: date | None = Field(None, description="成立登记日期起（含）")
    date_to: date | None = Field(None, description="成立登记日期止（含）")


@router.get(
    "/orgs/organisations",
    response=responses({200: OrganisationPage}, 403, 404, 422),
    summary="社会组织列表（键集分页）",
)
def organisation_list(request: StaffRequest, filters: Query[OrganisationFilter]) -> dict[str, Any]:
    return keyset_list(
        request,
        filters,
        lambda: selectors.organisation_list(
            user=request.user, kind=filters.kind, status=filters.status, q=filters.q.strip()
        ),
        capability=READ,
        dates="registered_on",
    )


@router.get(
    "/orgs/organisations/{organisation_id}",
    response=responses({200: OrganisationOut}, 403, 404, 422),
    summary="社会组织详情（年度报告、行政处罚、活动异常名录）",
)
def organisation_detail(request: StaffRequest, organisation_id: int) -> Organisation:
    require(request.user, READ)
    return selectors.organisation_get(user=request.user, pk=organisation_id)
