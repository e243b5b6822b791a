"""历史事件迁移: grid events whose every step happened in the past — the event history of the old grid
platform, or the synthetic year of the seed (360,000 handled events a year at Haikou's size) — recorded
set-based on the casework engine's bulk path (``casework/bulk.py``).

Each item (:class:`EventHistory`) is what ``event_report`` is given for the report (grid, category,
description, address, attributes, source, reporter, the moment) and the steps taken after it
(:class:`EventStep`: action, actor, moment, comment, and what the step needs — the unit for 派遣, the
satisfaction for 评价). Every item is checked as the services check it: the report by
``event_input_check`` (leaf category in use, description, attributes; the grid is given and is a grid),
the steps by the engine (``casework.bulk.cases_plan``: declared move, role, comment, order in time, not
after now, each actor's scope), and the grid's side of each step as ``event_on_transition`` does (the
unit active and responsible for the place, its member for 退单 and 反馈, a satisfaction for 评价).

The event's own facts are then computed by replaying the grid's steps (the same rules as
``services/events.py``: ``rules.category_deadline``, ``rules.close_due``, 按期处置 on the first
feedback…), and the case's ``state_due_at`` is corrected where the grid's ``handling_start`` sets it
(派遣/返工: the category's handling time limit), so that a recorded event equals, in every field, one taken
through ``event_report`` + ``event_act`` at the same moments — the indicators, the performance scoring and
the pages cannot tell them apart. What is not recorded: photos and attachments, a category or grid
corrected at 立案 (give the final ones), Open311 clients.

**Transaction.** One call is one transaction: every item is checked and written chunk by chunk
(``batch_size`` cases, their timelines and events per COPY, one audit entry per chunk), and the first
invalid item — named by its position in the input and its step — rolls back the whole call, so a
migration is all or nothing and can simply be run again after the source is corrected. Memory stays flat:
only one chunk is held. Bulk writes send no model signals: the indicator cache sees the new rows by the
tables' largest primary keys, which are part of its keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from minzheng.casework.bulk import (
    BATCH_SIZE,
    CasePlan,
    CaseSpec,
    Lookups,
    StepSpec,
    cases_plan,
    cases_write,
    rows_copy,
)
from minzheng.core.bulk import chunked
from minzheng.core.errors import DomainError
from minzheng.core.models import Region, User
from minzheng.grid.casetypes import GridEvent
from minzheng.grid.models import Department, Event, EventCategory
from minzheng.grid.services._common import GridError, check_phone
from minzheng.grid.services.events import EventInput, event_input_check, event_title, handling_start

# the steps after which the grid's _start_handling leaves the case's step deadline at the handling limit
_STARTS_HANDLING = frozenset({"dispatch", "dispatch_grid", "rework"})
_INTAKE = frozenset({Event.Source.HOTLINE, Event.Source.OPEN311})
_SOURCES = frozenset(Event.Source.values)
_SATISFACTIONS = frozenset(Event.Satisfaction.values)


@dataclass(frozen=True)
class EventStep:
    action: str
    actor: int  # user id
    at: datetime
    comment: str = ""
    department: int | None = None  # 派遣 (dispatch): the unit
    satisfaction: str = ""  # 评价 (evaluate): satisfied / basic / dissatisfied


@dataclass(frozen=True)
class EventHistory:
    grid: int  # region id of the grid
    category: int  # leaf EventCategory id
    description: str
    opened_at: datetime
    steps: Sequence[EventStep] = ()
    source: str = Event.Source.GRID_WORKER
    reporter: int | None = None  # user id
    address: str = ""
    address_id: str = ""
    lat: float | None = None
    long: float | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    media_url: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    account_id: str = ""


@dataclass
class _Facts:
    """The event's milestones as ``event_on_transition`` keeps them."""

    department: int | None = None
    filed_at: datetime | None = None
    dispatched_at: datetime | None = None
    handle_due_at: datetime | None = None
    close_due_at: datetime | None = None
    handled_at: datetime | None = None
    handled_on_time: bool | None = None
    closed_at: datetime | None = None
    evaluated_at: datetime | None = None
    satisfaction: str = ""
    rework_count: int = 0
    returned_count: int = 0


@dataclass(frozen=True)
class _Unit:
    path: str
    active: bool
    name: str
    members: frozenset[int]


class _GridLookups:
    def __init__(self) -> None:
        self.cases = Lookups()
        self.categories = EventCategory.objects.select_related("parent").in_bulk()
        members: dict[int, set[int]] = {}
        for dept, user in Department.users.through.objects.values_list("department_id", "user_id"):
            members.setdefault(dept, set()).add(user)
        self.units = {
            d.pk: _Unit(d.region.path, d.active, d.name, frozenset(members.get(d.pk, ())))
            for d in Department.objects.select_related("region")
        }


def _refuse(position: int, message: str, *, step: int = 0, label: str = "", field: str = "") -> GridError:
    where = f"第{position}项" + (f"第{step}步（{label}）" if step else "")
    return GridError(f"{where}：{message}", field=field)


def _spec(
    item: EventHistory, position: int, *, scope: Region | None, lookups: _GridLookups
) -> tuple[CaseSpec, EventInput, str]:
    """The report's checks (``event_report``) and the case to open; ``scope``: the migrating user's region."""
    grid = lookups.cases.regions.get(item.grid)
    if grid is None:
        raise _refuse(position, f"网格（编号{item.grid}）不存在", field="grid")
    if scope is not None and not grid.path.startswith(scope.path):
        raise _refuse(position, f"“{grid.name}”不在您的管辖范围内，不能迁移该网格的事件", field="grid")
    if item.source not in _SOURCES:
        raise _refuse(position, f"事件来源“{item.source}”无效", field="source")
    try:
        data = event_input_check(
            category=lookups.categories.get(item.category), description=item.description, lat=item.lat,
            long=item.long, address=item.address, address_id=item.address_id, attributes=item.attributes,
            grid=grid,
        )  # fmt: skip
        phone = check_phone(item.contact_phone, field="contact_phone", label="联系电话")
    except DomainError as exc:
        raise _refuse(position, exc.message, field=exc.field) from exc
    spec = CaseSpec(
        case_type=GridEvent.code,
        region=grid.pk,
        title=event_title(data),
        opened_at=item.opened_at,
        steps=[StepSpec(s.action, s.actor, s.at, s.comment) for s in item.steps],
        opened_by=item.reporter,
        comment=data.description[:500],
        check_scope=item.source not in _INTAKE,
    )
    return spec, data, phone


def _replay(item: EventHistory, plan: CasePlan, position: int, *, lookups: _GridLookups) -> _Facts:
    """The grid's side of each step (``services.events._STEPS``); corrects ``plan.state_due_at`` where
    ``_start_handling`` sets the case's step deadline."""
    facts = _Facts()
    category = lookups.categories[item.category]
    handling_due: datetime | None = None
    for n, (step, (_, transition, _)) in enumerate(zip(item.steps, plan.moves, strict=True), start=1):
        now, action = step.at, step.action

        def refuse(message: str, field: str = "", n: int = n, label: str = transition.label) -> GridError:
            return _refuse(position, message, step=n, label=label, field=field)

        if action in ("return", "feedback") and facts.department is not None:
            unit = lookups.units[facts.department]
            if step.actor not in unit.members:
                raise refuse(f"操作人不是“{unit.name}”的经办人，不能处理派给该单位的事件")
        if action == "file":
            facts.filed_at = now
        elif action == "dispatch":
            unit = lookups.units.get(step.department) if step.department is not None else None
            if unit is None:
                raise refuse("请选择处置单位", "department")
            if not unit.active or not plan.region.path.startswith(unit.path):
                raise refuse(f"“{unit.name}”不负责该事件所在区域", "department")
            facts.department = step.department
            handling_start(facts, category, now)
        elif action == "dispatch_grid":
            facts.department = None
            handling_start(facts, category, now)
        elif action == "return":
            facts.returned_count += 1
            facts.department = None
        elif action == "feedback":
            facts.handled_at = now
            if facts.handled_on_time is None:
                facts.handled_on_time = now <= facts.handle_due_at
        elif action == "verify":
            facts.closed_at = now
        elif action == "rework":
            facts.rework_count += 1
            handling_start(facts, category, now)
        elif action == "evaluate":
            if step.satisfaction not in _SATISFACTIONS:
                raise refuse("请选择满意度：满意、基本满意或不满意", "satisfaction")
            facts.satisfaction, facts.evaluated_at = step.satisfaction, now
        elif action == "reopen":
            facts.satisfaction, facts.evaluated_at = Event.Satisfaction.DISSATISFIED, now
            facts.rework_count += 1
            facts.closed_at = facts.department = None
        handling_due = facts.handle_due_at if action in _STARTS_HANDLING else None
    if handling_due is not None:
        plan.state_due_at = handling_due
    return facts


_EVENT_COLUMNS = (
    "case_id", "category_id", "source", "client_id", "reporter_id", "description", "address", "address_id",
    "lat", "long", "media_url", "attributes", "contact_name", "contact_phone", "contact_email", "account_id",
    "department_id", "filed_at", "dispatched_at", "handle_due_at", "close_due_at", "handled_at",
    "handled_on_time", "closed_at", "evaluated_at", "satisfaction", "rework_count", "returned_count",
    "updated_at",
)  # fmt: skip


def _event_row(
    item: EventHistory, checked: tuple[EventInput, str], plan: CasePlan, f: _Facts, now: datetime
) -> tuple[Any, ...]:
    """The columns ``event_report`` fills from the checked report, then the milestones of the steps."""
    data, phone = checked
    return (
        plan.pk, data.category.pk, item.source, None, item.reporter, data.description, data.address,
        data.address_id, data.lat, data.long, item.media_url[:500], data.attributes, item.contact_name[:50],
        phone, item.contact_email[:254], item.account_id[:64], f.department, f.filed_at,
        f.dispatched_at, f.handle_due_at, f.close_due_at, f.handled_at, f.handled_on_time, f.closed_at,
        f.evaluated_at, f.satisfaction, f.rework_count, f.returned_count, now,
    )  # fmt: skip


def events_history_record(
    *, actor: User | None, events: Iterable[EventHistory], batch_size: int = BATCH_SIZE
) -> int:
    """Record past events with their whole flow (module docstring); returns how many. ``actor``: the
    user migrating, whose region must contain every event's grid; None for a system migration (the seed).
    Raises ``CaseError`` naming the first invalid item and step — ``GridError`` (a subclass) for the grid's
    own checks, the engine's ``BulkCaseError`` for the moves — and then nothing is written."""
    lookups = _GridLookups()
    scope = actor.region if actor is not None else None
    if actor is not None and scope is None:
        raise GridError("您没有所属区划，不能迁移事件")
    now = timezone.now()
    written = 0
    with transaction.atomic():
        for chunk in chunked(events, batch_size):
            lookups.cases.regions_load(item.grid for item in chunk)
            specs, checked = [], []
            for position, item in enumerate(chunk, start=written + 1):
                spec, values, phone = _spec(item, position, scope=scope, lookups=lookups)
                specs.append(spec)
                checked.append((values, phone))
            plans = cases_plan(specs, lookups=lookups.cases, start=written + 1, now=now)
            facts = [
                _replay(item, plan, position, lookups=lookups)
                for position, (item, plan) in enumerate(zip(chunk, plans, strict=True), start=written + 1)
            ]
            cases_write(plans, actor=actor, label="网格事件历史迁移")
            rows_copy(
                Event,
                _EVENT_COLUMNS,
                (
                    _event_row(item, values, plan, f, now)
                    for item, values, plan, f in zip(chunk, checked, plans, facts, strict=True)
                ),
            )
            written += len(chunk)
    return written
