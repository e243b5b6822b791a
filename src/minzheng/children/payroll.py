"""The payroll source of the two child allowances (``benefits.payroll.payroll_source_register``).

A month's line for a child enrolled in ``orphan`` or ``de_facto_child``: every enrollment of the program with
``start_month`` ≤ month ≤ ``end_month`` (open end: no limit), not paused, whose support still pays that month
(month ≤ ``Support.pay_until``: the 18th birthday, schooling or an ending event — nothing after it), at the
standard of the enrollment's category in force on the first day of the month for its region (the most
specific region with one wins, the city's by default). So a new standard applies from the month it is in force
on the 1st, without rewriting amounts (a standard taking effect mid-month applies from the next month [U: no rule
on part months was found; the ledger pays whole months, ``benefits.rules.payment_months_rule``]).

The ledger's own record of the end (``end_month``, status 停止发放) is written by
``services.supports.supports_end_aged`` (自动终止, run from the page 儿童保障 and before each month by the seed), not
here: a source only reads, and a stop written while a run computes would mark that very run stale.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.models import Enrollment, EnrollmentPause, Program, Standard
from minzheng.benefits.payroll import payroll_source_register
from minzheng.benefits.selectors import standard_in_force
from minzheng.benefits.services._common import city_root
from minzheng.children import rules
from minzheng.children.models import Support
from minzheng.core.models import Region

CATEGORIES = {
    rules.ORPHAN_PROGRAM: (rules.CATEGORY_INSTITUTION, rules.CATEGORY_DISPERSED),
    rules.DE_FACTO_PROGRAM: (rules.CATEGORY_DE_FACTO,),
}


def source_sql(program: str, month: date) -> tuple[str, list[Any]]:
    """The lines of ``program`` for ``month`` (columns enrollment_id, person_id, region_id, amount_fen)."""
    enrollment, pause = Enrollment._meta.db_table, EnrollmentPause._meta.db_table
    program_table, standard, region = Program._meta.db_table, Standard._meta.db_table, Region._meta.db_table
    support = Support._meta.db_table
    sql = f"""
        SELECT e.id AS enrollment_id, e.person_id AS person_id, e.region_id AS region_id,
               (SELECT s.amount_fen FROM {standard} s JOIN {region} sr ON sr.id = s.region_id
                WHERE s.program_id = e.program_id AND s.category = e.category
                  AND r.path LIKE sr.path || '%%'
                  AND s.effective_from <= %s AND (s.effective_to IS NULL OR s.effective_to >= %s)
                ORDER BY sr.depth DESC, s.effective_from DESC LIMIT 1) AS amount_fen
        FROM {enrollment} e
        JOIN {program_table} p ON p.id = e.program_id
        JOIN {support} cs ON cs.enrollment_id = e.id
        JOIN {region} r ON r.id = e.region_id
        WHERE p.code = %s
          AND e.start_month <= %s AND (e.end_month IS NULL OR e.end_month >= %s)
          AND (cs.pay_until IS NULL OR cs.pay_until >= %s)
          AND NOT EXISTS (SELECT 1 FROM {pause} q WHERE q.enrollment_id = e.id AND q.from_month <= %s
                          AND (q.to_month IS NULL OR q.to_month >= %s))
    """
    return sql, [month, month, program, month, month, month, month, month]


def _standards_require(program: str, month: date) -> None:
    """A month without a city standard for a category would silently pay nothing: refuse it, naming it."""
    root = city_root()
    for category in CATEGORIES[program]:
        if not Support.objects.filter(
            enrollment__program__code=program, enrollment__category=category
        ).exists():
            continue
        try:
            standard_in_force(program=program, region=root, on=month, category=category)
        except BenefitsError as exc:
            raise BenefitsError(f"{rules.CATEGORY_LABELS[category]}：{exc.message}") from exc


def _source(program: str) -> Any:
    def source(month: date) -> tuple[str, list[Any]]:
        _standards_require(program, month)
        return source_sql(program, month)

    source.__qualname__ = f"children_payroll_source[{program}]"
    return source


def children_payroll_register() -> None:
    for program in rules.PROGRAMS:
        payroll_source_register(program, _source(program))
