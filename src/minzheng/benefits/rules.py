"""The ledger's rules, each in one place with its source.

Months are ``date`` values on the first of the month. A payroll *month* is the benefit month it pays.
"""

from __future__ import annotations

from datetime import date, timedelta

from minzheng.benefits.errors import BenefitsError
from minzheng.core.values import month_label


def month_first(day: date) -> date:
    return day.replace(day=1)


def month_add(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month_last_day(month: date) -> date:
    return month_add(month, 1) - timedelta(days=1)


def month_require_first(month: date, *, field: str) -> date:
    if month.day != 1:
        raise BenefitsError(f"{field}须为某月1日（按月发放），实为{month:%Y-%m-%d}")
    return month


def payment_months_rule() -> str:
    """Which months an enrollment is paid, and how much.

    - Payment starts the month *after* the confirmation decision (审核确认次月起发放): Zhengzhou's
      procedure, domain.md §1 step 6 [L]. The deciding domain passes that month as ``start_month``; the
      ledger pays every month from ``start_month`` through ``end_month`` inclusive.
    - The benefit is a monthly amount paid monthly: 《社会救助暂行办法》第十二条 "按照…差额，按月发给" [V]
      (and 特困 basic living support per 国发〔2016〕14号). No rule found for a part month, so there is no
      pro-rating: a month that is paid is paid in full, and a stop takes effect after the last month paid
      (``end_month``), a pause for whole months.
    - The amount of a month is the enrollment's amount in force for that month: the amount row with the
      greatest ``from_month`` ≤ the month. A change never rewrites a month whose payroll is approved.
    """
    return "起始月至末次发放月（含）逐月足额发放，不按日折算；金额取当月适用的核定金额。"


def bank_summary(*, program_name: str, month: date, kind_label: str = "") -> str:
    """摘要 printed on the recipient's bank statement: "2021年03月城市低保" (+ "补发"/"重发")."""
    return f"{month_label(month)}{program_name}{kind_label}"
