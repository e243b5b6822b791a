"""The rules of place names, each in one function with its source.

Sources (docs/domain.md, "区划地名"):
- 《地名管理条例》(国务院令第753号, 2022-03-30, 施行 2022-05-01) — 第三条 what a 地名 is (街路巷, 具有重要地理方位意义的
  住宅区、楼宇, 交通运输设施 such as bridges …); 第四条第三款 地名保持相对稳定, no naming or renaming without
  approval; 第九条 the naming rules (第一款: 一般不以人名作地名 …); 第十一条第二款 综合评估、专家论证、征求意见;
  第十五条 标准地名; 第十八条 where the standard name must be used (地名标志 first); 第十九条 地名标志 show the
  standard name, nobody may set up, remove, move, deface, cover or damage one; 第二十条 县级以上地方人民政府 set up
  and manage 地名标志. [V: the text of 第三条, 第四条, 第十五条–第二十条 read; 第九条's items and 第十一条's
  wording known only through the 实施办法 that cites them.]
- 《地名管理条例实施办法》(民政部令第71号, 2024-03-01, 施行 2024-05-01) — 第三条: the 人名 of 条例第九条第一款 include
  别名、化名 and the names of characters of literary works, unless the words bear no specific link to the person;
  第四条: no 企业名称 or 商标名称 as a 地名 (same exception); 第五条: the contents of the 综合评估报告, 专家论证报告
  and 征求意见报告 of 条例第十一条第二款. [V: text read.]
- GB/T 16159-2012《汉语拼音正词法基本规则》 and 《中国地名汉语拼音字母拼写规则（汉语地名部分）》: 专名 and 通名
  written apart, each with a capital; syllables run together within the 专名; an apostrophe before a syllable
  starting with a, o, e; ü kept; no tone marks on signs. [U: from memory of the standard, not read here.]
- The rule "同一城镇内的街路巷名称不得重名，并避免使用同音字" is in 1986 条例第四条(三) [V] and carried into 条例(2022)
  第九条 [U: the 2022 wording was not read]. The 大、洋、怪、重 clean-up (2018, 民政部等六部门《关于开展清理整治
  不规范地名工作的通知》) is the source of the exaggerating and foreign words below [U: the notice was not read;
  the list is a demo list the city keeps].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

# --- kinds and classes -------------------------------------------------------------------------------------

ROAD, STREET, LANE, BRIDGE, COMMUNITY, RESIDENTIAL, BUILDING = (
    "road", "street", "lane", "bridge", "community", "residential", "building",
)  # fmt: skip
KIND_LABELS = {
    ROAD: "道路",
    STREET: "街",
    LANE: "巷",
    BRIDGE: "桥梁",
    COMMUNITY: "村（社区）所在地",
    RESIDENTIAL: "住宅区",
    BUILDING: "楼宇",
}
# The class a name must be unique (and not a homophone) within: 街路巷 are one class (a 路 and a 街 may not
# share a name), bridges another, 村（社区） and 住宅区 each their own, 楼宇 theirs.
CLASS_OF = {
    ROAD: "street", STREET: "street", LANE: "street", BRIDGE: "bridge", COMMUNITY: "community",
    RESIDENTIAL: "residential", BUILDING: "building",
}  # fmt: skip
CLASS_LABELS = {
    "street": "街路巷",
    "bridge": "桥梁",
    "community": "村（社区）",
    "residential": "住宅区",
    "building": "楼宇",
}
STREET_KINDS = (ROAD, STREET, LANE)

# 通名 a name of the kind must end in (the longest first, so 大道 wins over 道). [U: common 通名 of Chinese
# place names; the city's own 地名规划 may add more.]
GENERICS: dict[str, tuple[str, ...]] = {
    ROAD: ("大道", "公路", "路", "道"),
    STREET: ("大街", "街"),
    LANE: ("胡同", "巷", "里", "弄", "坊"),
    BRIDGE: ("立交桥", "大桥", "桥"),
    COMMUNITY: ("社区", "村"),
    RESIDENTIAL: ("小区", "花园", "家园", "新村", "苑", "园", "庭", "府", "居"),
    BUILDING: ("大厦", "大楼", "中心", "广场", "楼"),
}
REQUIRES_GENERIC = frozenset({ROAD, STREET, LANE, BRIDGE, COMMUNITY})


@dataclass(frozen=True)
class ForbiddenWord:
    word: str
    why: str  # the clerk's reason
    source: str


_PERSON = "《地名管理条例》第九条第一款；《地名管理条例实施办法》第三条"
# [U] for the next three: the 2022 wording of 第九条 on foreign names and the 2018 clean-up notice were not read
_FOREIGN = "《地名管理条例》第九条（不以外国人名、外国地名作地名）；清理整治不规范地名“洋”"
_BIG = "清理整治不规范地名“大”（夸大、夸张）"
_ODD = "清理整治不规范地名“怪”（怪异、低俗）"
_BRAND = "《地名管理条例实施办法》第四条（不以企业名称或者商标名称作地名）"

# A demo list (the city maintains its own): each word with the reason and the rule it comes from.
FORBIDDEN: tuple[ForbiddenWord, ...] = (
    *(ForbiddenWord(w, "夸大其词的用语", _BIG) for w in ("天下第一", "宇宙", "环球", "世界之最", "皇家", "帝王", "至尊", "巨无霸")),
    *(ForbiddenWord(w, "外国地名", _FOREIGN) for w in ("曼哈顿", "威尼斯", "维也纳", "加州", "香榭丽舍", "罗马", "巴黎", "纽约", "伦敦", "夏威夷", "普罗旺斯")),
    *(ForbiddenWord(w, "外国人名", _FOREIGN) for w in ("华盛顿", "拿破仑", "莎士比亚")),
    *(ForbiddenWord(w, "文艺作品中的人物角色名称", _PERSON) for w in ("孙悟空", "猪八戒", "林黛玉", "贾宝玉")),
    *(ForbiddenWord(w, "怪异、低俗的用语", _ODD) for w in ("鬼", "妖", "屎", "尸")),
    *(ForbiddenWord(w, "商标名称", _BRAND) for w in ("可口可乐", "麦当劳", "肯德基")),
)  # fmt: skip

_HAN = re.compile(r"^[\u4e00-\u9fff0-9〇]+$")


# --- the name's parts ---------------------------------------------------------------------------------------


def generic_of(name: str, kind: str) -> str:
    """The 通名 the name of ``kind`` ends in ("" when it ends in none of the kind's)."""
    for generic in sorted(GENERICS.get(kind, ()), key=len, reverse=True):
        if name.endswith(generic) and len(name) > len(generic):
            return generic
    return ""


def _syllables(text: str) -> list[str]:
    return [s for s in lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors="default") if s.strip()]


def _run_together(syllables: list[str]) -> str:
    """Syllables of one word run together, an apostrophe before a, o, e after the first (Xi'an, Tian'e)."""
    out = ""
    for i, syllable in enumerate(syllables):
        out += ("'" if i and syllable[:1] in "aoe" else "") + syllable
    return out


def pinyin_of(name: str, kind: str) -> str:
    """The romanisation per GB/T 16159 and the 地名 spelling rules: 专名 and 通名 apart, each capitalised, no
    tones, ü kept (海秀路 → "Haixiu Lu", 西安路 → "Xi'an Lu", 滨海大道 → "Binhai Dadao"). [U: see the module.]"""
    generic = generic_of(name, kind)
    specific = name[: len(name) - len(generic)] if generic else name
    words = [_run_together(_syllables(specific))]
    if generic:
        words.append(_run_together(_syllables(generic)))
    return " ".join(w[:1].upper() + w[1:] for w in words if w)


def sound_key(pinyin: str) -> str:
    """Toneless letters only, ü as v: two names with the same key sound alike (同音) whatever their characters
    ("海秀路" Haixiu Lu and "海岫路" Haixiu Lu)."""
    plain = pinyin.lower().replace("ü", "v").replace("u:", "v")
    return re.sub(r"[^a-z]", "", plain)


# --- the standard-name check --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    code: str  # duplicate | homophone | forbidden | generic | characters
    message: str


def check_form(name: str, kind: str) -> list[Problem]:
    """What is wrong with the name itself: Chinese characters only (规范汉字, GB/T 16159 spells them), the 通名 the
    kind requires, no forbidden word (with the reason and the rule)."""
    problems: list[Problem] = []
    if not name or not _HAN.match(name):
        problems.append(Problem("characters", f"地名“{name}”只能由规范汉字（及数字）组成"))
        return problems
    if kind in REQUIRES_GENERIC and not generic_of(name, kind):
        allowed = "、".join(GENERICS[kind])
        problems.append(
            Problem("generic", f"{KIND_LABELS[kind]}名称须以通名结尾（{allowed}），“{name}”没有通名")
        )
    for entry in FORBIDDEN:
        if entry.word in name:
            problems.append(
                Problem("forbidden", f"“{name}”含“{entry.word}”（{entry.why}），依据{entry.source}")
            )
    return problems


def check_against(name: str, kind: str, key: str, existing: list[tuple[str, str, str]]) -> list[Problem]:
    """Duplicate and homophone against the names of the same class in use in the city: ``existing`` is
    (name, sound key, where) of each. The same name is 重名; the same toneless pinyin is 同音."""
    problems: list[Problem] = []
    label = CLASS_LABELS[CLASS_OF[kind]]
    for other, other_key, where in existing:
        if other == name:
            problems.append(Problem("duplicate", f"与{where}的{label}名称“{other}”重名"))
        elif other_key == key:
            problems.append(Problem("homophone", f"与{where}的{label}名称“{other}”同音（{key}）"))
    return problems


# A grid event becomes a repair of a sign or a marker. The grid's categories are the city's data (GB/T 30428.2 has
# 部件 classes for signs [U]); an event is offered for a repair when its case (the case engine's title: "<category>：
# <address or description>") names a sign or a marker. Matched on the case engine's record only, so this app
# imports nothing of the grid.
GRID_EVENT_CASE_TYPE = "grid_event"
EVENT_WORDS = ("路名牌", "路牌", "村牌", "地名牌", "地名标志", "界桩")
