"""JSON API of elderly care: /api/v1/eldercare/works, the institutions' works projects (敬老院升级改造; django-ninja, in
the OpenAPI document).

The same reads as the pages: their capability (``eldercare.works_read``, else 403) and their scoped selectors
(``selectors.works_list``/``works_get``: the user's region; outside it 404). No personal data is held."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from ninja import Field, Query, Router, Schema

from minzheng.core.api import PageFilter, keyset_list, responses
from minzheng.core.roles import require
from minzheng.core.web import StaffRequest
from minzheng.eldercare import selectors
from minzheng.eldercare.models import WorksProject

router = Router(tags=["养老服务"])

READ = "eldercare.works_read"  # the works pages' capability (eldercare.views.works)


class WorksItem(Schema):
    id: int
    name: str = Field(description="工程名称")
    institution_id: int
    institution_name: str
    region_code: str = Field(description="机构所在区划代码")
    region_name: str
    status: str = Field(description="planned 立项 / building 施工中 / accepted 已验收")
    status_label: str
    budget_fen: int = Field(description="预算（分）")
    spent_fen: int = Field(description="累计支付（分）")
    progress: int = Field(description="形象进度（%）")
    approved_on: date = Field(description="立项日期")
    started_on: date | None = Field(description="开工日期")
    accepted_on: date | None = Field(description="验收日期")

    @staticmethod
    def resolve_institution_name(obj: WorksProject) -> str:
        return obj.institution.name

    @staticmethod
    def resolve_region_code(obj: WorksProject) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: WorksProject) -> str:
        return obj.region.name

    @staticmethod
    def resolve_status_label(obj: WorksProject) -> str:
        return obj.get_status_display()


class WorksReportOut(Schema):
    on: date = Field(description="填报日期")
    progress: int = Field(description="形象进度（%）")
    spent_fen: int = Field(description="累计支付（分）")
    note: str


class WorksOut(WorksItem):
    scope_text: str = Field(description="改造内容")
    acceptance_note: str = Field(description="验收意见")
    reports: list[WorksReportOut] = Field(description="进度填报，最新在前")

    @staticmethod
    def resolve_reports(obj: WorksProject) -> list[Any]:
        return list(obj.reports.all())


class WorksPage(Schema):
    items: list[WorksItem]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class WorksFilter(PageFilter):
    status: Literal["", "planned", "building", "accepted"] = Field(
        "", description="planned / building / accepted"
    )
    region: str | None = Field(None, description="区划代码：只列此区划内机构的工程")


@router.get(
    "/eldercare/works",
    response=responses({200: WorksPage}, 403, 404, 422),
    summary="机构改造工程（键集分页）",
)
def works_list(request: StaffRequest, filters: Query[WorksFilter]) -> dict[str, Any]:
    return keyset_list(
        request,
        filters,
        lambda: selectors.works_list(user=request.user, status=filters.status),
        capability=READ,
    )


@router.get(
    "/eldercare/works/{works_id}",
    response=responses({200: WorksOut}, 403, 404, 422),
    summary="机构改造工程详情（含进度填报）",
)
def works_detail(request: StaffRequest, works_id: int) -> WorksProject:
    require(request.user, READ)
    return selectors.works_get(user=request.user, pk=works_id)
