"""价格临时补贴联动机制 (domain.md §4): when a month's CPI triggers, every 低保 and 特困 enrollee active that
month (and, under 发改价格〔2021〕1553号, every 孤儿 and 事实无人抚养儿童 paid by the ledger) is paid 低保月标准 × the rise, per person, rounded to whole 元 — urban groups on the urban standard,
rural on the rural. Not its own enrollments: the ledger's payroll for program ``price_subsidy`` reads
its lines from :func:`price_subsidy_source` (registered with ``benefits.payroll.payroll_source_register``).

Which month: the subsidy of benefit month M uses M's own CPI ("按月测算、按月发放"); its payroll is run
once M's index is published (under 发改价格〔2021〕1553号, in the month of release).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from minzheng.assistance import ledger, rules
from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.rules import Program
from minzheng.assistance.selectors import cpi_for, parameter_value, plain_decimal
from minzheng.benefits.programs import program_group
from minzheng.core.models import Region


@dataclass
class PriceMonth:
    month: date
    trigger: rules.PriceTrigger
    cpi_threshold: Decimal
    food_threshold: Decimal
    programs: tuple[str, ...]
    # per district: (district, urban 分/人, rural 分/人)
    rates: list[tuple[Region, int, int]] = field(default_factory=list)


def _city() -> Region:
    return Region.objects.get(parent__isnull=True)


def price_month(month: date, *, with_rates: bool = True) -> PriceMonth:
    """Whether ``month`` triggers, by how much, for whom, and the per-person amounts by district."""
    month = rules.first_of_month(month)
    city = _city()
    row = cpi_for(month)
    if row is None:
        raise AssistanceError(f"{month:%Y年%m月}的CPI尚未录入，不能测算价格临时补贴")
    cpi_threshold = parameter_value("price_cpi_threshold", region=city, on=month).value
    food_threshold = parameter_value("price_food_threshold", region=city, on=month).value
    trigger = rules.price_trigger(
        cpi_yoy=plain_decimal(row.cpi_yoy),
        food_yoy=None if row.food_yoy is None else plain_decimal(row.food_yoy),
        cpi_threshold=cpi_threshold,
        food_threshold=food_threshold,
    )
    programs: tuple[str, ...] = rules.PRICE_SUBSIDY_PROGRAMS
    if parameter_value("price_include_low_income", region=city, on=month).value > 0:
        programs = (*programs, Program.LOW_INCOME)
    if parameter_value("price_include_children", region=city, on=month).value > 0:
        programs = (*programs, *program_group(rules.PRICE_CHILDREN_GROUP))
    result = PriceMonth(month, trigger, cpi_threshold, food_threshold, programs)
    if trigger.triggered and with_rates:
        floor = parameter_value("price_floor_yuan", region=city, on=month).value
        for district in Region.objects.filter(parent=city, level=Region.Level.DISTRICT).order_by("code"):
            urban, rural = (
                rules.price_subsidy_amount(
                    standard_fen=_standard(program, district, month), rise=trigger.rise, floor_yuan=floor
                )
                for program in (Program.DIBAO_URBAN, Program.DIBAO_RURAL)
            )
            result.rates.append((district, urban, rural))
    return result


def _standard(program: str, region: Region, month: date) -> int:
    return ledger.standard_amount(program=program, region=region, on=month)


def price_subsidy_source(month: date) -> tuple[str, list[Any]]:
    """The payroll source of program ``price_subsidy`` (benefits.payroll): one row per 低保/特困 enrollment
    active in ``month`` and not paused, amount = per-person subsidy × the enrollment's 保障人数. No rows in
    a month that does not trigger."""
    from minzheng.benefits.errors import BenefitsError
    from minzheng.benefits.models import Enrollment, EnrollmentPause
    from minzheng.benefits.models import Program as LedgerProgram

    enrollment, pause = Enrollment._meta.db_table, EnrollmentPause._meta.db_table
    program_table, region_table = LedgerProgram._meta.db_table, Region._meta.db_table
    try:
        info = price_month(month)
    except AssistanceError as exc:  # the ledger's payroll shows its own error type to the user
        raise BenefitsError(exc.message) from exc
    head = (
        f"SELECT e.id AS enrollment_id, e.person_id AS person_id, e.region_id AS region_id, {{amount}} AS amount_fen "
        f"FROM {enrollment} e JOIN {program_table} p ON p.id = e.program_id JOIN {region_table} r ON r.id = e.region_id "
    )
    if not info.trigger.triggered or not info.rates:
        return head.format(amount="0") + "WHERE 1 = 0", []
    urban_cond = "(p.code = %s OR (p.code <> %s AND r.kind <> %s))"
    rural_cond = "(p.code = %s OR (p.code <> %s AND r.kind = %s))"
    cases, params = [], []
    for district, urban, rural in info.rates:
        cases.append(f"WHEN r.path LIKE %s AND {urban_cond} THEN %s")
        params += [f"{district.path}%", Program.DIBAO_URBAN, Program.DIBAO_RURAL, "rural", urban]
        cases.append(f"WHEN r.path LIKE %s AND {rural_cond} THEN %s")
        params += [f"{district.path}%", Program.DIBAO_RURAL, Program.DIBAO_URBAN, "rural", rural]
    amount = f"(CASE {' '.join(cases)} ELSE 0 END) * e.members_count"
    placeholders = ", ".join(["%s"] * len(info.programs))
    where = (
        f"WHERE p.code IN ({placeholders}) AND e.start_month <= %s AND (e.end_month IS NULL OR e.end_month >= %s) "
        f"AND NOT EXISTS (SELECT 1 FROM {pause} q WHERE q.enrollment_id = e.id AND q.from_month <= %s "
        f"AND (q.to_month IS NULL OR q.to_month >= %s))"
    )
    month = info.month
    return head.format(amount=amount) + where, [*params, *info.programs, month, month, month, month]


def price_subsidy_register() -> None:
    from minzheng.benefits.payroll import payroll_source_register

    payroll_source_register(Program.PRICE_SUBSIDY, price_subsidy_source)
