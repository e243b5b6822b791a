"""Indicators of social assistance: plain set-based functions ``f(region, start, end) -> int`` over the
ledger's enrollments and this app's decisions, for a region's subtree and a period (dates inclusive).
Registered with the reports registry when it is installed (:func:`assistance_indicators_register`).

- Households / persons enrolled (时点数): enrollments of the program active on ``end`` (the ledger's
  ``enrollments_active``), one enrollment per household; persons = Σ 保障人数 (``members_count`` in force).
  The seed's "截止11月底…5060户12252人" is this figure on 30 November.
- 临时救助 person-times (人次, summed over the period): approved grants decided in the period, one per
  grant — the ledger's one-off payments and the town's 先行救助 paid from its 备用金 alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet, Sum

from minzheng.assistance import ledger
from minzheng.assistance.models import Application
from minzheng.assistance.rules import PROGRAM_LABELS, Program
from minzheng.core.models import Region


def _in_subtree(qs: QuerySet, field: str, region: Region) -> QuerySet:
    if region.parent_id is None:
        return qs
    return qs.filter(**{f"{field}__path__startswith": region.path})


def enrolled(program: str, region: Region, on: date) -> tuple[int, int]:
    """(households or persons enrolled, persons covered) in ``program`` on ``on`` in ``region``'s subtree."""
    qs = _in_subtree(ledger.active(on=on, program=program), "region", region)
    row = qs.aggregate(n=Count("id"), persons=Sum("members_count"))
    return row["n"] or 0, row["persons"] or 0


def enrolled_by_region(*, region: Region, on: date, programs: tuple[str, ...]) -> list[dict[str, object]]:
    """One row per child region (or the region itself at the bottom) with households and persons per
    program: a handful of grouped queries, not one per row."""
    children = list(Region.objects.filter(parent=region).order_by("code")) or [region]
    rows = {child.pk: {"region": child, "counts": {p: [0, 0] for p in programs}} for child in children}
    for program in programs:
        qs = _in_subtree(ledger.active(on=on, program=program), "region", region)
        for item in qs.values("region__path").annotate(n=Count("id"), persons=Sum("members_count")):
            child = next((c for c in children if item["region__path"].startswith(c.path)), None)
            if child is not None:
                counts = rows[child.pk]["counts"][program]
                counts[0] += item["n"]
                counts[1] += item["persons"] or 0
    return list(rows.values())


def dibao_urban_households(region: Region, start: date, end: date) -> int:
    """城市低保在保户数（期末时点）。"""
    return enrolled(Program.DIBAO_URBAN, region, end)[0]


def dibao_urban_persons(region: Region, start: date, end: date) -> int:
    """城市低保在保人数（期末时点，保障人数之和）。"""
    return enrolled(Program.DIBAO_URBAN, region, end)[1]


def dibao_rural_households(region: Region, start: date, end: date) -> int:
    """农村低保在保户数（期末时点）。"""
    return enrolled(Program.DIBAO_RURAL, region, end)[0]


def dibao_rural_persons(region: Region, start: date, end: date) -> int:
    """农村低保在保人数（期末时点，保障人数之和）。"""
    return enrolled(Program.DIBAO_RURAL, region, end)[1]


def tekun_persons(region: Region, start: date, end: date) -> int:
    """特困供养人员数（期末时点）。"""
    return enrolled(Program.TEKUN, region, end)[0]


def low_income_households(region: Region, start: date, end: date) -> int:
    """认定的低收入家庭户数（期末时点）。"""
    return enrolled(Program.LOW_INCOME, region, end)[0]


def temporary_person_times(region: Region, start: date, end: date) -> int:
    """临时救助人次：期间内批准的临时救助（含乡镇备用金先行救助），每次救助计1人次。"""
    qs = Application.objects.filter(
        program=Program.TEMPORARY, approved=True, decided_at__date__gte=start, decided_at__date__lte=end
    )
    return _in_subtree(qs, "region", region).count()


def temporary_granted_fen(region: Region, start: date, end: date) -> int:
    """临时救助批准金额（分），含备用金先行救助。"""
    qs = Application.objects.filter(
        program=Program.TEMPORARY, approved=True, decided_at__date__gte=start, decided_at__date__lte=end
    )
    return _in_subtree(qs, "region", region).aggregate(s=Sum("decision_amount_fen"))["s"] or 0


def applications_received(region: Region, start: date, end: date) -> int:
    """期间内登记的社会救助申请件数（各项目合计）。"""
    qs = Application.objects.filter(case__opened_at__date__gte=start, case__opened_at__date__lte=end)
    return _in_subtree(qs, "region", region).count()


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    unit: str
    aggregation: str  # reports.registry.Aggregation value
    fn: object
    money: bool = False


INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        "assistance.dibao_urban_households", "城市低保户数", "户", "snapshot", dibao_urban_households
    ),
    IndicatorSpec("assistance.dibao_urban_persons", "城市低保人数", "人", "snapshot", dibao_urban_persons),
    IndicatorSpec(
        "assistance.dibao_rural_households", "农村低保户数", "户", "snapshot", dibao_rural_households
    ),
    IndicatorSpec("assistance.dibao_rural_persons", "农村低保人数", "人", "snapshot", dibao_rural_persons),
    IndicatorSpec("assistance.tekun_persons", "特困供养人员", "人", "snapshot", tekun_persons),
    IndicatorSpec("assistance.low_income_households", "低收入家庭", "户", "snapshot", low_income_households),
    IndicatorSpec("assistance.temporary_person_times", "临时救助人次", "人次", "sum", temporary_person_times),
    IndicatorSpec(
        "assistance.temporary_granted", "临时救助批准金额", "元", "sum", temporary_granted_fen, money=True
    ),
    IndicatorSpec("assistance.applications_received", "社会救助申请件数", "件", "sum", applications_received),
)


def assistance_indicators_register() -> None:
    """Register with the reports registry (the spine's indicator registry, DESIGN §5)."""
    from minzheng.reports.registry import indicator_register

    for spec in INDICATORS:
        indicator_register(
            code=spec.code, name=spec.name, unit=spec.unit, aggregation=spec.aggregation, domain="assistance",
            compute=spec.fn, money=spec.money,
            depends_on=("benefits.Enrollment", "benefits.EnrollmentAmount", "assistance.Application"),
            description=(spec.fn.__doc__ or "").strip(),
        )  # fmt: skip


PROGRAMS_SHOWN = (Program.DIBAO_URBAN, Program.DIBAO_RURAL, Program.TEKUN, Program.LOW_INCOME)
PROGRAM_NAMES = {p: PROGRAM_LABELS[p] for p in PROGRAMS_SHOWN}
