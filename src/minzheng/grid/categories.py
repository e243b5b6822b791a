"""The event classification loaded on a fresh system (the city edits it afterwards).

大类 01–06 are the event classes of GB/T 30428.2 (数字化城市管理信息系统 第2部分：管理部件和事件), as listed in
domain.md §9 [V]. The 小类 under them follow that standard's naming as remembered from its CJ/T 214
predecessor [U: check against the standard text]. 大类 71–73 are local extensions (社会治理综合网格:
disputes, livelihood help, safety hazards), as the standard allows [U: demo]. Handling time limits and
routing are demo values [U] in the spirit of the 12345 rules of domain.md §13 (emergencies within hours,
ordinary matters within days): the city sets its own.

``PUBLIC_FEED`` says what the public Open311 feed shows of the events citizens and hotlines file in each 小类
(events staff file are never in it; see grid/open311.py). The principle is PIPL's minimum necessary (个人信息
保护法 第六条): a public place's problem (garbage, a broken pipe, a parked car) is shown with its description
and location so neighbours need not report it again; a matter between private parties (a neighbours'
dispute, unpaid wages), a person in the street (流浪乞讨) or anything unclassified (其他) only by category and
status; a dwelling's hazard without its location; and a matter about one person's circumstances (独居老人关爱,
困难群众求助, 新到人员登记) is internal. A category missing here, as any the city adds, starts internal.
"""

from __future__ import annotations

from typing import Any

from minzheng.grid.models import Department, EventCategory
from minzheng.grid.rules import check_attribute_definitions

F = Department.Function
H, D = EventCategory.DeadlineUnit.WORK_HOURS, EventCategory.DeadlineUnit.WORKDAYS
GB = "GB/T 30428.2 事件大类"
LOCAL = "本地扩展（演示）"

CASUALTIES = {
    "code": "casualties",
    "datatype": "singlevaluelist",
    "required": True,
    "description": "是否有人员受伤",
    "values": [{"key": "none", "name": "无人员受伤"}, {"key": "injured", "name": "有人员受伤"}],
}
PLATE = {"code": "plate", "datatype": "string", "required": False, "description": "车牌号（如有）"}
NEEDS = {
    "code": "needs",
    "datatype": "multivaluelist",
    "required": True,
    "description": "求助事项",
    "values": [
        {"key": "living", "name": "基本生活"},
        {"key": "medical", "name": "医疗"},
        {"key": "housing", "name": "住房"},
        {"key": "care", "name": "照料"},
    ],
}

# (code, name, keywords, function, deadline amount, unit, attributes) under each (code, name, source)
TREE: tuple[tuple[str, str, str, tuple[tuple[Any, ...], ...]], ...] = (
    ("01", "市容环境", GB, (
        ("0101", "私搭乱建", "违建,乱搭", F.URBAN_MANAGEMENT, 5, D, []),
        ("0102", "暴露垃圾", "垃圾,卫生", F.SANITATION, 4, H, []),
        ("0103", "积存垃圾渣土", "渣土,建筑垃圾", F.SANITATION, 8, H, []),
        ("0104", "道路不洁", "路面,清扫", F.SANITATION, 4, H, []),
        ("0105", "水域不洁", "河道,漂浮物", F.SANITATION, 8, H, []),
        ("0106", "绿地脏乱", "绿地,草坪", F.GREENING, 8, H, []),
        ("0107", "废弃车辆", "僵尸车", F.URBAN_MANAGEMENT, 3, D, []),
        ("0108", "焚烧垃圾树叶", "焚烧,烟雾", F.URBAN_MANAGEMENT, 2, H, []),
    )),
    ("02", "宣传广告", GB, (
        ("0201", "非法小广告", "小广告,牛皮癣", F.URBAN_MANAGEMENT, 8, H, []),
        ("0202", "违章张贴悬挂宣传品", "横幅,张贴", F.URBAN_MANAGEMENT, 1, D, []),
        ("0203", "占道广告牌", "广告牌", F.URBAN_MANAGEMENT, 3, D, []),
        ("0204", "街头散发广告", "传单", F.URBAN_MANAGEMENT, 4, H, []),
    )),
    ("03", "施工管理", GB, (
        ("0301", "施工扰民", "噪音,夜间施工", F.HOUSING, 4, H, []),
        ("0302", "工地扬尘", "扬尘,围挡", F.HOUSING, 8, H, []),
        ("0303", "道路遗撒", "遗撒,泥土", F.SANITATION, 4, H, []),
        ("0304", "施工占道", "占道", F.URBAN_MANAGEMENT, 1, D, []),
        ("0305", "无证施工", "无证", F.HOUSING, 2, D, []),
    )),
    ("04", "突发事件", GB, (
        ("0401", "路面塌陷", "塌陷,坑洞", F.MUNICIPAL, 2, H, [CASUALTIES]),
        ("0402", "自来水管破裂", "爆管,漏水", F.MUNICIPAL, 2, H, []),
        ("0403", "燃气管道破裂", "燃气,泄漏", F.EMERGENCY, 1, H, [CASUALTIES]),
        ("0404", "下水道堵塞或破损", "下水道,污水", F.MUNICIPAL, 4, H, []),
        ("0405", "道路积水", "积水,内涝", F.MUNICIPAL, 2, H, []),
        ("0406", "火灾", "起火,冒烟", F.EMERGENCY, 1, H, [CASUALTIES]),
        ("0407", "架空线缆损坏", "电线,线缆", F.MUNICIPAL, 4, H, []),
    )),
    ("05", "街面秩序", GB, (
        ("0501", "无照经营游商", "游商,摊贩", F.URBAN_MANAGEMENT, 4, H, []),
        ("0502", "店外经营", "出店经营", F.URBAN_MANAGEMENT, 8, H, []),
        ("0503", "机动车乱停放", "停车,占道", F.PUBLIC_SECURITY, 4, H, [PLATE]),
        ("0504", "非机动车乱停放", "共享单车,电动车", F.URBAN_MANAGEMENT, 8, H, []),
        ("0505", "占道堆物", "堆放,杂物", F.URBAN_MANAGEMENT, 8, H, []),
        ("0506", "露天烧烤", "烧烤,油烟", F.URBAN_MANAGEMENT, 4, H, []),
        ("0507", "流浪乞讨", "流浪,乞讨,救助", F.CIVIL_AFFAIRS, 4, H, []),
    )),
    ("06", "其他", GB, (("0601", "其他事件", "", F.OTHER, 3, D, []),)),
    ("71", "矛盾纠纷", LOCAL, (
        ("7101", "邻里纠纷", "纠纷,调解", F.MEDIATION, 5, D, []),
        ("7102", "劳资纠纷", "欠薪,工资", F.MEDIATION, 5, D, []),
    )),
    ("72", "民生服务", LOCAL, (
        ("7201", "困难群众求助", "困难,求助,低保", F.CIVIL_AFFAIRS, 3, D, [NEEDS]),
        ("7202", "独居老人关爱", "老人,独居,探访", F.CIVIL_AFFAIRS, 3, D, []),
        ("7203", "新到人员登记", "新到,流动人口", F.PUBLIC_SECURITY, 3, D, []),
    )),
    ("73", "安全隐患", LOCAL, (
        ("7301", "消防安全隐患", "消防,通道", F.EMERGENCY, 1, D, []),
        ("7302", "危房隐患", "危房,裂缝", F.HOUSING, 2, D, []),
    )),
)  # fmt: skip


P = EventCategory.PublicFeed
PUBLIC_FEED: dict[str, str] = {
    **dict.fromkeys(("0101", "0102", "0103", "0104", "0105", "0106", "0107", "0108"), P.FULL),
    **dict.fromkeys(("0201", "0202", "0203", "0204"), P.FULL),
    **dict.fromkeys(("0301", "0302", "0303", "0304", "0305"), P.FULL),
    **dict.fromkeys(("0401", "0402", "0403", "0404", "0405", "0406", "0407"), P.FULL),
    **dict.fromkeys(("0501", "0502", "0503", "0504", "0505", "0506"), P.FULL),
    "0507": P.STATUS,  # 流浪乞讨: a person, described by whoever called
    "0601": P.STATUS,  # 其他事件: anything at all
    "7101": P.STATUS,  # 邻里纠纷
    "7102": P.STATUS,  # 劳资纠纷
    "7201": P.INTERNAL,  # 困难群众求助
    "7202": P.INTERNAL,  # 独居老人关爱
    "7203": P.INTERNAL,  # 新到人员登记
    "7301": P.DESCRIPTION,  # 消防安全隐患: often inside a building
    "7302": P.DESCRIPTION,  # 危房隐患: someone's home
}


def categories_load() -> int:
    """Create the categories that are missing (existing ones, possibly edited by the city, are kept).
    Returns how many were created."""
    existing = set(EventCategory.objects.values_list("code", flat=True))
    created = 0
    for order, (code, name, source, children) in enumerate(TREE, start=1):
        parent = EventCategory.objects.filter(code=code).first()
        if parent is None:
            parent = EventCategory.objects.create(code=code, name=name, source=source, order=order)
            created += 1
        for child_order, (c_code, c_name, keywords, function, amount, unit, attributes) in enumerate(
            children, 1
        ):
            if c_code in existing:
                continue
            EventCategory.objects.create(
                code=c_code,
                name=c_name,
                parent=parent,
                keywords=keywords,
                handler_function=function,
                deadline_amount=amount,
                deadline_unit=unit,
                attributes=check_attribute_definitions(attributes),
                source=source,
                order=child_order,
                public_feed=PUBLIC_FEED.get(c_code, P.INTERNAL),
            )
            created += 1
    return created
