"""The rules of elderly care, each in one function with its source (tags as in domain.md: [V] checked,
[L] another place's rule used as an example, [U] unverified — a parameter, never a constant of law).

* 助餐补贴: who is in which category on a day, and which dated, region-scoped amount applies;
* 老年人能力评估: MZ/T 039-2013 (Barthel ADL and the 4-level combination) and GB/T 42195-2022
  (90-point total, 5 levels with [U] cut-offs taken from the parameter table);
* 照料护理等级 from the six self-care items (domain.md §2);
* 12349 time limits (defaults; the city manager's ``HelpTimeLimit`` rows override them);
* inspection checklists and default rectification periods.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from minzheng.eldercare.errors import EldercareError
from minzheng.eldercare.models import CareLevel, InspectionKind, SubsidyCategory

# --- age ---------------------------------------------------------------------------------------------------

ELDERLY_AGE = 60


def age_on(birth_date: date, on: date) -> int:
    """Age in completed years on ``on`` (周岁)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


# --- 助餐补贴 (canteen meal subsidy) --------------------------------------------------------------------------

# When a diner fits several categories, the most favourable amount applies (就高不重复). Between equal
# amounts the category listed first is recorded.
CATEGORY_PRECEDENCE: tuple[str, ...] = (
    SubsidyCategory.TEKUN,
    SubsidyCategory.DIBAO,
    SubsidyCategory.DISABLED,
    SubsidyCategory.AGE_80,
    SubsidyCategory.AGE_70,
    SubsidyCategory.AGE_60,
)
STATUS_CATEGORIES = frozenset({SubsidyCategory.TEKUN, SubsidyCategory.DIBAO, SubsidyCategory.DISABLED})
HAIKOU_CODE = "460100"


class MealEligibilityError(EldercareError):
    """A diner outside the meal subsidy (shown to the clerk at checkout)."""


def meal_age_category(age: int) -> str:
    """Age band of the subsidy (60–69, 70–79, 80+). Bands are the usual ones of 高龄/助餐 schemes; Haikou's
    own bands are [U] — amounts per band are parameters, the bands themselves are fixed here."""
    if age < ELDERLY_AGE:
        raise MealEligibilityError(f"长者饭堂助餐补贴对象须年满{ELDERLY_AGE}周岁，该老人就餐时{age}周岁")
    if age >= 80:
        return SubsidyCategory.AGE_80
    if age >= 70:
        return SubsidyCategory.AGE_70
    return SubsidyCategory.AGE_60


def meal_eligible_categories(*, age: int, local_hukou: bool, statuses: Iterable[str]) -> list[str]:
    """Categories a diner fits on the day of the meal, in precedence order.

    Eligibility is by age (≥ 60) and 户籍 (domain.md §10 长者饭堂, [L] Zhuhai example: "Eligibility by age
    (≥60) and 户籍"); a diner without a Haikou hukou eats at the full price (no category). ``statuses`` are
    the diner's 特困/低保 enrollments and 失能 (assessment level ≥ 中度失能) on that day."""
    band = meal_age_category(age)
    if not local_hukou:
        return []
    found = {band, *(s for s in statuses if s in STATUS_CATEGORIES)}
    return [c for c in CATEGORY_PRECEDENCE if c in found]


class RuleLike(Protocol):
    pk: int
    category: str
    amount_fen: int
    effective_from: date
    effective_to: date | None
    region_path: str  # the rule's region path (annotated by the selector)


def rule_applies(rule: RuleLike, *, on: date, region_path: str) -> bool:
    return (
        region_path.startswith(rule.region_path)
        and rule.effective_from <= on
        and (rule.effective_to is None or on <= rule.effective_to)
    )


def rule_for_category(
    rules: Iterable[RuleLike], *, category: str, on: date, region_path: str
) -> RuleLike | None:
    """The rule of ``category`` in force on ``on`` for a canteen at ``region_path``: the most specific
    region wins (a district's rule over the city's), then the latest start."""
    candidates = [
        r for r in rules if r.category == category and rule_applies(r, on=on, region_path=region_path)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda r: (len(r.region_path), r.effective_from))


@dataclass(frozen=True)
class MealSubsidy:
    category: str
    subsidy_fen: int
    rule: RuleLike | None
    eligible: tuple[str, ...]

    @property
    def rule_id(self) -> int | None:
        return self.rule.pk if self.rule is not None else None


def meal_subsidy(
    rules: Iterable[RuleLike], *, eligible: Iterable[str], on: date, region_path: str, price_fen: int
) -> MealSubsidy:
    """Subsidy of one meal: for each category the diner fits, the amount in force that day for the
    canteen's region; the largest applies (categories do not add up), never more than the meal's price.
    Amounts are Haikou parameters [U] (domain.md "How to treat unverified amounts")."""
    rules = list(rules)
    eligible = tuple(eligible)
    best: tuple[int, str, RuleLike | None] = (0, SubsidyCategory.NONE, None)
    for category in eligible:  # precedence order: a later category must be strictly better
        rule = rule_for_category(rules, category=category, on=on, region_path=region_path)
        if rule is not None and rule.amount_fen > best[0]:
            best = (rule.amount_fen, category, rule)
    amount, category, rule = best
    return MealSubsidy(category=category, subsidy_fen=min(amount, price_fen), rule=rule, eligible=eligible)


# --- 老年人能力评估 (ability assessment) ----------------------------------------------------------------------


class AssessmentError(EldercareError):
    """An assessment form that cannot be scored (an item missing or out of the standard's scores)."""


@dataclass(frozen=True)
class Item:
    code: str
    label: str
    scores: tuple[int, ...]  # allowed scores, best first

    @property
    def best(self) -> int:
        return self.scores[0]


# MZ/T 039-2013 附录 A 表 A.1 日常生活活动 (Barthel index, 100 points). [V] item list and scores as in
# the standard's published form (cross-checked with public copies of 表 B.1).
MZT039_ADL_ITEMS: tuple[Item, ...] = (
    Item("eating", "进食", (10, 5, 0)),
    Item("bathing", "洗澡", (5, 0)),
    Item("grooming", "修饰", (5, 0)),
    Item("dressing", "穿衣", (10, 5, 0)),
    Item("stool", "大便控制", (10, 5, 0)),
    Item("urine", "小便控制", (10, 5, 0)),
    Item("toilet", "如厕", (10, 5, 0)),
    Item("transfer", "床椅转移", (15, 10, 5, 0)),
    Item("walking", "平地行走", (15, 10, 5, 0)),
    Item("stairs", "上下楼梯", (10, 5, 0)),
)
MZT039_DOMAINS = (("mental", "精神状态"), ("sensory", "感知觉与沟通"), ("social", "社会参与"))
MZT039_LEVELS = ("能力完好", "轻度失能", "中度失能", "重度失能")
ADL_GRADES = ("能力完好", "轻度受损", "中度受损", "重度受损")

# GB/T 42195-2022 附录 B: 4 domains, 90 points (domain.md §10). The domain maxima 32/16/28/14 and the
# per-item maxima are [U]: reconstructed so that they add up to the 90 points domain.md gives; check them
# against the standard's text before relying on one item's weight. Higher is more able.
GBT42195_DOMAINS: tuple[tuple[str, str, tuple[Item, ...]], ...] = (
    (
        "self_care",
        "自理能力",
        (
            Item("eating", "进食", (4, 3, 2, 1, 0)),
            Item("grooming", "修饰", (4, 3, 2, 1, 0)),
            Item("bathing", "洗澡", (4, 3, 2, 1, 0)),
            Item("dress_upper", "穿/脱上衣", (4, 3, 2, 1, 0)),
            Item("dress_lower", "穿/脱裤子和鞋袜", (4, 3, 2, 1, 0)),
            Item("urine", "小便控制", (4, 3, 2, 1, 0)),
            Item("stool", "大便控制", (4, 3, 2, 1, 0)),
            Item("toilet", "如厕", (4, 3, 2, 1, 0)),
        ),
    ),
    (
        "mobility",
        "基础运动能力",
        (
            Item("bed_mobility", "床上体位转移", (4, 3, 2, 1, 0)),
            Item("transfer", "床椅转移", (4, 3, 2, 1, 0)),
            Item("walking", "平地行走", (4, 3, 2, 1, 0)),
            Item("stairs", "上下楼梯", (4, 3, 2, 1, 0)),
        ),
    ),
    (
        "mental",
        "精神状态",
        (
            Item("time_orientation", "时间定向", (4, 3, 2, 1, 0)),
            Item("place_orientation", "空间定向", (4, 3, 2, 1, 0)),
            Item("person_orientation", "人物定向", (4, 3, 2, 1, 0)),
            Item("memory", "记忆", (4, 3, 2, 1, 0)),
            Item("comprehension", "理解能力", (4, 3, 2, 1, 0)),
            Item("expression", "表达能力", (4, 3, 2, 1, 0)),
            Item("aggression", "攻击行为", (1, 0)),
            Item("depression", "抑郁症状", (1, 0)),
            Item("consciousness", "意识水平", (2, 1, 0)),
        ),
    ),
    (
        "perception_social",
        "感知觉与社会参与",
        (
            Item("vision", "视力", (2, 1, 0)),
            Item("hearing", "听力", (2, 1, 0)),
            Item("daily_affairs", "执行日常事务", (4, 3, 2, 1, 0)),
            Item("transport", "使用交通工具外出", (3, 2, 1, 0)),
            Item("social", "社会交往能力", (3, 2, 1, 0)),
        ),
    ),
)
GBT42195_MAX = 90
GBT42195_LEVELS = ("能力完好", "轻度失能", "中度失能", "重度失能", "完全失能")
# Default cut-offs: domain.md §10 "~90 / 66–89 / 46–65 / 30–45 / 0–29" [U].
GBT42195_DEFAULT_CUTOFFS = {"intact_min": 90, "mild_min": 66, "moderate_min": 46, "severe_min": 30}

# The six self-care items of 特困 照料护理 (domain.md §2, [V]) as items of each standard; an item is
# "achieved" at its best score (independent). 穿衣 under GB/T 42195 needs both dressing items.
SIX_ITEMS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "mzt039": {
        "自主吃饭": ("eating",),
        "穿衣": ("dressing",),
        "上下床": ("transfer",),
        "如厕": ("toilet",),
        "室内行走": ("walking",),
        "洗澡": ("bathing",),
    },
    "gbt42195": {
        "自主吃饭": ("eating",),
        "穿衣": ("dress_upper", "dress_lower"),
        "上下床": ("transfer",),
        "如厕": ("toilet",),
        "室内行走": ("walking",),
        "洗澡": ("bathing",),
    },
}
MODERATE_LEVEL = 2  # 中度失能 in both standards: from here on a diner counts as 失能 for the subsidy


def _checked_scores(items: Iterable[Item], given: Mapping[str, int]) -> dict[str, int]:
    scores = {}
    for item in items:
        if item.code not in given or given[item.code] in (None, ""):
            raise AssessmentError(f"评估项目“{item.label}”未评分")
        try:
            value = int(given[item.code])
        except (TypeError, ValueError):
            raise AssessmentError(f"评估项目“{item.label}”的得分“{given[item.code]}”不是数字") from None
        if value not in item.scores:
            allowed = "、".join(str(s) for s in item.scores)
            raise AssessmentError(f"评估项目“{item.label}”的得分只能是{allowed}，实为{value}")
        scores[item.code] = value
    return scores


def adl_grade(score: int) -> int:
    """MZ/T 039-2013 日常生活活动分级 from the Barthel total: 100 能力完好 (0), 65–95 轻度受损 (1),
    45–60 中度受损 (2), ≤40 重度受损 (3). [V] domain.md §10 (z03.net summary of the standard)."""
    if not 0 <= score <= 100:
        raise AssessmentError(f"日常生活活动总分应在0至100之间，实为{score}")
    if score == 100:
        return 0
    if score >= 65:
        return 1
    if score >= 45:
        return 2
    return 3


def mzt039_level(*, adl: int, mental: int, sensory: int, social: int) -> int:
    """MZ/T 039-2013 老年人能力等级 (0 能力完好 … 3 重度失能) from the four domain grades (each 0–3).

    [V] the combination table as published (domain.md §10, szshuncheng.com/news5/1802.html):
      3 重度失能: ADL 3; or all four domains 2; or ADL 2 and one of the others 3.
      2 中度失能: ADL 1 and the other three all 2, or one of them 3; or ADL 2 and 1–2 of the others 1 or 2.
      1 轻度失能: ADL 0 and 精神状态 or 感知觉与沟通 ≥ 1, or 社会参与 2; or ADL 1 and one of the others 0 or 1.
      0 能力完好: ADL, 精神状态, 感知觉与沟通 0 and 社会参与 0 or 1.
    The table is read from the most severe row down, so a profile matching two rows takes the more
    severe. Where it is silent we chose (see the closing note): ADL 2 with the others all 0, or all three
    at 1–2 but not all 2 → 中度 (2); ADL 0 with only 社会参与 3 → 轻度 (1)."""
    grades = {"日常生活活动": adl, "精神状态": mental, "感知觉与沟通": sensory, "社会参与": social}
    for label, grade in grades.items():
        if grade not in (0, 1, 2, 3):
            raise AssessmentError(f"{label}分级应为0至3，实为{grade}")
    others = (mental, sensory, social)
    if adl == 3 or (adl == 2 and 3 in others) or all(g == 2 for g in (adl, *others)):
        return 3
    if adl == 2 or (adl == 1 and (all(g == 2 for g in others) or 3 in others)):
        return 2
    if adl == 1 or mental >= 1 or sensory >= 1 or social >= 2:
        return 1
    return 0


@dataclass(frozen=True)
class AssessmentResult:
    items: dict[str, int]
    domain_scores: dict[str, int]
    total: int | None
    level: int
    level_label: str
    care_level: str


def _adjusted(level: int, *, top: int, coma: bool, raise_one: bool) -> int:
    """昏迷 → the most severe level; 确诊认知障碍/精神疾病 or ≥2 accidents (跌倒、噎食、走失…) in 30 days →
    one level up. [U] both rules are as we read the standards' notes; domain.md does not state them."""
    if coma:
        return top
    return min(top, level + 1) if raise_one else level


def assess_mzt039(
    *,
    items: Mapping[str, int],
    mental: int,
    sensory: int,
    social: int,
    coma: bool = False,
    raise_one: bool = False,
) -> AssessmentResult:
    """Assessment by MZ/T 039-2013: the ten Barthel items (total 0–100) give the ADL grade; the other
    three domain grades (0–3) come from the standard's own sub-scales as graded by the assessor."""
    scores = _checked_scores(MZT039_ADL_ITEMS, items)
    adl_total = sum(scores.values())
    adl = adl_grade(adl_total)
    level = _adjusted(mzt039_level(adl=adl, mental=mental, sensory=sensory, social=social), top=3, coma=coma,
                      raise_one=raise_one)  # fmt: skip
    return AssessmentResult(
        items=scores,
        domain_scores={
            "adl_total": adl_total,
            "adl": adl,
            "mental": mental,
            "sensory": sensory,
            "social": social,
        },
        total=adl_total,
        level=level,
        level_label=MZT039_LEVELS[level],
        care_level=care_level_from_items("mzt039", scores),
    )


def gbt42195_level(total: int, *, cutoffs: Mapping[str, int]) -> int:
    """GB/T 42195-2022 level (0 能力完好 … 4 完全失能) from the 90-point total and the dated cut-offs
    (``AssessmentCutoff``; defaults 90/66/46/30 from domain.md §10, [U])."""
    if not 0 <= total <= GBT42195_MAX:
        raise AssessmentError(f"总分应在0至{GBT42195_MAX}之间，实为{total}")
    for level, key in enumerate(("intact_min", "mild_min", "moderate_min", "severe_min")):
        if total >= cutoffs[key]:
            return level
    return 4


def assess_gbt42195(
    *, items: Mapping[str, int], cutoffs: Mapping[str, int], coma: bool = False, raise_one: bool = False
) -> AssessmentResult:
    """Assessment by GB/T 42195-2022: every item scored, domain sums, total, level by the cut-offs."""
    scores: dict[str, int] = {}
    domain_scores: dict[str, int] = {}
    for code, _label, domain_items in GBT42195_DOMAINS:
        checked = _checked_scores(domain_items, items)
        scores.update(checked)
        domain_scores[code] = sum(checked.values())
    total = sum(domain_scores.values())
    level = _adjusted(gbt42195_level(total, cutoffs=cutoffs), top=4, coma=coma, raise_one=raise_one)
    return AssessmentResult(
        items=scores,
        domain_scores=domain_scores,
        total=total,
        level=level,
        level_label=GBT42195_LEVELS[level],
        care_level=care_level_from_items("gbt42195", scores),
    )


def care_level_from_failed(failed: int) -> str:
    """照料护理等级 from the number of the six self-care items not achieved (domain.md §2, [V]):
    none failed → 全自理; 1–3 → 半护理 (部分丧失); ≥ 4 → 全护理 (完全丧失)."""
    if failed <= 0:
        return CareLevel.SELF_CARE
    if failed <= 3:
        return CareLevel.SEMI
    return CareLevel.FULL


def care_level_from_items(standard: str, scores: Mapping[str, int]) -> str:
    """The six items (自主吃饭, 穿衣, 上下床, 如厕, 室内行走, 洗澡) read off the assessment's own items."""
    best = {i.code: i.best for i in MZT039_ADL_ITEMS} if standard == "mzt039" else {
        i.code: i.best for _c, _l, items in GBT42195_DOMAINS for i in items
    }  # fmt: skip
    failed = sum(1 for codes in SIX_ITEMS[standard].values() if any(scores[c] < best[c] for c in codes))
    return care_level_from_failed(failed)


def is_disabled_level(level: int) -> bool:
    """失能 for the meal subsidy: 中度失能 or worse in either standard (our choice; domain.md is silent)."""
    return level >= MODERATE_LEVEL


# --- 12349 time limits ---------------------------------------------------------------------------------------

# Minutes allowed per step. Haikou's 12349 limits are [U] (domain.md §10); the defaults follow the shape
# of domain.md §13 [L]: emergencies the same day, help requests within 3 working days, 回访 the day after
# closing. The city manager overrides any of them in ``HelpTimeLimit``.
HELP_TIME_LIMITS: dict[str, tuple[str, int]] = {
    "normal.dispatch": ("一般求助：受理后派单", 60),
    "normal.accept": ("一般求助：派单后接单", 120),
    "normal.arrive": ("一般求助：接单后到达", 24 * 60),
    "normal.finish": ("一般求助：到达后完成服务", 8 * 60),
    "normal.callback": ("一般求助：完成后回访", 24 * 60),
    "emergency.dispatch": ("紧急求助：受理后派单", 5),
    "emergency.accept": ("紧急求助：派单后接单", 30),
    "emergency.arrive": ("紧急求助：接单后到达", 60),
    "emergency.finish": ("紧急求助：到达后完成服务", 4 * 60),
    "emergency.callback": ("紧急求助：完成后回访", 4 * 60),
    "emergency.total": ("紧急求助：办结总时限", 24 * 60),
}
EMERGENCY_CATEGORIES = frozenset({"emergency"})


def help_is_emergency(category: str) -> bool:
    """助急 is an emergency: short limits and automatic 督办 (domain.md §13 [L]: "emergencies the same day")."""
    return category in EMERGENCY_CATEGORIES


def help_time_limit_default(key: str) -> int:
    return HELP_TIME_LIMITS[key][1]


# --- inspections -----------------------------------------------------------------------------------------------

# Checklists of the 2021 plan's two campaigns (养老院服务质量建设专项行动; 消防安全整治三年攻坚行动). The
# items follow GB 38600-2019《养老机构服务安全基本规范》 and the usual fire-safety checks; the item lists
# are [U] (domain.md has no checklist) and live here in one place.
CHECKLISTS: dict[str, tuple[tuple[str, str], ...]] = {
    InspectionKind.SERVICE_QUALITY: (
        ("risk_assessment", "入院评估与服务风险评估（GB 38600-2019）"),
        ("choking", "防噎食、防食品药品误食措施"),
        ("falls", "防压疮、防跌倒、防坠床措施"),
        ("wandering", "防走失措施与出入登记"),
        ("food_safety", "食品安全与留样"),
        ("medication", "用药管理"),
        ("staffing", "护理人员配备与持证上岗"),
        ("contracts", "服务合同与收费公示"),
        ("records", "服务记录与老人档案"),
        ("epidemic", "疫情防控措施"),
    ),
    InspectionKind.FIRE_SAFETY: (
        ("fire_permit", "消防验收/备案手续"),
        ("escape_routes", "疏散通道、安全出口畅通"),
        ("extinguishers", "灭火器材配置与有效期"),
        ("alarms", "火灾自动报警与喷淋设施完好"),
        ("electrical", "电气线路与电动车充电管理"),
        ("kitchen", "厨房燃气与明火管理"),
        ("night_watch", "夜间值班与巡查"),
        ("drills", "消防培训与疏散演练"),
        ("materials", "可燃材料装修与易燃物品"),
    ),
}
# Default rectification periods (calendar days) when the inspector gives none [U]: a 重大隐患 (major
# hazard) is to be removed fast, a general problem within a month.
RECTIFY_DAYS = {"major": 7, "general": 30}


def checklist_items(kind: str) -> tuple[tuple[str, str], ...]:
    return CHECKLISTS[kind]


def rectify_default_deadline(*, severity: str, inspected_on: date) -> date:
    return inspected_on + timedelta(days=RECTIFY_DAYS[severity])


def finding_is_overdue(*, status: str, rectify_by: date, today: date) -> bool:
    """A finding not yet verified closed after its rectification deadline is overdue (逾期未整改)."""
    return status != "closed" and rectify_by < today
