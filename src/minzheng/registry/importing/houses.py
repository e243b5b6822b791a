"""房屋导入: one row per house; every house is in a grid inside the importer's region."""

from __future__ import annotations

from typing import Any, ClassVar

from minzheng.core.models import Region
from minzheng.registry.importing.pipeline import ImportContext, Importer
from minzheng.registry.importing.support import insert_select, query_rows
from minzheng.registry.importing.values import cell_code, cell_text, parse_area, parse_choice
from minzheng.registry.models import House

HOUSE_TYPES = {label: value for value, label in House.Type.choices} | {
    "楼房（单元房）": "apartment",
    "单元房": "apartment",
}
HOUSE_USES = {label: value for value, label in House.Use.choices} | {
    "租住": "rented",
    "出租房": "rented",
    "闲置": "vacant",
}


class HouseImporter(Importer):
    kind = "houses"
    label = "房屋"
    stage_name = "import_stage_houses"
    stage_columns: ClassVar = (
        ("row_no", "integer"),
        ("ok", "integer"),
        ("code", "varchar(32)"),
        ("address", "varchar(200)"),
        ("grid_id", "bigint"),
        ("house_type", "varchar(12)"),
        ("use", "varchar(8)"),
        ("area", "numeric(8, 2)"),
    )

    def __init__(self, ctx: ImportContext, positions: dict[str, int]) -> None:
        super().__init__(ctx, positions)
        self.required = [positions[k] for k in ("code", "address", "grid_code")]  # header_map checked them
        self.optional = [positions.get(k) for k in ("house_type", "use", "area")]

    def validate(self, number: int, cells: list[Any]) -> tuple[Any, ...] | None:
        (i_code, i_address, i_grid), (i_type, i_use, i_area) = self.required, self.optional
        ctx, add = self.ctx, self.ctx.spool.add
        code = cell_code(cells[i_code])
        if not code:
            add(number, "房屋编号", "", "房屋编号不能为空")
            return None
        if len(code) > 32:
            add(number, "房屋编号", code, "房屋编号过长（最多32位）")
            return None
        ok = 1
        address = cell_text(cells[i_address])
        if not address or len(address) > 200:
            add(number, "地址", address[:50], "地址不能为空" if not address else "地址过长（最多200字）")
            ok = 0
        grid_id = None
        grid_code = cell_code(cells[i_grid])
        grid = ctx.regions.by_code.get(grid_code) if grid_code else None
        if not grid_code:
            add(number, "网格代码", "", "网格代码不能为空：每处房屋都属于一个网格")
            ok = 0
        elif grid is None:
            add(number, "网格代码", grid_code, f"网格代码“{grid_code}”不存在")
            ok = 0
        elif grid.level != Region.Level.GRID:
            add(
                number,
                "网格代码",
                grid_code,
                f"“{grid_code}”是{Region.Level(grid.level).label}（{grid.name}），应填网格代码",
            )
            ok = 0
        elif not ctx.in_scope(grid):
            add(number, "网格代码", grid_code, ctx.out_of_scope(grid))
            ok = 0
        else:
            grid_id = grid.id
        values: list[Any] = []
        for index, field, choices, default in (
            (i_type, "房屋类型", HOUSE_TYPES, House.Type.APARTMENT),
            (i_use, "房屋用途", HOUSE_USES, House.Use.OWN),
        ):
            try:
                values.append(
                    parse_choice(
                        cells[index] if index is not None else "",
                        choices=choices,
                        label=field,
                        default=default,
                    )
                )
            except ValueError as exc:
                add(number, field, cell_text(cells[index]) if index is not None else "", str(exc))
                values.append(default)
                ok = 0
        area = None
        if i_area is not None:
            try:
                area = parse_area(cells[i_area])
            except ValueError as exc:
                add(number, "建筑面积", cell_text(cells[i_area]), str(exc))
                ok = 0
        return (number, ok, code, address[:200], grid_id, values[0], values[1], area)

    def check(self) -> None:
        self.duplicates_in_file("code", "房屋编号", "房屋编号")
        sql = (
            f"SELECT s.row_no, s.code, h.address FROM {self.stage_name} s "
            f"JOIN {House._meta.db_table} h ON h.code = s.code"
        )
        for row_no, code, address in query_rows(sql):
            self.ctx.spool.add(row_no, "房屋编号", code, f"房屋编号已登记（{address}）")

    def write(self) -> int:
        return insert_select(
            House,
            select={
                "code": "s.code",
                "address": "s.address",
                "grid_id": "s.grid_id",
                "house_type": "s.house_type",
                "use": "s.use",
                "area": "s.area",
            },
            from_sql=f"{self.stage_name} s WHERE s.ok = 1",
            order_by="s.code",
        )

    def summary(self, written: int) -> str:
        return f"{written}处房屋"
