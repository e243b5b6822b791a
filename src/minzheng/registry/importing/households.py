"""户导入: one file, one row per member (the head too, with 与户主关系 “户主”).

The household's own columns (户号, 户主身份证号码, 城乡类别, 户籍地区划代码, 户籍地址) are repeated on
each member row or given on the household's first row only; a later row that gives a different value
is an error. Members must already be registered persons (import persons first) with no open
membership elsewhere (《户口登记条例》第十七条: one registration at a time). A household is the unit:
if any of its rows is wrong, none of them is written, in either mode. The household is managed where
its head is (``region`` = the head's region), which must be inside the importer's region.
"""

from __future__ import annotations

from typing import Any, ClassVar

from minzheng.core.ids import CitizenIdError, parse_citizen_id
from minzheng.core.models import Region
from minzheng.registry.importing.pipeline import ImportContext, Importer
from minzheng.registry.importing.support import insert_select, query_rows
from minzheng.registry.importing.values import (
    cell_code,
    cell_text,
    numeric_id_lost_digits,
    parse_choice,
    parse_date,
)
from minzheng.registry.models import Household, Membership, Person, Relation, UrbanRural

KINDS = {
    "城镇": UrbanRural.URBAN,
    "城市": UrbanRural.URBAN,
    "农村": UrbanRural.RURAL,
    "乡村": UrbanRural.RURAL,
}
# Labels the standard splits by sex: 子女 is 20 子 or 30 女 by the member's sex (from the citizen ID).
CHILD_LABELS = ("子女", "孩子", "儿女")
# 与户主关系 as people write it → GB/T 4761-2008 code (see ``models.Relation``). The standard's own
# labels and codes are accepted; 01 本人 is the head's own row (02), 11 夫 / 12 妻 / 51 父亲 / 52 母亲
# fold into their class.
RELATIONS = (
    {label: value for value, label in Relation.choices}
    | {value: value for value, _ in Relation.choices}
    | {"本人": "02", "户主本人": "02", "01": "02"}
    | {"妻": "10", "妻子": "10", "夫": "10", "丈夫": "10", "11": "10", "12": "10"}
    | {k: "20" for k in ("儿子", "长子", "次子", "三子", "独生子", "养子", "继子", "养子或继子")}
    | {k: "30" for k in ("女儿", "长女", "次女", "三女", "独生女", "养女", "继女", "养女或继女")}
    | {k: "40" for k in ("孙子", "孙女", "外孙子", "外孙女", "孙子女", "外孙子女")}
    | {k: "50" for k in ("父", "母", "父亲", "母亲", "公公", "婆婆", "岳父", "岳母", "继父", "继母")}
    | {k: "60" for k in ("祖父", "祖母", "外祖父", "外祖母", "祖父母", "外祖父母")}
    | {k: "70" for k in ("兄", "弟", "姐", "妹", "哥哥", "弟弟", "姐姐", "妹妹", "兄弟姐妹")}
    | {"儿媳妇": "38", "其他": "97", "80": "97", "亲属": "97", "保姆": "99", "租客": "99"}
    | {"51": "50", "52": "50"}
    | dict.fromkeys(CHILD_LABELS, "20")  # only used when the member's ID is bad (already an error)
)
_HOUSEHOLD_FIELDS = (
    ("head_id", "户主身份证号码"),
    ("kind", "城乡类别"),
    ("hukou_region_id", "户籍地区划代码"),
    ("address", "户籍地址"),
)


class HouseholdImporter(Importer):
    kind = "households"
    label = "户成员"
    stage_name = "import_stage_households"
    stage_indexes: ClassVar = (("row_no",), ("number",), ("member_id",))
    stage_columns: ClassVar = (
        ("row_no", "integer"),
        ("ok", "integer"),
        ("number", "varchar(32)"),
        ("head_id", "varchar(18)"),
        ("kind", "varchar(5)"),
        ("hukou_region_id", "bigint"),
        ("address", "varchar(200)"),
        ("member_id", "varchar(18)"),
        ("relation", "varchar(2)"),
        ("start_date", "date"),
    )

    def __init__(self, ctx: ImportContext, positions: dict[str, int]) -> None:
        super().__init__(ctx, positions)
        keys = ("number", "head_id", "kind", "hukou_code", "member_id", "relation")
        self.required = [positions[k] for k in keys]  # header_map checked them
        self.optional = [positions.get(k) for k in ("address", "start_date")]

    def validate(self, number: int, cells: list[Any]) -> tuple[Any, ...] | None:
        i_number, i_head, i_kind, i_hukou, i_member, i_relation = self.required
        i_address, i_start = self.optional
        ctx, add = self.ctx, self.ctx.spool.add
        household = cell_code(cells[i_number])
        if not household or len(household) > 32:
            add(number, "户号", household, "户号不能为空" if not household else "户号过长（最多32位）")
            return None
        member = self._citizen_id(number, cells[i_member], "成员身份证号码")
        ok = 1 if member else 0  # a bad member row is still staged: its household must not go in without it
        head = ""
        if cells[i_head] != "":
            head = self._citizen_id(number, cells[i_head], "户主身份证号码") or ""
            ok = 1 if head else 0
        kind = ""
        try:
            kind = parse_choice(cells[i_kind], choices=KINDS, label="城乡类别", default="") or ""
        except ValueError as exc:
            add(number, "城乡类别", cell_text(cells[i_kind]), str(exc))
            ok = 0
        hukou_id = None
        code = cell_code(cells[i_hukou])
        if code:
            ref = ctx.regions.by_code.get(code)
            if ref is None:
                add(number, "户籍地区划代码", code, f"户籍地区划代码“{code}”不存在")
                ok = 0
            elif ref.level != Region.Level.COMMUNITY:
                add(
                    number,
                    "户籍地区划代码",
                    code,
                    f"“{code}”是{Region.Level(ref.level).label}（{ref.name}），应填村（社区）代码",
                )
                ok = 0
            else:
                hukou_id = ref.id
        address = cell_text(cells[i_address]) if i_address is not None else ""
        if len(address) > 200:
            add(number, "户籍地址", address[:50], "户籍地址过长（最多200字）")
            ok = 0
        relation = None
        try:
            if cell_text(cells[i_relation]) in CHILD_LABELS and member:
                relation = Relation.child(male=int(member[16]) % 2 == 1).value
            else:
                relation = parse_choice(cells[i_relation], choices=RELATIONS, label="与户主关系")
        except ValueError as exc:
            add(number, "与户主关系", cell_text(cells[i_relation]), str(exc))
            ok = 0
        if relation is None and ok:
            add(number, "与户主关系", "", "与户主关系不能为空")
            ok = 0
        start = ctx.today
        if i_start is not None and cells[i_start] != "":
            try:
                start = parse_date(cells[i_start])
            except ValueError as exc:
                add(number, "入户日期", cell_text(cells[i_start]), str(exc))
                ok = 0
            else:
                if start > ctx.today:
                    add(number, "入户日期", f"{start:%Y-%m-%d}", "入户日期晚于今天")
                    ok = 0
        return (
            number,
            ok,
            household,
            head,
            kind,
            hukou_id,
            address[:200],
            member or "",
            relation or "",
            start,
        )

    def _citizen_id(self, number: int, raw: Any, field: str) -> str | None:
        if numeric_id_lost_digits(raw):
            self.ctx.spool.add(
                number,
                field,
                cell_text(raw),
                "身份证号码被Excel存成了数字，末几位已丢失：请把该列设为“文本”后重新录入",
            )
            return None
        try:
            return parse_citizen_id(raw if isinstance(raw, str) else cell_code(raw)).number
        except CitizenIdError as exc:
            self.ctx.spool.add(number, field, cell_text(raw), exc.reason)
            return None

    def check(self) -> None:
        self.duplicates_in_file("member_id", "成员身份证号码", "成员身份证号码")
        self._household_fields()
        self._heads()
        self._members()
        self._existing_households()
        self.ctx.spool.load()
        self._whole_households()

    def _first_rows(self) -> str:
        return f"(SELECT number AS n, MIN(row_no) AS first_row FROM {self.stage_name} GROUP BY number)"

    def _household_fields(self) -> None:
        """The household's first row gives its fields; later rows may leave them blank, not contradict them."""
        stage, add, regions = self.stage_name, self.ctx.spool.add, self.ctx.regions
        sql = (
            f"SELECT s.row_no, f.row_no, s.head_id, f.head_id, s.kind, f.kind, s.hukou_region_id, f.hukou_region_id, "
            f"s.address, f.address FROM {stage} s JOIN {self._first_rows()} x ON x.n = s.number "
            f"JOIN {stage} f ON f.row_no = x.first_row"
        )
        required = {"head_id", "kind", "hukou_region_id"}
        for row in query_rows(sql):
            row_no, first_row, values = row[0], row[1], row[2:]
            for i, (key, field) in enumerate(_HOUSEHOLD_FIELDS):
                mine, first = values[2 * i], values[2 * i + 1]
                shown = regions.name(mine) if key == "hukou_region_id" and mine else mine
                if row_no == first_row and key in required and not first:
                    add(row_no, field, "", f"每户第一行须填写{field}")
                elif row_no != first_row and mine not in ("", None) and mine != first:
                    add(row_no, field, shown, f"与本户第{first_row}行填写的{field}不一致")

    def _heads(self) -> None:
        stage, add = self.stage_name, self.ctx.spool.add
        sql = (
            f"SELECT x.first_row, s.number FROM {self._first_rows()} x JOIN {stage} s ON s.row_no = x.first_row "
            f"WHERE NOT EXISTS (SELECT 1 FROM {stage} h WHERE h.number = s.number AND h.relation = '{Relation.HEAD.value}')"
        )
        for row_no, number in query_rows(sql):
            add(
                row_no,
                "与户主关系",
                "",
                f"户号{number}没有“户主”行：户主本人须作为成员列出，与户主关系填“户主”",
            )
        sql = (
            f"SELECT s.row_no, h.first_row, s.member_id, f.head_id FROM {stage} s "
            f"JOIN (SELECT number AS n, MIN(row_no) AS first_row FROM {stage} WHERE relation = '{Relation.HEAD.value}' GROUP BY number) h "
            f"ON h.n = s.number JOIN {self._first_rows()} x ON x.n = s.number JOIN {stage} f ON f.row_no = x.first_row "
            f"WHERE s.relation = '{Relation.HEAD.value}' AND (s.row_no > h.first_row OR s.member_id <> f.head_id)"
        )
        for row_no, head_row, member, head in query_rows(sql):
            if row_no > head_row:
                add(row_no, "与户主关系", "户主", f"本户已有户主（第{head_row}行）")
            elif head:
                add(row_no, "成员身份证号码", member, "与户主关系为“户主”，但与户主身份证号码不一致")

    def _members(self) -> None:
        """Each member: registered, living (status normal), in the importer's region, in no other household."""
        stage, add, ctx = self.stage_name, self.ctx.spool.add, self.ctx
        person, membership, household = (
            Person._meta.db_table,
            Membership._meta.db_table,
            Household._meta.db_table,
        )
        sql = (
            f"SELECT s.row_no, s.member_id, p.id, p.status, r.path, p.birth_date, s.start_date, h.number "
            f"FROM {stage} s LEFT JOIN {person} p ON p.id_number = s.member_id "
            f"LEFT JOIN {Region._meta.db_table} r ON r.id = p.region_id "
            f"LEFT JOIN {membership} m ON m.person_id = p.id AND m.end_date IS NULL "
            f"LEFT JOIN {household} h ON h.id = m.household_id "
            f"WHERE s.member_id <> '' AND (p.id IS NULL OR p.status <> %s OR r.path NOT LIKE %s "
            f"OR h.id IS NOT NULL OR s.start_date < p.birth_date)"
        )
        statuses = dict(Person.Status.choices)
        for row_no, member, pk, status, path, birth, start, other in query_rows(
            sql, [Person.Status.NORMAL, ctx.scope_like]
        ):
            if pk is None:
                add(row_no, "成员身份证号码", member, "该身份证号码未在人员信息中登记（请先导入人员）")
            elif status != Person.Status.NORMAL:
                add(
                    row_no,
                    "成员身份证号码",
                    member,
                    f"该人员状态为“{statuses.get(status, status)}”，不能入户",
                )
            elif not path.startswith(ctx.scope.path):
                add(row_no, "成员身份证号码", member, f"该人员不在您的管辖范围（{ctx.scope.name}）内")
            elif other is not None:
                add(row_no, "成员身份证号码", member, f"该人员已是户号{other}的成员，须先办理离户")
            else:
                add(row_no, "入户日期", str(start), f"入户日期早于出生日期（{birth}）")

    def _existing_households(self) -> None:
        sql = (
            f"SELECT x.first_row, s.number FROM {self._first_rows()} x JOIN {self.stage_name} s ON s.row_no = x.first_row "
            f"JOIN {Household._meta.db_table} h ON h.number = s.number"
        )
        for row_no, number in query_rows(sql):
            self.ctx.spool.add(
                row_no, "户号", number, f"户号{number}已存在；向已有的户增加成员请在户信息页面办理"
            )

    def _whole_households(self) -> None:
        """A household with one bad row is not written at all: say so on its other rows. (Rows with an
        error are marked bad in the staging table as their issues are loaded, stored or not.)"""
        stage = self.stage_name
        sql = (
            f"SELECT s.row_no, s.number, b.first_bad FROM {stage} s JOIN "
            f"(SELECT number AS n, MIN(row_no) AS first_bad FROM {stage} WHERE ok = 0 GROUP BY number) b "
            f"ON b.n = s.number WHERE s.ok = 1"
        )
        for row_no, number, first_bad in query_rows(sql):
            self.ctx.spool.add(row_no, "户号", number, f"同户第{first_bad}行有错误，整户未导入")

    def write(self) -> int:
        stage, person = self.stage_name, Person._meta.db_table
        households = insert_select(
            Household,
            select={
                "number": "f.number",
                "head_id": "p.id",
                "kind": "f.kind",
                "hukou_region_id": "f.hukou_region_id",
                "address": "f.address",
                "region_id": "p.region_id",
            },
            from_sql=f"{stage} f JOIN {self._first_rows()} x ON x.first_row = f.row_no "
            f"JOIN {person} p ON p.id_number = f.head_id WHERE f.ok = 1",
            order_by="f.number",
        )
        self.households_written = households
        return insert_select(
            Membership,
            select={
                "household_id": "h.id",
                "person_id": "p.id",
                "relation": "s.relation",
                "start_date": "s.start_date",
            },
            from_sql=f"{stage} s JOIN {Household._meta.db_table} h ON h.number = s.number "
            f"JOIN {person} p ON p.id_number = s.member_id WHERE s.ok = 1",
            order_by="s.row_no",
        )

    def summary(self, written: int) -> str:
        households = getattr(self, "households_written", None)
        return f"{households}户、{written}名成员" if households is not None else f"{written}名户成员"
