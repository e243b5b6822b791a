"""open311_request_accept / open311_intake_drain: accepted at once, filed in bulk by the worker with
what case_open and event_report would have written, one audit entry per batch."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minzheng.casework.models import CaseEvent
from minzheng.core.models import AuditEntry, Region
from minzheng.core.testing import GRID_A, GRID_B
from minzheng.grid import rules
from minzheng.grid.models import Open311Request
from minzheng.grid.services import GridError, event_act, intake, open311_client_issue
from minzheng.grid.services.grids import grid_index_reset
from minzheng.grid.services.intake import open311_intake_drain, open311_request_accept
from minzheng.grid.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(personas):
    given.profile(GRID_A)
    given.profile(GRID_B)
    grid_index_reset()
    return open311_client_issue(name="12345热线", jurisdiction_id="haikou.gov.cn")[0]


def accept(client, **fields):
    data = {"category": given.category(), "description": "垃圾", "lat": 20.005, "long": 110.305}
    data.update(fields)
    return open311_request_accept(client=client, **data)


def test_a_batch_is_placed_numbered_and_audited_once(client, personas):
    from minzheng.registry.models import House

    House.objects.create(code="H-B-1", address="秀海路1号", grid=Region.objects.get(code=GRID_B))
    received = [
        accept(client, at=given.at("2026-03-06 16:00")),  # in grid A by its point
        accept(client, lat=20.015, long=110.305),  # in grid B by its point
        accept(client, lat=None, long=None, address_id="h-b-1"),  # grid B by its house
        accept(client, lat=None, long=None, address="某路口"),  # nowhere: the city
    ]
    assert open311_intake_drain(batch=3) == 4  # two batches
    regions = [
        r.event.case.region.code
        for r in Open311Request.objects.select_related("event__case__region").order_by("pk")
    ]
    assert regions == [GRID_A, GRID_B, GRID_B, "460100"]
    first = Open311Request.objects.get(pk=received[0].pk).event
    assert first.case.number == f"SJ4601052026{first.case_id:08d}"
    assert first.case.state_due_at == rules.FILING_DEADLINE.due_from(given.at("2026-03-06 16:00"))
    assert CaseEvent.objects.filter(case__grid_event__client=client, action="open").count() == 4
    assert AuditEntry.objects.filter(action="bulk", object_type="grid.event").count() == 2
    assert open311_intake_drain() == 0
    # a bulk-filed event goes on through the ordinary steps
    event_act(actor=personas.town, event=first, action="file")
    assert event_act(actor=personas.town, event=first, action="dispatch_grid").case.state == "to_grid"


def test_a_bad_request_is_refused_before_it_is_stored(client):
    with pytest.raises(GridError) as err:
        accept(client, lat=None, long=None)
    assert err.value.field == "lat"
    with pytest.raises(GridError):
        accept(client, category=given.category("0401"))
    assert not Open311Request.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_files_what_was_received(personas, monkeypatch):
    given.profile(GRID_A)
    grid_index_reset()
    monkeypatch.setattr(intake, "_window", [0.0, False])
    client = open311_client_issue(name="热线", jurisdiction_id="haikou.gov.cn")[0]
    accept(client)  # queues a task at once
    accept(client)  # within the second: queues one to run after it
    deferred, at_once = DBTaskResult.objects.order_by("run_after").values_list("run_after", flat=True)
    assert at_once.year == 9999  # django-tasks-db's "no deferral"
    assert 0 < (deferred - timezone.now()).total_seconds() < 2
    call_command("worker", batch=True)
    assert [r.event.case.region.code for r in Open311Request.objects.all()] == [GRID_A, GRID_A]
