"""Reads of social assistance, always through the data scope (``visible_to`` / ``access_scoped``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.models import (
    Application,
    Assessment,
    AssessmentMember,
    CpiMonth,
    Income,
    Parameter,
    ReserveAccount,
    ReserveEntry,
    Review,
    ReviewPlan,
)
from minzheng.assistance.rules import PARAM_SPECS
from minzheng.casework.models import Case
from minzheng.casework.selectors import case_annotate_overdue
from minzheng.core.models import Region, User
from minzheng.core.scope import OutOfScopeError, access_scoped
from minzheng.registry.models import Person
from minzheng.registry.selectors import person_search, search_term

# --- parameters -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParamValue:
    code: str
    value: Decimal
    effective_from: date
    region_name: str
    demo: bool

    @property
    def label(self) -> str:
        spec = PARAM_SPECS[self.code]
        demo = "，演示数据" if self.demo else ""
        return f"{spec.label} {self.value}{spec.unit}（{self.region_name}，{self.effective_from:%Y-%m-%d}起{demo}）"

    def as_int(self) -> int:
        return int(self.value)


def region_chain_codes(region: Region) -> list[str]:
    return [c for c in region.path.split("/") if c]


# code → every value of the parameter, while a ``parameters_memoized`` block runs
_memo: ContextVar[dict[str, list[Parameter]] | None] = ContextVar("assistance_parameter_memo", default=None)


@contextmanager
def parameters_memoized() -> Iterator[None]:
    """Inside the block, :func:`parameter_value` reads each parameter's values once and then answers from
    memory: for bulk work that changes no parameter (the seed step makes thousands of applications, each
    asking for the same few parameters about ten times). Outside such a block every call reads the table."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _parameter_row(code: str, *, region: Region, on: date) -> Parameter | None:
    chain = region_chain_codes(region)
    memo = _memo.get()
    if memo is None:
        return (
            Parameter.objects.filter(code=code, region__code__in=chain, effective_from__lte=on)
            .select_related("region")
            .order_by("-region__depth", "-effective_from")
            .first()
        )
    if code not in memo:
        memo[code] = list(Parameter.objects.filter(code=code).select_related("region").order_by("id"))
    found = [r for r in memo[code] if r.region.code in chain and r.effective_from <= on]
    return max(found, key=lambda r: (r.region.depth, r.effective_from), default=None)


def parameter_value(code: str, *, region: Region, on: date) -> ParamValue:
    """The value of a local rule's parameter in force on ``on`` for ``region``: the most specific region
    on the path from the city down that has one, its latest value from before ``on``."""
    row = _parameter_row(code, region=region, on=on)
    if row is None:
        spec = PARAM_SPECS.get(code)
        raise AssistanceError(
            f"未设置参数“{spec.label if spec else code}”（{region.name}，{on:%Y-%m-%d}），请市局在“救助参数”中录入"
        )
    return ParamValue(code, plain_decimal(row.value), row.effective_from, row.region.name, row.demo)


def plain_decimal(value: Decimal) -> Decimal:
    """4.0000 → 4, 1.5000 → 1.5 (for the "why" lines), never 1E+1."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def parameter_list() -> QuerySet[Parameter]:
    """Every parameter value (rules, not personal data: the same for every reader)."""
    return Parameter.objects.select_related("region", "created_by").order_by(
        "code", "-effective_from", "region__code"
    )


def cpi_list() -> QuerySet[CpiMonth]:
    return CpiMonth.objects.order_by("-month")


def cpi_for(month: date) -> CpiMonth | None:
    return CpiMonth.objects.filter(month=month.replace(day=1)).first()


# --- applications -----------------------------------------------------------------------------------


def application_list(
    *,
    user: User,
    program: str = "",
    state: str = "",
    open_only: bool = False,
    overdue_only: bool = False,
    q: str = "",
) -> QuerySet[Application]:
    qs = Application.objects.visible_to(user).select_related("case", "applicant", "region")
    if program:
        qs = qs.filter(program=program)
    if state:
        qs = qs.filter(case__state=state)
    if open_only:
        qs = qs.filter(case__closed_at__isnull=True)
    if q:
        qs = qs.filter(applicant__name__startswith=q.strip())
    if overdue_only:
        overdue_cases = case_annotate_overdue(Case.objects.all()).filter(is_overdue=True).values("pk")
        qs = qs.filter(case__in=overdue_cases)
    return qs.order_by("-case__opened_at", "-id")


def application_get(*, user: User, pk: Any, lock: bool = False) -> Application:
    qs = Application.objects.select_related("case", "applicant", "household", "region", "assessment")
    return access_scoped(user, qs, pk, lock=lock, label="救助申请")


def application_for_case(*, user: User, case_pk: Any) -> Application:
    found = Application.objects.visible_to(user).filter(case_id=case_pk).values_list("pk", flat=True).first()
    return application_get(user=user, pk=found)


def applications_for_person(*, user: User, person: Any) -> QuerySet[Application]:
    return (
        Application.objects.visible_to(user)
        .filter(applicant=person)
        .select_related("case")
        .order_by("-case__opened_at")
    )


def assessment_members(*, assessment: Assessment) -> list[AssessmentMember]:
    """Members with their incomes, applicant first (two queries)."""
    incomes = Prefetch("incomes", queryset=Income.objects.order_by("id"))
    return list(
        assessment.members.select_related("person").prefetch_related(incomes).order_by("-is_applicant", "id")
    )


# --- reviews -----------------------------------------------------------------------------------------


def reviews_due(*, user: User, on: date | None = None, within_days: int = 30) -> QuerySet[ReviewPlan]:
    """Enrollments whose 复核 falls due within ``within_days`` (or is overdue), earliest first."""
    day = on or timezone.localdate()
    return (
        ReviewPlan.objects.visible_to(user)
        .filter(active=True, next_due__lte=day + timedelta(days=within_days))
        .select_related("region", "assessment__applicant", "enrollment")
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.exclude(status=Review.Status.CONFIRMED))
        )
        .order_by("next_due", "id")
    )


def review_get(*, user: User, pk: Any, lock: bool = False) -> Review:
    qs = Review.objects.select_related("plan__enrollment", "assessment__applicant", "region")
    return access_scoped(user, qs, pk, lock=lock, label="复核")


def plan_get(*, user: User, pk: Any, lock: bool = False) -> ReviewPlan:
    qs = ReviewPlan.objects.select_related("enrollment", "assessment__applicant", "region")
    return access_scoped(user, qs, pk, lock=lock, label="复核计划")


def plan_for_enrollment(*, user: User, enrollment: Any) -> ReviewPlan | None:
    return ReviewPlan.objects.visible_to(user).filter(enrollment=enrollment).first()


def reviews_for_plan(*, plan: ReviewPlan) -> QuerySet[Review]:
    return plan.reviews.select_related("opened_by", "confirmed_by").order_by("-opened_at")


def reviews_proposed(*, user: User) -> QuerySet[Review]:
    """Reviews waiting for the county's decision."""
    return (
        Review.objects.visible_to(user)
        .filter(status=Review.Status.PROPOSED)
        .select_related("assessment__applicant", "region")
        .order_by("proposed_at")
    )


# --- 备用金 ------------------------------------------------------------------------------------------


def reserve_accounts(*, user: User) -> QuerySet[ReserveAccount]:
    return ReserveAccount.objects.visible_to(user).select_related("town").order_by("town__code")


def reserve_account_get(*, user: User, pk: Any, lock: bool = False) -> ReserveAccount:
    return access_scoped(user, ReserveAccount.objects.select_related("town"), pk, lock=lock, label="备用金")


def reserve_entries(*, account: ReserveAccount, limit: int = 100) -> QuerySet[ReserveEntry]:
    return account.entries.select_related("actor", "application__applicant")[:limit]


# --- applicants ------------------------------------------------------------------------------------


def _hukou_in_scope(user: User) -> Q:
    path = user.region.path if user.region_id else "\x00"
    return Q(hukou_region__path__startswith=path) | Q(
        memberships__end_date__isnull=True, memberships__household__hukou_region__path__startswith=path
    )


def applicant_search(*, user: User, q: str, limit: int = 20) -> list[Person]:
    """People the user may take an application from: those living in the user's area (registry search:
    name, pinyin initials, ID or its last digits), and — by full ID number only — those whose 户籍 is in
    the area but who live elsewhere (they apply where their 户籍 is)."""
    found = person_search(user=user, q=q, limit=limit)
    term = search_term(q)
    if term.kind == "id" and not found and user.region_id:
        found = list(
            Person.objects.filter(id_number=term.value)
            .filter(_hukou_in_scope(user))
            .select_related("region")
            .distinct()[:1]
        )
    return found


def applicant_get(*, user: User, pk: Any) -> Person:
    """A person visible to the user, or whose 户籍 lies in the user's area (see :func:`applicant_search`)."""
    qs = Person.objects.select_related("region", "hukou_region")
    person = Person.objects.visible_to(user).filter(pk=pk).first()
    if person is None and user.region_id:
        person = qs.filter(pk=pk).filter(_hukou_in_scope(user)).distinct().first()
    if person is None:
        raise OutOfScopeError("人员")
    return qs.get(pk=person.pk)
