"""The grid seed step at demo scale: profiles with boundaries, workers (at least one per town) covering
their grids, units and accounts, training, and events carried along the flow by the services."""

import pytest

from minzheng.core.models import Region
from minzheng.grid.models import Event, GridAssignment, GridProfile, GridWorker, TrainingRecord
from minzheng.grid.seed import grid_seed
from minzheng.grid.services import grid_locate

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_seed_at_demo_scale(personas):
    summary = grid_seed(scale=0.01, random_seed=7)
    # the seed's 1,864 urban and 467 rural grid workers, at scale
    assert GridWorker.objects.count() == round(1864 * 0.01) + round(467 * 0.01)
    assert GridProfile.objects.count() == Region.objects.filter(level="grid").count()
    assert not GridProfile.objects.filter(boundary__isnull=True).exists()
    for a in GridAssignment.objects.select_related("grid__region", "worker__user__region"):
        assert a.grid.region.path.startswith(a.worker.user.region.path)
    assert TrainingRecord.objects.count() == 25
    assert Event.objects.count() == 36 and Event.objects.filter(case__state="evaluated").exists()
    profile = GridProfile.objects.order_by("region__code").first()
    assert (
        grid_locate(
            lat=(profile.min_lat + profile.max_lat) / 2, long=(profile.min_long + profile.max_long) / 2
        )
        == profile.region
    )
    assert "网格员" in summary
    assert "跳过" in grid_seed(scale=0.01, random_seed=7)
