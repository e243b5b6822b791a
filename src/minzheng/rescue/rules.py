"""The rules of the rescue station, each in one function with its source.

Sources (docs/domain.md §11):

- 《城市生活无着的流浪乞讨人员救助管理办法》（国务院令第381号，2003年8月1日施行，"办法"）: 第五条 (police and other
  officers tell a person in the street to seek help, and guide or escort 残疾人、未成年人、老年人和行动不便的其他人员
  to the station), 第六条 (the person gives their name and basic facts truthfully and registers their belongings;
  the station helps whoever qualifies and gives the reason to whoever does not), 第七条 (food, lodging, hospital for
  a sudden illness, contacting relatives, a ticket home) — [V] the text as published with the decree.
  第九条 (care of disabled, minor and elderly people; their relatives notified to collect them) and 第十一条 (a person
  may leave when they wish; the station may not stop them; minors leave only with the station's consent) —
  [U: wording and article numbers from memory, not checked against the decree's text].
- 《…救助管理办法实施细则》（民政部令第24号，"实施细则"）: 第二条 who qualifies (cannot pay for food or lodging, no
  relatives to turn to, not on 低保/五保, living by vagrancy or begging) [V]; 第三条 what a person seeking help states
  (name, age, sex, ID, 户口所在地, 低保/五保, why and how long, relatives, belongings) [V]; the stay "一般不超过10天；
  因特殊情况需要延长的，报上级民政主管部门备案" [V: the rule; its article number not checked].
- 《生活无着的流浪乞讨人员救助管理机构工作规程》（民发〔2014〕132号，"工作规程"）, 离站服务: the 10-day stay applies to
  受助人员 aged 16 or over without signs of mental or intellectual disability; such a person may leave on their own
  (《自行离站声明书》); 不满16周岁的未成年人、行动不便的残疾人和其他特殊困难受助人员 are collected by relatives
  (接领), whose ID the station checks and keeps [V: quoted by several public copies; article numbers not checked].
- 《民政部 公安部关于加强生活无着流浪乞讨人员身份查询和照料安置工作的意见》（民发〔2015〕158号）: a person whose
  identity the fast check cannot confirm gets a 寻亲公告 within 24 hours of arrival (radio, TV, press, the national
  rescue information system, 全国救助寻亲网), with photo [V: as reported by the press and provincial
  rules]; DNA collection requested within 7 working days of arrival [V: a provincial report of the same opinion].
- 24 hours to notify the family or authorities once identity is known: the rule as the bureau's brief gives it
  (实施细则/工作规程 "及时通知"); the figure 24 is [U] and a parameter here.
- 长期滞留人员: in a station (or the institutions it places people in) more than 3 months with identity still
  unknown → 落户安置 (household registration and placement, 民政部等 2019–2020 专项行动; a provincial notice
  quoted in domain.md §11) [V: the 3 months, via that provincial notice; the national document's number unverified].
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from django.db import models

MINOR_AGE = 18  # 未成年人：不满18周岁（民法典 第十七条）
SPECIAL_AGE = 16  # 工作规程：不满16周岁的 are 特殊困难受助人员 — no 10-day limit, collected by relatives
STAY_LIMIT_DAYS = 10  # 实施细则：救助期限一般不超过10天
EXTENSION_DAYS = 10  # [U] how long an approved extension runs: no national figure; the approver may set it
ANNOUNCE_HOURS = 24  # 民发〔2015〕158号：入站后24小时内发布寻亲公告
NOTICE_HOURS = 24  # [U] identity known → family/authorities notified within 24 hours
DNA_WORKDAYS = 7  # 民发〔2015〕158号：入站后7个工作日内报请公安机关采集DNA
LONG_STAY_MONTHS = 3  # 滞留超过3个月仍无法查明身份 → 落户安置
OUTREACH_TOPIC = "0507"  # the grid event category 流浪乞讨 (grid/categories.py, 街面秩序 05)


class Source(models.TextChoices):
    """How the person came to the station (办法 第五条、第六条)."""

    SELF = "self", "本人自行求助"
    POLICE = "police", "公安机关护送"
    OFFICER = "officer", "城管等部门引导护送"
    OUTREACH = "outreach", "街面巡查/网格发现"
    PUBLIC = "public", "群众报告"
    HOSPITAL = "hospital", "医疗机构转来"


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"
    UNKNOWN = "U", "不详"


class Schooling(models.TextChoices):
    """A minor's schooling, recorded so that the station arranges it (义务教育)."""

    IN_SCHOOL = "in_school", "在校就读"
    DROPPED_OUT = "dropped_out", "辍学"
    NEVER = "never", "未入学"
    PRESCHOOL = "preschool", "学龄前"
    UNKNOWN = "unknown", "不详"


class NoticeKind(models.TextChoices):
    FAMILY = "family", "通知亲属/单位/户籍地"
    GUARDIAN = "guardian", "通知监护人"
    ANNOUNCEMENT = "announcement", "发布寻亲公告"
    DNA = "dna", "报请公安机关采集DNA"
    POLICE = "police", "向公安机关报案（疑似走失、被拐）"


class CampaignKind(models.TextChoices):
    SUMMER = "summer", "夏季送清凉"
    WINTER = "winter", "寒冬送温暖"


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def is_minor(age: int) -> bool:
    """未成年人：不满18周岁（民法典 第十七条）."""
    return age < MINOR_AGE


def stay_limit_applies(*, age: int, impaired: bool) -> bool:
    """工作规程: the 10-day stay is for 受助人员 aged 16 or over without signs of mental or intellectual
    disability; younger children and impaired people stay until their relatives collect them or they are placed."""
    return age >= SPECIAL_AGE and not impaired


def stay_until(*, arrived: date, age: int, impaired: bool) -> date | None:
    """The last day of the stay (实施细则: 一般不超过10天), or None where the limit does not apply."""
    if not stay_limit_applies(age=age, impaired=impaired):
        return None
    return arrived + timedelta(days=STAY_LIMIT_DAYS)


def may_leave_alone(*, age: int, impaired: bool) -> bool:
    """工作规程, 自行离站: a person aged 16 or over without signs of mental or intellectual disability may leave when
    they wish (办法: the station may not stop them); the others are collected (接领) or escorted."""
    return age >= SPECIAL_AGE and not impaired


def must_seek_voluntarily(*, age: int, impaired: bool) -> bool:
    """自愿受助: an adult of sound mind is helped only if they ask (办法 第六条, 实施细则 第三条); a minor, a disabled
    or impaired person may be brought by the police or other officers (办法 第五条)."""
    return not is_minor(age) and not impaired


def announcement_due(arrived_at: datetime) -> datetime:
    """寻亲公告 within 24 hours of arrival for a person whose identity is unknown (民发〔2015〕158号)."""
    return arrived_at + timedelta(hours=ANNOUNCE_HOURS)


def notice_due(identified_at: datetime) -> datetime:
    """Family or authorities notified within 24 hours of the identity being known [U: the figure]."""
    return identified_at + timedelta(hours=NOTICE_HOURS)


def month_add(day: date, months: int) -> date:
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def long_stay_from(arrived: date) -> date:
    """The first day on which a person still unidentified is a 长期滞留人员 (stay of more than 3 months)."""
    return month_add(arrived, LONG_STAY_MONTHS) + timedelta(days=1)


def is_long_stay(*, arrived: date, on: date, identified: bool) -> bool:
    """长期滞留人员: more than 3 months at the station and identity still unknown → 落户安置."""
    return not identified and on >= long_stay_from(arrived)
