"""Grid profiles, boundaries and locating a point; the roster, assignments and training records."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from minzheng.core.models import AuditEntry, Region
from minzheng.core.testing import GRID_A, GRID_B
from minzheng.grid.geo import rectangle
from minzheng.grid.models import GridProfile
from minzheng.grid.services import (
    GridError,
    grid_locate,
    grid_profile_update,
    grid_profiles_ensure,
    grid_worker_assign,
    grid_worker_register,
    training_record_add,
)
from minzheng.grid.tests import given

pytestmark = pytest.mark.django_db


def test_every_grid_gets_a_profile_typed_by_its_community(personas):
    created = grid_profiles_ensure()
    grids = Region.objects.filter(level="grid")
    assert created == grids.count() == GridProfile.objects.count()
    rural = grids.filter(kind="rural").count()
    assert GridProfile.objects.filter(grid_type="rural").count() == rural
    assert AuditEntry.objects.filter(action="bulk", object_type="grid.gridprofile").count() == 1
    assert grid_profiles_ensure() == 0


def test_a_drawn_boundary_places_points_in_its_grid(personas):
    grid_profiles_ensure()
    profile = GridProfile.objects.get(region__code=GRID_A)
    square = rectangle(min_lat=20.0, max_lat=20.1, min_long=110.0, max_long=110.1)
    square["coordinates"].append(
        [[110.04, 20.04], [110.06, 20.04], [110.06, 20.06], [110.04, 20.06], [110.04, 20.04]]
    )
    grid_profile_update(
        actor=personas.community, profile=profile, boundary={"type": "Feature", "geometry": square}
    )
    profile.refresh_from_db()
    assert (profile.min_lat, profile.max_long) == (20.0, 110.1)
    assert grid_locate(lat=20.01, long=110.01).code == GRID_A
    assert grid_locate(lat=20.05, long=110.05) is None  # in the hole
    assert grid_locate(lat=21.0, long=110.01) is None
    grid_profile_update(actor=personas.community, profile=profile, boundary={})
    assert grid_locate(lat=20.01, long=110.01) is None


@pytest.mark.parametrize(
    ("boundary", "words"),
    [
        ({"type": "Point", "coordinates": [110, 20]}, "Polygon"),
        ({"type": "Polygon", "coordinates": [[[110, 20], [110.1, 20], [110.1, 20.1]]]}, "至少4个"),
        ({"type": "Polygon", "coordinates": [[[110, 20], [110.1, 20], [110.1, 20.1], [110, 20.2]]]}, "闭合"),
        (
            {"type": "Polygon", "coordinates": [[[20, 110], [20, 111], [21, 111], [20, 110]]]},
            "超出经纬度范围",
        ),
    ],
)
def test_bad_boundaries_are_refused(personas, boundary, words):
    grid_profiles_ensure()
    profile = GridProfile.objects.get(region__code=GRID_A)
    with pytest.raises(GridError, match=words) as err:
        grid_profile_update(actor=personas.community, profile=profile, boundary=boundary)
    assert err.value.field == "boundary"


def test_grid_workers_cannot_edit_grids(personas):
    profile = given.profile(GRID_A)
    with pytest.raises(PermissionDenied):
        grid_profile_update(actor=personas.grid_a, profile=profile, grid_type="dedicated")


def test_roster_and_assignments_respect_the_workers_region(personas):
    worker_a = grid_worker_register(actor=personas.town, user=personas.grid_a, employee_no="W001")
    with pytest.raises(GridError, match="已在网格员名册"):
        grid_worker_register(actor=personas.town, user=personas.grid_a)
    with pytest.raises(GridError, match="不是网格员"):
        grid_worker_register(actor=personas.town, user=personas.community)
    with pytest.raises(GridError, match="管辖范围"):
        grid_worker_register(actor=personas.other_district, user=personas.grid_b)
    grid_worker_assign(actor=personas.town, worker=worker_a, grid=given.profile(GRID_A))
    with pytest.raises(GridError, match="不在网格员账号的区划"):
        grid_worker_assign(actor=personas.town, worker=worker_a, grid=given.profile(GRID_B))
    with pytest.raises(GridError, match="已负责"):
        grid_worker_assign(actor=personas.town, worker=worker_a, grid=given.profile(GRID_A))
    assert list(worker_a.grids.values_list("region__code", flat=True)) == [GRID_A]


def test_training_records_are_person_times(personas):
    worker = given.worker(personas.grid_a)
    record = training_record_add(
        actor=personas.community, worker=worker, title="事件上报规范", held_on=date(2026, 3, 2), hours="4"
    )
    assert str(record.hours) == "4.0" and worker.trainings.count() == 1
    with pytest.raises(GridError) as err:
        training_record_add(
            actor=personas.community, worker=worker, title="x", held_on=date(2026, 3, 2), hours="多"
        )
    assert err.value.field == "hours"
    with pytest.raises(GridError) as err:
        training_record_add(
            actor=personas.community, worker=worker, title="x", held_on=date(2999, 1, 1), hours=2
        )
    assert err.value.field == "held_on"
    with pytest.raises(PermissionDenied):
        training_record_add(
            actor=personas.grid_a, worker=worker, title="x", held_on=date(2026, 3, 2), hours=2
        )
