from minzheng.core.models import Region
from minzheng.core.regions import (
    HAIKOU_RURAL_GRIDS,
    HAIKOU_URBAN_GRIDS,
    community_kind,
    grid_counts,
    regions_load,
)


def test_tree_has_the_official_divisions(db):
    # given the session's tree (loaded from the Haikou fixture)
    # then the official levels are all there, each under its parent
    assert Region.objects.filter(level="district").count() == 4
    assert Region.objects.filter(level="town").count() == 46
    assert Region.objects.filter(level="community").count() == 467
    xiuying = Region.objects.get(code="460105")
    assert xiuying.name == "秀英区" and xiuying.parent.code == "460100"
    assert Region.objects.get(code="460105001001").path == "/460100/460105/460105001/460105001001/"


def test_grids_are_generated_under_their_community_with_15_digit_codes(db):
    grid = Region.objects.get(code="460105001001001")
    assert grid.generated and grid.level == "grid"
    assert grid.parent.code == "460105001001" and grid.name == "秀华社区第1网格"
    assert not Region.objects.filter(level="grid").exclude(code__regex=r"^\d{15}$").exists()
    assert not Region.objects.filter(
        level__in=["city", "district", "town", "community"], generated=True
    ).exists()


def test_full_scale_grid_counts_are_the_seeds():
    # given the communities classified urban/rural by name
    communities = [
        Region(pk=i, code=str(i), kind=Region.Kind.URBAN if i % 2 else Region.Kind.RURAL)
        for i in range(1, 468)
    ]
    # when grids are spread at scale 1.0
    counts = grid_counts(
        communities, urban_total=HAIKOU_URBAN_GRIDS, rural_total=HAIKOU_RURAL_GRIDS, scale=1.0
    )
    # then the totals are the seed document's 2,465 + 2,202 = 4,667
    urban = sum(n for pk, n in counts.items() if pk % 2)
    rural = sum(n for pk, n in counts.items() if not pk % 2)
    assert (urban, rural, urban + rural) == (2465, 2202, 4667)
    assert min(counts.values()) >= 1


def test_loading_full_scale_reaches_4667_grids_and_is_idempotent(db):
    result = regions_load(scale=1.0)
    assert result.divisions_created == 0
    assert result.grids_total == 4667
    assert Region.objects.filter(level="grid", kind="urban").count() == 2465
    assert Region.objects.filter(level="grid", kind="rural").count() == 2202
    again = regions_load(scale=1.0)
    assert again.grids_created == 0 and again.grids_total == 4667


def test_community_kind_from_name():
    assert community_kind("秀华社区居民委员会") == "urban"
    assert community_kind("高新居委会") == "urban"
    assert community_kind("东山热作场生活区") == "urban"
    assert community_kind("儒益村委会") == "rural"
    assert community_kind("拔南村委员会") == "rural"
    assert community_kind("龙盘村委员") == "rural"
