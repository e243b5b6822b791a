"""The monthly payroll of the two subsidies: payroll sources of the benefits ledger (``payroll_source_register``)
that decide every month, in one set-based statement, who is paid what — so the rules, not a stored amount,
decide each month's money, and a change in the records stops or changes it from the next month:

- the enrollment (the approved application) is active that month and not paused (the ledger's own rule);
- the holder is alive (or died in that month or later: the month of death is paid, the next is not) and has a
  certificate that counts for the month — issued by its end, not expired, not revoked before it began; of
  several (a grade change issues a new certificate) the latest;
- nobody supported as 特困 that month (国发〔2015〕52号, ``rules.excluded_as_tekun``);
- 生活补贴: the holder's household (or the holder) has an active 低保 enrollment that month — read from the
  ledger, the spine, not from social assistance; 低收入家庭 where the ``low_income`` standard is in force;
- 护理补贴: the certificate's grade is 一级 or 二级; 三、四级 智力/精神 where the ``extended`` standard is in force;
- the amount is the standard of the program and category in force that month for the holder's district
  (``benefits.Standard``: a district's own standard over the city's).

``eligible_sql`` is the same statement without amounts: the sweep that records the ends on the enrollments
(``services.subsidies_sweep``) reads who is still due from it, so the two never disagree.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from minzheng.core.models import Region
from minzheng.disability import rules

ENROLLMENT = "benefits_enrollment"
PROGRAM = "benefits_program"
PAUSE = "benefits_enrollmentpause"
PERSON = "registry_person"
MEMBERSHIP = "registry_membership"
CERTIFICATE = "disability_certificate"


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _active(alias: str, codes: str) -> str:
    """An enrollment ``alias`` of one of the programs ``codes`` active and not paused in the month (%s ×4)."""
    return (
        f"{alias}.program_id IN (SELECT id FROM {PROGRAM} WHERE code IN ({codes})) "
        f"AND {alias}.start_month <= %s AND ({alias}.end_month IS NULL OR {alias}.end_month >= %s) "
        f"AND NOT EXISTS (SELECT 1 FROM {PAUSE} z WHERE z.enrollment_id = {alias}.id AND z.from_month <= %s "
        f"AND (z.to_month IS NULL OR z.to_month >= %s))"
    )


def _household_has(codes: tuple[str, ...], month: date) -> tuple[str, list[Any]]:
    """The holder, or a household the holder belongs to that month, has an active enrollment in ``codes``."""
    marks = ", ".join(["%s"] * len(codes))
    sql = (
        f"EXISTS (SELECT 1 FROM {ENROLLMENT} d WHERE {_active('d', marks)} AND (d.person_id = e.person_id OR "
        f"d.household_id IN (SELECT m.household_id FROM {MEMBERSHIP} m WHERE m.person_id = e.person_id "
        f"AND m.start_date <= %s AND (m.end_date IS NULL OR m.end_date >= %s))))"
    )
    return sql, [*codes, month, month, month, month, month_end(month), month]


def _standard(program: str, region: Region, month: date, category: str) -> int | None:
    from minzheng.benefits.errors import BenefitsError
    from minzheng.benefits.selectors import standard_amount

    try:
        return standard_amount(program=program, region=region, on=month, category=category)
    except BenefitsError:
        return None


def _districts() -> list[Region]:
    city = Region.objects.filter(parent__isnull=True).first()
    return list(Region.objects.filter(parent=city, level=Region.Level.DISTRICT).order_by("code")) or [city]


def _base(program: str, month: date) -> tuple[str, list[Any]]:
    """FROM … WHERE of the program's due enrollments in ``month`` with their counting certificate ``c``."""
    end = month_end(month)
    counts = (
        "{a}.person_id = e.person_id AND {a}.issued_on <= %s AND ({a}.valid_until IS NULL OR {a}.valid_until >= %s) "
        "AND ({a}.revoked_on IS NULL OR {a}.revoked_on >= %s)"
    )
    sql = (
        f"FROM {ENROLLMENT} e JOIN {PERSON} p ON p.id = e.person_id JOIN core_region r ON r.id = e.region_id "
        f"JOIN {CERTIFICATE} c ON c.id = (SELECT MAX(c2.id) FROM {CERTIFICATE} c2 WHERE {counts.format(a='c2')}) "
        f"WHERE {_active('e', '%s')} "
        f"AND (p.status = 'normal' OR (p.status IN ('deceased', 'moved_out') AND p.status_date >= %s)) "
    )
    params: list[Any] = [end, month, month, program, month, month, month, month, month]
    tekun, tekun_params = _household_has((rules.TEKUN,), month)
    # 特困 is the person's own enrollment: the household clause cannot match a person program's null household
    sql += f"AND NOT {tekun} "
    params += tekun_params
    return sql, params


def _living(month: date) -> list[tuple[str, list[Any], str]]:
    """生活补贴's amount cases: (condition SQL, its params, standard category), the first that holds wins."""
    extended = any(_standard(rules.LIVING, d, month, rules.LIVING_LOW_INCOME) for d in _districts())
    dibao, dibao_params = _household_has(rules.DIBAO_PROGRAMS, month)
    cases = [(dibao, dibao_params, rules.LIVING_DIBAO)]
    if extended:
        low, low_params = _household_has((rules.LOW_INCOME,), month)
        cases.append((low, low_params, rules.LIVING_LOW_INCOME))
    return cases


def _care(month: date) -> list[tuple[str, list[Any], str]]:
    extended = any(_standard(rules.CARE, d, month, rules.CARE_EXTENDED) for d in _districts())
    cases = [("c.grade = 1", [], rules.CARE_GRADE1), ("c.grade = 2", [], rules.CARE_GRADE2)]
    if extended:
        cases.append(
            (f"c.grade IN (3, 4) AND c.kind IN ({rules.Kind.INTELLECTUAL}, {rules.Kind.MENTAL})", [],
             rules.CARE_EXTENDED)
        )  # fmt: skip
    return cases


def _cases(program: str, month: date) -> list[tuple[str, list[Any], str]]:
    return _living(month) if program == rules.LIVING else _care(month)


def subsidy_source_sql(program: str, month: date) -> tuple[str, list[Any]]:
    """The payroll source of ``program`` for ``month``: enrollment_id, person_id, region_id, amount_fen."""
    base, params = _base(program, month)
    whens: list[str] = []
    when_params: list[Any] = []
    for district in _districts():
        for condition, condition_params, category in _cases(program, month):
            amount = _standard(program, district, month, category)
            if amount:
                whens.append(f"WHEN r.path LIKE %s AND {condition} THEN %s")
                when_params += [f"{district.path}%", *condition_params, amount]
    amount_sql = f"(CASE {' '.join(whens)} ELSE 0 END)" if whens else "0"
    sql = f"SELECT e.id AS enrollment_id, e.person_id AS person_id, e.region_id AS region_id, {amount_sql} AS amount_fen {base}"
    return sql, [*when_params, *params]


def eligible_sql(program: str, month: date) -> tuple[str, list[Any]]:
    """The ids of ``program``'s enrollments due in ``month`` (the payroll source's rows with an amount)."""
    sql, params = subsidy_source_sql(program, month)
    return f"SELECT s.enrollment_id FROM ({sql}) s WHERE s.amount_fen > 0", params


def living_source(month: date) -> tuple[str, list[Any]]:
    return subsidy_source_sql(rules.LIVING, month)


def care_source(month: date) -> tuple[str, list[Any]]:
    return subsidy_source_sql(rules.CARE, month)
