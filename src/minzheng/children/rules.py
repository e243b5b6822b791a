"""The rules of child welfare, each in one function with its source (docs/domain.md §5).

- Who is a 孤儿 (orphan): 《国务院办公厅关于加强孤儿保障工作的意见》（国办发〔2010〕54号）: "孤儿是指失去父母、
  查找不到生父母的未满18周岁的未成年人". 失去父母 is death (natural or 人民法院宣告死亡) or 人民法院宣告失踪.
- Who is a 事实无人抚养儿童 (child de facto without carers): 民政部等12部门《关于进一步加强事实无人抚养儿童保障
  工作的意见》（民发〔2019〕62号）: both parents fall under one of 重残, 重病, 服刑在押, 强制隔离戒毒, 被执行其他限制
  人身自由的措施, 失联 — or one parent is dead or missing and the other falls under one of them; 被撤销监护资格 and
  被遣送（驱逐）出境 are listed with them in the provinces' implementing rules (e.g. 粤民规字〔2019〕10号 [L]) and in
  domain.md §5. 重残 = 一、二级 or 三、四级 intellectual/psychiatric disability; 失联 = no contact and no care for
  6 months or more; a restriction of liberty counts when it lasts 6 months or more. Children under 18.
- An orphan is an orphan, not a de facto child: a child meeting both definitions is identified as an orphan.
- The procedure (申请 → 乡镇（街道）受理、查验 → 县级民政部门审核确认) is 民发〔2019〕62号's; the time limits of 15
  working days for each step are those of the 跨省通办 procedure published by county bureaus [L] (see casetypes).

Months are ``date`` values on the first of the month, as in the ledger (``benefits.rules``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models

from minzheng.benefits.rules import month_add, month_first

ADULT_AGE = 18
RESTRICTION_MONTHS = (
    6  # 失联 / 服刑在押 / 强制隔离戒毒 / 其他限制人身自由: 6 months or more (民发〔2019〕62号)
)

ORPHAN_PROGRAM = "orphan"  # 孤儿基本生活费
DE_FACTO_PROGRAM = "de_facto_child"  # 事实无人抚养儿童基本生活补贴
PROGRAMS = (ORPHAN_PROGRAM, DE_FACTO_PROGRAM)
PROGRAM_NAMES = {ORPHAN_PROGRAM: "孤儿基本生活费", DE_FACTO_PROGRAM: "事实无人抚养儿童基本生活补贴"}


class Kind(models.TextChoices):
    ORPHAN = "orphan", "孤儿"
    DE_FACTO = "de_facto", "事实无人抚养儿童"


class Placement(models.TextChoices):
    """集中养育 in the welfare institution, or 散居 (with relatives, in foster care)."""

    INSTITUTION = "institution", "集中养育（儿童福利机构）"
    DISPERSED = "dispersed", "散居"


# The ledger categories of the allowances (benefits.Standard.category, Enrollment.category). Own codes: the
# ledger's "dispersed" is 特困's 分散供养.
CATEGORY_INSTITUTION = "orphan_institution"
CATEGORY_DISPERSED = "orphan_dispersed"
CATEGORY_DE_FACTO = "de_facto"
CATEGORY_LABELS = {
    CATEGORY_INSTITUTION: "孤儿：集中养育",
    CATEGORY_DISPERSED: "孤儿：散居",
    CATEGORY_DE_FACTO: "事实无人抚养儿童",
}


class ParentSituation(models.TextChoices):
    """A parent's situation, as the application records it for each parent (民发〔2019〕62号, 国办发〔2010〕54号)."""

    NONE = "none", "无下列情形（能履行抚养义务）"
    DECEASED = "deceased", "死亡（含人民法院宣告死亡）"
    MISSING = "missing", "人民法院宣告失踪"
    UNKNOWN = "unknown", "查找不到生父母"
    SEVERE_DISABILITY = "severe_disability", "重残（一、二级或三、四级精神、智力残疾）"
    SEVERE_ILLNESS = "severe_illness", "重病"
    IMPRISONED = "imprisoned", "服刑在押"
    DETOX = "detox", "强制隔离戒毒"
    RESTRICTED = "restricted", "被执行其他限制人身自由的措施"
    LOST_CONTACT = "lost_contact", "失联（未履行监护抚养责任）"
    GUARDIANSHIP_REVOKED = "guardianship_revoked", "被撤销监护资格"
    DEPORTED = "deported", "被遣送（驱逐）出境"


GONE = frozenset({ParentSituation.DECEASED, ParentSituation.MISSING, ParentSituation.UNKNOWN})
# Situations that count only when they have lasted (or are to last) 6 months or more.
TIMED = frozenset(
    {
        ParentSituation.IMPRISONED,
        ParentSituation.DETOX,
        ParentSituation.RESTRICTED,
        ParentSituation.LOST_CONTACT,
    }
)
UNABLE = frozenset(
    {
        ParentSituation.SEVERE_DISABILITY,
        ParentSituation.SEVERE_ILLNESS,
        ParentSituation.GUARDIANSHIP_REVOKED,
        ParentSituation.DEPORTED,
        *TIMED,
    }
)


class EndReason(models.TextChoices):
    AGE = "age", "年满18周岁"
    SCHOOL_END = "school_end", "年满18周岁后在校就读期满"
    ADOPTED = "adopted", "被依法收养"
    RETURNED = "returned", "父母情形消失，回归家庭"
    DECEASED = "deceased", "死亡"
    OTHER = "other", "其他原因"


class Risk(models.TextChoices):
    LOW = "low", "低"
    MEDIUM = "medium", "中"
    HIGH = "high", "高"


class ChildCategory(models.TextChoices):
    """Whom a 儿童主任 visits (民发〔2019〕34号: 排查建档、定期走访)."""

    LEFT_BEHIND = "left_behind", "农村留守儿童"
    PLIGHT = "plight", "困境儿童"
    ORPHAN = "orphan", "孤儿"
    DE_FACTO = "de_facto", "事实无人抚养儿童"


@dataclass(frozen=True)
class Parent:
    situation: str
    months: int = 0  # how long the situation has lasted, or the term of a restriction (TIMED situations)


@dataclass
class Identification:
    kind: str | None  # Kind.ORPHAN / Kind.DE_FACTO, None: neither
    reasons: list[str] = field(default_factory=list)  # why not (Chinese, naming the parent)

    @property
    def eligible(self) -> bool:
        return self.kind is not None


def _unable(parent: Parent) -> bool:
    """Does the parent's situation make them unable to care (民发〔2019〕62号), including the 6-month duration?"""
    if parent.situation not in UNABLE:
        return False
    return parent.situation not in TIMED or parent.months >= RESTRICTION_MONTHS


def identify(*, father: Parent, mother: Parent, age: int) -> Identification:
    """孤儿 if both parents are dead, declared missing or cannot be found (国办发〔2010〕54号); else 事实无人抚养儿童 if
    both parents are unable to care, or one is dead/missing and the other unable (民发〔2019〕62号); both only for
    a child under 18. The reasons name what is missing, in a clerk's words."""
    result = Identification(kind=None)
    if age >= ADULT_AGE:
        result.reasons.append(f"儿童已满{ADULT_AGE}周岁（{age}周岁），不属于保障范围")
        return result
    parents = (("父亲", father), ("母亲", mother))
    if all(p.situation in GONE for _, p in parents):
        result.kind = Kind.ORPHAN
        return result
    if all(p.situation in GONE or _unable(p) for _, p in parents):
        result.kind = Kind.DE_FACTO
        return result
    for who, p in parents:
        if p.situation in GONE or _unable(p):
            continue
        if p.situation in TIMED:
            label = ParentSituation(p.situation).label
            result.reasons.append(
                f"{who}{label}的期限为{p.months}个月，须满{RESTRICTION_MONTHS}个月以上（民发〔2019〕62号）"
            )
        else:
            result.reasons.append(f"{who}能履行抚养义务（无死亡、失踪、重残、重病、服刑、失联等情形）")
    return result


def birthday_on(birth_date: date, age: int) -> date:
    """The day ``age`` is reached; a 29 February birthday counts from 1 March (as ``core.ids`` counts age)."""
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:
        return date(birth_date.year + age, 3, 1)


def age_last_month(birth_date: date, *, in_school_until: date | None = None) -> date:
    """The last month the allowance is paid for by age.

    Entitled while under 18 (国办发〔2010〕54号, 民发〔2019〕62号: "未满18周岁"). The ledger pays whole months and
    never pro-rates (``benefits.rules.payment_months_rule``): a month in which the child is under 18 for at least
    one day is paid, so the last month is the month of the day before the 18th birthday (a birthday on the 1st
    ends with the month before) [U: no national text on the month of the 18th birthday was found].

    Continuation: a child who turns 18 while still in full-time education (义务教育、普通高中、中职、普通高校，不含
    研究生) keeps the allowance until the schooling ends (粤民规字〔2019〕10号 [L]; 孤儿 "成年后仍在校就读的继续享受"
    in county rules [L]): ``in_school_until`` (the expected end of schooling, from a 在校证明) extends the last
    month to the month it falls in."""
    last_day_under_age = birthday_on(birth_date, ADULT_AGE) - timedelta(days=1)
    last = month_first(last_day_under_age)
    if in_school_until is not None and month_first(in_school_until) > last:
        return month_first(in_school_until)
    return last


def event_last_month(event_on: date) -> date:
    """The last month paid when support ends by an event (收养, 回归家庭, 死亡) on ``event_on``: the month of the day
    before it — the month the child was still in care for at least one day is paid in full, nothing after it
    (no pro-rating, ``benefits.rules.payment_months_rule``)."""
    return month_first(event_on - timedelta(days=1))


def start_month(decided_on: date) -> date:
    """The first month paid: the month after the county's confirmation (审核确认次月起发放, as the ledger's rule,
    ``benefits.rules.payment_months_rule`` [L])."""
    return month_add(month_first(decided_on), 1)


def category_for(kind: str, placement: str) -> str:
    """The ledger category (the standard it is paid at): 集中养育 or 散居 for an orphan, one for de facto children."""
    if kind == Kind.DE_FACTO:
        return CATEGORY_DE_FACTO
    return CATEGORY_INSTITUTION if placement == Placement.INSTITUTION else CATEGORY_DISPERSED


def program_for(kind: str) -> str:
    return ORPHAN_PROGRAM if kind == Kind.ORPHAN else DE_FACTO_PROGRAM


def follow_up_needed(risk: str) -> bool:
    """A visit that finds a high risk opens a follow-up case (民发〔2019〕34号: 儿童主任发现…及时报告; the 督导员 and the
    town follow up). Lower risks stay in the visit log with their follow-up note."""
    return risk == Risk.HIGH


def rise_basis_points(previous_fen: int, new_fen: int) -> int:
    """增幅 in basis points (1/10000), rounded half up: 1,300 → 1,450 元 is 1,154 (11.54 %)."""
    if previous_fen <= 0:
        return 0
    return ((new_fen - previous_fen) * 20000 // previous_fen + 1) // 2
