"""JSON API of charity fundraising under /api/v1/charity/ (django-ninja, in the OpenAPI document).

The same reads as the pages: campaigns are public information (``selectors.campaign_list``/``campaign_get``: every
holder of ``charity.read`` sees them all, as the campaigns' page shows them); a campaign's donations are read within
the campaign's region and its distributions within the recipient's (``selectors.donation_list``/
``distribution_list``: ``visible_to``), the recipient's ID number masked as on the campaign's page. The pages audit
exports, not reads; so does the API.

``GET /charity/disclosure`` is the public disclosure page (``/charity/public/``, no login, 《慈善法》第八章) as JSON:
campaigns, receipts and distributions, persons only as counts and sums — the only operation here without a login.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema

from minzheng.charity import selectors
from minzheng.charity.models import Campaign, Distribution, Donation
from minzheng.core.api import PageFilter, keyset_list, responses
from minzheng.core.masking import mask_citizen_id
from minzheng.core.roles import require
from minzheng.core.web import StaffRequest

router = Router(tags=["慈善募捐"])

READ = "charity.read"  # the campaigns' pages (charity.views.campaign_list, campaign_detail)


class CampaignOut(Schema):
    id: int
    name: str
    organisation: str = Field(description="慈善组织名称")
    filing_number: str = Field(description="备案编号")
    filed_on: date
    starts_on: date
    ends_on: date
    purpose: str = Field(description="募捐目的与款物用途")
    emergency: bool = Field(description="应对重大突发事件")
    filing_region_code: str = Field(description="备案的民政部门所在区划代码（募捐活动向全市公开）")
    goal_fen: int = Field(description="募捐目标（分）")
    money_received_fen: int
    goods_received_fen: int = Field(description="已募物资折价（分）")
    money_distributed_fen: int
    goods_distributed_fen: int

    @staticmethod
    def resolve_organisation(obj: Campaign) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_filing_region_code(obj: Campaign) -> str:
        return obj.region.code


class CampaignPage(Schema):
    items: list[CampaignOut]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class CampaignFilter(PageFilter):
    q: str = Field("", description="募捐活动名称、备案编号或慈善组织名称（包含）")
    date_from: date | None = Field(None, description="起始日期起（含）")
    date_to: date | None = Field(None, description="起始日期止（含）")


@router.get(
    "/charity/campaigns",
    response=responses({200: CampaignPage}, 403, 422),
    summary="公开募捐活动（键集分页）",
)
def campaign_list(request: StaffRequest, filters: Query[CampaignFilter]) -> dict[str, Any]:
    return keyset_list(
        request,
        filters,
        lambda: selectors.campaign_list(q=filters.q.strip()),
        capability=READ,
        dates="starts_on",
    )


@router.get(
    "/charity/campaigns/{campaign_id}",
    response=responses({200: CampaignOut}, 403, 404, 422),
    summary="公开募捐活动详情",
)
def campaign_detail(request: StaffRequest, campaign_id: int) -> Campaign:
    require(request.user, READ)
    return selectors.campaign_get(pk=campaign_id)


# --- a campaign's donations and distributions (within the user's region) ------------------------------------------


class DonationOut(Schema):
    id: int
    receipt_number: str | None = Field(description="捐赠票据号（未开具为 null）")
    received_on: date
    kind: str = Field(description="money 资金 / goods 物资")
    donor_name: str = Field(description="捐赠人（匿名为空）")
    donor_kind: str = Field(description="person 个人 / organisation 单位")
    goods_name: str
    quantity: int | None
    unit: str
    amount_fen: int = Field(description="金额或折价（分）")
    region_code: str = Field(description="募捐活动所在区划代码")

    @staticmethod
    def resolve_region_code(obj: Donation) -> str:
        return obj.campaign.region.code


class DonationPage(Schema):
    items: list[DonationOut]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class DistributionOut(Schema):
    id: int
    reference: str = Field(description="发放单号")
    distributed_on: date
    kind: str = Field(description="money 资金 / goods 物资")
    recipient_kind: str = Field(description="person 个人 / institution 单位/机构")
    person_id: int | None
    person_name: str | None = Field(description="受益人姓名（个人）")
    person_id_number: str | None = Field(description="受益人身份证号码（脱敏）")
    institution_name: str = Field(description="受赠单位")
    region_code: str = Field(description="受益地区划代码")
    region_name: str
    amount_fen: int = Field(description="金额或折价（分）")
    goods_name: str
    quantity: int | None
    unit: str
    purpose: str

    @staticmethod
    def resolve_person_name(obj: Distribution) -> str | None:
        return obj.person.name if obj.person is not None else None

    @staticmethod
    def resolve_person_id_number(obj: Distribution) -> str | None:
        return mask_citizen_id(obj.person.id_number) if obj.person is not None else None

    @staticmethod
    def resolve_region_code(obj: Distribution) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Distribution) -> str:
        return obj.region.name


class DistributionPage(Schema):
    items: list[DistributionOut]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class KindFilter(PageFilter):
    kind: str = Field("", description="money 资金 / goods 物资")
    region: str | None = Field(None, description="区划代码：只列此区划内的记录")
    date_from: date | None = Field(None, description="日期起（含）")
    date_to: date | None = Field(None, description="日期止（含）")


@router.get(
    "/charity/campaigns/{campaign_id}/donations",
    response=responses({200: DonationPage}, 403, 404, 422),
    summary="募捐活动接受的捐赠（本辖区；键集分页）",
)
def donation_list(request: StaffRequest, campaign_id: int, filters: Query[KindFilter]) -> dict[str, Any]:
    def rows() -> QuerySet[Donation]:
        campaign = selectors.campaign_get(pk=campaign_id)
        qs = selectors.donation_list(user=request.user, campaign=campaign, kind=filters.kind)
        return qs.select_related("campaign__region")

    return keyset_list(request, filters, rows, capability=READ, dates="received_on")


@router.get(
    "/charity/campaigns/{campaign_id}/distributions",
    response=responses({200: DistributionPage}, 403, 404, 422),
    summary="募捐款物的发放（受益地在本辖区；键集分页）",
)
def distribution_list(request: StaffRequest, campaign_id: int, filters: Query[KindFilter]) -> dict[str, Any]:
    def rows() -> QuerySet[Distribution]:
        campaign = selectors.campaign_get(pk=campaign_id)
        return selectors.distribution_list(user=request.user, campaign=campaign, kind=filters.kind)

    return keyset_list(request, filters, rows, capability=READ, dates="distributed_on")


# --- the public disclosure (no login) -------------------------------------------------------------------------------


class DisclosedDonations(Schema):
    money_n: int = Field(description="资金捐赠笔数")
    goods_n: int = Field(description="物资捐赠笔数")


class DisclosedToPersons(Schema):
    n: int = Field(description="发放给个人的笔数")
    people: int = Field(description="受益人数")
    total: int | None = Field(description="金额或折价合计（分）")


class DisclosedInstitution(Schema):
    institution_name: str
    kind: str
    total: int | None = Field(description="金额或折价合计（分）")
    n: int


class DisclosedDonor(Schema):
    donor_name: str
    kind: str
    total: int | None = Field(description="金额或折价合计（分）")


class DisclosureOut(Schema):
    campaign: CampaignOut
    donations: DisclosedDonations
    to_persons: DisclosedToPersons
    institutions: list[DisclosedInstitution]
    donors: list[DisclosedDonor] = Field(description="同意公开名称的捐赠人（每项活动前20名）")


@router.get(
    "/charity/disclosure",
    auth=None,
    response=responses({200: list[DisclosureOut]}),
    summary="慈善募捐信息公开（无需登录，同 /charity/public/）",
)
def disclosure(request: Any) -> list[dict[str, Any]]:
    return selectors.disclosure_campaigns()
