"""JSON API of grid events under /api/v1/events (django-ninja, in the OpenAPI document).

The same selectors and services as the pages: the data scope (outside it: 404), the capabilities of each
step and the audit. A refused write is the API's shared refusal (``config/api.py``: 422 with ``{"field",
"message"}`` in Chinese; 403 for a missing capability). Personal data (contact name and phone) is not part
of the API answer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from minzheng.core.api import InputSchema, keyset_list, responses
from minzheng.core.models import Region
from minzheng.core.roles import require
from minzheng.grid import selectors, services
from minzheng.grid.casetypes import GridEvent
from minzheng.grid.models import Department, Event, EventCategory
from minzheng.grid.services import GridError

router = Router(tags=["网格事件"])
AttributeValue = str | int | float | list[str | int | float] | None
MAX_LIMIT = 200


def _api(func: Callable[..., Any]) -> Callable[..., Any]:
    """The grid's pages' capability (403 otherwise, by the API's handler); refusals are the API's too."""

    @functools.wraps(func)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        require(request.user, "grid.view")
        return func(request, *args, **kwargs)

    return wrapper


class EventOut(Schema):
    number: str = Field(description="事件编号（Open311 的 service_request_id）")
    category_code: str
    category_name: str
    state: str
    state_label: str
    source: str
    grid_code: str
    description: str
    address: str
    lat: float | None
    long: float | None
    opened_at: datetime
    step_due_at: datetime | None = Field(description="本环节时限")
    handle_due_at: datetime | None = Field(description="处置时限（按分类）")
    overdue: bool
    department: str | None
    rework_count: int
    satisfaction: str

    @staticmethod
    def resolve_number(obj: Event) -> str:
        return obj.case.number

    @staticmethod
    def resolve_category_code(obj: Event) -> str:
        return obj.category.code

    @staticmethod
    def resolve_category_name(obj: Event) -> str:
        return obj.category.name

    @staticmethod
    def resolve_state(obj: Event) -> str:
        return obj.case.state

    @staticmethod
    def resolve_state_label(obj: Event) -> str:
        return GridEvent.state_label(obj.case.state)

    @staticmethod
    def resolve_grid_code(obj: Event) -> str:
        return obj.case.region.code

    @staticmethod
    def resolve_opened_at(obj: Event) -> datetime:
        return obj.case.opened_at

    @staticmethod
    def resolve_step_due_at(obj: Event) -> datetime | None:
        return obj.case.state_due_at

    @staticmethod
    def resolve_overdue(obj: Event) -> bool:
        return selectors.event_is_overdue(obj)

    @staticmethod
    def resolve_department(obj: Event) -> str | None:
        return obj.department.name if obj.department_id else None


class EventFilter(Schema):
    state: str = Field("", description="状态代码，如 to_department")
    category: str = Field("", description="分类代码（大类含其小类）")
    overdue: bool = Field(False, description="只列超期")
    after: int | None = Field(None, description="上一页最后一条的 id（键集分页）")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


class EventIn(InputSchema):
    category: str = Field(description="小类代码，如 0102")
    description: str = Field(max_length=4000)
    grid: str = Field("", description="网格代码（不填则按经纬度定位）")
    lat: float | None = None
    long: float | None = None
    address: str = ""
    attributes: dict[str, AttributeValue] = Field(
        default_factory=dict, description="附加字段（见 Open311 服务定义）：代码 → 值（多选为数组）"
    )


class ActionIn(InputSchema):
    action: str = Field(
        description="file / void / dispatch / dispatch_grid / return / feedback / verify / rework / evaluate / reopen"
    )
    expected_state: str | None = Field(None, description="操作时看到的状态，防止重复提交")
    comment: str = ""
    department: int | None = Field(None, description="处置单位 id（dispatch）")
    grid: str = Field("", description="网格代码（file：未定位事件）")
    category: str = Field("", description="更正的小类代码（file）")
    satisfaction: str = Field("", description="satisfied / basic / dissatisfied（evaluate）")


@router.get(
    "/events", response=responses({200: list[EventOut]}, 403, 422), summary="网格事件列表（按上报时间倒序）"
)
@_api
def event_list(request: HttpRequest, filters: Query[EventFilter]) -> list[Event]:
    page = keyset_list(
        request,
        filters,
        lambda: selectors.event_list(
            user=request.user, state=filters.state, category=filters.category, overdue=filters.overdue
        ),
        capability=None,  # _api: grid.view
    )
    return page["items"]  # a bare list, newest first (the grid's own answer: no next_after)


@router.get("/events/{number}", response=responses({200: EventOut}, 403, 404), summary="网格事件详情")
@_api
def event_detail(request: HttpRequest, number: str) -> Event:
    return selectors.event_by_number(user=request.user, number=number)


def _grid(code: str) -> Region | None:
    if not code:
        return None
    grid = Region.objects.filter(code=code, level=Region.Level.GRID).first()
    if grid is None:
        raise GridError(f"网格“{code}”不存在", field="grid")
    return grid


@router.post(
    "/events", response=responses({201: EventOut}, 403, 422), summary="上报网格事件（来源：系统接口）"
)
@_api
def event_create(request: HttpRequest, payload: EventIn) -> Status:
    category = EventCategory.objects.filter(code=payload.category).select_related("parent").first()
    event = services.event_report(
        actor=request.user,
        category=category,
        description=payload.description,
        source=Event.Source.API,
        grid=_grid(payload.grid),
        lat=payload.lat,
        long=payload.long,
        address=payload.address,
        attributes=payload.attributes,
    )
    return Status(201, selectors.event_get(user=request.user, case_pk=event.case_id))


@router.post(
    "/events/{number}/actions", response=responses({200: EventOut}, 403, 404, 422), summary="办理一个环节"
)
@_api
def event_action(request: HttpRequest, number: str, payload: ActionIn) -> Event:
    event = selectors.event_by_number(user=request.user, number=number)
    department = None
    if payload.department is not None:
        department = Department.objects.filter(pk=payload.department).select_related("region").first()
        if department is None:
            raise GridError("处置单位不存在", field="department")
    category = EventCategory.objects.filter(code=payload.category).first() if payload.category else None
    services.event_act(
        actor=request.user,
        event=event,
        action=payload.action,
        comment=payload.comment,
        expected_state=payload.expected_state,
        department=department,
        grid=_grid(payload.grid),
        category=category,
        satisfaction=payload.satisfaction,
    )
    return selectors.event_by_number(user=request.user, number=number)
