"""The rules of marriage registration, one function each, with their sources.

- 《中华人民共和国民法典》(2020) 第一千零四十六条 (marriage by the free will of both), 第一千零四十七条 (结婚年龄，男
  不得早于二十二周岁，女不得早于二十周岁), 第一千零四十八条 (prohibited blood relations), 第一千零四十九条 (both
  parties appear in person at the registry; 符合本法规定的，予以登记，发给结婚证), 第一千零七十六条–第一千零七十八条
  (divorce by agreement: written agreement, the 30-day cooling-off, registration when both still wish it),
  第二百零二条 and 第二百零三条 (counting of periods).
- 《婚姻登记条例》(2003) 第四条 (jurisdiction: foreign-related and 港澳台 registrations at the bodies the provincial
  department designates), 第六条 (grounds for 不予登记), 第七条 (refusal explained to the parties).
- 民政部《关于贯彻落实〈中华人民共和国民法典〉中有关婚姻登记规定的通知》(民发〔2020〕116号, in force 2021-01-01):
  the divorce procedure 申请 → 受理 → 冷静期 → 审查 → 登记（发证）; day 1 of a period is the day after receipt.
- 《婚姻登记工作规范》: certificate 字号 ``J|L|BJ|BL`` + 6-digit 行政区划代码 + ``-`` + year + ``-`` + 6-digit
  serial of the office's registrations that year (e.g. ``J110101-2010-000001``; 补领 certificates have their own
  ``BJ``/``BL`` series).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from minzheng.core.workdays import is_workday

# 民法典 第一千零四十七条
MIN_AGE = {"M": 22, "F": 20}
GENDER_LABEL = {"M": "男", "F": "女"}

# 民法典 第一千零七十七条: 三十日 to withdraw; then 三十日 to come back for the certificate
COOLING_OFF_DAYS = 30
COLLECT_DAYS = 30

MARRIAGE, DIVORCE = "marriage", "divorce"
PREFIX = {MARRIAGE: "J", DIVORCE: "L"}
REISSUE_PREFIX = {MARRIAGE: "BJ", DIVORCE: "BL"}
NUMBER_RE = re.compile(r"^(J|L|BJ|BL)(\d{6})-(\d{4})-(\d{6})$")


def anniversary(born: date, years: int) -> date:
    """The day ``born`` + ``years`` years falls on. A 29 February birth has no such day in a common year: the
    period then ends on the last day of February (民法典 第二百零二条: 没有对应日的，月末日为期间的最后一日)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February in a common year
        return date(born.year + years, 2, 28)


def age_on(born: date, on: date) -> int:
    """Full years (周岁) of someone born on ``born`` on the day ``on``, counted by the Gregorian calendar: the
    birthday itself completes the year (the registries' practice: a woman born 1996-03-02 may register on
    2016-03-02; a 29 February birth completes its year on 28 February of a common year)."""
    years = on.year - born.year
    if anniversary(born, years) > on:
        years -= 1
    return years


def marriage_age_refusal(*, gender: str, born: date, on: date, name: str) -> str:
    """The reason a party may not marry on ``on`` for age (民法典 第一千零四十七条), or "" when old enough.
    Counted on the registration date, not the appointment's."""
    minimum = MIN_AGE[gender]
    if age_on(born, on) >= minimum:
        return ""
    first = anniversary(born, minimum)
    return (
        f"{name}（{GENDER_LABEL[gender]}）未达法定婚龄：{GENDER_LABEL[gender]}不得早于{minimum}周岁"
        f"（民法典第一千零四十七条），{first:%Y年%m月%d日}起方可登记"
    )


def period_end(start: date, days: int) -> date:
    """The last day of a period of ``days`` calendar days starting the day after ``start`` (民法典 第二百零一条:
    按照日计算期间的，开始的当日不计入，自下一日开始计算); weekends and holidays inside it count. A last day that
    is a 法定休假日 (a weekend day not made a working day by 调休, or a public holiday: ``core.workdays``) moves
    to the first day after it (第二百零三条; domain.md §7 on 民发〔2020〕116号's counting)."""
    end = start + timedelta(days=days)
    while not is_workday(end):
        end += timedelta(days=1)
    return end


def cooling_off_end(received: date) -> date:
    """The last day on which either party may withdraw: 30 days from the day after the registry received the
    application (民法典 第一千零七十七条第一款; 民发〔2020〕116号)."""
    return period_end(received, COOLING_OFF_DAYS)


def collect_window(received: date) -> tuple[date, date]:
    """The 30 days after the cooling-off in which both must come back for the certificate
    (民法典 第一千零七十七条第二款): (first day, last day). After the last day the application is deemed
    withdrawn (视为撤回离婚登记申请)."""
    end = cooling_off_end(received)
    return end + timedelta(days=1), period_end(end, COLLECT_DAYS)


def certificate_number(*, kind: str, region_code: str, year: int, serial: int, reissue: bool = False) -> str:
    """字号 of a certificate (《婚姻登记工作规范》): J/L (or BJ/BL for 补领) + the office's 6-digit 行政区划代码 +
    year + the 6-digit serial of that year's registrations at that office."""
    if len(region_code) != 6 or not region_code.isdigit():
        raise ValueError(f"行政区划代码应为6位数字：{region_code}")
    if not 1 <= serial <= 999_999:
        raise ValueError(f"登记序号超出范围：{serial}")
    prefix = (REISSUE_PREFIX if reissue else PREFIX)[kind]
    return f"{prefix}{region_code}-{year:04d}-{serial:06d}"


def mask_name(name: str) -> str:
    """A name as the public verification page shows it: the surname and ＊ for the rest (张＊＊)."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    return name[0] + "＊" * (len(name) - 1)
