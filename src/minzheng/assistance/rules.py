"""Every legal rule of social assistance in one place, each with its source (docs/domain.md §1–4).

Pure functions: amounts come in as integer 分 (fen), multipliers and thresholds as ``Decimal``; no
database, no float. Haikou's own amounts and limits were not found in published form (domain.md
"How to treat unverified amounts"): they are dated, region-scoped parameters (:class:`ParamSpec`,
table ``assistance.Parameter``) that the city manager edits; the values here are only the demo values
the seed loads, labelled 演示数据.

Tags as in domain.md: [V] checked against a published source, [L] another locality's rule used as an
example, [U] unverified.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from enum import StrEnum

from minzheng.casework.types import Deadline

# --- programs ---------------------------------------------------------------------------------------


class Program(StrEnum):
    """Program codes shared with the benefits ledger (``benefits.Program.code``)."""

    DIBAO_URBAN = "dibao_urban"
    DIBAO_RURAL = "dibao_rural"
    TEKUN = "tekun"
    TEMPORARY = "temporary"
    LOW_INCOME = "low_income"
    PRICE_SUBSIDY = "price_subsidy"


PROGRAM_LABELS: dict[str, str] = {
    Program.DIBAO_URBAN: "城市低保",
    Program.DIBAO_RURAL: "农村低保",
    Program.TEKUN: "特困人员救助供养",
    Program.TEMPORARY: "临时救助",
    Program.LOW_INCOME: "低收入家庭",
    Program.PRICE_SUBSIDY: "价格临时补贴",
}
DIBAO_PROGRAMS = frozenset({Program.DIBAO_URBAN, Program.DIBAO_RURAL})


def program_label(code: str) -> str:
    return PROGRAM_LABELS.get(code, code)


def dibao_program_for(kind: str) -> Program:
    """城市 or 农村 低保 by the household's 城乡 class (户口簿 城镇/农村): the two programs have separate
    standards (domain.md §1 "Haikou standards … 城市 urban / 农村 rural"; 《社会救助暂行办法》第十条:
    the standard is set by the province or the city)."""
    return Program.DIBAO_RURAL if kind == "rural" else Program.DIBAO_URBAN


# --- conflicts between programs -----------------------------------------------------------------------

CONFLICTS: dict[str, dict[str, str]] = {
    Program.TEKUN: {
        Program.DIBAO_URBAN: "特困人员已由救助供养保障基本生活，不再同时享受低保",
        Program.DIBAO_RURAL: "特困人员已由救助供养保障基本生活，不再同时享受低保",
        Program.LOW_INCOME: "低收入家庭（低保边缘家庭）须不符合特困条件",
    },
    Program.DIBAO_URBAN: {
        Program.DIBAO_RURAL: "城市低保与农村低保不能同时享受",
        Program.LOW_INCOME: "低收入家庭（低保边缘家庭）须不符合低保条件",
    },
    Program.DIBAO_RURAL: {Program.LOW_INCOME: "低收入家庭（低保边缘家庭）须不符合低保条件"},
}


def conflicting_programs(program: str) -> dict[str, str]:
    """Programs a person may not hold at the same time as ``program``, with the reason.

    Sources: 特困 support covers the person's whole basic living — food, clothing, housing, care,
    medical treatment, funeral (《社会救助暂行办法》第十五条 [V], domain.md §2), and its eligibility is
    "无生活来源" below the 低保 line (第十四条 [V]), so a 特困 person is not also a 低保 recipient; the
    低保边缘家庭 (low-income household) is by definition "not eligible for 低保 or 特困" (domain.md §1
    单人户 [V]); 城市 and 农村 低保 are one benefit under two standards (§1). Symmetric."""
    found = dict(CONFLICTS.get(program, {}))
    for other, table in CONFLICTS.items():
        if program in table:
            found[other] = table[program]
    found.pop(program, None)
    return found


# --- where to apply -----------------------------------------------------------------------------------


def residence_permit_valid(until: date | None, *, on: date) -> bool:
    """A 居住证 holder may apply where they live (seed document 2020: "有序推进持有居住证人员在居住地即可申请
    城乡低保等社会救助"; 中办/国办 2020《关于改革完善社会救助制度的意见》 [U]) while the permit is valid."""
    return until is not None and until >= on


# --- time limits -----------------------------------------------------------------------------------

TOTAL_LIMIT = Deadline(workdays=30)
"""30 working days from 受理 (民发〔2021〕57号; domain.md §1 "Time limit" [V])."""
EXTENDED_LIMIT = Deadline(workdays=45)
"""Extendable to 45 working days in special cases (same source [V])."""
PUBLICITY = Deadline(days=7)
"""公示 in the village/community for 7 days, calendar days (domain.md §1 state 4, [L] Zhengzhou)."""
INVESTIGATION_LIMIT = Deadline(workdays=10)
"""乡镇 investigation ≈10 working days (domain.md §3 支出型 [L] Chuxiong); used for every program."""
COUNTY_LIMIT = Deadline(workdays=10)
"""County approval ≈10 working days (domain.md §3 [L] Chuxiong)."""
EMERGENCY_PAY_LIMIT = Deadline(hours=48)
"""急难型 先行救助: the 乡镇 pays within 48 h (domain.md §3 [L] Chuxiong)."""
EMERGENCY_PAPERWORK_LIMIT = Deadline(workdays=5)
"""…and completes the paperwork within 5 working days afterwards (domain.md §3 [L] Chuxiong)."""


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    total = month.year * 12 + month.month - 1 + n
    return date(total // 12, total % 12 + 1, 1)


def last_of_month(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def payment_start_month(confirmed_on: date) -> date:
    """Payment starts the month after the confirmation decision (domain.md §1 state 6, [L] Zhengzhou)."""
    return add_months(first_of_month(confirmed_on), 1)


# --- parameters (dated, region-scoped, edited by the city manager) ----------------------------------


@dataclass(frozen=True)
class ParamSpec:
    code: str
    label: str
    unit: str
    source: str
    demo: tuple[tuple[date, str], ...]  # (effective_from, value) loaded as 演示数据


PARAMS: tuple[ParamSpec, ...] = (
    ParamSpec(
        "near_dibao_multiple",
        "低保边缘家庭收入线（低保标准的倍数）",
        "倍",
        "低保边缘家庭：人均收入低于当地低保标准的1.5倍（可放宽到2倍）",
        ((date(2020, 1, 1), "1.5"),),
    ),
    ParamSpec(
        "asset_financial_months",
        "家庭人均金融资产上限（月低保标准的倍数）",
        "个月",
        "《社会救助暂行办法》第九条“符合当地财产状况规定”；海口数值未公布，演示数据",
        ((date(2020, 1, 1), "24"),),
    ),
    ParamSpec(
        "asset_vehicles_max",
        "非生活必需机动车上限",
        "辆",
        "同上，海口数值未公布，演示数据（生活、就业必需的摩托车、三轮车不计）",
        ((date(2020, 1, 1), "0"),),
    ),
    ParamSpec(
        "asset_houses_max",
        "家庭住房上限",
        "套",
        "同上，海口数值未公布，演示数据",
        ((date(2020, 1, 1), "1"),),
    ),
    ParamSpec(
        "phase_out_months",
        "低保渐退期",
        "个月",
        "2020年中办、国办《关于改革完善社会救助制度的意见》“可给予一定时间的渐退期”；外地参考：赣州6–12个月；演示数据",
        ((date(2020, 1, 1), "0"), (date(2021, 1, 1), "6")),
    ),
    ParamSpec(
        "tekun_basic_multiple",
        "特困基本生活标准（不低于低保标准的倍数）",
        "倍",
        "国发〔2016〕14号：不低于当地低保标准的1.3倍",
        ((date(2016, 2, 10), "1.3"),),
    ),
    ParamSpec(
        "review_months_stable",
        "低保复核周期：收入基本稳定的家庭",
        "个月",
        "动态管理（《社会救助暂行办法》第十三条）：短期内变化不大的家庭每年复核一次",
        ((date(2020, 1, 1), "12"),),
    ),
    ParamSpec(
        "review_months_unstable",
        "低保复核周期：收入不稳定且有劳动能力成员的家庭",
        "个月",
        "动态管理：收入不稳定且有劳动能力成员的家庭每半年复核一次",
        ((date(2020, 1, 1), "6"),),
    ),
    ParamSpec(
        "temporary_town_limit_multiple",
        "临时救助乡镇（街道）审批限额（月低保标准的倍数）",
        "倍",
        "《社会救助暂行办法》第四十八条：小额可授权乡镇审批；外地参考：宁国不超过4倍月低保标准；演示数据",
        ((date(2020, 1, 1), "4"),),
    ),
    ParamSpec(
        "price_cpi_threshold",
        "价格补贴启动条件：CPI单月同比涨幅",
        "%",
        "2016年价格临时补贴联动机制3.5%；发改价格〔2021〕1553号；2022年9月至2023年3月阶段性降至3.0%",
        ((date(2016, 1, 1), "3.5"), (date(2022, 9, 1), "3.0"), (date(2023, 4, 1), "3.5")),
    ),
    ParamSpec(
        "price_food_threshold",
        "价格补贴启动条件：CPI食品价格单月同比涨幅",
        "%",
        "2016年价格临时补贴联动机制6%",
        ((date(2016, 1, 1), "6"),),
    ),
    ParamSpec(
        "price_include_low_income",
        "价格补贴扩大到低保边缘人口（1为是，0为否）",
        "",
        "2022年9月至2023年3月阶段性扩大保障范围到低保边缘人口",
        ((date(2016, 1, 1), "0"), (date(2022, 9, 1), "1"), (date(2023, 4, 1), "0")),
    ),
    ParamSpec(
        "price_include_children",
        "价格补贴保障范围包括孤儿、事实无人抚养儿童（1为是，0为否）",
        "",
        "发改价格〔2021〕1553号将孤儿、事实无人抚养儿童纳入保障范围；海口执行日期未核实，演示数据自2021年11月起",
        ((date(2016, 1, 1), "0"), (date(2021, 11, 1), "1")),
    ),
    ParamSpec(
        "price_floor_yuan",
        "价格补贴每人每月最低额",
        "元",
        "外地参考：部分城市设10元下限；海口未公布，演示数据为0（不设下限）",
        ((date(2016, 1, 1), "0"),),
    ),
)
PARAM_SPECS: dict[str, ParamSpec] = {p.code: p for p in PARAMS}


# --- income: what counts -----------------------------------------------------------------------------


class IncomeType(StrEnum):
    WAGE = "wage"
    BUSINESS = "business"
    PROPERTY = "property"
    TRANSFER = "transfer"
    BASIC_PENSION = "basic_pension"
    OLD_AGE_ALLOWANCE = "old_age_allowance"
    MEDICAL_INSURANCE = "medical_insurance"
    ASSISTANCE = "assistance"
    MERIT = "merit"
    OTHER = "other"


INCOME_LABELS: dict[str, str] = {
    IncomeType.WAGE: "工资性收入",
    IncomeType.BUSINESS: "经营净收入",
    IncomeType.PROPERTY: "财产净收入",
    IncomeType.TRANSFER: "转移净收入（赡养费、抚养费等）",
    IncomeType.BASIC_PENSION: "城乡居民基本养老保险基础养老金",
    IncomeType.OLD_AGE_ALLOWANCE: "高龄津贴",
    IncomeType.MEDICAL_INSURANCE: "医疗保险报销",
    IncomeType.ASSISTANCE: "社会救助款物",
    IncomeType.MERIT: "优待抚恤金、奖励性补助",
    IncomeType.OTHER: "其他收入",
}


@dataclass(frozen=True)
class IncomeRule:
    counted: bool
    rule: str  # the rule's name, shown on the means-test line


_COUNTED = IncomeRule(True, "计入家庭收入（《社会救助暂行办法》第九条：共同生活家庭成员人均收入）")
# The texts below are read by clerks on the means test: they name the source, not its verification tag
# (domain.md §2 [V] for 特困's exclusions; 民发〔2021〕57号 art. 11 is [U], not quoted in domain.md).
_TEKUN_EXCLUDED = IncomeRule(
    False, "特困认定不计入：基础养老金、医疗保险、高龄津贴（2021年《特困人员认定办法》）"
)
_ASSISTANCE_EXCLUDED = IncomeRule(
    False, "不计入：政府发放的社会救助款物（民发〔2021〕57号第十一条，否则救助会抵减救助）"
)
_MERIT_EXCLUDED = IncomeRule(False, "不计入：优待抚恤金、奖励性补助（民发〔2021〕57号第十一条）")
_MEDICAL_EXCLUDED = IncomeRule(False, "不计入：医疗保险报销是费用补偿而非收入（与特困认定口径一致）")
_PENSION_EXCLUDED_1420 = IncomeRule(
    False, "不计入：“十四五”期间城乡居民基本养老保险基础养老金（民发〔2021〕57号第十一条）"
)
PENSION_EXCLUSION_FROM = date(2021, 6, 11)  # 民发〔2021〕57号 dated 2021-06-11 (domain.md §1)


def income_rule(*, program: str, income_type: str, on: date) -> IncomeRule:
    """Whether one recorded income counts towards 家庭收入, and by which rule.

    - 特困: 基础养老金, 医疗保险 and 高龄津贴 are not counted (domain.md §2, 2021 认定办法 [V]).
    - every program: government assistance payments and merit/pension-for-service payments are not
      income for the means test (民发〔2021〕57号 art. 11 [U]: not quoted in domain.md);
    - 低保 and the others: the 基础养老金 of 城乡居民基本养老保险 is not counted from 57号 (2021-06-11),
      "during the 14th five-year plan" [U]; before that it was counted.
    Everything else counts (《社会救助暂行办法》第九条).
    """
    if income_type == IncomeType.ASSISTANCE:
        return _ASSISTANCE_EXCLUDED
    if income_type == IncomeType.MERIT:
        return _MERIT_EXCLUDED
    if program == Program.TEKUN and income_type in (
        IncomeType.BASIC_PENSION,
        IncomeType.OLD_AGE_ALLOWANCE,
        IncomeType.MEDICAL_INSURANCE,
    ):
        return _TEKUN_EXCLUDED
    if income_type == IncomeType.MEDICAL_INSURANCE:
        return _MEDICAL_EXCLUDED
    if income_type == IncomeType.BASIC_PENSION and on >= PENSION_EXCLUSION_FROM:
        return _PENSION_EXCLUDED_1420
    return _COUNTED


# --- the 低保 benefit --------------------------------------------------------------------------------


def dibao_eligible_by_income(*, total_income_fen: int, members: int, standard_fen: int) -> bool:
    """共同生活家庭成员人均收入低于当地低保标准 (《社会救助暂行办法》第九条 [V]). Compared exactly as
    ``total < standard × members`` so no per-capita rounding decides a case."""
    return members > 0 and total_income_fen < standard_fen * members


def dibao_gap(*, total_income_fen: int, members: int, standard_fen: int) -> int:
    """月低保金 = (保障标准 − 家庭月人均收入) × 保障人口数 (《社会救助暂行办法》第十二条 [V]:
    "按照…人均收入低于…标准的差额，按月发给"). Equal to ``standard × members − total`` exactly, in 分;
    zero when the household is not below the standard."""
    return max(0, standard_fen * members - total_income_fen)


def per_capita(total_fen: int, members: int) -> Decimal:
    """家庭月人均收入 in 分 as an exact Decimal (only displayed rounded)."""
    return Decimal(total_fen) / Decimal(members) if members else Decimal(0)


def near_dibao(*, total_income_fen: int, members: int, standard_fen: int, multiple: Decimal) -> bool:
    """低保边缘家庭 by income: not below the 低保 standard, but below ``multiple`` (1.5, may be relaxed to 2)
    times it (domain.md §1 单人户 [V]; the asset rule is checked separately)."""
    if members <= 0:
        return False
    below_line = Decimal(total_income_fen) < Decimal(standard_fen) * members * multiple
    return below_line and not dibao_eligible_by_income(
        total_income_fen=total_income_fen, members=members, standard_fen=standard_fen
    )


class Disability(StrEnum):
    NONE = ""
    VISUAL = "visual"
    HEARING = "hearing"
    SPEECH = "speech"
    PHYSICAL = "physical"
    INTELLECTUAL = "intellectual"
    MENTAL = "mental"
    MULTIPLE = "multiple"


DISABILITY_LABELS: dict[str, str] = {
    Disability.NONE: "无",
    Disability.VISUAL: "视力残疾",
    Disability.HEARING: "听力残疾",
    Disability.SPEECH: "言语残疾",
    Disability.PHYSICAL: "肢体残疾",
    Disability.INTELLECTUAL: "智力残疾",
    Disability.MENTAL: "精神残疾",
    Disability.MULTIPLE: "多重残疾",
}


class SinglePersonReason(StrEnum):
    NONE = ""
    SEVERE_DISABILITY = "severe_disability"
    MAJOR_ILLNESS = "major_illness"
    CLERGY = "clergy"


SINGLE_PERSON_LABELS: dict[str, str] = {
    SinglePersonReason.NONE: "—",
    SinglePersonReason.SEVERE_DISABILITY: "重度残疾（一、二级，或三级智力/精神残疾）",
    SinglePersonReason.MAJOR_ILLNESS: "重特大疾病患者",
    SinglePersonReason.CLERGY: "在宗教场所居住3年以上的宗教教职人员",
}


def severe_disability(*, kind: str, grade: int | None) -> bool:
    """一、二级残疾, or 三级智力/精神残疾 (domain.md §1 单人户 [V])."""
    if not kind or not grade:
        return False
    return grade in (1, 2) or (grade == 3 and kind in (Disability.INTELLECTUAL, Disability.MENTAL))


def single_person_qualifies(
    *, reason: str, disability_kind: str, disability_grade: int | None, major_illness: bool
) -> tuple[bool, str]:
    """May this member of a 低保边缘家庭 be enrolled alone as a 单人户 (domain.md §1 [V]): 重残, 重特大疾病
    or clergy; the household must separately be 低保边缘 (:func:`near_dibao`) with compliant assets."""
    if reason == SinglePersonReason.SEVERE_DISABILITY:
        ok = severe_disability(kind=disability_kind, grade=disability_grade)
        return ok, "重度残疾" if ok else "登记的残疾类别、等级不属于一、二级或三级智力/精神残疾"
    if reason == SinglePersonReason.MAJOR_ILLNESS:
        return major_illness, "重特大疾病患者" if major_illness else "未登记重特大疾病"
    if reason == SinglePersonReason.CLERGY:
        return True, "宗教教职人员（在宗教场所居住3年以上，由调查核实）"
    return False, "未选择单人户理由"


def single_person_amount(*, own_income_fen: int, standard_fen: int) -> int:
    """单人户 benefit: the gap between the standard and the person's own counted income, one person
    (Art. 12's formula with 保障人口数 = 1; the household's other income is not deducted, which is the
    point of letting them apply alone). Local floors (e.g. Qingdao ≥60 %) are [L] and not applied."""
    return max(0, standard_fen - own_income_fen)


# --- assets ---------------------------------------------------------------------------------------


class AssetType(StrEnum):
    DEPOSIT = "deposit"
    SECURITIES = "securities"
    VEHICLE = "vehicle"
    HOUSE = "house"
    OTHER = "other"


ASSET_LABELS: dict[str, str] = {
    AssetType.DEPOSIT: "存款",
    AssetType.SECURITIES: "有价证券、理财",
    AssetType.VEHICLE: "机动车",
    AssetType.HOUSE: "房产",
    AssetType.OTHER: "其他财产",
}
FINANCIAL_ASSETS = frozenset({AssetType.DEPOSIT, AssetType.SECURITIES})


@dataclass(frozen=True)
class AssetLimits:
    financial_months: Decimal
    vehicles_max: int
    houses_max: int


def financial_asset_limit(*, standard_fen: int, limits: AssetLimits) -> int:
    """Per-capita financial assets allowed: ``financial_months`` × monthly standard (local asset rule,
    《社会救助暂行办法》第九条 "符合…财产状况规定" [V]; the multiple is a [U] parameter)."""
    return int((Decimal(standard_fen) * limits.financial_months).to_integral_value(rounding=ROUND_HALF_UP))


# --- 特困 -----------------------------------------------------------------------------------------


def unable_to_work(*, age: int, disability_kind: str, disability_grade: int | None) -> tuple[bool, str]:
    """无劳动能力 per the 2021 特困人员认定办法 (domain.md §2 [V]): aged ≥60; under 16; 一至三级智力/精神
    残疾; 一、二级肢体残疾; 一级视力残疾."""
    if age >= 60:
        return True, f"年满60周岁（{age}岁）"
    if age < 16:
        return True, f"未满16周岁（{age}岁）"
    grade = disability_grade or 0
    if disability_kind in (Disability.INTELLECTUAL, Disability.MENTAL) and 1 <= grade <= 3:
        return True, f"{DISABILITY_LABELS[disability_kind]}{grade}级"
    if disability_kind == Disability.PHYSICAL and grade in (1, 2):
        return True, f"肢体残疾{grade}级"
    if disability_kind == Disability.VISUAL and grade == 1:
        return True, "视力残疾1级"
    return False, f"{age}岁，无认定的残疾等级，具有劳动能力"


def tekun_basic_standard(*, dibao_standard_fen: int, table_fen: int | None, multiple: Decimal) -> int:
    """特困基本生活标准 ≥ 1.3 × local 低保标准 (国发〔2016〕14号 [V], domain.md §2). The floor is rounded
    *up* to the whole 元 (so it is never below 1.3×); a higher local value in the standard table wins."""
    floor_yuan = (Decimal(dibao_standard_fen) * multiple / 100).to_integral_value(rounding=ROUND_CEILING)
    floor_fen = int(floor_yuan) * 100
    return max(floor_fen, table_fen or 0)


class CareLevel(StrEnum):
    SELF_CARE = "self_care"
    PARTIAL_CARE = "partial_care"
    FULL_CARE = "full_care"


CARE_LABELS: dict[str, str] = {
    CareLevel.SELF_CARE: "全自理",
    CareLevel.PARTIAL_CARE: "半护理（部分丧失生活自理能力）",
    CareLevel.FULL_CARE: "全护理（完全丧失生活自理能力）",
}
CARE_ITEMS = ("自主吃饭", "穿衣", "上下床", "如厕", "室内行走", "洗澡")


def care_level(*, items_failed: int) -> CareLevel:
    """照料护理 category from the six self-care items (domain.md §2 [V]): all achieved → 全自理;
    ≤3 failed → 半护理; ≥4 failed → 全护理."""
    if not 0 <= items_failed <= len(CARE_ITEMS):
        raise ValueError(f"不能完成的项目数应为0–6项，实为{items_failed}")
    if items_failed == 0:
        return CareLevel.SELF_CARE
    return CareLevel.PARTIAL_CARE if items_failed <= 3 else CareLevel.FULL_CARE


class TekunSupport(StrEnum):
    CENTRALIZED = "centralized"
    DISPERSED = "dispersed"


TEKUN_SUPPORT_LABELS = {TekunSupport.CENTRALIZED: "集中供养", TekunSupport.DISPERSED: "分散供养"}


# --- 动态管理 ---------------------------------------------------------------------------------------


def review_interval_months(*, unstable_income: bool, stable_months: int, unstable_months: int) -> int:
    """复核 frequency (domain.md §1 动态管理 [V]): households whose situation changes little, once a year;
    households with unstable income and able-bodied members, every 6 months. 特困 and 低收入 are
    reviewed on the stable cycle (Art. 18: 特困 termination by the same 乡镇/县 route)."""
    return unstable_months if unstable_income else stable_months


class ReviewOutcome(StrEnum):
    UNCHANGED = "unchanged"
    CHANGE = "change"
    EXIT = "exit"
    PHASE_OUT = "phase_out"


REVIEW_OUTCOME_LABELS = {
    ReviewOutcome.UNCHANGED: "情况无变化，维持原保障金额",
    ReviewOutcome.CHANGE: "调整保障金额（增发/减发）",
    ReviewOutcome.EXIT: "不再符合条件，停发（退出）",
    ReviewOutcome.PHASE_OUT: "不再符合条件，给予渐退期后停发",
}


def review_outcome(
    *, eligible: bool, new_amount_fen: int, current_amount_fen: int, phase_out_months: int
) -> ReviewOutcome:
    """What a review decides (《社会救助暂行办法》第十三条 [V]: 增发/减发/停发 by the county; domain.md §1:
    if nothing changed the amount is not adjusted; 渐退期 [U] when configured)."""
    if not eligible:
        return ReviewOutcome.PHASE_OUT if phase_out_months > 0 else ReviewOutcome.EXIT
    if new_amount_fen == current_amount_fen:
        return ReviewOutcome.UNCHANGED
    return ReviewOutcome.CHANGE


def exit_last_month(*, decided_on: date, phase_out_months: int) -> date:
    """The last month paid after an exit decision: the decision month itself (payments stop from the
    next month, never rewriting a month already paid), plus the 渐退期 if one is configured."""
    return add_months(first_of_month(decided_on), phase_out_months)


# --- 临时救助 ---------------------------------------------------------------------------------------


class TemporaryKind(StrEnum):
    EMERGENCY = "emergency"
    EXPENSE = "expense"


TEMPORARY_KIND_LABELS = {TemporaryKind.EMERGENCY: "急难型", TemporaryKind.EXPENSE: "支出型"}


def temporary_town_limit(*, standard_fen: int, multiple: Decimal) -> int:
    """小额临时救助 approved by the 乡镇 under delegation (《社会救助暂行办法》第四十八条 [V]); the limit is
    ``multiple`` × monthly 低保 standard (Ningguo: 4× [L]; Haikou's limit [U] is a parameter)."""
    return int((Decimal(standard_fen) * multiple).to_integral_value(rounding=ROUND_HALF_UP))


# --- 价格临时补贴 -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceTrigger:
    triggered: bool
    rise: Decimal  # percent used for the amount (the higher triggering index), 0 when not triggered
    reason: str


def price_trigger(
    *, cpi_yoy: Decimal, food_yoy: Decimal | None, cpi_threshold: Decimal, food_threshold: Decimal
) -> PriceTrigger:
    """The linkage starts in a month when CPI y/y ≥ 3.5 % or food CPI y/y ≥ 6 % (2016 mechanism, still the
    base; 2022-09…2023-03 the CPI threshold was 3.0 %) — domain.md §4 [V]. The rise used is the index
    that triggered, the higher if both did; the mechanism stops when both fall below."""
    hits = []
    if cpi_yoy >= cpi_threshold:
        hits.append((cpi_yoy, f"CPI同比{cpi_yoy}% ≥ {cpi_threshold}%"))
    if food_yoy is not None and food_yoy >= food_threshold:
        hits.append((food_yoy, f"食品价格同比{food_yoy}% ≥ {food_threshold}%"))
    if not hits:
        food = f"、食品{food_yoy}%" if food_yoy is not None else ""
        return PriceTrigger(False, Decimal(0), f"CPI同比{cpi_yoy}%{food}，均未达到启动条件")
    rise, _ = max(hits)
    return PriceTrigger(True, rise, "；".join(text for _, text in hits) + f"，按{rise}%计算")


def price_subsidy_amount(*, standard_fen: int, rise: Decimal, floor_yuan: Decimal = Decimal(0)) -> int:
    """补贴（元/人/月）= 当地城乡低保月标准 × 单月同比涨幅, rounded to whole 元 (四舍五入), urban groups on the
    urban standard and rural on the rural (domain.md §4 [V]); a local floor when set [L]."""
    yuan = (Decimal(standard_fen) * rise / 100 / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(max(yuan, floor_yuan.to_integral_value(rounding=ROUND_HALF_UP))) * 100


PRICE_SUBSIDY_PROGRAMS = (Program.DIBAO_URBAN, Program.DIBAO_RURAL, Program.TEKUN)
"""Base groups in the ledger (发改价格〔2021〕1553号 [V]: 城乡低保对象, 特困人员; the unemployment-insurance
and 优抚 groups are not kept by this platform). 低保边缘 (low_income) is added by parameter, and so are 孤儿 and
事实无人抚养儿童 (the ledger's program group ``children_in_care``, paid by the children's domain)."""
PRICE_CHILDREN_GROUP = "children_in_care"
