"""JSON API of the aggregate data sets under /api/v1/datasets (django-ninja, in the OpenAPI document): the same reads as
the pages. Definitions are the city's and every holder of ``datasets.read`` reads them all (as the list page shows
them); values are read within the user's region (``DataValue.objects.visible_to``), each with the approval state of
its unit's period — only approved values count in the indicators."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema

from minzheng.core.api import PageFilter, keyset_list, responses
from minzheng.core.roles import require
from minzheng.core.web import StaffRequest
from minzheng.datasets import selectors, services
from minzheng.datasets.models import DataSet, DataValue

router = Router(tags=["汇总报表"])

READ = "datasets.read"  # the data sets' pages (datasets.views.data_set_list, completeness)


class ElementOut(Schema):
    id: int
    name: str
    unit: str = Field(description="计量单位")
    value_type: str = Field(description="integer 非负整数 / decimal 数值（两位小数）")
    description: str = Field(description="口径说明")
    code: str = Field(description="统计指标引用的标识（datasets.<code>），可为空")


class DataSetOut(Schema):
    id: int
    title: str
    description: str
    period_type: str = Field(description="monthly 月报 / quarterly 季报 / yearly 年报")
    report_level: str = Field(description="填报层级：town 乡镇/街道 / community 村/社区 / district 区县")
    approve_level: str = Field(description="审核层级（填报层级的上一级）")
    timely_days: int = Field(description="期末后多少天内上报为按时")
    active: bool
    elements: list[ElementOut]

    @staticmethod
    def resolve_elements(obj: DataSet) -> list[Any]:
        return services.data_set_elements(obj)


@router.get("/datasets", response=responses({200: list[DataSetOut]}, 403), summary="汇总报表及其数据项")
def data_set_list(request: StaffRequest) -> QuerySet[DataSet]:
    require(request.user, READ)
    return selectors.data_set_list()


class ValueOut(Schema):
    id: int
    data_set_id: int
    element_id: int
    element_name: str
    unit: str
    region_code: str = Field(description="填报单位区划代码")
    region_name: str
    period: date = Field(description="报告期起始日")
    value: str = Field(description="数值（十进制文本，整数项如 12，数值项如 1200.50）")
    approval: str = Field(
        description="本单位本期审核状态：approved 已审核 / returned 已退回 / unapproved 已取消审核 / 空 未审核"
    )
    entered_at: str = Field(description="填报时间（ISO 8601）")

    @staticmethod
    def resolve_element_name(obj: DataValue) -> str:
        return obj.element.name

    @staticmethod
    def resolve_unit(obj: DataValue) -> str:
        return obj.element.unit

    @staticmethod
    def resolve_region_code(obj: DataValue) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: DataValue) -> str:
        return obj.region.name

    @staticmethod
    def resolve_value(obj: DataValue) -> str:
        return str(int(obj.value)) if obj.element.value_type == "integer" else f"{obj.value:.2f}"

    @staticmethod
    def resolve_approval(obj: DataValue) -> str:
        return getattr(obj, "approval_state", "") or ""

    @staticmethod
    def resolve_entered_at(obj: DataValue) -> str:
        return obj.entered_at.isoformat()


class ValuePage(Schema):
    items: list[ValueOut]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class ValueFilter(PageFilter):
    data_set: int | None = Field(None, ge=1, le=2_147_483_647, description="汇总报表 id（不填：全部报表）")
    region: str | None = Field(None, max_length=20, description="区划代码：只列此区划内单位的数据")
    period_from: date | None = Field(None, description="报告期起始日起（含）")
    period_to: date | None = Field(None, description="报告期起始日止（含）")


@router.get(
    "/datasets/values", response=responses({200: ValuePage}, 403, 404, 422),
    summary="汇总报表的数据值（本辖区，按报告期、区划筛选；键集分页）",
)  # fmt: skip
def value_list(request: StaffRequest, filters: Query[ValueFilter]) -> dict[str, Any]:
    def rows() -> QuerySet[DataValue]:
        data_set = selectors.data_set_get(pk=filters.data_set) if filters.data_set is not None else None
        first, last = filters.period_from or date(1900, 1, 1), filters.period_to or date(9999, 12, 31)
        return selectors.value_rows(user=request.user, data_set=data_set, first=first, last=last)

    page = keyset_list(request, filters, rows, capability=READ)
    # each value's unit's approval of its period, of whichever data set it belongs to (one query for the page)
    states = selectors.approval_states_any(values=page["items"])
    for value in page["items"]:
        value.approval_state = states.get((value.data_set_id, value.region_id, value.period), "")
    return page
