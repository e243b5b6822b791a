"""The grid indicators: one set-based query each, over a region subtree and a period."""

from datetime import date

import pytest

from minzheng.core.models import Region
from minzheng.core.testing import GRID_A
from minzheng.grid import indicators
from minzheng.grid.services import event_act
from minzheng.grid.tests import given

pytestmark = pytest.mark.django_db
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def test_event_figures_by_region_and_period(personas):
    given.profile(GRID_A)
    given.profile("460105001002001")
    closed = given.event(personas.grid_a, when=given.at("2026-03-02 09:00"))
    event_act(actor=personas.town, event=closed, action="file", at=given.at("2026-03-02 09:10"))
    event_act(actor=personas.town, event=closed, action="dispatch_grid", at=given.at("2026-03-02 09:20"))
    event_act(
        actor=personas.grid_a, event=closed, action="feedback", comment="ok", at=given.at("2026-03-02 10:00")
    )
    event_act(actor=personas.grid_a, event=closed, action="verify", at=given.at("2026-03-02 11:00"))
    open_ = given.event(personas.grid_a, when=given.at("2026-03-03 09:00"))
    event_act(actor=personas.town, event=open_, action="file", at=given.at("2026-03-03 09:10"))
    given.event(personas.grid_a, when=given.at("2026-04-01 09:00"))
    town = Region.objects.get(code="460105001")
    other = Region.objects.get(code="460108")
    assert indicators.events_reported(town, *MARCH) == 2
    assert indicators.events_reported(other, *MARCH) == 0
    assert indicators.events_closed(town, *MARCH) == 1
    assert indicators.closure_rate(town, *MARCH) == 5000  # 1 of 2 filed, in basis points
    assert indicators.on_time_handling_rate(town, *MARCH) == 10000
    assert indicators.events_in_state("filed")(town, *MARCH) == 1
    assert indicators.events_in_category("01")(town, *MARCH) == 2
    assert indicators.events_open_at_end(town, *MARCH) == 2  # verified but not yet called back counts as open
    assert indicators.grids_by_type(None)(town, *MARCH) == 2
    assert indicators.events_overdue_now(town, *MARCH) >= 1


def test_every_spec_is_registrable(personas):
    specs = indicators.indicator_specs()
    codes = [s["code"] for s in specs]
    assert len(codes) == len(set(codes)) and all(c.startswith("grid.") for c in codes)
    city = Region.objects.get(code="460100")
    for spec in specs:
        assert isinstance(spec["compute"](city, *MARCH), int), spec["code"]
