"""Open311 intake: a request is accepted at once (checked, stored, numbered) and filed as an event by the
job worker, in batches, with set-based SQL — so a hotline system can post hundreds of requests a second
on two cores, which filing each through the row-at-a-time services (≈ 20 statements and two audit
entries per event) cannot.

Filing a batch opens the cases through the casework engine's bulk path (``casework.bulk``: ``cases_plan``
checks each registration as ``case_open`` does and computes its 受理 deadline, ``cases_write`` numbers the
cases and writes them with their 登记 timeline rows, with one audit entry for the batch), then writes the
events and marks the requests filed — all in one transaction, plus one audit entry mapping each request
to its case number (DESIGN: bulk paths write one summary entry).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from minzheng.casework.bulk import CaseSpec, cases_plan, cases_write
from minzheng.core.audit import Action, audit_append
from minzheng.core.inputs import url_check
from minzheng.core.models import Region
from minzheng.grid.casetypes import GridEvent
from minzheng.grid.models import Event, EventCategory, Open311Client, Open311Request
from minzheng.grid.services._common import check_phone
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
    contact_phone = check_phone(contact_phone, field="phone", label="联系电话")
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
        contact_phone=contact_phone,
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
    specs = []
    for r in requests:
        data = EventInput(r.category, r.description, r.address, r.address_id, r.lat, r.long, r.attributes)
        specs.append(
            CaseSpec(
                case_type=GridEvent.code,
                region=places[r.pk].pk,
                title=event_title(data),
                opened_at=r.received_at,
                comment=r.description[:500],
                check_scope=False,  # an intake channel files for the whole jurisdiction, as case_open lets it
            )
        )
    # the requests were stamped by the web servers: a clock a little ahead of the worker's is not "the future"
    cases = cases_plan(specs, now=max(timezone.now(), *(r.received_at for r in requests)))
    cases_write(cases, label="Open311受理登记")
    events = Event.objects.bulk_create(
        [
            Event(
                case_id=c.pk,
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
    return len(requests)


def open311_pending_count() -> int:
    return Open311Request.objects.filter(filed_at__isnull=True).count()
