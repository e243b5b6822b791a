"""房屋导入: grid, scope, choices, area and duplicates."""

from decimal import Decimal

import pytest

from minzheng.core.testing import COMMUNITY_A, GRID_A, GRID_B
from minzheng.registry.importing.testing import HOUSE_HEADERS, errors_of, run_import, write_csv, write_xlsx
from minzheng.registry.models import House, ImportBatch
from minzheng.registry.tests import given

pytestmark = pytest.mark.django_db


def _house(code="H-001", address="秀华路1号1栋101室", grid=GRID_A, kind="楼房", use="自住", area="89.5"):
    return [code, address, grid, kind, use, area]


def test_houses_are_imported_into_their_grids(personas, tmp_path):
    rows = [_house(), _house("H-002", "秀华路1号1栋102室", kind="", use="出租", area="120㎡")]
    batch = run_import(
        personas.community, write_csv(tmp_path / "h.csv", rows, header=HOUSE_HEADERS), kind="houses"
    )
    assert batch.status == ImportBatch.Status.COMMITTED, errors_of(batch)
    first, second = House.objects.order_by("code")
    assert (first.grid.code, first.house_type, first.use, first.area) == (
        GRID_A,
        "apartment",
        "own",
        Decimal("89.50"),
    )
    assert (second.house_type, second.use, second.area) == ("apartment", "rented", Decimal("120.00"))
    assert batch.message == "已导入2处房屋"


def test_xlsx_numbers_for_codes_and_area_are_read(personas, tmp_path):
    rows = [[2020001, "秀华路2号", int(GRID_A), "平房", "空置", 75.25]]
    batch = run_import(
        personas.community, write_xlsx(tmp_path / "h.xlsx", rows, header=HOUSE_HEADERS), kind="houses"
    )
    house = House.objects.get()
    assert (
        batch.status == ImportBatch.Status.COMMITTED
        and house.code == "2020001"
        and house.area == Decimal("75.25")
    )


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        (_house(grid=""), "网格代码", "网格代码不能为空"),
        (_house(grid=COMMUNITY_A), "网格代码", "应填网格代码"),
        (_house(grid=GRID_B), "网格代码", "不在您的管辖范围"),
        (_house(kind="别墅"), "房屋类型", "房屋类型“别墅”无法识别"),
        (_house(use="办公"), "房屋用途", "房屋用途“办公”无法识别"),
        (_house(area="-3"), "建筑面积", "建筑面积应大于0"),
        (_house(area="八十"), "建筑面积", "建筑面积应为数字"),
        (_house(address=""), "地址", "地址不能为空"),
        (_house(code=""), "房屋编号", "房屋编号不能为空"),
    ],
)
def test_each_bad_value_is_reported(personas, tmp_path, row, field, reason):
    batch = run_import(
        personas.community, write_csv(tmp_path / "h.csv", [row], header=HOUSE_HEADERS), kind="houses"
    )
    [(row_no, got_field, got_reason)] = errors_of(batch)
    assert (row_no, got_field) == (2, field) and reason in got_reason
    assert not House.objects.exists()


def test_duplicate_codes_in_the_file_and_in_the_registry_are_rejected(personas, tmp_path):
    given.house(personas.community, code="H-OLD", address="秀华路9号")
    rows = [_house("H-1"), _house("H-1", "秀华路3号"), _house("H-OLD", "秀华路4号")]
    batch = run_import(
        personas.community,
        write_csv(tmp_path / "h.csv", rows, header=HOUSE_HEADERS),
        kind="houses",
        mode="good",
    )
    assert errors_of(batch) == [
        (3, "房屋编号", "房屋编号与第2行重复"),
        (4, "房屋编号", "房屋编号已登记（秀华路9号）"),
    ]
    assert sorted(House.objects.values_list("code", flat=True)) == ["H-1", "H-OLD"]
