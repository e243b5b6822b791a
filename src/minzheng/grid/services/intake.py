"""Open311 intake: a request is accepted at once (checked, stored, numbered) and filed as an event by the
job worker, in batches, with set-based SQL — so a hotline system can post hundreds of requests a second
on two cores, which filing each through the row-at-a-time services (≈ 20 statements and two audit
entries per event) cannot.

Filing a batch writes what ``casework.case_open`` and ``event_report`` write for one event — the case
in 待受理 with its 受理 deadline and number, its 登记 timeline row, the event — for every request in one
transaction, plus one audit entry listing the cases (DESIGN: bulk paths write one summary entry). The
casework engine has no bulk open of its own; this is that extension, kept here until casework takes it.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from minzheng.casework.models import Case, CaseEvent
from minzheng.casework.moves import case_number
from minzheng.core.audit import Action, audit_append
from minzheng.core.inputs import url_check
from minzheng.core.models import Region
from minzheng.grid import rules
from minzheng.grid.casetypes import GridEvent
from minzheng.grid.models import Event, EventCategory, Open311Client, Open311Request
from minzheng.grid.services.events import EventInput, event_input_check, event_title, jurisdiction_root
from minzheng.grid.services.grids import grid_index

BATCH = 500
SCHEDULE_EVERY = 1.0  # seconds: a process asks the worker to file at most this often
_window = [0.0, False]  # when this process last queued a task; whether a trailing one is queued


def open311_request_accept(
    *,
    client: Open311Client,
    category: EventCategory | None,
    description: str,
    lat: Any = None,
    long: Any = None,
    address: str = "",
    address_id: str = "",
    attributes: dict[str, Any] | None = None,
    media_url: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    account_id: str = "",
    at: datetime | None = None,
) -> Open311Request:
    """Check a request as any report is checked (``event_input_check``), store it, and have the worker
    file it. Raises ``GridError`` naming the field."""
    data: EventInput = event_input_check(
        category=category, description=description, lat=lat, long=long, address=address,
        address_id=address_id, attributes=attributes,
    )  # fmt: skip
    media_url = url_check(media_url, field="media_url", label="媒体链接")  # http(s) only: core.inputs
    request = Open311Request.objects.create(
        client=client,
        received_at=at or timezone.now(),
        category=data.category,
        description=data.description,
        address=data.address,
        address_id=data.address_id.upper(),
        lat=data.lat,
        long=data.long,
        media_url=media_url,
        attributes=data.attributes,
        contact_name=contact_name[:50],
        contact_phone=contact_phone[:20],
        contact_email=contact_email[:254],
        account_id=account_id[:64],
    )
    transaction.on_commit(intake_schedule)
    return request


def intake_schedule() -> None:
    """Queue a filing task for the worker. A task files everything pending, so a process queues one at
    once and, for requests arriving in the second after it, one more to run when that second is over:
    at most two queue rows a second per process under load, and no request left waiting when it stops."""
    from minzheng.grid.tasks import open311_intake_task

    now = time.monotonic()
    if now - _window[0] >= SCHEDULE_EVERY:
        _window[:] = [now, False]
        open311_intake_task.enqueue()
    elif not _window[1]:
        _window[1] = True
        open311_intake_task.using(run_after=timezone.now() + timedelta(seconds=SCHEDULE_EVERY)).enqueue()


def open311_intake_drain(*, batch: int = BATCH) -> int:
    """File every pending request; returns how many. Safe to run in several workers at once (rows are
    claimed with FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite runs one writer at a time)."""
    filed = 0
    while True:
        n = _file_batch(batch)
        filed += n
        if n < batch:
            return filed


def _places(requests: list[Open311Request]) -> dict[int, Region]:
    """Each request's region: the grid holding its point, else its house's grid, else the city."""
    index = grid_index()
    codes = {r.address_id for r in requests if r.address_id}
    houses: dict[str, int] = {}
    if codes:
        from minzheng.registry.models import House

        houses = dict(House.objects.filter(code__in=codes).values_list("code", "grid_id"))
    chosen = {}
    for r in requests:
        grid_id = index.locate(lat=r.lat, long=r.long) if r.lat is not None else None
        chosen[r.pk] = grid_id or houses.get(r.address_id)
    regions = Region.objects.in_bulk({g for g in chosen.values() if g})
    root = jurisdiction_root()
    return {pk: regions[g] if g else root for pk, g in chosen.items()}


@transaction.atomic
def _file_batch(limit: int) -> int:
    requests = list(
        Open311Request.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(filed_at__isnull=True)
        .select_related("category", "client")
        .order_by("pk")[:limit]
    )
    if not requests:
        return 0
    places = _places(requests)
    kind = GridEvent
    cases = []
    for r in requests:
        data = EventInput(r.category, r.description, r.address, r.address_id, r.lat, r.long, r.attributes)
        cases.append(
            Case(
                case_type=kind.code,
                number=f"open311-{r.pk}",
                title=event_title(data),
                state=kind.initial,
                region=places[r.pk],
                opened_at=r.received_at,
                state_entered_at=r.received_at,
                state_due_at=rules.FILING_DEADLINE.due_from(r.received_at),
            )
        )
    Case.objects.bulk_create(cases)
    for case in cases:
        case.number = case_number(kind, case.region, case.opened_at, case.pk)
    Case.objects.bulk_update(cases, ["number"], batch_size=BATCH)
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case=c,
                at=c.opened_at,
                action="open",
                action_label="登记",
                to_state=kind.initial,
                comment=r.description[:500],
            )
            for r, c in zip(requests, cases, strict=True)
        ]
    )
    events = Event.objects.bulk_create(
        [
            Event(
                case=c,
                category=r.category,
                source=r.client.source,
                client=r.client,
                description=r.description,
                address=r.address,
                address_id=r.address_id,
                lat=r.lat,
                long=r.long,
                media_url=r.media_url,
                attributes=r.attributes,
                contact_name=r.contact_name,
                contact_phone=r.contact_phone,
                contact_email=r.contact_email,
                account_id=r.account_id,
            )
            for r, c in zip(requests, cases, strict=True)
        ]
    )
    now = timezone.now()
    for r, e in zip(requests, events, strict=True):
        r.event, r.filed_at = e, now
    Open311Request.objects.bulk_update(requests, ["event", "filed_at"], batch_size=BATCH)
    audit_append(
        action=Action.BULK,
        object_type="grid.event",
        object_repr=f"Open311受理登记{len(requests)}件",
        detail=f"{cases[0].number}～{cases[-1].number}",
        after={r.service_request_id: c.number for r, c in zip(requests, cases, strict=True)},
    )
    _data_changed()
    return len(requests)


def _data_changed() -> None:
    """Tell the indicator cache (reports) that events and cases changed: bulk inserts bypass signals."""
    if apps.is_installed("minzheng.reports"):
        from minzheng.reports.registry import data_changed

        for label in ("grid.event", "casework.case"):
            transaction.on_commit(lambda label=label: data_changed(label))


def open311_pending_count() -> int:
    return Open311Request.objects.filter(filed_at__isnull=True).count()
