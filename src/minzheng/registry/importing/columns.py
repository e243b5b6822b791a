"""The columns of each import file (Chinese headers, as in the template the user downloads), and the
mapping of a file's header row onto them, with clear errors for missing, renamed or repeated columns.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from minzheng.registry.importing.errors import ImportFileError
from minzheng.registry.importing.values import cell_text


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: str = ""
    note: str = ""


PERSON_COLUMNS = (
    Column(
        "id_number",
        "身份证号码",
        True,
        ("公民身份号码", "身份证号", "证件号码"),
        "460105199001011232",
        "18位（15位旧号码自动转换）；请把该列设为文本格式",
    ),
    Column("name", "姓名", True, (), "张三"),
    Column("gender", "性别", False, (), "男", "可不填；填写时须与身份证号码一致"),
    Column("birth_date", "出生日期", False, (), "1990-01-01", "可不填；填写时须与身份证号码一致"),
    Column("ethnicity", "民族", False, (), "汉族", "不填默认为汉族"),
    Column("phone", "联系电话", False, ("电话", "手机号码", "联系方式"), "13800000000"),
    Column(
        "hukou_code",
        "户籍地区划代码",
        False,
        ("户籍地代码",),
        "460105001001",
        "户籍所在村（社区）的12位代码；外地户籍不填",
    ),
    Column("hukou_address", "户籍地址", False, (), "海南省海口市秀英区秀华社区"),
    Column("house_code", "房屋编号", False, (), "", "居住房屋的编号，须已登记（请先导入房屋）"),
    Column("grid_code", "网格代码", False, (), "460105001001001", "15位网格代码；填写房屋编号时可不填"),
    Column("permit_no", "居住证号", False, (), ""),
    Column("permit_until", "居住证有效期至", False, (), ""),
)

HOUSEHOLD_COLUMNS = (
    Column("number", "户号", True, (), "460105001001000001", "同一户的每个成员各占一行，户号相同"),
    Column(
        "head_id",
        "户主身份证号码",
        True,
        ("户主身份证号",),
        "460105199001011232",
        "同户各行相同；可只在该户第一行填写",
    ),
    Column("kind", "城乡类别", True, (), "城镇", "城镇或农村；可只在该户第一行填写"),
    Column(
        "hukou_code",
        "户籍地区划代码",
        True,
        ("户籍地代码",),
        "460105001001",
        "户籍所在村（社区）的12位代码；可只在该户第一行填写",
    ),
    Column("address", "户籍地址", False, (), "海南省海口市秀英区秀华社区", "可只在该户第一行填写"),
    Column(
        "member_id",
        "成员身份证号码",
        True,
        ("成员身份证号",),
        "460105199001011232",
        "户主本人也作为成员列出（与户主关系填“户主”）；成员须已在人员信息中登记",
    ),
    Column("relation", "与户主关系", True, (), "户主", "户主、配偶、子女、父母、孙子女、兄弟姐妹等"),
    Column("start_date", "入户日期", False, (), "2010-05-01", "不填则为导入当日"),
)

HOUSE_COLUMNS = (
    Column("code", "房屋编号", True, (), "46010500100100100001"),
    Column("address", "地址", True, ("房屋地址",), "海口市秀英区秀华路1号1栋101室"),
    Column("grid_code", "网格代码", True, (), "460105001001001", "房屋所在网格的15位代码"),
    Column("house_type", "房屋类型", False, (), "楼房", "楼房、平房、自建房、其他；不填为楼房"),
    Column("use", "房屋用途", False, (), "自住", "自住、出租、商住两用、空置、其他；不填为自住"),
    Column("area", "建筑面积", False, ("建筑面积(㎡)", "面积"), "89.5", "平方米"),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "persons": PERSON_COLUMNS,
    "households": HOUSEHOLD_COLUMNS,
    "houses": HOUSE_COLUMNS,
}

_DECORATION = re.compile(r"[*＊]|[(（](必填|选填|可选)[)）]")


def header_normalize(value: Any) -> str:
    """Header cell → comparable text: no spaces, no "*" or "（必填）" marks, ASCII brackets."""
    text = "".join(cell_text(value).split())
    return _DECORATION.sub("", text).replace("(", "（").replace(")", "）")


def header_map(header: Sequence[Any], columns: Sequence[Column]) -> dict[str, int]:
    """Column key → position in the file. Raise :class:`ImportFileError` (row 1) when a required column
    is missing or a column is unknown (a renamed one would otherwise be silently dropped) or repeated."""
    names: dict[str, Column] = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            names[header_normalize(name)] = column
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(header):
        text = header_normalize(cell)
        if not text:
            continue
        found = names.get(text)
        if found is None:
            unknown.append(text)
        elif found.key in positions:
            raise ImportFileError(
                f"列“{found.header}”出现了两次（第{positions[found.key] + 1}列和第{index + 1}列）", row=1
            )
        else:
            positions[found.key] = index
    missing = [c for c in columns if c.required and c.key not in positions]
    if missing:
        raise ImportFileError(_missing_message(missing, unknown), row=1)
    if unknown:
        expected = "、".join(c.header for c in columns)
        raise ImportFileError(
            f"无法识别的列：{'、'.join(f'“{u}”' for u in unknown)}。"
            f"请使用模板中的列名（{expected}），或删除这些列",
            row=1,
        )
    return positions


def _missing_message(missing: list[Column], unknown: list[str]) -> str:
    parts = []
    for column in missing:
        guess = difflib.get_close_matches(column.header, unknown, n=1, cutoff=0.4)
        hint = f"（文件中的“{guess[0]}”列是否被改了名？）" if guess else ""
        parts.append(f"“{column.header}”{hint}")
    return f"缺少必填列：{'、'.join(parts)}。请使用下载的模板，不要修改表头"
