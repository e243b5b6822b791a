"""The seeded grid-worker roster: round(1,864·S) 社区网格员 on urban grids and round(467·S) 农村网格员 on
rural grids (at least one of each type), every grid covered, a worker's grids all of one type, in runs of
neighbouring grids within a town where there are enough workers, deterministic for a random seed."""

import random
from collections import defaultdict
from datetime import date

import pytest
from django.db import transaction

from minzheng.core.models import Region
from minzheng.grid.indicators import workers_rural, workers_urban
from minzheng.grid.models import GridAssignment, GridProfile, GridWorker
from minzheng.grid.seed import _workers, grid_profiles_generate, grid_seed, roster_plan

pytestmark = pytest.mark.django_db


def _expected(scale: float) -> dict[str, int]:
    return {"urban": max(round(1864 * scale), 1), "rural": max(round(467 * scale), 1)}


def _town(region: Region) -> str:
    return region.path.split("/")[3]


@pytest.mark.slow
def test_seeded_workers_split_by_grid_type_and_cover_every_grid(personas):
    # given the region tree, with both urban and rural grids
    assert Region.objects.filter(level="grid", kind="rural").exists()
    assert Region.objects.filter(level="grid", kind="urban").exists()

    # when the grid step seeds at a small scale (fewer workers of each type than towns)
    grid_seed(scale=0.01, random_seed=7)

    # then each worker's grids are all of one type, and the counts by type follow the rule
    types: dict[int, set[str]] = defaultdict(set)
    for worker_id, grid_type in GridAssignment.objects.values_list("worker", "grid__grid_type"):
        types[worker_id].add(grid_type)
    assert len(types) == GridWorker.objects.count()
    assert all(len(kinds) == 1 for kinds in types.values())
    by_type = defaultdict(int)
    for kinds in types.values():
        by_type[next(iter(kinds))] += 1
    assert dict(by_type) == _expected(0.01)
    # and every grid has a worker
    assert not GridProfile.objects.filter(assignments__isnull=True).exists()
    # and the report's indicators show the same split
    city = Region.objects.get(level="city")
    day = date(2020, 12, 31)
    assert workers_urban(city, day, day) == _expected(0.01)["urban"]
    assert workers_rural(city, day, day) == _expected(0.01)["rural"]
    # and each account sits at the lowest region holding its grids
    for a in GridAssignment.objects.select_related("grid__region", "worker__user__region"):
        assert a.grid.region.path.startswith(a.worker.user.region.path)


def test_with_enough_workers_each_takes_a_run_of_its_town(personas):
    # given profiles for every grid
    grid_profiles_generate()
    grids = [(p.region, p.grid_type) for p in GridProfile.objects.select_related("region")]
    towns_by_type = defaultdict(set)
    for region, grid_type in grids:
        towns_by_type[grid_type].add(_town(region))

    # when the roster is planned at a scale giving more workers of each type than towns
    scale = 0.1
    assert all(_expected(scale)[t] >= len(towns_by_type[t]) for t in ("urban", "rural"))
    plans = roster_plan(grids, scale=scale)

    # then the counts by type follow the rule, every grid is covered (where a town has more workers of a
    # type than grids of it, as in the test tree, the extra workers share a grid)
    kind = {region.pk: grid_type for region, grid_type in grids}
    counts = defaultdict(int)
    for mine in plans:
        assert len({kind[g.pk] for g in mine}) == 1
        counts[kind[mine[0].pk]] += 1
    assert dict(counts) == _expected(scale)
    assert {g.pk for mine in plans for g in mine} == set(kind)
    # and each worker's grids lie in one town, neighbours in code order among that town's grids of the type
    for mine in plans:
        assert len({_town(g) for g in mine}) == 1
        same = sorted(r.code for r, t in grids if t == kind[mine[0].pk] and _town(r) == _town(mine[0]))
        first = same.index(mine[0].code)
        assert [g.code for g in mine] == same[first : first + len(mine)]
    # and the plan is deterministic
    assert [[g.pk for g in mine] for mine in roster_plan(grids[::-1], scale=scale)] == [
        [g.pk for g in mine] for mine in plans
    ]


def _seeded_roster(random_seed: int) -> list[tuple[str, str, str]]:
    """Seed the roster inside a savepoint rolled back afterwards; return who took which grid."""
    with transaction.atomic():
        _workers(random.Random(random_seed), 0.01)
        roster = list(
            GridAssignment.objects.order_by("worker__user__username", "grid__region__code").values_list(
                "worker__user__username", "worker__user__display_name", "grid__region__code"
            )
        )
        transaction.set_rollback(True)
    return roster


def test_the_roster_is_the_same_for_the_same_random_seed(personas):
    # given profiles for every grid
    grid_profiles_generate()

    # when the roster is seeded twice with the same random seed
    first, again = _seeded_roster(3), _seeded_roster(3)

    # then the same workers take the same grids
    assert first and again == first
