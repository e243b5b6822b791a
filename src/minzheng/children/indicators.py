"""Figures of child welfare for the indicator registry (reports), each ``(region, start, end) -> int`` over the
region's subtree and the period (dates inclusive). Money in 分, ratios in basis points.

The seed document's section (五) counts them by hand: the 集中/散居 orphan allowance raised to 1,450 / 1,050 元 a
month (+11.5 % / +16.7 %), 1,221.39万元 of 儿童保障金 paid, 7 abandoned infants and children received, 180 宣讲.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.indicators import amount_paid, payees_paid
from minzheng.benefits.selectors import standard_in_force
from minzheng.children import rules
from minzheng.children.models import InfantIntake, Outreach, Support, Visit, Worker
from minzheng.core.models import Region


def in_subtree(qs: QuerySet, field: str, region: Region) -> QuerySet:
    if region.parent_id is None:
        return qs
    return qs.filter(**{f"{field}__path__startswith": region.path})


def _standard(category: str, region: Region, on: date) -> Any:
    try:
        return standard_in_force(program=rules.ORPHAN_PROGRAM, region=region, on=on, category=category)
    except BenefitsError:
        return None


def _allowance(category: str) -> Any:
    def compute(region: Region, start: date, end: date) -> int:
        found = _standard(category, region, end)
        return found.amount_fen if found is not None else 0

    compute.__doc__ = f"{rules.CATEGORY_LABELS[category]}基本生活费标准（元/月，期末适用于该区划的标准）。"
    compute.__qualname__ = f"allowance[{category}]"
    return compute


def _rise(category: str) -> Any:
    def compute(region: Region, start: date, end: date) -> int:
        """The rise of the last change of standard taking effect within the period, against the standard in force
        the day before it (basis points); 0 when the standard did not change in the period."""
        current = _standard(category, region, end)
        if current is None or current.effective_from < start:
            return 0
        previous = _standard(category, region, current.effective_from - timedelta(days=1))
        return rules.rise_basis_points(previous.amount_fen, current.amount_fen) if previous else 0

    compute.__doc__ = (
        f"{rules.CATEGORY_LABELS[category]}标准增幅：期内最近一次调整后标准较调整前的增幅（万分比）。"
    )
    compute.__qualname__ = f"allowance_rise[{category}]"
    return compute


def paid(region: Region, start: date, end: date) -> int:
    """儿童保障金：孤儿基本生活费与事实无人抚养儿童基本生活补贴，审批通过且未被银行退回的发放明细（按待遇所属月份）。"""
    return sum(amount_paid(program=p, region=region, start=start, end=end) for p in rules.PROGRAMS)


def _payees(program: str) -> Any:
    def compute(region: Region, start: date, end: date) -> int:
        return payees_paid(program=program, region=region, start=start, end=end)

    compute.__doc__ = f"{rules.PROGRAM_NAMES[program]}保障人数：期内至少领取一个月的儿童（不重复计）。"
    compute.__qualname__ = f"payees[{program}]"
    return compute


def infants_received(region: Region, start: date, end: date) -> int:
    """新接收孤残弃婴幼儿童：儿童福利机构期内接收的人数（按接收日期）。"""
    qs = in_subtree(InfantIntake.objects.all(), "region", region)
    return qs.filter(received_on__gte=start, received_on__lte=end).count()


def outreach_events(region: Region, start: date, end: date) -> int:
    """关爱保护政策宣讲场次（按宣讲日期）。"""
    qs = in_subtree(Outreach.objects.all(), "region", region)
    return qs.filter(held_on__gte=start, held_on__lte=end).count()


def visits(region: Region, start: date, end: date) -> int:
    """儿童主任、督导员走访次数（按走访日期）。"""
    return (
        in_subtree(Visit.objects.all(), "region", region)
        .filter(visited_on__gte=start, visited_on__lte=end)
        .count()
    )


def high_risk_visits(region: Region, start: date, end: date) -> int:
    """发现高风险的走访次数（每次转为跟进案件）。"""
    qs = in_subtree(Visit.objects.filter(risk=rules.Risk.HIGH), "region", region)
    return qs.filter(visited_on__gte=start, visited_on__lte=end).count()


def _workers(post: str) -> Any:
    def compute(region: Region, start: date, end: date) -> int:
        qs = in_subtree(Worker.objects.filter(post=post), "region", region)
        return qs.filter(appointed_on__lte=end).filter(Q(left_on__isnull=True) | Q(left_on__gt=end)).count()

    compute.__doc__ = f"在任{Worker.Post(post).label}人数（期末时点）。"
    compute.__qualname__ = f"workers[{post}]"
    return compute


def supports_active(region: Region, start: date, end: date) -> int:
    """期末在保的孤儿和事实无人抚养儿童（已认定、期末所在月仍在发放期内）。"""
    month = end.replace(day=1)
    qs = in_subtree(Support.objects.filter(enrollment__isnull=False), "region", region)
    qs = qs.filter(enrollment__start_month__lte=month).filter(
        Q(pay_until__isnull=True) | Q(pay_until__gte=month)
    )
    return qs.count()


def children_indicators_register() -> None:
    from minzheng.reports.registry import Aggregation, indicator_register

    snap, total, count, ratio = Aggregation.SNAPSHOT, Aggregation.SUM, Aggregation.COUNT, Aggregation.RATIO
    std = ("benefits.Standard",)
    pay = ("benefits.Payment", "benefits.PayrollRun")
    inst, disp = rules.CATEGORY_INSTITUTION, rules.CATEGORY_DISPERSED
    rows: list[tuple[str, str, str, str, Any, tuple[str, ...], bool]] = [
        ("children.allowance_institution", "集中养育孤儿基本生活费标准", "元/月", snap, _allowance(inst), std, True),
        ("children.allowance_institution_rise", "集中养育孤儿基本生活费标准增幅", "万分比", ratio, _rise(inst), std,
         False),
        ("children.allowance_dispersed", "散居孤儿基本生活费标准", "元/月", snap, _allowance(disp), std, True),
        ("children.allowance_dispersed_rise", "散居孤儿基本生活费标准增幅", "万分比", ratio, _rise(disp), std, False),
        ("children.paid", "儿童保障金（孤儿、事实无人抚养儿童）", "元", total, paid, pay, True),
        ("children.orphans_paid", "孤儿保障人数", "人", count, _payees(rules.ORPHAN_PROGRAM), pay, False),
        ("children.de_facto_paid", "事实无人抚养儿童保障人数", "人", count, _payees(rules.DE_FACTO_PROGRAM), pay,
         False),
        ("children.supports_active", "在保孤儿和事实无人抚养儿童", "人", snap, supports_active,
         ("children.Support", "benefits.Enrollment"), False),
        ("children.infants_received", "新接收孤残弃婴幼儿童", "人", total, infants_received,
         ("children.InfantIntake",), False),
        ("children.outreach_events", "关爱保护政策宣讲", "场", total, outreach_events, ("children.Outreach",), False),
        ("children.visits", "儿童主任、督导员走访", "次", total, visits, ("children.Visit",), False),
        ("children.high_risk_visits", "发现高风险儿童的走访", "次", total, high_risk_visits, ("children.Visit",),
         False),
        ("children.directors", "儿童主任", "人", snap, _workers(Worker.Post.DIRECTOR), ("children.Worker",), False),
        ("children.supervisors", "儿童督导员", "人", snap, _workers(Worker.Post.SUPERVISOR), ("children.Worker",),
         False),
    ]  # fmt: skip
    for code, name, unit, aggregation, fn, deps, money in rows:
        indicator_register(
            code=code,
            name=name,
            unit=unit,
            aggregation=aggregation,
            domain="children",
            compute=fn,
            money=money,
            depends_on=deps,
            description=(fn.__doc__ or "").strip(),
            source=f"minzheng.children.indicators.{getattr(fn, '__qualname__', fn.__name__)}",
        )
