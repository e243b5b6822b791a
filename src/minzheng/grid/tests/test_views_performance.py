"""The ranking page, its XLSX export (the same figures, audited) and the weights page."""

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from minzheng.core.models import AuditEntry
from minzheng.core.testing import GRID_A, client_for
from minzheng.grid.models import PerformanceWeights
from minzheng.grid.services import event_act
from minzheng.grid.tests import given

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(personas):
    given.worker(personas.grid_a)
    given.profile("460105001002001")
    event = given.event(personas.grid_a, when=given.at("2026-03-02 09:00"))
    event_act(actor=personas.town, event=event, action="file", at=given.at("2026-03-02 09:10"))
    event_act(actor=personas.town, event=event, action="dispatch_grid", at=given.at("2026-03-02 09:20"))
    event_act(
        actor=personas.grid_a, event=event, action="feedback", comment="ok", at=given.at("2026-03-02 10:00")
    )
    event_act(actor=personas.grid_a, event=event, action="verify", at=given.at("2026-03-02 11:00"))
    return personas


def test_the_ranking_and_its_export_agree(march):
    town = client_for(march.town)
    page = town.get(reverse("grid:performance"), {"month": "2026-03", "level": "grid"})
    rows = page.context["rows"]
    assert [r.key for r in rows][0] == GRID_A and rows[0].rates["closure"] == 100.0
    response = town.get(reverse("grid:performance_export"), {"month": "2026-03", "level": "grid"})
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.get_sheet_by_index(0).to_python()
    assert sheet[0][:3] == ["排名", "名称", "所属区划"]
    assert sheet[1][1] == rows[0].label and sheet[1][-1] == rows[0].score
    assert AuditEntry.objects.filter(action="export", object_type="grid.performance").count() == 1
    workers = town.get(reverse("grid:performance"), {"month": "2026-03", "level": "worker"}).context["rows"]
    assert [r.label for r in workers] == ["grid_a"] and workers[0].counts["reported"] == 1


def test_who_may_see_export_and_weigh(march):
    grid_a = client_for(march.grid_a)
    assert grid_a.get(reverse("grid:performance"), {"month": "2026-03"}).status_code == 200
    assert grid_a.get(reverse("grid:performance_export"), {"month": "2026-03"}).status_code == 403
    assert client_for(march.district).get(reverse("grid:weights")).status_code == 403
    city = client_for(march.city)
    data = {
        "effective_from": "2026-03-01", "reported": 10, "on_time_handling": 20, "closure": 20, "on_time_closure": 10,
        "rework": 10, "satisfaction": 20, "visits": 10, "reported_target": 5, "visits_target": 5, "note": "",
    }  # fmt: skip
    city.post(reverse("grid:weights"), data)
    assert PerformanceWeights.objects.get().satisfaction == 20
    response = city.post(reverse("grid:weights"), {**data, "visits": 30}, follow=True)
    assert "之和须为100" in response.content.decode()
