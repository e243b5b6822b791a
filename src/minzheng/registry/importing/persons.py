"""人员导入: one row per person, keyed by the citizen ID.

Gender, birth date, ``id_reversed`` and ``name_initials`` are derived exactly as
:mod:`minzheng.registry.rules` derives them; a gender or birth date given in the file must agree with
the ID (GB 11643-1999). ``region`` (the scope field) is the grid of the residence house when a house
is given, else the grid given, else the hukou community — and must lie inside the importer's region.
"""

from __future__ import annotations

from typing import Any, ClassVar

from minzheng.core.ids import CitizenIdError, parse_citizen_id
from minzheng.core.masking import mask_name
from minzheng.core.models import Region
from minzheng.registry.importing.pipeline import ImportContext, Importer
from minzheng.registry.importing.support import KnownIdRegions, insert_select, query_rows
from minzheng.registry.importing.values import (
    cell_code,
    cell_text,
    numeric_id_lost_digits,
    parse_date,
    parse_gender,
    parse_phone,
    person_name,
)
from minzheng.registry.models import House, Person
from minzheng.registry.rules import PersonFactError, check_given_facts, id_reversed, name_initials

_NAME_MAX = 50
_GENDER_LABEL = {"M": "男", "F": "女"}  # a value given exactly so agrees with the ID: no need to parse


class PersonImporter(Importer):
    kind = "persons"
    label = "人员"
    stage_name = "import_stage_persons"
    stage_indexes: ClassVar = (("row_no",), ("id_number", "row_no"))
    range_rows = 50_000
    bulk_load_models: ClassVar = (Person,)
    stage_columns: ClassVar = (
        ("row_no", "integer"),
        ("ok", "integer"),
        ("id_number", "varchar(18)"),
        ("id_reversed", "varchar(18)"),
        ("name", "varchar(50)"),
        ("name_initials", "varchar(50)"),
        ("gender", "varchar(1)"),
        ("birth_date", "date"),
        ("ethnicity", "varchar(20)"),
        ("phone", "varchar(20)"),
        ("hukou_region_id", "bigint"),
        ("hukou_address", "varchar(200)"),
        ("house_code", "varchar(32)"),
        ("grid_id", "bigint"),
        ("region_id", "bigint"),
        ("permit_no", "varchar(30)"),
        ("permit_until", "date"),
    )

    def __init__(self, ctx: ImportContext, positions: dict[str, int]) -> None:
        super().__init__(ctx, positions)
        self.known = KnownIdRegions(ctx.regions)
        self.initials: dict[str, str] = {}
        p = positions
        self.required = [p[key] for key in ("id_number", "name")]  # header_map checked them
        self.optional = [p.get(key) for key in (
            "gender", "birth_date", "ethnicity", "phone", "hukou_code",
            "hukou_address", "house_code", "grid_code", "permit_no", "permit_until",
        )]  # fmt: skip

    def validate(self, number: int, cells: list[Any]) -> tuple[Any, ...] | None:  # noqa: C901
        i_id, i_name = self.required
        (
            i_gender,
            i_birth,
            i_eth,
            i_phone,
            i_hukou,
            i_haddr,
            i_house,
            i_grid,
            i_pno,
            i_puntil,
        ) = self.optional
        ctx, add = self.ctx, self.ctx.spool.add
        raw_id = cells[i_id]
        if numeric_id_lost_digits(raw_id):
            add(
                number,
                "身份证号码",
                cell_text(raw_id),
                "身份证号码被Excel存成了数字，末几位已丢失：请把该列设为“文本”后重新录入",
            )
            return None
        try:
            cid = parse_citizen_id(
                raw_id if isinstance(raw_id, str) else cell_code(raw_id),
                known_regions=self.known,
                today=ctx.today,
            )
        except CitizenIdError as exc:
            add(number, "身份证号码", cell_text(raw_id), exc.reason)
            return None
        ok = 1
        for warning in cid.warnings:
            add(number, "身份证号码", cid.number, warning, warning=True)

        name = person_name(cells[i_name])
        if not name:
            add(number, "姓名", "", "姓名不能为空")
            ok = 0
        elif len(name) > _NAME_MAX:
            add(number, "姓名", name, f"姓名过长（{len(name)}字，最多{_NAME_MAX}字）")
            ok = 0
        initials = self.initials.get(name)
        if initials is None:
            initials = self.initials[name] = name_initials(name)[:50]

        if i_gender is not None and cells[i_gender] != "" and cells[i_gender] != _GENDER_LABEL[cid.gender]:
            ok &= self._given(number, "性别", cells[i_gender], cid, parse_gender, "gender")
        if i_birth is not None and cells[i_birth] != "" and cells[i_birth] != cid.birth_date.isoformat():
            ok &= self._given(number, "出生日期", cells[i_birth], cid, parse_date, "birth_date")

        ethnicity = cell_text(cells[i_eth]) if i_eth is not None else ""
        if len(ethnicity) > 20:
            add(number, "民族", ethnicity, "民族过长（最多20字）")
            ok = 0
        phone = ""
        if i_phone is not None and cells[i_phone] != "":
            try:
                phone = parse_phone(cells[i_phone])
            except ValueError as exc:
                add(number, "联系电话", cell_text(cells[i_phone]), str(exc))
                ok = 0

        hukou = self._region(number, cells, i_hukou, "户籍地区划代码", Region.Level.COMMUNITY)
        grid = self._region(number, cells, i_grid, "网格代码", Region.Level.GRID)
        if hukou is False or grid is False:
            ok, hukou, grid = 0, hukou or None, grid or None
        hukou_address = cell_text(cells[i_haddr]) if i_haddr is not None else ""
        if len(hukou_address) > 200:
            add(number, "户籍地址", hukou_address[:50], "户籍地址过长（最多200字）")
            ok = 0
        house_code = cell_code(cells[i_house]) if i_house is not None else ""
        if len(house_code) > 32:
            add(number, "房屋编号", house_code, "房屋编号过长（最多32位）")
            ok, house_code = 0, ""

        region = grid or hukou
        if not house_code:  # with a house, its grid decides (checked against the registry later)
            if region is None:
                if ok:
                    add(
                        number,
                        "网格代码",
                        "",
                        "须填写房屋编号、网格代码或户籍地区划代码之一（用于确定管理网格）",
                    )
                ok = 0
            elif not ctx.in_scope(region):
                add(number, "网格代码" if grid else "户籍地区划代码", region.code, ctx.out_of_scope(region))
                ok = 0

        permit_no = cell_text(cells[i_pno]) if i_pno is not None else ""
        if len(permit_no) > 30:
            add(number, "居住证号", permit_no, "居住证号过长（最多30位）")
            ok, permit_no = 0, ""
        permit_until = None
        if i_puntil is not None and cells[i_puntil] != "":
            try:
                permit_until = parse_date(cells[i_puntil])
            except ValueError as exc:
                add(number, "居住证有效期至", cell_text(cells[i_puntil]), str(exc))
                ok = 0

        return (
            number, ok, cid.number, id_reversed(cid.number), name[:_NAME_MAX], initials, cid.gender,
            cid.birth_date, ethnicity or "汉族", phone, hukou.id if hukou else None, hukou_address[:200],
            house_code, grid.id if grid else None, region.id if region else None, permit_no, permit_until,
        )  # fmt: skip

    def _given(self, number: int, field: str, raw: Any, cid: Any, parse: Any, fact: str) -> int:
        """A gender or birth date given beside the ID: parse it and check it against the ID."""
        try:
            value = parse(raw)
            check_given_facts(cid, **{"gender": None, "birth_date": None, fact: value})
        except PersonFactError as exc:
            self.ctx.spool.add(number, exc.field, cell_text(raw), exc.reason)
            return 0
        except ValueError as exc:
            self.ctx.spool.add(number, field, cell_text(raw), str(exc))
            return 0
        return 1

    def _region(self, number: int, cells: list[Any], index: int | None, field: str, level: str) -> Any:
        """The region named by a code cell: None when blank, False (issue written) when unknown."""
        if index is None or cells[index] == "":
            return None
        ref = self.ctx.regions.by_code.get(cells[index]) if type(cells[index]) is str else None
        if ref is not None and ref.level == level:
            return ref
        code = cell_code(cells[index])
        if not code:
            return None
        ref = self.ctx.regions.by_code.get(code)
        if ref is None:
            self.ctx.spool.add(number, field, code, f"{field}“{code}”不存在")
            return False
        if ref.level != level:
            wanted = Region.Level(level).label
            self.ctx.spool.add(
                number,
                field,
                code,
                f"“{code}”是{Region.Level(ref.level).label}（{ref.name}），应填{wanted}代码",
            )
            return False
        return ref

    def check_range(self, first: int, last: int) -> set[int]:
        bad = self._duplicates(first, last)
        if not self.registry_lookup_at_write:  # else recheck_range, in the write chunk, is the one lookup
            bad |= self._registered(first, last)
        bad |= self._houses(first, last)
        return bad

    def _duplicates(self, first: int, last: int) -> set[int]:
        """A number given on an earlier row of the file (good or bad, any range): reject, naming it."""
        stage = self.stage_name
        sql = (
            f"SELECT c.row_no, c.id_number, MIN(e.row_no) FROM {stage} c JOIN {stage} e "
            f"ON e.id_number = c.id_number AND e.row_no < c.row_no "
            f"WHERE c.row_no BETWEEN %s AND %s AND e.row_no <= %s GROUP BY c.row_no, c.id_number"
        )
        bad = set()
        for row_no, number, first_row in query_rows(sql, [first, last, last]):
            self.ctx.spool.add(row_no, "身份证号码", number, f"身份证号码与第{first_row}行重复")
            bad.add(row_no)
        return bad

    def _registered(self, first: int, last: int, *, good_only: bool = False) -> set[int]:
        """An ID already in the registry (not from an earlier row of this file): the same person again,
        or — worse — someone else's number. ``good_only``: the rows still to be written (the re-check of
        a write chunk, whose rows are unique in the file by then)."""
        stage = self.stage_name
        earlier = (
            "c.ok = 1"
            if good_only
            else f"NOT EXISTS (SELECT 1 FROM {stage} e WHERE e.id_number = c.id_number AND e.row_no < c.row_no)"
        )
        sql = (
            f"SELECT c.row_no, c.id_number, c.name, p.name, p.region_id FROM {stage} c "
            f"JOIN {Person._meta.db_table} p ON p.id_number = c.id_number WHERE c.row_no BETWEEN %s AND %s "
            f"AND {earlier}"
        )
        regions, add, bad = self.ctx.regions, self.ctx.spool.add, set()
        for row_no, number, name, registered, region_id in query_rows(sql, [first, last]):
            where = regions.name(region_id)
            if name == registered:
                reason = f"该人员已登记（{mask_name(registered)}，{where}），不能重复导入；如需修改请在人员信息中办理"
            else:
                reason = f"身份证号码已登记为他人：{mask_name(registered)}（{where}）"
            add(row_no, "身份证号码", number, reason)
            bad.add(row_no)
        return bad

    def recheck_range(self, first: int, last: int) -> set[int]:
        # the check left the lookup to this re-check: every row of the range, as the check would have
        return self._registered(first, last, good_only=not self.registry_lookup_at_write)

    def _houses(self, first: int, last: int) -> set[int]:
        """The residence house must be registered, in the importer's region, and agree with a grid given."""
        sql = (
            f"SELECT s.row_no, s.house_code, h.id, h.grid_id, s.grid_id, r.path FROM {self.stage_name} s "
            f"LEFT JOIN {House._meta.db_table} h ON h.code = s.house_code "
            f"LEFT JOIN {Region._meta.db_table} r ON r.id = h.grid_id "
            f"WHERE s.row_no BETWEEN %s AND %s AND s.house_code <> '' AND (h.id IS NULL OR r.path NOT LIKE %s "
            f"OR (s.grid_id IS NOT NULL AND s.grid_id <> h.grid_id))"
        )
        regions, add, bad = self.ctx.regions, self.ctx.spool.add, set()
        for row_no, code, house_id, grid_id, given_grid, path in query_rows(
            sql, [first, last, self.ctx.scope_like]
        ):
            if house_id is None:
                add(row_no, "房屋编号", code, f"房屋编号“{code}”未登记（请先导入房屋）")
            elif not path.startswith(self.ctx.scope.path):
                add(row_no, "房屋编号", code, f"房屋所在网格{self.ctx.out_of_scope(regions.by_id[grid_id])}")
            else:
                add(row_no, "网格代码", regions.by_id[given_grid].code,
                    f"网格代码与房屋所在网格（{regions.name(grid_id)}）不一致")  # fmt: skip
            bad.add(row_no)
        return bad

    def write_range(self, first: int, last: int) -> int:
        """One ``INSERT … SELECT`` per range, in ID order: on PostgreSQL the unique ID index then grows
        in runs instead of splitting pages all over, which is cheaper than rows in file order."""
        house = House._meta.db_table
        return insert_select(
            Person,
            select={
                "id_number": "s.id_number",
                "id_reversed": "s.id_reversed",
                "name": "s.name",
                "name_initials": "s.name_initials",
                "gender": "s.gender",
                "birth_date": "s.birth_date",
                "ethnicity": "s.ethnicity",
                "phone": "s.phone",
                "hukou_region_id": "s.hukou_region_id",
                "hukou_address": "s.hukou_address",
                "residence_house_id": "h.id",
                "region_id": "COALESCE(h.grid_id, s.region_id)",
                "residence_permit_no": "s.permit_no",
                "residence_permit_until": "s.permit_until",
            },
            from_sql=f"{self.stage_name} s LEFT JOIN {house} h ON h.code = s.house_code AND s.house_code <> '' "
            "WHERE s.ok = 1 AND s.row_no BETWEEN %s AND %s",
            params=[first, last],
            order_by="s.id_number",
        )

    def summary(self, written: int) -> str:
        loaded = "（按首次批量导入方式写入，人员表索引已重建）" if self.bulk_loaded and written else ""
        return f"{written}名人员{loaded}"
