"""JSON API of the materials ledger: /api/v1/supplies/stock and /supplies/movements (django-ninja, in the OpenAPI
document).

The same reads as the ledger's pages: the capability of the pages (``supplies.read``, else 403), the stock and the
movements through ``selectors.stock_list``/``movement_list`` (the user's region), the recipient's ID number masked as
on the movements' page. The ledger has no page per record, so neither has the API; the pages audit exports, not
reads, and so does the API.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Field, Query, Router, Schema

from minzheng.core.api import MAX_ID, PageFilter, keyset_list, responses
from minzheng.core.masking import mask_citizen_id
from minzheng.core.web import StaffRequest
from minzheng.supplies import selectors
from minzheng.supplies.models import Movement, Stock

router = Router(tags=["物资台账"])

READ = "supplies.read"  # the ledger's pages (supplies.views.stock_list, movement_list)


class StockOut(Schema):
    id: int
    item_id: int
    item_name: str
    category: str = Field(
        description="mask 口罩 / leaflet 宣传资料 / relief 生活救助物资 / protective 防护用品 / other 其他"
    )
    unit: str = Field(description="计量单位")
    quantity: int = Field(description="库存数量")
    value_fen: int = Field(description="库存折价（分）：数量 × 单价")
    region_code: str = Field(description="存放区划代码")
    region_name: str

    @staticmethod
    def resolve_item_name(obj: Stock) -> str:
        return obj.item.name

    @staticmethod
    def resolve_category(obj: Stock) -> str:
        return obj.item.category

    @staticmethod
    def resolve_unit(obj: Stock) -> str:
        return obj.item.unit

    @staticmethod
    def resolve_value_fen(obj: Stock) -> int:
        return obj.quantity * obj.item.unit_value_fen

    @staticmethod
    def resolve_region_code(obj: Stock) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Stock) -> str:
        return obj.region.name


class StockPage(Schema):
    items: list[StockOut]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class StockFilter(PageFilter):
    item: int | None = Field(None, ge=1, le=MAX_ID, description="物资品目 id")
    category: str = Field("", description="物资类别代码")
    region: str | None = Field(None, description="区划代码：只列此区划内的库存")


@router.get(
    "/supplies/stock", response=responses({200: StockPage}, 403, 404, 422), summary="物资库存（键集分页）"
)
def stock_list(request: StaffRequest, filters: Query[StockFilter]) -> dict[str, Any]:
    item = str(filters.item) if filters.item is not None else ""
    return keyset_list(
        request,
        filters,
        lambda: selectors.stock_list(user=request.user, item=item, category=filters.category),
        capability=READ,
    )


class MovementOut(Schema):
    id: int
    day: date
    kind: str = Field(description="receipt 入库 / transfer_out 下拨调出 / transfer_in 下拨调入 / issue 发放")
    kind_label: str
    item_id: int
    item_name: str
    unit: str
    quantity: int
    value_fen: int = Field(description="折价（分）")
    campaign: str | None = Field(description="专项行动")
    region_code: str = Field(description="库存区划代码")
    region_name: str
    counterpart_code: str | None = Field(description="调入/调出的区划代码（下拨）")
    source: str = Field(description="来源（入库）")
    recipient_kind: str = Field(description="发放对象：person 个人 / unit 单位（非发放为空）")
    person_id: int | None
    person_name: str | None = Field(description="领取人姓名")
    person_id_number: str | None = Field(description="领取人身份证号码（脱敏）")
    unit_name: str = Field(description="领取单位")
    note: str

    @staticmethod
    def resolve_kind_label(obj: Movement) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_item_name(obj: Movement) -> str:
        return obj.item.name

    @staticmethod
    def resolve_unit(obj: Movement) -> str:
        return obj.item.unit

    @staticmethod
    def resolve_campaign(obj: Movement) -> str | None:
        return obj.campaign.name if obj.campaign is not None else None

    @staticmethod
    def resolve_region_code(obj: Movement) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Movement) -> str:
        return obj.region.name

    @staticmethod
    def resolve_counterpart_code(obj: Movement) -> str | None:
        return obj.counterpart.code if obj.counterpart is not None else None

    @staticmethod
    def resolve_person_name(obj: Movement) -> str | None:
        return obj.person.name if obj.person is not None else None

    @staticmethod
    def resolve_person_id_number(obj: Movement) -> str | None:
        return mask_citizen_id(obj.person.id_number) if obj.person is not None else None


class MovementPage(Schema):
    items: list[MovementOut]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class MovementFilter(PageFilter):
    kind: str = Field("", description="receipt / transfer_out / transfer_in / issue")
    campaign: int | None = Field(None, ge=1, le=MAX_ID, description="专项行动 id")
    item: int | None = Field(None, ge=1, le=MAX_ID, description="物资品目 id")
    region: str | None = Field(None, description="区划代码：只列此区划内的出入库")
    date_from: date | None = Field(None, description="日期起（含）")
    date_to: date | None = Field(None, description="日期止（含）")


@router.get(
    "/supplies/movements",
    response=responses({200: MovementPage}, 403, 404, 422),
    summary="物资出入库明细（键集分页）",
)
def movement_list(request: StaffRequest, filters: Query[MovementFilter]) -> dict[str, Any]:
    campaign = str(filters.campaign) if filters.campaign else ""
    item = str(filters.item) if filters.item else ""
    return keyset_list(
        request,
        filters,
        lambda: selectors.movement_list(user=request.user, kind=filters.kind, campaign=campaign, item=item),
        capability=READ,
        dates="day",
    )
