"""Writes of grid events: report (from a grid worker's phone, the hotline, Open311 or the API) and every
step of the flow, which goes through the casework engine (``case_transition``) so that the timeline,
locks, role and scope checks are the engine's; ``event_on_transition`` keeps the event's own facts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from minzheng.casework.models import Case
from minzheng.casework.services import case_attach, case_open, case_transition
from minzheng.casework.types import Transition
from minzheng.core.inputs import url_check
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import region_within_scope
from minzheng.grid import rules
from minzheng.grid.casetypes import GridEvent
from minzheng.grid.models import Department, Event, EventCategory, Open311Client
from minzheng.grid.services._common import GridError, check_phone, check_text
from minzheng.grid.services.grids import grid_locate

MAX_PHOTOS = 9
MAX_PHOTO_BYTES = 10 * 1024 * 1024
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"RIFF")


def _house_grid(address_id: str) -> Region | None:
    """Open311's ``address_id`` is our house code (the registry is the master address list)."""
    from minzheng.registry.models import House

    house = House.objects.filter(code=address_id.strip().upper()).select_related("grid").first()
    return house.grid if house else None


def jurisdiction_root() -> Region:
    return Region.objects.filter(parent__isnull=True).order_by("code").first()


def _check_location(lat: Any, long: Any) -> tuple[float | None, float | None]:
    if lat in (None, "") and long in (None, ""):
        return None, None
    try:
        lat_f, long_f = float(lat), float(long)
    except (TypeError, ValueError):
        raise GridError("经纬度须同时填写且为数字", field="lat") from None
    if not (-90 <= lat_f <= 90 and -180 <= long_f <= 180):
        raise GridError("经纬度超出范围（纬度 −90～90，经度 −180～180）", field="lat")
    return lat_f, long_f


def _check_category(category: EventCategory | None) -> EventCategory:
    if category is None or not category.active:
        raise GridError("请选择有效的事件分类", field="category")
    if category.parent_id is None:
        raise GridError(f"“{category.name}”是大类，请选择具体的小类", field="category")
    return category


def _check_photos(photos: Sequence[UploadedFile]) -> None:
    if len(photos) > MAX_PHOTOS:
        raise GridError(f"照片最多{MAX_PHOTOS}张", field="photos")
    for photo in photos:
        if photo.size > MAX_PHOTO_BYTES:
            raise GridError(f"照片“{photo.name}”超过10MB", field="photos")
        head = photo.read(12)
        photo.seek(0)
        if not head.startswith(_IMAGE_MAGIC):
            raise GridError(f"“{photo.name}”不是图片（支持JPEG、PNG、GIF、WebP）", field="photos")


@dataclass(frozen=True)
class EventInput:
    """What a report says, checked: the same checks for every channel (page, API, Open311)."""

    category: EventCategory
    description: str
    address: str
    address_id: str
    lat: float | None
    long: float | None
    attributes: dict[str, Any]


def event_input_check(
    *,
    category: EventCategory | None,
    description: str,
    lat: Any = None,
    long: Any = None,
    address: str = "",
    address_id: str = "",
    attributes: dict[str, Any] | None = None,
    grid: Region | None = None,
) -> EventInput:
    """A leaf category in use; a description (≤ 4000 characters, GeoReport v2); a location — the grid,
    coordinates, an address or an address id (house code); the category's attribute values."""
    category = _check_category(category)
    description = check_text(
        description, field="description", label="事件描述", max_length=4000, required=True
    )
    address = check_text(address, field="address_string", label="地址", max_length=200)
    address_id = check_text(address_id, field="address_id", label="地址编号", max_length=64)
    lat_f, long_f = _check_location(lat, long)
    if grid is None and lat_f is None and not address and not address_id:
        raise GridError("请提供事件位置：经纬度、地址或地址编号", field="lat")
    if grid is not None and grid.level != Region.Level.GRID:
        raise GridError(f"“{grid.name}”不是网格", field="grid")
    try:
        values = rules.check_attribute_values(category.attributes or [], attributes or {})
    except rules.AttributeValueError as exc:
        raise GridError(exc.message, field=f"attribute[{exc.field}]" if exc.field else "attributes") from exc
    return EventInput(category, description, address, address_id, lat_f, long_f, values)


def event_title(data: EventInput) -> str:
    return f"{data.category.name}：{data.address or data.description[:40]}"[:200]


def event_report(
    *,
    actor: User,
    category: EventCategory | None,
    description: str,
    source: str,
    grid: Region | None = None,
    lat: Any = None,
    long: Any = None,
    address: str = "",
    address_id: str = "",
    attributes: dict[str, Any] | None = None,
    photos: Sequence[UploadedFile] = (),
    media_url: str = "",
    client: Open311Client | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    account_id: str = "",
    at: datetime | None = None,
) -> Event:
    """信息收集: record an event and open its case in 待受理.

    Where it is: the grid given, else the grid whose boundary holds ``lat``/``long``, else the grid of the
    house ``address_id``; an event that none of these places (an address only) is opened at the city and
    the hotline's filer chooses its grid when filing. A grid worker or API user may report only within
    their region; the hotline files for the whole city. (Open311 requests are filed in bulk by
    services/intake.py.)"""
    require(actor, "event.report")
    data = event_input_check(
        category=category, description=description, lat=lat, long=long, address=address,
        address_id=address_id, attributes=attributes, grid=grid,
    )  # fmt: skip
    _check_photos(photos)
    media_url = url_check(media_url, field="media_url", label="媒体链接")  # http(s) only: core.inputs
    contact_phone = check_phone(contact_phone, field="contact_phone", label="联系电话")
    lat_f, long_f = data.lat, data.long
    region = (
        grid
        or (grid_locate(lat=lat_f, long=long_f) if lat_f is not None else None)
        or (_house_grid(data.address_id) if data.address_id else None)
        or jurisdiction_root()
    )
    intake = source in (Event.Source.HOTLINE, Event.Source.OPEN311)
    with transaction.atomic():
        case = case_open(
            case_type=GridEvent.code,
            actor=actor,
            region=region,
            title=event_title(data),
            comment=data.description[:500],
            at=at,
            check_scope=not intake,
        )
        event = Event.objects.create(
            case=case,
            category=data.category,
            source=source,
            client=client,
            reporter=actor,
            description=data.description,
            address=data.address,
            address_id=data.address_id,
            lat=lat_f,
            long=long_f,
            media_url=media_url,
            attributes=data.attributes,
            contact_name=contact_name[:50],
            contact_phone=contact_phone,
            contact_email=contact_email[:254],
            account_id=account_id[:64],
        )
        for photo in photos:
            case_attach(actor=actor, case=case, upload=photo)
    return event


def event_act(
    *,
    actor: User,
    event: Event,
    action: str,
    comment: str = "",
    expected_state: str | None = None,
    department: Department | None = None,
    grid: Region | None = None,
    category: EventCategory | None = None,
    satisfaction: str = "",
    attachments: list[UploadedFile] | None = None,
    at: datetime | None = None,
) -> Event:
    """Take one step of the flow. The context a step needs (the unit for 派遣, the grid and category for
    立案, the satisfaction for 评价) is passed through the engine to :func:`event_on_transition`."""
    if attachments:
        _check_photos(attachments)
    case_transition(
        actor=actor,
        case=event.case_id,
        action=action,
        comment=comment,
        expected_state=expected_state,
        at=at,
        attachments=attachments,
        department=department,
        grid=grid,
        category=category,
        satisfaction=satisfaction,
    )
    return Event.objects.select_related("case", "category", "department").get(pk=event.pk)


# --- the event's side of each step (runs inside the engine's transaction) -------------------------------


def event_on_transition(*, case: Case, transition: Transition, actor: User, **context: Any) -> None:
    event = (
        Event.objects.select_for_update(of=("self",)).select_related("category", "department").get(case=case)
    )
    step = _STEPS.get(transition.action)
    if step is not None:
        step(event=event, case=case, transition=transition, actor=actor, now=case.state_entered_at, **context)
    event.save()


def _file(
    *, event: Event, case: Case, actor: User, now: datetime, grid: Region | None = None,
    category: EventCategory | None = None, **_: Any,
) -> None:  # fmt: skip
    """案卷建立: confirm (or correct) the category and, for an event not yet placed, its grid."""
    if category is not None and category.pk != event.category_id:
        event.category = _check_category(category)
    if grid is not None and grid.pk != case.region_id:
        if grid.level != Region.Level.GRID or not region_within_scope(actor, grid):
            raise GridError(f"“{grid.name}”不是您辖区内的网格", field="grid")
        case.region = grid
        case.save(update_fields=["region"])
    elif case.region.level != Region.Level.GRID:
        raise GridError("该事件尚未定位到网格，立案时请选择所属网格", field="grid")
    event.filed_at = now


def _dispatch(
    *, event: Event, case: Case, now: datetime, department: Department | None = None, **_: Any
) -> None:
    """任务派遣 to a responsible unit: one whose region contains the event's place."""
    if department is None:
        raise GridError("请选择处置单位（在事件页面派遣）", field="department")
    if not department.active or not case.region.path.startswith(department.region.path):
        raise GridError(f"“{department.name}”不负责该事件所在区域", field="department")
    event.department = department
    _start_handling(event, case, now)


def _dispatch_grid(*, event: Event, case: Case, now: datetime, **_: Any) -> None:
    """任务派遣 to the grid itself (自行处置 by its 网格员)."""
    event.department = None
    _start_handling(event, case, now)


def handling_start(event: Any, category: EventCategory, now: datetime) -> None:
    """派遣/返工 at ``now``: the handling time limit comes from the category; the first dispatch also fixes
    the 结案时限. ``event`` is an Event or anything with its three fields (the history path's replay)."""
    event.handle_due_at = rules.category_deadline(
        amount=category.deadline_amount, unit=category.deadline_unit
    ).due_from(now)
    if event.dispatched_at is None:
        event.dispatched_at = now
        event.close_due_at = rules.close_due(event.handle_due_at)


def _start_handling(event: Event, case: Case, now: datetime) -> None:
    handling_start(event, event.category, now)
    case.state_due_at = event.handle_due_at
    case.save(update_fields=["state_due_at"])


def _check_unit_member(event: Event, actor: User) -> None:
    department = event.department
    if department is not None and not department.users.filter(pk=actor.pk).exists():
        raise GridError(f"您不是“{department.name}”的经办人，不能处理派给该单位的事件")


def _return(*, event: Event, actor: User, **_: Any) -> None:
    """退单: the unit sends a wrongly dispatched event back to the dispatcher, with its reasons."""
    _check_unit_member(event, actor)
    event.returned_count += 1
    event.department = None


def _feedback(*, event: Event, actor: User, now: datetime, **_: Any) -> None:
    """处理反馈. 按期处置 is judged on the first feedback against the first handling deadline."""
    _check_unit_member(event, actor)
    event.handled_at = now
    if event.handled_on_time is None:
        event.handled_on_time = now <= event.handle_due_at


def _verify(*, event: Event, now: datetime, **_: Any) -> None:
    event.closed_at = now


def _rework(*, event: Event, case: Case, now: datetime, **_: Any) -> None:
    """返工: back to the same unit, with a fresh handling time limit; counted for the 返工率."""
    event.rework_count += 1
    _start_handling(event, case, now)


def _check_satisfaction(satisfaction: str) -> str:
    if satisfaction not in Event.Satisfaction.values:
        raise GridError("请选择满意度：满意、基本满意或不满意", field="satisfaction")
    return satisfaction


def _evaluate(*, event: Event, now: datetime, satisfaction: str = "", **_: Any) -> None:
    """综合评价: the satisfaction callback (回访) closes the loop."""
    event.satisfaction = _check_satisfaction(satisfaction)
    event.evaluated_at = now


def _reopen(*, event: Event, now: datetime, **_: Any) -> None:
    """回访不满意 for a substantive reason: the event goes back to dispatch and counts as rework
    (domain.md §13 [L]: dissatisfaction for a substantive reason sends the ticket back)."""
    event.satisfaction = Event.Satisfaction.DISSATISFIED
    event.evaluated_at = now
    event.rework_count += 1
    event.closed_at = None
    event.department = None


_STEPS = {
    "file": _file,
    "dispatch": _dispatch,
    "dispatch_grid": _dispatch_grid,
    "return": _return,
    "feedback": _feedback,
    "verify": _verify,
    "rework": _rework,
    "evaluate": _evaluate,
    "reopen": _reopen,
}
