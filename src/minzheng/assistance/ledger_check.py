"""The ledger check of social assistance (issue 14 item 5): every payment line of a year recomputed from the
decision behind it and the standards, apart from the payroll that wrote it, listing every difference.

For each line of 城乡低保, 特困, 低收入家庭 and 临时救助 paid in the year (``benefits.Payment``, any run):

- the decision behind it exists — the approved application whose enrollment the line pays, or the
  confirmed 复核 (review) that changed the amount from its month on (《社会救助暂行办法》第十三条);
- the amount is the decided amount in force for the line's month, and the 保障人数 is the decided one;
- 低保: the amount is at most 保障标准 × 保障人数, the standard in force on the day of the decision
  (第十二条: the gap between standard and income, × people — never more than the standard for each), and the
  people are at most the 共同生活人口 the investigation counted;
- 特困: the amount is 基本生活标准 (≥ 1.3 × 低保标准, 国发〔2016〕14号) + the 照料护理标准 of the decided care
  level, both in force on the day of the decision;
- 临时救助: one line per grant, in the month of the decision; a 先行救助 line equals the town's 备用金
  draw for it. And every grant approved in the year has its line (money decided but never paid is a
  difference too).

Nothing here calls the means test or the payroll: the point is to find where they and the records disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from minzheng.assistance import ledger
from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.models import Application, AssessmentMember, ReserveEntry, Review
from minzheng.assistance.rules import DIBAO_PROGRAMS, Program, program_label
from minzheng.assistance.selectors import parameter_value
from minzheng.core.money import format_yuan
from minzheng.core.values import month_label

CHECKED = (Program.DIBAO_URBAN, Program.DIBAO_RURAL, Program.TEKUN, Program.LOW_INCOME, Program.TEMPORARY)


@dataclass(frozen=True)
class Difference:
    line_id: int | None
    program: str
    person: str
    month: date | None
    what: str

    def __str__(self) -> str:
        where = f"明细{self.line_id}" if self.line_id else "无发放明细"
        month = month_label(self.month) if self.month else ""
        return f"{program_label(self.program)} {self.person} {month} {where}：{self.what}"


def _lines(year: int) -> list[dict[str, Any]]:
    from minzheng.benefits.models import Payment

    return list(
        Payment.objects.filter(
            program__code__in=CHECKED, month__gte=date(year, 1, 1), month__lte=date(year, 12, 1)
        )
        .exclude(status="reissued")
        .values(
            "id", "enrollment_id", "month", "amount_fen", "members_count", "person__name", "program__code",
            "settled_at", "run__kind", "kind",
        )
        .order_by("id")
    )  # fmt: skip


class _Standards:
    """Standards and parameters in force on a day, read once per (program, category, region, day)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[Any, ...], int | None] = {}

    def amount(self, program: str, region: Any, on: date, category: str = "") -> int | None:
        key = (program, category, region.pk, on)
        if key not in self._cache:
            try:
                self._cache[key] = ledger.standard_amount(
                    program=program, region=region, on=on, category=category
                )
            except AssistanceError:
                self._cache[key] = None
        return self._cache[key]


def _tekun_amount(app: Application, standards: _Standards, on: date) -> int | None:
    """基本生活标准 + 照料护理标准 for the decided care level, recomputed from the standards of ``on``."""
    kind = app.household.kind if app.household_id else (app.region.kind or "urban")
    dibao = standards.amount(Program.DIBAO_URBAN if kind == "urban" else Program.DIBAO_RURAL, app.region, on)
    care = standards.amount(Program.TEKUN, app.region, on, app.enrollment.category)
    if dibao is None or care is None:
        return None
    multiple = parameter_value("tekun_basic_multiple", region=app.region, on=on).value
    floor = int((Decimal(dibao) * multiple / 100).to_integral_value(rounding=ROUND_CEILING)) * 100
    basic = max(floor, standards.amount(Program.TEKUN, app.region, on, "basic") or 0)
    return basic + care


def ledger_differences(*, year: int) -> list[Difference]:
    """Every difference between the year's payment lines of social assistance and their decisions."""
    lines = _lines(year)
    enrollment_ids = {line["enrollment_id"] for line in lines}
    apps = {
        a.enrollment_id: a
        for a in Application.objects.filter(enrollment_id__in=enrollment_ids, approved=True).select_related(
            "region", "household", "enrollment"
        )
    }
    reviews: dict[int, list[Review]] = defaultdict(list)
    for review in Review.objects.filter(
        plan__enrollment_id__in=enrollment_ids, status=Review.Status.CONFIRMED, new_amount_fen__isnull=False
    ).select_related("plan"):
        reviews[review.plan.enrollment_id].append(review)
    included = dict(
        AssessmentMember.objects.filter(
            included=True, assessment__application__enrollment_id__in=enrollment_ids
        )
        .values_list("assessment__application__enrollment_id")
        .annotate(n=Count("id"))
    )
    draws = dict(
        ReserveEntry.objects.filter(
            kind=ReserveEntry.Kind.DRAW, application__enrollment_id__in=enrollment_ids
        ).values_list("application__enrollment_id", "amount_fen")
    )
    standards = _Standards()
    found: list[Difference] = []
    per_enrollment: dict[int, int] = defaultdict(int)
    for line in lines:
        program, month = line["program__code"], line["month"]

        def differ(what: str, line: dict[str, Any] = line) -> None:
            found.append(
                Difference(line["id"], line["program__code"], line["person__name"], line["month"], what)
            )

        app = apps.get(line["enrollment_id"])
        if app is None:
            differ("没有批准的救助决定")
            continue
        decided_on = timezone.localdate(app.decided_at)
        amount, members = app.decision_amount_fen, app.decision_members
        for review in sorted(reviews.get(line["enrollment_id"], []), key=lambda r: r.effective_month):
            if review.effective_month and review.effective_month <= month:
                amount, decided_on = review.new_amount_fen, timezone.localdate(review.confirmed_at)
        if line["amount_fen"] != amount:
            differ(f"发放{format_yuan(line['amount_fen'])}，决定{format_yuan(amount or 0)}")
        if members is not None and line["members_count"] != members:
            differ(f"保障人数{line['members_count']}人，决定{members}人")
        if program in DIBAO_PROGRAMS:
            standard = standards.amount(program, app.region, decided_on)
            if standard is not None and line["amount_fen"] > standard * line["members_count"]:
                differ(
                    f"发放{format_yuan(line['amount_fen'])}超过保障标准×保障人数"
                    f"（{format_yuan(standard)}×{line['members_count']}），《社会救助暂行办法》第十二条"
                )
            counted = included.get(line["enrollment_id"])
            if (
                counted is not None
                and line["members_count"] > counted
                and not app.assessment.single_person_reason
            ):
                differ(f"保障人数{line['members_count']}人多于调查认定的共同生活人口{counted}人")
        elif program == Program.TEKUN:
            expected = _tekun_amount(app, standards, decided_on)
            if (
                expected is not None
                and line["amount_fen"] != expected
                and not reviews.get(line["enrollment_id"])
            ):
                differ(
                    f"发放{format_yuan(line['amount_fen'])}，基本生活标准+照料护理标准应为{format_yuan(expected)}"
                )
        elif program == Program.TEMPORARY:
            per_enrollment[line["enrollment_id"]] += 1
            if month != app.decision_start_month:
                differ(f"临时救助应在决定当月（{month_label(app.decision_start_month)}）发放")
            draw = draws.get(line["enrollment_id"])
            if line["run__kind"] == "one_off" and draw != line["amount_fen"]:
                differ(f"先行救助发放{format_yuan(line['amount_fen'])}，备用金支取{format_yuan(draw or 0)}")
    for enrollment_id, count in per_enrollment.items():
        if count > 1:
            app = apps[enrollment_id]
            found.append(Difference(None, Program.TEMPORARY, app.applicant.name, app.decision_start_month,
                                    f"一次临时救助发放了{count}笔"))  # fmt: skip
    granted = Application.objects.filter(
        program=Program.TEMPORARY, approved=True, decision_start_month__year=year
    ).exclude(Q(enrollment_id__in=list(per_enrollment)))
    for app in granted.select_related("applicant"):
        found.append(Difference(None, Program.TEMPORARY, app.applicant.name, app.decision_start_month,
                                f"已批准{format_yuan(app.decision_amount_fen or 0)}，账上没有发放明细"))  # fmt: skip
    return found
