"""The one-off festival price subsidy (春节、元旦一次性价格补贴; the seed: "春节、元旦期间，发放一次性价格补贴
364.24万元"): a one-off payment per person to the groups the price linkage covers, paid through the ledger as
the program ``price_festival``, whose payroll reads its lines from :func:`festival_subsidy_source`.

The groups: 城乡低保 and 特困 — the base groups of 发改价格〔2021〕1553号 that this platform keeps (domain.md §4:
城乡低保对象、特困人员、领取失业保险金人员、享受国家定期抚恤补助的优抚对象; and 孤儿、事实无人抚养儿童 added, which
the children app pays separately). The amount per person is decided for each festival by the city: a standard of
program ``price_festival`` whose 起始日期 falls in the month paid (a standard of another month pays nothing:
one-off), by region like every standard (a district's own over the city's), × the enrollment's 保障人数.
Hainan's amounts are [U]: the demo value is labelled 演示数据.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from minzheng.assistance.rules import Program
from minzheng.core.models import Region

PROGRAM = "price_festival"
PROGRAM_NAME = "节日一次性价格补贴"
GROUPS = (Program.DIBAO_URBAN, Program.DIBAO_RURAL, Program.TEKUN)


def festival_rates(month: date) -> list[tuple[Region, int]]:
    """Per district: the festival amount per person decided for ``month`` (0: none that month)."""
    from minzheng.benefits.models import Standard

    month = month.replace(day=1)
    end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    rows = Standard.objects.filter(
        program__code=PROGRAM, category="", effective_from__gte=month, effective_from__lte=end
    ).select_related("region")
    by_code = {s.region.code: s.amount_fen for s in rows}
    city = Region.objects.filter(parent__isnull=True).first()
    rates = []
    for district in Region.objects.filter(parent=city, level=Region.Level.DISTRICT).order_by("code"):
        rates.append((district, by_code.get(district.code, by_code.get(city.code if city else "", 0))))
    return rates


def festival_subsidy_source(month: date) -> tuple[str, list[Any]]:
    """One row per 低保/特困 enrollment active and not paused in ``month``: the month's festival amount per
    person × 保障人数 (no rows in a month without a festival amount)."""
    from minzheng.benefits.models import Enrollment, EnrollmentPause
    from minzheng.benefits.models import Program as LedgerProgram

    month = month.replace(day=1)
    enrollment, pause = Enrollment._meta.db_table, EnrollmentPause._meta.db_table
    program_table, region_table = LedgerProgram._meta.db_table, Region._meta.db_table
    rates = [(d, fen) for d, fen in festival_rates(month) if fen > 0]
    head = (
        f"SELECT e.id AS enrollment_id, e.person_id AS person_id, e.region_id AS region_id, {{amount}} AS amount_fen "
        f"FROM {enrollment} e JOIN {program_table} p ON p.id = e.program_id JOIN {region_table} r ON r.id = e.region_id "
    )
    if not rates:
        return head.format(amount="0") + "WHERE 1 = 0", []
    cases = " ".join("WHEN r.path LIKE %s THEN %s" for _ in rates)
    params: list[Any] = [v for d, fen in rates for v in (f"{d.path}%", fen)]
    marks = ", ".join(["%s"] * len(GROUPS))
    where = (
        f"WHERE p.code IN ({marks}) AND e.start_month <= %s AND (e.end_month IS NULL OR e.end_month >= %s) "
        f"AND NOT EXISTS (SELECT 1 FROM {pause} q WHERE q.enrollment_id = e.id AND q.from_month <= %s "
        f"AND (q.to_month IS NULL OR q.to_month >= %s))"
    )
    amount = f"(CASE {cases} ELSE 0 END) * e.members_count"
    return head.format(amount=amount) + where, [
        *params,
        *[str(g) for g in GROUPS],
        month,
        month,
        month,
        month,
    ]


def festival_subsidy_register() -> None:
    from minzheng.benefits.payroll import payroll_source_register

    payroll_source_register(PROGRAM, festival_subsidy_source)


def festival_year_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    """The year's festival subsidy (``minzheng seed --year``): paid in December with 元旦 (the year's 低保 and
    特困 start in February–May, after 春节), one demo amount per person for the city, in whole 元, chosen so
    that the people covered that month × the amount land near the seed's 364.24万元 × S."""
    if year is None:
        return "未指定 --year，跳过"
    from minzheng.benefits.models import Standard
    from minzheng.benefits.selectors import enrollments_active
    from minzheng.benefits.services import program_ensure, standard_load_as_system
    from minzheng.reports.figures import seed_target

    program_ensure(code=PROGRAM, name=PROGRAM_NAME, unit="person", periodic=False)
    month = date(year, 12, 1)
    if Standard.objects.filter(program__code=PROGRAM, effective_from=month).exists():
        return f"{year}年12月节日一次性价格补贴标准已存在"
    persons = sum(
        enrollments_active(on=month)
        .filter(program__code__in=[str(g) for g in GROUPS])
        .values_list("members_count", flat=True)
    )
    if not persons:
        return "没有低保、特困对象，未发放节日一次性价格补贴"
    yuan = max(1, round(seed_target("price_subsidy_festival", scale) / persons / 100))
    city = Region.objects.get(parent__isnull=True)
    standard_load_as_system(program=PROGRAM, region=city, effective_from=month, amount_fen=yuan * 100)
    return f"{year}年12月（元旦）节日一次性价格补贴每人{yuan}元，低保、特困{persons}人（演示数据）"
