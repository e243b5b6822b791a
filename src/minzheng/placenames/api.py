"""JSON API of place names: /api/v1/placenames/names (the register) and /placenames/applications (naming
applications), django-ninja, in the OpenAPI document.

The same reads as the pages: the capability of the pages (``placenames.read``, else 403; the register's page needs a
login, so does the API). The register is the city's, read whole by every reader (``selectors.name_list``/
``name_get``: standard names are public and hold no personal data — a district's reader sees the names of the whole
city, which is why a name's region is ``place_region_code``, not a record of the reader's region); the applications
through ``selectors.application_list``/``application_get`` (the user's region; outside it 404). No personal data,
no read audit (the pages have none).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Query, Router, Schema

from minzheng.core.api import PageFilter, keyset_list, responses
from minzheng.core.roles import require
from minzheng.core.web import StaffRequest
from minzheng.placenames import selectors
from minzheng.placenames.casetypes import NamingCase
from minzheng.placenames.models import NamingApplication, PlaceName

router = Router(tags=["区划地名"])

READ = "placenames.read"  # the pages of place names (placenames.views)


class NameItem(Schema):
    id: int
    name: str = Field(description="标准名称")
    pinyin: str = Field(description="汉语拼音")
    kind: str = Field(description="地名类别代码")
    kind_label: str
    generic: str = Field(description="通名")
    place_region_code: str = Field(description="所属区划代码（标准地名全市公开）")
    place_region_name: str
    status: str = Field(description="in_use 在用 / retired 已停用")
    origin: str = Field(description="named 新命名 / renamed 更名 / recorded 既有地名登记")
    valid_from: date = Field(description="启用日期")
    valid_to: date | None = Field(description="停用日期")
    approval: str = Field(description="批准文号")

    @staticmethod
    def resolve_kind_label(obj: PlaceName) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_place_region_code(obj: PlaceName) -> str:
        return obj.region.code

    @staticmethod
    def resolve_place_region_name(obj: PlaceName) -> str:
        return obj.region.name


class NameOut(NameItem):
    description: str = Field(description="位置描述与含义")
    geometry: str = Field(description="位置（GeoJSON 文本；未标绘为空）")
    retire_reason: str
    predecessor_id: int | None = Field(description="更名前的地名记录 id")
    history: list[NameItem] = Field(description="同一地物的地名记录，由早到晚（更名链）")

    @staticmethod
    def resolve_history(obj: PlaceName) -> list[PlaceName]:
        return selectors.name_history(place=obj)


class NamePage(Schema):
    items: list[NameItem]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class NameFilter(PageFilter):
    q: str = Field("", description="名称（包含）或拼音")
    kind: str = Field("", description="地名类别代码")
    status: str = Field("in_use", description="in_use 在用（默认）/ retired 已停用；空为全部")


@router.get(
    "/placenames/names", response=responses({200: NamePage}, 403, 422), summary="标准地名（全市；键集分页）"
)
def name_list(request: StaffRequest, filters: Query[NameFilter]) -> dict[str, Any]:
    return keyset_list(
        request,
        filters,
        lambda: selectors.name_list(
            user=request.user, q=filters.q.strip(), kind=filters.kind, status=filters.status
        ),
        capability=READ,
    )


@router.get(
    "/placenames/names/{place_name_id}",
    response=responses({200: NameOut}, 403, 404, 422),
    summary="标准地名详情",
)
def name_detail(request: StaffRequest, place_name_id: int) -> PlaceName:
    require(request.user, READ)
    return selectors.name_get(user=request.user, pk=place_name_id)


# --- naming applications ----------------------------------------------------------------------------------------


class ApplicationItem(Schema):
    id: int
    number: str = Field(description="案件编号")
    action: str = Field(description="name 命名 / rename 更名")
    kind: str = Field(description="地名类别代码")
    name: str = Field(description="拟用名称")
    region_code: str = Field(description="所属区划代码")
    region_name: str
    applicant: str = Field(description="申报单位")
    state: str
    state_label: str
    opened_at: datetime
    place_name_id: int | None = Field(description="批准的标准地名 id")

    @staticmethod
    def resolve_number(obj: NamingApplication) -> str:
        return obj.case.number

    @staticmethod
    def resolve_region_code(obj: NamingApplication) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: NamingApplication) -> str:
        return obj.region.name

    @staticmethod
    def resolve_state(obj: NamingApplication) -> str:
        return obj.case.state

    @staticmethod
    def resolve_state_label(obj: NamingApplication) -> str:
        return NamingCase.state_label(obj.case.state)

    @staticmethod
    def resolve_opened_at(obj: NamingApplication) -> datetime:
        return obj.case.opened_at


class ApplicationOut(ApplicationItem):
    pinyin: str
    reason: str = Field(description="命名理由与含义")
    target_id: int | None = Field(description="更名的原地名 id")
    assessment: str = Field(description="综合评估意见")
    expert_opinion: str = Field(description="专家论证意见")
    notice_from: date | None = Field(description="公示开始")
    notice_until: date | None = Field(description="公示截止")
    decided_at: datetime | None


class ApplicationPage(Schema):
    items: list[ApplicationItem]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class ApplicationFilter(PageFilter):
    state: str = Field("", description="状态代码")
    action: str = Field("", description="name 命名 / rename 更名")
    region: str | None = Field(None, description="区划代码：只列此区划内的申请")
    date_from: date | None = Field(None, description="申请日期起（含）")
    date_to: date | None = Field(None, description="申请日期止（含）")


@router.get(
    "/placenames/applications",
    response=responses({200: ApplicationPage}, 403, 404, 422),
    summary="地名命名、更名申请（键集分页）",
)
def application_list(request: StaffRequest, filters: Query[ApplicationFilter]) -> dict[str, Any]:
    return keyset_list(
        request,
        filters,
        lambda: selectors.application_list(user=request.user, state=filters.state, action=filters.action),
        capability=READ,
        dates="case__opened_at__date",
    )


@router.get(
    "/placenames/applications/{naming_application_id}",
    response=responses({200: ApplicationOut}, 403, 404, 422),
    summary="地名命名、更名申请详情",
)
def application_detail(request: StaffRequest, naming_application_id: int) -> NamingApplication:
    require(request.user, READ)
    return selectors.application_get(user=request.user, pk=naming_application_id)
