"""The ledger's part of a synthetic year (``minzheng seed --year YYYY``): the amounts of the enrollments the
assistance step left, calibrated so that the year's payrolls pay what the seed document says, × S.

Runs at order 85: after the domains' own steps (10–50) made the enrollments, before the ledger's payroll
history (90) pays them. 农村低保 covers round(12,252·S) people on 30 November (保障人数 adjusted by ±1 where
needed) and pays round(53,838,000·S) 元 over January–November; 特困 pays round(32,428,600·S) 元 over the year.
Both through ``enrollment_change_amount`` with the reason "合成年度数据：按种子文件总额校准", amounts in whole
元 (in 分 at scales where the target has 分), a single later change of one unit absorbing the remainder.

Not reproduced: 价格临时补贴 (paid by the CPI linkage rule on the demo CPI table, not by the seed's totals).
Amounts are not calibrated again once a payroll month of the year is approved.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from minzheng.benefits.models import Enrollment, EnrollmentAmount, EnrollmentPause, PayrollRun
from minzheng.benefits.services import enrollment_change_amount
from minzheng.core.money import format_yuan
from minzheng.reports.figures import seed_target

CALIBRATION_REASON = "合成年度数据：按种子文件总额校准"
Pauses = dict[int, list[tuple[date, date | None]]]


def ledger_year_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    if year is None:
        return "未指定 --year，跳过（年度业务只在 minzheng seed --year YYYY 时生成）"
    closed = PayrollRun.objects.filter(
        month__year=year,
        status__in=(PayrollRun.Status.APPROVED, PayrollRun.Status.EXPORTED, PayrollRun.Status.RECONCILED),
        program__code__in=("dibao_rural", "tekun"),
    )
    if closed.exists():
        return "本年度工资单已审批，金额不再校准"
    parts = []
    persons = _dibao_rural_persons(seed_target("dibao_rural_persons", scale), on=date(year, 11, 30))
    if persons is not None:
        parts.append(f"农村低保11月末保障{persons}人")
    for program, key, months, label in (
        ("dibao_rural", "dibao_rural_paid", (1, 11), "农村低保1-11月"),
        ("tekun", "tekun_paid", (1, 12), "特困供养全年"),
    ):
        total = _calibrate(program, target_fen=seed_target(key, scale), year=year, months=months)
        if total is not None:
            parts.append(f"{label}应发{format_yuan(total)}")
    return "，".join(parts) if parts else "无保障记录，未校准"


def _next_month(m: date) -> date:
    return date(m.year + (m.month == 12), m.month % 12 + 1, 1)


def _active_months(e: Enrollment, first: date, last: date, pauses: Pauses) -> list[date]:
    months = []
    m = max(e.start_month, first)
    stop = min(e.end_month, last) if e.end_month else last
    while m <= stop:
        if not any(a <= m and (b is None or m <= b) for a, b in pauses.get(e.pk, [])):
            months.append(m)
        m = _next_month(m)
    return months


def _enrollments(program: str) -> tuple[list[Enrollment], dict[int, list[EnrollmentAmount]], Pauses]:
    rows = list(Enrollment.objects.filter(program__code=program).order_by("pk"))
    amounts: dict[int, list[EnrollmentAmount]] = defaultdict(list)
    for a in EnrollmentAmount.objects.filter(enrollment__in=rows).order_by("from_month"):
        amounts[a.enrollment_id].append(a)
    pauses: Pauses = defaultdict(list)
    for p in EnrollmentPause.objects.filter(enrollment__in=rows):
        pauses[p.enrollment_id].append((p.from_month, p.to_month))
    return rows, amounts, pauses


def _dibao_rural_persons(wanted: int, *, on: date) -> int | None:
    """Bring the people covered by 农村低保 on ``on`` to ``wanted`` by ±1 保障人数 on some households."""
    rows, amounts, pauses = _enrollments("dibao_rural")
    month = on.replace(day=1)
    active = [e for e in rows if _active_months(e, month, month, pauses) and amounts.get(e.pk)]
    if not active:
        return None
    have = sum(e.members_count for e in active)
    step = 1 if wanted > have else -1
    candidates = [e for e in active if step > 0 and e.members_count < 8 or step < 0 and e.members_count > 1]
    for e in candidates[: abs(wanted - have)]:
        first = amounts[e.pk][0]
        enrollment_change_amount(
            actor=None, enrollment=e, from_month=first.from_month, amount_fen=first.amount_fen,
            reason=CALIBRATION_REASON, members_count=e.members_count + step,
        )  # fmt: skip
        have += step
    return have


def _calibrate(program: str, *, target_fen: int, year: int, months: tuple[int, int]) -> int | None:
    """Set the amounts of ``program``'s enrollments, in proportion to what the means test gave, so that
    what the payrolls of ``months`` will pay adds up to ``target_fen`` — in whole 元 when the target is
    (always at scale 1.0: the seed writes 万元 with two decimals), else in 分. Enrollments whose amount
    changed during the year keep it; the others get one amount from their first month, and one of them
    a single later change of one unit that absorbs the last remainder."""
    unit = 100 if target_fen % 100 == 0 else 1
    wanted = target_fen // unit
    rows, amounts, pauses = _enrollments(program)
    first, last = date(year, months[0], 1), date(year, months[1], 1)
    simple, fixed = [], 0
    for e in rows:
        history = amounts.get(e.pk, [])
        paid = _active_months(e, first, last, pauses)
        if not history or not paid:
            continue
        if len(history) == 1:
            simple.append((e, history[0], len(paid), paid))
        else:
            fixed += sum(next(a.amount_fen for a in reversed(history) if a.from_month <= m) for m in paid)
    if not simple:
        return None
    weight = sum(h.amount_fen * n for _, h, n, _ in simple)
    factor = (target_fen - fixed) / weight if weight else 0
    plan = {e.pk: max(1, round(h.amount_fen * factor / unit)) for e, h, _, _ in simple}
    remainder = wanted - fixed // unit - sum(plan[e.pk] * n for e, _, n, _ in simple)
    for e, _, n, _ in sorted(simple, key=lambda s: -s[2]):  # whole units per month where it divides
        if abs(remainder) < n:
            continue
        delta = int(remainder / n)
        if plan[e.pk] + delta >= 1:
            plan[e.pk] += delta
            remainder -= delta * n
    # One transaction per change: each is audited, and on PostgreSQL a transaction appending thousands of
    # audit entries slows down as the chain head's row versions pile up. A run stopped half-way leaves some
    # amounts calibrated; running the step again calibrates from where they are.
    for e, h, _, _ in simple:
        if plan[e.pk] * unit != h.amount_fen:
            enrollment_change_amount(
                actor=None, enrollment=e, from_month=h.from_month, amount_fen=plan[e.pk] * unit,
                reason=CALIBRATION_REASON, basis={"calibrated_from_fen": h.amount_fen},
            )  # fmt: skip
    if remainder:  # the last few units: one enrollment paid one unit more (or less) for its last |r| months
        e, _, n, paid = next(s for s in simple if s[2] >= abs(remainder) and plan[s[0].pk] > 1)
        enrollment_change_amount(
            actor=None, enrollment=e, from_month=paid[-abs(remainder)],
            amount_fen=(plan[e.pk] + (1 if remainder > 0 else -1)) * unit, reason=CALIBRATION_REASON,
        )  # fmt: skip
    return target_fen
