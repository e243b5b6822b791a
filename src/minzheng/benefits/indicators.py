"""Money indicators of the ledger (issue 4 item 6): amounts paid by program, region and period, set-based
in SQL. Plain functions, to be registered in the indicator registry (``reports``).

Definitions (one place, used by every figure):

- A line counts as **paid** when its run is approved (审批, then 已导出/已对账) and the bank has not
  returned it as failed: status 待发放 or 已发放. A 一次性发放 line (先行救助 handed over from a town's 备用金)
  is on a run made reconciled, so it counts from the moment it is paid. A failed line (发放失败, 失败已重发) does not count; its
  re-issue line counts once its own run is approved. So no amount is counted twice.
- **Period**: the benefit month of the line (``Payment.month``), ``start``…``end`` inclusive by month (any
  day of a month stands for the month). A 补发 line counts in the month it is for, not the month it was
  paid in.
- **Region**: the line's region (the enrollment's grid or community) lies in ``region``'s subtree.
- **Program**: the program of the run (a 价格临时补贴 line paid to a 低保 enrollee is 价格临时补贴);
  ``program=None`` means every program.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection

from minzheng.benefits.models import Payment, PayrollRun, Program
from minzheng.benefits.rules import month_first
from minzheng.core.models import Region

PAYMENT = Payment._meta.db_table
RUN = PayrollRun._meta.db_table
PROGRAM = Program._meta.db_table
REGION = Region._meta.db_table
PAID_LINE = "p.status IN ('pending', 'paid')"
PAID_RUN = "run.status IN ('approved', 'exported', 'reconciled')"


class _Filter:
    """The joins and conditions of "paid lines of ``program`` in ``region`` for ``start``…``end``"."""

    def __init__(self, *, program: str | None, region: Region, start: date, end: date) -> None:
        self.joins = f" JOIN {RUN} run ON run.id = p.run_id"
        self.join_params: list[Any] = []
        conditions = [PAID_LINE, PAID_RUN, "p.month >= %s", "p.month <= %s"]
        self.where_params: list[Any] = [month_first(start), month_first(end)]
        if program is not None:
            self.joins += f" JOIN {PROGRAM} prog ON prog.id = p.program_id"
            conditions.append("prog.code = %s")
            self.where_params.append(program)
        if region.parent_id is not None:
            self.joins += f" JOIN {REGION} r ON r.id = p.region_id AND r.path LIKE %s"
            self.join_params.append(region.path + "%")
        self.where = " AND ".join(conditions)

    def sql(
        self, select: str, *, extra_joins: str = "", extra_params: list[Any] | None = None, tail: str = ""
    ) -> tuple[str, list[Any]]:
        return (
            f"SELECT {select} FROM {PAYMENT} p{self.joins}{extra_joins} WHERE {self.where} {tail}",
            [*self.join_params, *(extra_params or []), *self.where_params],
        )


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _scalar(select: str, *, program: str | None, region: Region, start: date, end: date) -> int:
    sql, params = _Filter(program=program, region=region, start=start, end=end).sql(select)
    return int(_fetch(sql, params)[0][0] or 0)


def amount_paid(*, program: str | None, region: Region, start: date, end: date) -> int:
    """Amount paid in 分 (e.g. 农村低保 paid in Haikou, Jan–Nov 2020)."""
    return _scalar("COALESCE(SUM(p.amount_fen), 0)", program=program, region=region, start=start, end=end)


def payees_paid(*, program: str | None, region: Region, start: date, end: date) -> int:
    """Distinct payees (领取人) paid at least once in the period."""
    return _scalar("COUNT(DISTINCT p.person_id)", program=program, region=region, start=start, end=end)


def enrollments_paid(*, program: str | None, region: Region, start: date, end: date) -> int:
    """Distinct enrollments paid at least once in the period: households (户) for a household program,
    persons for a person program."""
    return _scalar("COUNT(DISTINCT p.enrollment_id)", program=program, region=region, start=start, end=end)


def person_times_paid(*, program: str | None, region: Region, start: date, end: date) -> int:
    """人次: for each month paid, the people the line covers (保障人数), summed (price subsidy 人次)."""
    return _scalar("COALESCE(SUM(p.members_count), 0)", program=program, region=region, start=start, end=end)


def lines_paid(*, program: str | None, region: Region, start: date, end: date) -> int:
    """Payment lines (笔/户次) paid in the period: 临时救助 counts one per grant."""
    return _scalar("COUNT(*)", program=program, region=region, start=start, end=end)


def persons_paid(*, program: str | None, region: Region, start: date, end: date) -> int:
    """People covered (保障人数) in the period: each enrollment paid in the period counted once, with the
    number of people of its latest month paid in the period (a household of 3 is 3 people)."""
    inner, params = _Filter(program=program, region=region, start=start, end=end).sql(
        "p.members_count, ROW_NUMBER() OVER (PARTITION BY p.enrollment_id ORDER BY p.month DESC, p.id DESC) AS rn"
    )
    return int(
        _fetch(f"SELECT COALESCE(SUM(x.members_count), 0) FROM ({inner}) x WHERE x.rn = 1", params)[0][0] or 0
    )


def amount_paid_by_region(
    *, program: str | None, region: Region, start: date, end: date
) -> list[tuple[Region, int]]:
    """Amount paid per child of ``region`` (per district for the city, per town for a district …), every
    child listed, in code order."""
    children = list(Region.objects.filter(parent=region).order_by("code"))
    sql, params = _Filter(program=program, region=region, start=start, end=end).sql(
        "c.id, COALESCE(SUM(p.amount_fen), 0)",
        extra_joins=f" JOIN {REGION} pr ON pr.id = p.region_id JOIN {REGION} c ON c.parent_id = %s AND pr.path LIKE c.path || '%%'",
        extra_params=[region.pk],
        tail="GROUP BY c.id",
    )
    sums = {pk: int(v) for pk, v in _fetch(sql, params)}
    return [(child, sums.get(child.pk, 0)) for child in children]


def amount_paid_by_month(
    *, program: str | None, region: Region, start: date, end: date
) -> list[tuple[date, int]]:
    """Amount paid per benefit month, months with payments only, in order."""
    sql, params = _Filter(program=program, region=region, start=start, end=end).sql(
        "p.month, COALESCE(SUM(p.amount_fen), 0)", tail="GROUP BY p.month ORDER BY p.month"
    )
    return [
        (m if isinstance(m, date) else date.fromisoformat(str(m)), int(v)) for m, v in _fetch(sql, params)
    ]


def amount_paid_by_program(*, region: Region, start: date, end: date) -> list[tuple[Program, int]]:
    """Amount paid per program (every program listed)."""
    sql, params = _Filter(program=None, region=region, start=start, end=end).sql(
        "p.program_id, COALESCE(SUM(p.amount_fen), 0)", tail="GROUP BY p.program_id"
    )
    sums = {pk: int(v) for pk, v in _fetch(sql, params)}
    return [(program, sums.get(program.pk, 0)) for program in Program.objects.order_by("id")]


# --- the registration arguments --------------------------------------------------------------------------

PAID_PROGRAMS = (
    ("dibao_urban", "城市低保金"),
    ("dibao_rural", "农村低保金"),
    ("tekun", "特困供养金"),
    ("temporary", "临时救助金（含备用金先行救助）"),
    ("low_income", "低收入家庭专项救助金"),
    ("price_subsidy", "价格临时补贴"),
    ("price_festival", "节日一次性价格补贴"),
)
PAID_TABLES = ("benefits.payment", "benefits.payrollrun")


def _paid(fn: Any, program: str | None) -> Any:
    """``fn(program=…, region=…, start=…, end=…)`` as an indicator's ``compute(region, start, end)``."""

    def compute(region: Region, start: date, end: date) -> int:
        return fn(program=program, region=region, start=start, end=end)

    compute.__qualname__ = f"{fn.__name__}[{program or 'all'}]"
    return compute


def indicator_specs() -> list[dict[str, Any]]:
    """Keyword arguments of ``reports.registry.indicator_register`` for every ledger indicator."""
    paid = "审批通过的工资单中未被银行退回的发放明细，按待遇所属月份计"
    specs: list[tuple[str, str, str, Any, bool, str, str]] = [
        (
            "paid_total",
            "救助资金发放总额",
            "元",
            _paid(amount_paid, None),
            True,
            "sum",
            f"各项目发放金额合计：{paid}",
        ),
    ]
    specs += [
        (f"{code}_paid", label, "元", _paid(amount_paid, code), True, "sum", f"{label}发放金额：{paid}")
        for code, label in PAID_PROGRAMS
    ]
    specs += [
        ("price_subsidy_person_times", "价格临时补贴惠及人次", "人次", _paid(person_times_paid, "price_subsidy"),
         False, "sum", "每月每笔价格临时补贴覆盖的保障人数之和"),
        ("payees", "领取人数", "人", _paid(payees_paid, None), False, "count", "期间内至少领取一次的不重复领取人"),
    ]  # fmt: skip
    return [
        {
            "code": f"benefits.{code}",
            "name": name,
            "unit": unit,
            "aggregation": aggregation,
            "domain": "benefits",
            "compute": compute,
            "money": money,
            "depends_on": PAID_TABLES,
            "description": description,
        }
        for code, name, unit, compute, money, aggregation, description in specs
    ]


def benefits_indicators_register() -> int:
    """Register the ledger's indicators with the indicator registry (reports). Returns how many."""
    from minzheng.reports.registry import indicator_register

    specs = indicator_specs()
    for spec in specs:
        indicator_register(**spec)
    return len(specs)
