"""Reads of elderly care, always inside the user's data scope (``visible_to`` / ``access_scoped``).

A user who acts for their own institutions (``eldercare.institution_own``: the 机构经办人) sees only the
institutions whose operator they are, and only the 12349 requests dispatched to them; every other user sees
their region subtree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from minzheng.core.models import Region, User
from minzheng.core.roles import can
from minzheng.core.scope import access_scoped
from minzheng.eldercare import rules
from minzheng.eldercare.casetypes import HELP_TYPES, OPEN_STATES
from minzheng.eldercare.models import (
    Assessment,
    AssessmentCutoff,
    BedCount,
    CareLevel,
    Finding,
    HelpRequest,
    HelpTimeLimit,
    Inspection,
    Institution,
    InstitutionKind,
    Meal,
    MealSettlement,
    MealSubsidyRule,
    Resident,
    Staff,
    SubsidyCategory,
    WorksProject,
)
from minzheng.registry.models import Person

PROVIDER_KINDS = (InstitutionKind.HOME_CARE, InstitutionKind.DAY_CARE, InstitutionKind.CANTEEN)
RESIDENTIAL_KINDS = (InstitutionKind.NURSING_HOME, InstitutionKind.TOWN_HOME)


def own_institutions_only(user: User) -> bool:
    """Does ``user`` act for (and read) only the institutions whose operator they are?"""
    return can(user, "eldercare.institution_own")


# --- parameters ---------------------------------------------------------------------------------------------


def help_time_limit(key: str) -> int:
    """Minutes allowed for a 12349 step: the city manager's value, else the default of ``rules``."""
    minutes = HelpTimeLimit.objects.filter(key=key).values_list("minutes", flat=True).first()
    return minutes if minutes is not None else rules.help_time_limit_default(key)


def help_time_limits() -> list[dict[str, Any]]:
    stored = {row.key: row for row in HelpTimeLimit.objects.all()}
    return [
        {
            "key": key,
            "label": label,
            "default": default,
            "minutes": stored[key].minutes if key in stored else default,
            "note": stored[key].note if key in stored else "",
        }
        for key, (label, default) in rules.HELP_TIME_LIMITS.items()
    ]


def subsidy_rules_for(region: Region) -> list[MealSubsidyRule]:
    """Every subsidy rule that may apply in ``region`` (its own and its ancestors'), with the rule
    region's path annotated for :func:`rules.meal_subsidy`."""
    codes = [c for c in region.path.split("/") if c]
    return list(
        MealSubsidyRule.objects.filter(region__code__in=codes).annotate(region_path=F("region__path"))
    )


def subsidy_rule_list(*, user: User) -> QuerySet[MealSubsidyRule]:
    """The rules a user may read: those of their region's subtree and of its ancestors (the city's rules
    apply in every district)."""
    region = user.region
    codes = [c for c in region.path.split("/") if c] if region else []
    return (
        MealSubsidyRule.objects.filter(
            Q(region__path__startswith=region.path if region else "-") | Q(region__code__in=codes)
        )
        .select_related("region")
        .order_by("category", "region__code", "-effective_from")
    )


def assessment_cutoffs_for(region: Region, on: date) -> AssessmentCutoff | None:
    """The GB/T 42195 cut-offs in force on ``on`` for a person in ``region``: the most specific region,
    then the latest start."""
    codes = [c for c in region.path.split("/") if c]
    rows = AssessmentCutoff.objects.filter(region__code__in=codes, effective_from__lte=on).select_related(
        "region"
    )
    return max(rows, key=lambda r: (r.region.depth, r.effective_from), default=None)


def assessment_cutoff_list() -> QuerySet[AssessmentCutoff]:
    return AssessmentCutoff.objects.select_related("region").order_by("-effective_from")


# --- institutions -------------------------------------------------------------------------------------------


def institution_list(*, user: User, kind: str | None = None) -> QuerySet[Institution]:
    qs = Institution.objects.visible_to(user).select_related("region")
    if own_institutions_only(user):
        qs = qs.filter(operators=user)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("region__code", "name")


def institution_get(*, user: User, pk: Any) -> Institution:
    return access_scoped(user, institution_list(user=user), pk, label="机构")


@dataclass(frozen=True)
class BedRow:
    care_level: str
    label: str
    beds: int
    occupied: int

    @property
    def free(self) -> int:
        return max(0, self.beds - self.occupied)


def institution_beds(*, institution: Institution) -> list[BedRow]:
    """Beds by care level with the occupied ones counted from current residents."""
    beds = dict(BedCount.objects.filter(institution=institution).values_list("care_level", "beds"))
    occupied = dict(
        Resident.objects.filter(institution=institution, left_on__isnull=True)
        .values_list("care_level")
        .annotate(n=Count("id"))
        .values_list("care_level", "n")
    )
    return [
        BedRow(level, label, beds.get(level, 0), occupied.get(level, 0))
        for level, label in CareLevel.choices
        if level in beds or level in occupied
    ]


def institution_residents(*, institution: Institution, current: bool = True) -> QuerySet[Resident]:
    qs = Resident.objects.filter(institution=institution).select_related("person")
    return qs.filter(left_on__isnull=True) if current else qs


def institution_staff(*, institution: Institution) -> QuerySet[Staff]:
    return (
        Staff.objects.filter(institution=institution, left_on__isnull=True)
        .select_related("person")
        .annotate(trainings_passed=Count("trainings", filter=Q(trainings__passed=True)))
        .order_by("post", "id")
    )


def providers_for(*, region: Region) -> QuerySet[Institution]:
    """Active providers whose service area (their region's subtree) covers ``region``: the 12349
    dispatch list, nearest first."""
    codes = [c for c in region.path.split("/") if c]
    return (
        Institution.objects.filter(kind__in=PROVIDER_KINDS, active=True, region__code__in=codes)
        .select_related("region")
        .order_by("-region__depth", "name")
    )


# --- 12349 ----------------------------------------------------------------------------------------------------


def help_request_list(*, user: User, open_only: bool = False) -> QuerySet[HelpRequest]:
    qs = HelpRequest.objects.visible_to(user).select_related("case", "case__region", "elderly", "provider")
    if own_institutions_only(user):
        qs = qs.filter(provider__operators=user)
    if open_only:
        qs = qs.filter(case__closed_at__isnull=True)
    return qs


def help_request_get(*, user: User, pk: Any) -> HelpRequest:
    return access_scoped(user, help_request_list(user=user), pk, label="求助")


@dataclass
class BoardRow:
    help: HelpRequest
    state_label: str
    overdue: bool
    minutes_left: int | None


def help_board(*, user: User, now: Any = None) -> dict[str, Any]:
    """The operators' live board: every open request, emergencies first, then by the step's deadline,
    with overdue ones flagged; counts by state. Three queries whatever the number of rows."""
    now = now or timezone.now()
    qs = help_request_list(user=user, open_only=True).filter(case__case_type__in=HELP_TYPES)
    rows = []
    for help in qs.order_by("-emergency", F("case__state_due_at").asc(nulls_last=True), "received_at")[:200]:
        due = help.case.state_due_at
        rows.append(
            BoardRow(
                help=help,
                state_label=_state_label(help.case.state),
                overdue=due is not None and due < now,
                minutes_left=int((due - now).total_seconds() // 60) if due is not None else None,
            )
        )
    counts = dict(qs.values_list("case__state").annotate(n=Count("id")).values_list("case__state", "n"))
    today = timezone.localdate()
    closed_today = help_request_list(user=user).filter(case__closed_at__date=today).count()
    return {
        "rows": rows,
        "counts": [(s, _state_label(s), counts.get(s, 0)) for s in OPEN_STATES],
        "overdue": sum(1 for r in rows if r.overdue),
        "emergencies": sum(1 for r in rows if r.help.emergency),
        "closed_today": closed_today,
        "now": now,
    }


def _state_label(state: str) -> str:
    from minzheng.eldercare.casetypes import STATES

    return STATES.get(state, state)


def help_overdue(*, user: User, now: Any = None) -> QuerySet[HelpRequest]:
    """Open requests past the step's or the whole request's time limit."""
    now = now or timezone.now()
    return help_request_list(user=user, open_only=True).filter(
        Q(case__state_due_at__lt=now) | Q(case__due_at__lt=now)
    )


# --- meals ------------------------------------------------------------------------------------------------------


def person_subsidy_statuses(*, person: Person, on: date) -> set[str]:
    """The 特困/低保/失能 categories a person is in on ``on``.

    失能: the latest assessment on or before ``on`` is 中度失能 or worse. 特困/低保: the benefits ledger's
    enrollments active that day (``eligibility.enrolled_statuses``)."""
    from minzheng.eldercare.eligibility import enrolled_statuses

    found = set(enrolled_statuses(person_id=person.pk, on=on))
    latest = (
        Assessment.objects.filter(person=person, assessed_on__lte=on)
        .order_by("-assessed_on", "-id")
        .values_list("level", flat=True)
        .first()
    )
    if latest is not None and rules.is_disabled_level(latest):
        found.add(SubsidyCategory.DISABLED)
    return found


def meal_list(
    *, user: User, canteen: Institution | None = None, start: date | None = None, end: date | None = None
) -> QuerySet[Meal]:
    qs = Meal.objects.visible_to(user).select_related("canteen", "person")
    if own_institutions_only(user):
        qs = qs.filter(canteen__operators=user)
    if canteen is not None:
        qs = qs.filter(canteen=canteen)
    if start is not None:
        qs = qs.filter(served_on__gte=start)
    if end is not None:
        qs = qs.filter(served_on__lte=end)
    return qs.order_by("-served_on", "-id")


def settlement_list(*, user: User) -> QuerySet[MealSettlement]:
    qs = MealSettlement.objects.visible_to(user).select_related("canteen", "canteen__region")
    if own_institutions_only(user):
        qs = qs.filter(canteen__operators=user)
    return qs


def settlement_get(*, user: User, pk: Any) -> MealSettlement:
    return access_scoped(user, settlement_list(user=user), pk, label="结算单")


def settlement_meals(*, settlement: MealSettlement) -> QuerySet[Meal]:
    return (
        Meal.objects.filter(settlement=settlement)
        .select_related("person")
        .order_by("served_on", "meal_type", "person_id")
    )


# --- assessments --------------------------------------------------------------------------------------------------


def assessment_list(*, user: User, person: Person | None = None) -> QuerySet[Assessment]:
    qs = Assessment.objects.visible_to(user).select_related("person", "assessor")
    if person is not None:
        qs = qs.filter(person=person)
    return qs


def assessment_get(*, user: User, pk: Any) -> Assessment:
    return access_scoped(user, assessment_list(user=user), pk, label="评估记录")


# --- inspections --------------------------------------------------------------------------------------------------


def inspection_list(*, user: User) -> QuerySet[Inspection]:
    qs = Inspection.objects.visible_to(user).select_related("institution", "inspector")
    if own_institutions_only(user):
        qs = qs.filter(institution__operators=user)
    return qs.annotate(
        open_findings=Count("findings", filter=~Q(findings__status=Finding.Status.CLOSED)),
    ).order_by("-inspected_on", "-id")


def inspection_get(*, user: User, pk: Any) -> Inspection:
    return access_scoped(user, inspection_list(user=user), pk, label="检查记录")


def finding_list(*, user: User) -> QuerySet[Finding]:
    qs = Finding.objects.visible_to(user).select_related("inspection", "inspection__institution")
    if own_institutions_only(user):
        qs = qs.filter(inspection__institution__operators=user)
    return qs


def finding_get(*, user: User, pk: Any) -> Finding:
    return access_scoped(user, finding_list(user=user), pk, label="问题")


def finding_overdue(*, user: User, today: date | None = None) -> QuerySet[Finding]:
    """逾期未整改: findings not closed whose rectification deadline has passed (``rules.finding_is_overdue``)."""
    today = today or timezone.localdate()
    return finding_list(user=user).exclude(status=Finding.Status.CLOSED).filter(rectify_by__lt=today)


# --- the person page ------------------------------------------------------------------------------------------------


def person_panel(*, user: User, person: Person) -> dict[str, Any]:
    """养老服务 on the person page: stay, latest assessment, recent meals and 12349 requests, read through
    the user's scope."""
    return {
        "stays": list(
            Resident.objects.visible_to(user).filter(person=person).select_related("institution")[:5]
        ),
        "assessment": assessment_list(user=user, person=person).first(),
        "meals": list(meal_list(user=user).filter(person=person)[:5]),
        "helps": list(help_request_list(user=user).filter(elderly=person).order_by("-received_at")[:5]),
        "can_open_help": can(user, "eldercare.help_read"),  # else the requests are listed without links
    }


# --- look-ups for the forms -----------------------------------------------------------------------------------------


def person_by_id_number(*, user: User, raw: str) -> Person | None:
    """The person with this ID number in the user's scope (15-digit numbers are converted), else None."""
    from minzheng.core.ids import CitizenIdError, parse_citizen_id

    try:
        number = parse_citizen_id((raw or "").strip()).number
    except CitizenIdError:
        return None
    return Person.objects.visible_to(user).filter(id_number=number).first()


def region_by_code(code: str) -> Region | None:
    code = (code or "").strip()
    return Region.objects.filter(code=code).first() if code else None


# --- works projects (敬老院升级改造) ---------------------------------------------------------------------------


def works_list(*, user: User, status: str = "") -> QuerySet[WorksProject]:
    qs = WorksProject.objects.visible_to(user).select_related("institution", "region")
    return qs.filter(status=status) if status else qs


def works_get(*, user: User, pk: Any) -> WorksProject:
    return access_scoped(
        user, WorksProject.objects.select_related("institution", "region"), pk, label="改造工程"
    )


def institutions_for_works(*, user: User) -> QuerySet[Institution]:
    """The active 敬老院 and 养老院 of the user's subtree: what a works project may be approved for."""
    return (
        Institution.objects.visible_to(user)
        .filter(kind__in=(InstitutionKind.TOWN_HOME, InstitutionKind.NURSING_HOME), active=True)
        .select_related("region")
        .order_by("region__code", "name")
    )
