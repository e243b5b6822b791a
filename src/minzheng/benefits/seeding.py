"""Demo data of the ledger: the 2020/2021 standards (clearly marked as demo values) and a year of payroll
history over the enrollments the programs' own seed steps created.

domain.md ("Haikou standards 2020/2021 … NOT FOUND [U]"): Haikou's own figures were not found in
published form, so the values below are plausible demo values, stored with ``is_demo=True`` and the
source text saying so — never presented as official standards.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from minzheng.benefits.models import Enrollment, PayrollRun, Program, Standard
from minzheng.benefits.payroll import PAYMENT, payroll_compute, payroll_has_source, payroll_sources
from minzheng.benefits.services._common import city_root, program_get
from minzheng.benefits.services.standards import standard_load_as_system
from minzheng.core.audit import Action, audit_append

# program, category, effective_from, 元/月 (demo values; see the module docstring)
DEMO_STANDARDS: list[tuple[str, str, date, int]] = [
    ("dibao_urban", "", date(2020, 1, 1), 610),
    ("dibao_urban", "", date(2021, 7, 1), 650),
    ("dibao_rural", "", date(2020, 1, 1), 530),
    ("dibao_rural", "", date(2021, 7, 1), 570),
    # 特困照料护理标准 by self-care ability (domain.md §2): 全自理 / 半护理 / 全护理
    ("tekun", "self_care", date(2020, 1, 1), 100),
    ("tekun", "partial_care", date(2020, 1, 1), 300),
    ("tekun", "full_care", date(2020, 1, 1), 600),
]
HISTORY_PROGRAMS = ("dibao_urban", "dibao_rural", "tekun", "temporary", "low_income", "price_subsidy")
HISTORY_NOTE = "演示数据：系统生成的历史工资单（未经复核审批流程）"


def standards_demo_load() -> int:
    """Load the demo standards for the whole city; standards already there are left alone. Returns the
    number added."""
    city = city_root()
    added = 0
    for code, category, start, yuan in DEMO_STANDARDS:
        program = program_get(code)
        if Standard.objects.filter(
            program=program, region=city, category=category, effective_from=start
        ).exists():
            continue
        standard_load_as_system(
            program=program, region=city, category=category, effective_from=start, amount_fen=yuan * 100
        )
        added += 1
    return added


def standards_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    added = standards_demo_load()
    return f"演示标准新增{added}条（城乡低保2020/2021年、特困照料护理；均标注为演示数据）"


def history_moments(month: date, *, now: datetime | None = None) -> dict[str, datetime]:
    """When a run of ``month`` would have gone through its steps, as the bureau pays (made and approved late in
    the month, the bank's file the next day, reconciled early the next month) — never after ``now``: a history
    run of 2020 is dated in 2020, not on the day the demo was made."""
    now = now or timezone.now()
    zone = timezone.get_current_timezone()

    def day(d: date, hour: int) -> datetime:
        return min(now, datetime.combine(d, time(hour), tzinfo=zone))

    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return {
        "created_at": day(month.replace(day=20), 9),
        "computed_at": day(month.replace(day=20), 10),
        "approved_at": day(month.replace(day=25), 15),
        "exported_at": day(month.replace(day=26), 9),
        "reconciled_at": day(following.replace(day=5), 16),
    }


def _close_as_history(run: PayrollRun) -> None:
    """Mark a computed demo run approved, exported and reconciled, every line paid, each step dated in the
    run's month (:func:`history_moments`): history, not a decision anyone took, and labelled so in the run's
    note and the audit log."""
    at = history_moments(run.month)
    with transaction.atomic():
        PayrollRun.objects.filter(pk=run.pk).update(
            status=PayrollRun.Status.RECONCILED,
            reviewed_at=at["approved_at"],
            note=HISTORY_NOTE,
            **at,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {PAYMENT} SET status = 'paid', settled_at = %s WHERE run_id = %s",
                [at["reconciled_at"], run.pk],
            )
        audit_append(action=Action.BULK, obj=run, detail=HISTORY_NOTE)


def payroll_history_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    """Monthly runs of ``year`` (default 2020, the seed document's year) for every program with
    enrollments, up to the current month, closed as paid history. Months already run are skipped."""
    year = year or 2020
    today = timezone.localdate()
    made, lines, amount = 0, 0, 0
    # the built-in programs, then every program another app pays through a payroll source (disability …)
    others = tuple(code for code in payroll_sources() if code not in HISTORY_PROGRAMS)
    for code in (*HISTORY_PROGRAMS, *others):
        if code in others and not Program.objects.filter(code=code).exists():
            continue
        program = program_get(code)
        if code == "price_subsidy" and not payroll_has_source(code):
            continue
        if not payroll_has_source(code) and not Enrollment.objects.filter(program=program).exists():
            continue
        for month_number in range(1, 13):
            month = date(year, month_number, 1)
            if month > today:
                break
            run, created = PayrollRun.objects.get_or_create(
                program=program, month=month, kind=PayrollRun.Kind.REGULAR, defaults={"region": city_root()}
            )
            if run.status != PayrollRun.Status.DRAFT:
                continue
            totals = payroll_compute(run.pk)
            _close_as_history(run)
            made, lines, amount = made + 1, lines + totals.lines, amount + totals.amount_fen
    from minzheng.core.money import format_wan_yuan

    return f"{year}年历史工资单{made}份，发放明细{lines}笔，合计{format_wan_yuan(amount)}（演示数据）"
