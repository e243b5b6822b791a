"""Figures of the rescue station for the indicator registry (reports), each ``(region, start, end) -> int`` over the
region's subtree and the period (dates inclusive, Haikou time).

The seed document's section (六) counts them by hand: 累计识别流浪乞讨人员431人, 救助生活无着流浪人员640人次, 为46人找到
家人并护送返乡, 救助未成年人128人次, 站内“第二课堂”14期, 走访帮扶困境未成年人22人次, and the 夏季送清凉/寒冬送温暖
campaigns' 4.17万人次.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone

from minzheng.core.models import Region
from minzheng.rescue.models import Campaign, ClassSession, Intake, MinorVisit


def in_subtree(qs: QuerySet, field: str, region: Region) -> QuerySet:
    if region.parent_id is None:
        return qs
    return qs.filter(**{f"{field}__path__startswith": region.path})


def _moments(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time(), tzinfo=tz), datetime.combine(
        end + timedelta(days=1), time(), tzinfo=tz
    )


def _assisted(region: Region, start: date, end: date) -> QuerySet[Intake]:
    since, until = _moments(start, end)
    qs = in_subtree(Intake.objects.exclude(leave=Intake.Leave.REFUSED), "region", region)
    return qs.filter(arrived_at__gte=since, arrived_at__lt=until)


def identified(region: Region, start: date, end: date) -> int:
    """识别流浪乞讨人员：期内入站救助的受助人员（不重复计人，身份查明与否均计；不予救助的不计）。"""
    return _assisted(region, start, end).values("rescuee_id").distinct().count()


def assisted(region: Region, start: date, end: date) -> int:
    """救助生活无着流浪人员人次：期内入站救助的人次（按入站时间；不予救助的不计）。"""
    return _assisted(region, start, end).count()


def minors_assisted(region: Region, start: date, end: date) -> int:
    """救助未成年人人次：期内入站救助的未成年人（入站时不满18周岁）人次。"""
    return _assisted(region, start, end).filter(minor=True).count()


def families_found(region: Region, start: date, end: date) -> int:
    """找到家人并护送返乡：期内护送返乡或由亲属接领（有交接记录）的受助人员（不重复计人，按离站时间）。"""
    since, until = _moments(start, end)
    qs = in_subtree(Intake.objects.filter(leave=Intake.Leave.RETURNED), "region", region)
    return qs.filter(left_at__gte=since, left_at__lt=until).values("rescuee_id").distinct().count()


def campaign_person_times(region: Region, start: date, end: date) -> int:
    """“夏季送清凉”“寒冬送温暖”专项活动惠及人次（按活动日期）。"""
    qs = in_subtree(Campaign.objects.all(), "region", region).filter(held_on__gte=start, held_on__lte=end)
    return qs.aggregate(total=Sum("person_times"))["total"] or 0


def second_classroom(region: Region, start: date, end: date) -> int:
    """站内“第二课堂”期数（按日期）。"""
    qs = in_subtree(ClassSession.objects.all(), "region", region)
    return qs.filter(held_on__gte=start, held_on__lte=end).count()


def minors_visited(region: Region, start: date, end: date) -> int:
    """走访帮扶困境未成年人人次（按走访日期）。"""
    qs = in_subtree(MinorVisit.objects.all(), "region", region)
    return qs.filter(visited_on__gte=start, visited_on__lte=end).count()


def rescue_indicators_register() -> None:
    from minzheng.reports.registry import Aggregation, indicator_register

    total, count = Aggregation.SUM, Aggregation.COUNT
    stays = ("rescue.Intake",)
    rows: list[tuple[str, str, str, str, Any, tuple[str, ...]]] = [
        ("rescue.identified", "识别流浪乞讨人员", "人", count, identified, stays),
        ("rescue.campaign_person_times", "“夏季送清凉”“寒冬送温暖”惠及人次", "人次", total, campaign_person_times,
         ("rescue.Campaign",)),
        ("rescue.assisted", "救助生活无着流浪人员", "人次", total, assisted, stays),
        ("rescue.families_found", "找到家人并护送返乡", "人", count, families_found, stays),
        ("rescue.minors_assisted", "救助未成年人", "人次", total, minors_assisted, stays),
        ("rescue.second_classroom", "站内“第二课堂”", "期", total, second_classroom, ("rescue.ClassSession",)),
        ("rescue.minors_visited", "走访帮扶困境未成年人", "人次", total, minors_visited, ("rescue.MinorVisit",)),
    ]  # fmt: skip
    for code, name, unit, aggregation, fn, deps in rows:
        indicator_register(
            code=code,
            name=name,
            unit=unit,
            aggregation=aggregation,
            domain="rescue",
            compute=fn,
            depends_on=deps,
            description=(fn.__doc__ or "").strip(),
            source=f"minzheng.rescue.indicators.{fn.__name__}",
        )
