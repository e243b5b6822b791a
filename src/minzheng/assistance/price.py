"""价格临时补贴联动机制 (domain.md §4): when a month's CPI triggers, every 低保 and 特困 enrollee active that
month (and, under 发改价格〔2021〕1553号, every 孤儿 and 事实无人抚养儿童 paid by the ledger) is paid 低保月标准 × the rise, per person, rounded to whole 元 — urban groups on the urban standard,
rural on the rural. Not its own enrollments: the ledger's payroll for program ``price_subsidy`` reads
its lines from :func:`price_subsidy_source` (registered with ``benefits.payroll.payroll_source_register``).
One person is counted once: a child both counted by a 低保/特困 line and enrolled in a children's program is paid
on the 低保/特困 line only (the priority is in :func:`price_subsidy_source`).

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
    """The payroll source of program ``price_subsidy`` (benefits.payroll): one row per enrollment of the month's
    scope (``price_month``: 低保/特困, 低保边缘 and the children's programs by parameter) active in ``month`` and
    not paused, amount = per-person subsidy × the enrollment's 保障人数. No rows in a month that does not trigger.

    One person is counted once (价格临时补贴联动机制, 发改价格〔2021〕1553号: the subsidy is paid per person of the
    covered groups, so a person in two groups is still one person; domain.md §4). Only the children's programs
    can overlap another line — 特困, 低保 and 低保边缘 exclude each other (``rules.CONFLICTS``) — so the priority
    is: (1) a base-group line (低保/特困/低保边缘) counts everyone it covers: its payee and, for a household's
    enrollment, the included members (共同生活) of its latest means test (``ReviewPlan.assessment``, the same
    people its 保障人数 counts); (2) a 孤儿/事实无人抚养儿童 line is paid only for a child no base-group line of the
    month counts, and (3) for a child on two children's programs, only on the earlier enrollment. Dropping the
    child's own line, not the household's count, keeps the household's line equal to its decided 保障人数
    (``ledger_check``). Set-based: NOT EXISTS clauses evaluated only for the children's programs' rows."""
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
    where_params = [*params, *info.programs, month, month, month, month]
    once, once_params = _counted_once_sql(info)
    return head.format(amount=amount) + where + once, where_params + once_params


def _active_sql(alias: str, month: date) -> tuple[str, list[Any]]:
    """Enrollment ``alias`` pays ``month``: started, not ended, not paused (as the payroll itself decides)."""
    from minzheng.benefits.models import EnrollmentPause

    pause = EnrollmentPause._meta.db_table
    sql = (
        f"{alias}.start_month <= %s AND ({alias}.end_month IS NULL OR {alias}.end_month >= %s) "
        f"AND NOT EXISTS (SELECT 1 FROM {pause} q2 WHERE q2.enrollment_id = {alias}.id AND q2.from_month <= %s "
        f"AND (q2.to_month IS NULL OR q2.to_month >= %s))"
    )
    return sql, [month, month, month, month]


def _counted_once_sql(info: PriceMonth) -> tuple[str, list[Any]]:
    """The clause dropping a children's-program line whose child another line of the month already counts
    (the priority of :func:`price_subsidy_source`). Empty when the month's scope has no children's program."""
    from minzheng.assistance.models import AssessmentMember, ReviewPlan
    from minzheng.benefits.models import Enrollment
    from minzheng.benefits.models import Program as LedgerProgram

    children = [code for code in program_group(rules.PRICE_CHILDREN_GROUP) if code in info.programs]
    base = [code for code in info.programs if code not in children]
    if not children or not base:
        return "", []
    enrollment, program_table = Enrollment._meta.db_table, LedgerProgram._meta.db_table
    member, plan = AssessmentMember._meta.db_table, ReviewPlan._meta.db_table
    kids, bases = ", ".join(["%s"] * len(children)), ", ".join(["%s"] * len(base))
    active_b, active_b_params = _active_sql("b", info.month)
    active_c, active_c_params = _active_sql("c", info.month)
    sql = (
        f" AND (p.code NOT IN ({kids}) OR NOT ("
        # (1a) the child is the payee of a base-group enrollment
        f"EXISTS (SELECT 1 FROM {enrollment} b JOIN {program_table} bp ON bp.id = b.program_id "
        f"WHERE b.person_id = e.person_id AND bp.code IN ({bases}) AND {active_b}) "
        # (1b) the child is an included member of a base-group household enrollment's latest means test
        f"OR EXISTS (SELECT 1 FROM {member} m JOIN {plan} rp ON rp.assessment_id = m.assessment_id "
        f"JOIN {enrollment} b ON b.id = rp.enrollment_id JOIN {program_table} bp ON bp.id = b.program_id "
        f"WHERE m.person_id = e.person_id AND m.included = %s AND b.household_id IS NOT NULL "
        f"AND bp.code IN ({bases}) AND {active_b}) "
        # (2) the child has an earlier children's-program enrollment paying the month
        f"OR EXISTS (SELECT 1 FROM {enrollment} c JOIN {program_table} cp ON cp.id = c.program_id "
        f"WHERE c.person_id = e.person_id AND c.id < e.id AND cp.code IN ({kids}) AND {active_c})"
        f"))"
    )
    params = [
        *children,
        *base, *active_b_params,
        True, *base, *active_b_params,
        *children, *active_c_params,
    ]  # fmt: skip
    return sql, params


def price_subsidy_register() -> None:
    from minzheng.benefits.payroll import payroll_source_register

    payroll_source_register(Program.PRICE_SUBSIDY, price_subsidy_source)
