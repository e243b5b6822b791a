"""Figures of elderly care for the indicator registry (reports): each a plain function
``(region, start, end) -> int``, one aggregate query over the region's subtree and the period (dates
inclusive). Money in 分; a ratio in basis points (1/10000).

The 2020 summary counts these by hand: 50 长者饭堂, 7 敬老院 upgraded, 7 日间照料中心, 581 养老护理（管理）
人员 trained, the 12349 platform; the 2021 plan adds beds, service quality and fire safety.
"""

from __future__ import annotations

import importlib.util
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from minzheng.core.models import Region
from minzheng.eldercare.casetypes import HELP_TYPES
from minzheng.eldercare.models import (
    BedCount,
    Finding,
    HelpCategory,
    HelpRequest,
    Inspection,
    Institution,
    InstitutionKind,
    Meal,
    MealSettlement,
    Resident,
    Satisfaction,
    StaffPost,
    Training,
    WorksProject,
)

RESIDENTIAL = (InstitutionKind.NURSING_HOME, InstitutionKind.TOWN_HOME)


def in_subtree(qs: QuerySet, field: str, region: Region) -> QuerySet:
    """Rows whose ``field`` (a FK to Region) lies in ``region``'s subtree (no filter at the root)."""
    if region.parent_id is None:
        return qs
    return qs.filter(**{f"{field}__path__startswith": region.path})


def _institutions(region: Region, end: date, kinds: tuple[str, ...]) -> QuerySet[Institution]:
    qs = in_subtree(Institution.objects.filter(kind__in=kinds, active=True), "region", region)
    return qs.filter(Q(opened_on__isnull=True) | Q(opened_on__lte=end))


def canteens(region: Region, start: date, end: date) -> int:
    """长者饭堂数：运营中的长者饭堂（期末时点；开业日期晚于期末的不计）。"""
    return _institutions(region, end, (InstitutionKind.CANTEEN,)).count()


def care_homes(region: Region, start: date, end: date) -> int:
    """养老机构数：运营中的养老院、敬老院（期末时点）。"""
    return _institutions(region, end, RESIDENTIAL).count()


def day_care_centres(region: Region, start: date, end: date) -> int:
    """日间照料中心数（期末时点）。"""
    return _institutions(region, end, (InstitutionKind.DAY_CARE,)).count()


def beds(region: Region, start: date, end: date) -> int:
    """养老床位数：运营中机构登记的床位（现有数；床位变更不留历史）。"""
    qs = in_subtree(BedCount.objects.filter(institution__active=True), "institution__region", region)
    return qs.aggregate(n=Sum("beds"))["n"] or 0


def _residents_on(region: Region, day: date) -> QuerySet[Resident]:
    qs = in_subtree(Resident.objects.all(), "institution__region", region)
    return qs.filter(admitted_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gt=day))


def beds_occupied(region: Region, start: date, end: date) -> int:
    """在院老人数（期末时点，入住日期不晚于期末且期末未离院）。"""
    return _residents_on(region, end).count()


def occupancy(region: Region, start: date, end: date) -> int:
    """床位使用率（万分比）= 期末在院老人数 ÷ 床位数。"""
    total = beds(region, start, end)
    return beds_occupied(region, start, end) * 10_000 // total if total else 0


def _meals(region: Region, start: date, end: date) -> QuerySet[Meal]:
    return in_subtree(Meal.objects.filter(served_on__range=(start, end)), "canteen__region", region)


def meals_served(region: Region, start: date, end: date) -> int:
    """助餐服务人次：长者饭堂登记的餐次。"""
    return _meals(region, start, end).count()


def meal_diners(region: Region, start: date, end: date) -> int:
    """助餐服务老人数：期间内在长者饭堂就餐的不重复老人。"""
    return _meals(region, start, end).aggregate(n=Count("person_id", distinct=True))["n"] or 0


def meal_subsidy_paid(region: Region, start: date, end: date) -> int:
    """助餐补贴支出（分）：已确认结算月份中、就餐日期在期间内的补贴。"""
    qs = _meals(region, start, end).filter(settlement__status=MealSettlement.Status.CONFIRMED)
    return qs.aggregate(n=Sum("subsidy_fen"))["n"] or 0


def _helps(region: Region, start: date, end: date) -> QuerySet[HelpRequest]:
    qs = HelpRequest.objects.filter(
        case__case_type__in=HELP_TYPES, received_at__date__gte=start, received_at__date__lte=end
    )
    return in_subtree(qs, "case__region", region)


def help_requests(region: Region, start: date, end: date, *, category: str | None = None) -> int:
    """12349求助受理量（期间内来电受理）。"""
    qs = _helps(region, start, end)
    return (qs.filter(category=category) if category else qs).count()


def help_closed(region: Region, start: date, end: date) -> int:
    """12349求助办结量：期间内受理、已回访办结或当场答复的。"""
    return _helps(region, start, end).filter(case__state="closed").count()


def help_satisfied(region: Region, start: date, end: date) -> int:
    """12349回访满意量（满意、基本满意）。"""
    ok = (Satisfaction.SATISFIED, Satisfaction.BASIC)
    return _helps(region, start, end).filter(satisfaction__in=ok).count()


def help_satisfaction_rate(region: Region, start: date, end: date) -> int:
    """12349回访满意率（万分比）= 满意与基本满意 ÷ 回访接通数（未接通的不计入分母）。"""
    reached = (
        _helps(region, start, end)
        .exclude(satisfaction="")
        .exclude(satisfaction=Satisfaction.UNREACHABLE)
        .count()
    )
    return help_satisfied(region, start, end) * 10_000 // reached if reached else 0


def help_on_time_rate(region: Region, start: date, end: date) -> int:
    """12349按期办结率（万分比）= 办结时间不晚于办结时限的 ÷ 办结数。"""
    from django.db.models import F

    closed = _helps(region, start, end).filter(case__closed_at__isnull=False)
    total = closed.count()
    on_time = closed.filter(Q(case__due_at__isnull=True) | Q(case__closed_at__lte=F("case__due_at"))).count()
    return on_time * 10_000 // total if total else 0


def caregivers_trained(region: Region, start: date, end: date) -> int:
    """养老护理（管理）人员培训人数：培训结束于期间内且考核合格的不重复人员（护理员、管理人员）。"""
    qs = Training.objects.filter(
        end_on__range=(start, end), passed=True, staff__post__in=(StaffPost.CAREGIVER, StaffPost.MANAGER)
    )
    qs = in_subtree(qs, "staff__institution__region", region)
    return qs.aggregate(n=Count("staff__person_id", distinct=True))["n"] or 0


def inspections(region: Region, start: date, end: date) -> int:
    """机构检查次数（服务质量与消防安全）。"""
    qs = in_subtree(
        Inspection.objects.filter(inspected_on__range=(start, end)), "institution__region", region
    )
    return qs.count()


def findings_overdue(region: Region, start: date, end: date) -> int:
    """逾期未整改问题数（期末时点：整改期限早于期末、期末仍未销号）。"""
    qs = Finding.objects.filter(rectify_by__lt=end).filter(
        Q(closed_at__isnull=True) | Q(closed_at__date__gt=end)
    )
    return in_subtree(qs, "inspection__institution__region", region).count()


def _per_category(category: str) -> Any:
    def compute(region: Region, start: date, end: date) -> int:
        return help_requests(region, start, end, category=category)

    compute.__doc__ = f"12349求助受理量：{HelpCategory(category).label}。"
    compute.__qualname__ = f"help_requests[{category}]"
    return compute


def homes_upgrading(region: Region, start: date, end: date) -> int:
    """推进升级改造的敬老院：期间内在建（已开工、未在期间开始前验收）或期间内验收的改造工程所属的不同敬老院数。"""
    qs = WorksProject.objects.filter(institution__kind=InstitutionKind.TOWN_HOME, started_on__lte=end).filter(
        Q(accepted_on__isnull=True) | Q(accepted_on__gte=start)
    )
    return in_subtree(qs, "region", region).values("institution_id").distinct().count()


def eldercare_indicators_register() -> None:
    """Register every figure with the indicator registry (reports), if it is installed."""
    if importlib.util.find_spec("minzheng.reports.registry") is None:
        return  # no indicator registry in this deployment
    from minzheng.reports.registry import Aggregation, indicator_register

    snap, total, count, ratio = Aggregation.SNAPSHOT, Aggregation.SUM, Aggregation.COUNT, Aggregation.RATIO
    inst, meal = ("eldercare.Institution",), ("eldercare.Meal", "eldercare.Institution")
    bed = ("eldercare.BedCount", "eldercare.Resident", "eldercare.Institution")
    help_deps = ("eldercare.HelpRequest", "casework.Case")
    rows: list[tuple[str, str, str, str, Any, tuple[str, ...], bool]] = [
        ("eldercare.canteens", "长者饭堂", "家", snap, canteens, inst, False),
        ("eldercare.care_homes", "养老机构（养老院、敬老院）", "家", snap, care_homes, inst, False),
        ("eldercare.day_care_centres", "日间照料中心", "家", snap, day_care_centres, inst, False),
        ("eldercare.beds", "养老床位", "张", snap, beds, bed, False),
        ("eldercare.beds_occupied", "在院老人", "人", snap, beds_occupied, bed, False),
        ("eldercare.occupancy", "床位使用率", "万分比", ratio, occupancy, bed, False),
        ("eldercare.meals_served", "助餐服务人次", "人次", total, meals_served, meal, False),
        ("eldercare.meal_diners", "助餐服务老人", "人", count, meal_diners, meal, False),
        ("eldercare.meal_subsidy_paid", "助餐补贴支出", "元", total, meal_subsidy_paid,
         meal + ("eldercare.MealSettlement",), True),
        ("eldercare.help_requests", "12349求助受理量", "件", total, help_requests, help_deps, False),
        ("eldercare.help_closed", "12349求助办结量", "件", total, help_closed, help_deps, False),
        ("eldercare.help_satisfied", "12349回访满意量", "件", total, help_satisfied, help_deps, False),
        ("eldercare.help_satisfaction_rate", "12349回访满意率", "万分比", ratio, help_satisfaction_rate, help_deps,
         False),
        ("eldercare.help_on_time_rate", "12349按期办结率", "万分比", ratio, help_on_time_rate, help_deps, False),
        ("eldercare.caregivers_trained", "养老护理（管理）人员培训", "人", count, caregivers_trained,
         ("eldercare.Training", "eldercare.Staff"), False),
        ("eldercare.inspections", "养老机构检查", "次", total, inspections, ("eldercare.Inspection",), False),
        ("eldercare.findings_overdue", "逾期未整改问题", "个", snap, findings_overdue, ("eldercare.Finding",), False),
        ("eldercare.homes_upgrading", "推进升级改造的敬老院", "家", total, homes_upgrading,
         ("eldercare.WorksProject", "eldercare.Institution"), False),
    ]  # fmt: skip
    rows += [
        (
            f"eldercare.help_requests.{c}",
            f"12349求助：{label}",
            "件",
            total,
            _per_category(c),
            help_deps,
            False,
        )
        for c, label in HelpCategory.choices
    ]
    for code, name, unit, aggregation, fn, deps, money in rows:
        indicator_register(
            code=code,
            name=name,
            unit=unit,
            aggregation=aggregation,
            domain="eldercare",
            compute=fn,
            money=money,
            depends_on=deps,
            description=(fn.__doc__ or "").strip(),
            source=f"minzheng.eldercare.indicators.{getattr(fn, '__qualname__', fn.__name__)}",
        )
