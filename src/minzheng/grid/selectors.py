"""Reads of the grid domain. Everything goes through the data scope (``visible_to`` / ``access_scoped``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from minzheng.casework.models import Case, CaseAttachment, CaseEvent
from minzheng.casework.selectors import case_annotate_overdue
from minzheng.casework.types import CaseType, Transition, case_types
from minzheng.core.models import Region, User
from minzheng.core.roles import Role, can, roles_with
from minzheng.core.scope import OutOfScopeError, access_scoped, region_within_scope
from minzheng.grid import rules
from minzheng.grid.casetypes import GridEvent
from minzheng.grid.models import (
    Campaign,
    CampaignGrid,
    Department,
    Event,
    EventCategory,
    GridProfile,
    GridWorker,
    MedicalObservation,
    Visit,
)
from minzheng.registry.models import Household

# A worker carrying this many open tasks or more is shown as overloaded. [U] — no published norm; the
# 2021 plan only asks that overload be visible.
OVERLOAD_THRESHOLD = 15

# --- events -----------------------------------------------------------------------------------------------


def events_visible(*, user: User) -> QuerySet[Event]:
    return Event.objects.visible_to(user).select_related(
        "case", "case__region", "category", "category__parent", "department"
    )


def event_list(
    *,
    user: User,
    state: str = "",
    category: str = "",
    source: str = "",
    overdue: bool = False,
    due_soon: bool = False,
) -> QuerySet[Event]:
    """Events in the user's region, newest first; ``overdue`` (past the step's deadline) and ``due_soon``
    (the step's deadline within ``rules.DUE_SOON_HOURS``) are the warnings of the 2021 plan."""
    qs = events_visible(user=user)
    if state:
        qs = qs.filter(case__state=state)
    if category:
        qs = qs.filter(Q(category__code=category) | Q(category__parent__code=category))
    if source:
        qs = qs.filter(source=source)
    now = timezone.now()
    if overdue:
        qs = qs.filter(case__closed_at__isnull=True, case__state_due_at__lt=now)
    if due_soon:
        qs = qs.filter(
            case__closed_at__isnull=True,
            case__state_due_at__gte=now,
            case__state_due_at__lt=now + timedelta(hours=rules.DUE_SOON_HOURS),
        )
    return qs.order_by("-case__opened_at", "-pk")


def event_get(*, user: User, case_pk: Any) -> Event:
    """The event of case ``case_pk`` if it is in the user's region (else ``OutOfScopeError``)."""
    try:
        return events_visible(user=user).get(case_id=case_pk)
    except (Event.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScopeError("事件") from exc


def event_by_number(*, user: User, number: str) -> Event:
    try:
        return events_visible(user=user).get(case__number=number)
    except Event.DoesNotExist as exc:
        raise OutOfScopeError("事件") from exc


def event_is_overdue(event: Event) -> bool:
    due = event.case.state_due_at
    return event.case.closed_at is None and due is not None and due < timezone.now()


def event_actions(*, user: User, event: Event) -> list[Transition]:
    """The steps this user may take now: by capability (the case type), and for a unit's task only its own
    accounts (the case type's ``offered_to``), so the buttons shown are the ones that will work."""
    return GridEvent.moves_for(user, event.case)


def event_attribute_rows(*, event: Event) -> list[tuple[str, str]]:
    """The event's attribute values as the category names them (label, chosen option names)."""
    rows = []
    for definition in event.category.attributes or []:
        value = event.attributes.get(definition.get("code"))
        if value in (None, "", []):
            continue
        names = {v["key"]: v["name"] for v in definition.get("values", [])}
        values = value if isinstance(value, list) else [value]
        rows.append(
            (
                definition.get("description") or definition["code"],
                "、".join(names.get(v, str(v)) for v in values),
            )
        )
    return rows


def event_timeline(*, event: Event) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(case_id=event.case_id).select_related("actor")


def event_photos(*, event: Event) -> QuerySet[CaseAttachment]:
    return CaseAttachment.objects.filter(case_id=event.case_id).order_by("uploaded_at", "pk")


def event_photo_get(*, user: User, event: Event, attachment_pk: Any) -> CaseAttachment:
    event = event_get(user=user, case_pk=event.case_id)
    try:
        return event_photos(event=event).get(pk=attachment_pk)
    except (CaseAttachment.DoesNotExist, ValueError) as exc:
        raise OutOfScopeError("照片") from exc


def _ancestor_paths(path: str) -> list[str]:
    codes = [c for c in path.split("/") if c]
    return ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]


def event_departments(*, event: Event) -> list[Department]:
    """Units that may receive the event: active ones whose region contains its place, those with the
    category's function first, then the nearest level first (镇街 before 区 before 市)."""
    paths = _ancestor_paths(event.case.region.path)
    units = list(Department.objects.filter(active=True, region__path__in=paths).select_related("region"))
    function = event.category.handler_function
    return sorted(units, key=lambda d: (d.function != function, -d.region.depth, d.name))


def event_department_suggested(*, event: Event) -> Department | None:
    """The routing of the category: the nearest unit with its function (FixMyStreet: categories carry
    their routing, domain.md §14)."""
    units = event_departments(event=event)
    return units[0] if units and units[0].function == event.category.handler_function else None


def department_tasks(*, user: User) -> QuerySet[Event]:
    """What is dispatched to the units this account belongs to, awaiting handling (the unit's queue)."""
    return (
        events_visible(user=user)
        .filter(case__state="to_department", department__users=user)
        .order_by("case__state_due_at", "case__opened_at")
    )


def categories_leaves() -> QuerySet[EventCategory]:
    return (
        EventCategory.objects.filter(active=True, parent__isnull=False, parent__active=True)
        .select_related("parent")
        .order_by("parent__order", "parent__code", "order", "code")
    )


def category_tree() -> list[dict[str, Any]]:
    parents = EventCategory.objects.filter(parent__isnull=True).order_by("order", "code")
    children: dict[int, list[EventCategory]] = defaultdict(list)
    for c in EventCategory.objects.filter(parent__isnull=False).order_by("order", "code"):
        children[c.parent_id].append(c)
    return [{"category": p, "children": children[p.pk]} for p in parents]


def grids_for_reporting(*, user: User) -> QuerySet[Region]:
    """The grids a user may report an event in: a 网格员's assigned grids, else the grids in their region."""
    worker = GridWorker.objects.filter(user=user).first()
    if worker is not None and worker.assignments.exists():
        return Region.objects.filter(grid_profile__assignments__worker=worker).order_by("code")
    return Region.objects.visible_to(user).filter(level=Region.Level.GRID).order_by("code")


# --- one queue: load per worker across case types ---------------------------------------------------------


@dataclass
class WorkerLoad:
    user: User
    total: int = 0
    overdue: int = 0
    by_type: dict[str, int] = field(default_factory=dict)

    @property
    def overloaded(self) -> bool:
        return self.total >= OVERLOAD_THRESHOLD


def worker_load(
    *, user: User, role: str = Role.GRID_WORKER, limit: int = 200
) -> tuple[list[WorkerLoad], list[type[CaseType]]]:
    """Open tasks per worker of ``role`` in the user's region, summed over every case type — the same
    queue casework's worklist shows each of them (cases in a state their role acts on, in their region) —
    heaviest first. Two queries whatever the number of workers: cases grouped by region and type, then
    folded up the region tree so a worker at a community gets the sum of its grids."""
    kinds = [k for k in case_types() if k.states_for_role(role)]
    wanted = Q(pk__in=[])
    for kind in kinds:
        wanted |= Q(case_type=kind.code, state__in=kind.states_for_role(role))
    rows = (
        case_annotate_overdue(Case.objects.visible_to(user).filter(wanted, closed_at__isnull=True))
        .values("region__path", "case_type")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(is_overdue=True)))
    )
    by_path: dict[str, Counter[str]] = defaultdict(Counter)
    late: Counter[str] = Counter()
    for row in rows:
        for path in _ancestor_paths(row["region__path"]):
            by_path[path][row["case_type"]] += row["n"]
            late[path] += row["late"]
    workers = User.objects.filter(
        role=role, is_active=True, region__path__startswith=user.region.path
    ).select_related("region")
    loads = [
        WorkerLoad(
            user=w,
            total=sum(by_path[w.region.path].values()),
            overdue=late[w.region.path],
            by_type=dict(by_path[w.region.path]),
        )
        for w in workers
    ]
    loads.sort(key=lambda x: (-x.total, -x.overdue, x.user.username))
    return loads[:limit], kinds


# --- grids and workers --------------------------------------------------------------------------------------


def grid_profiles(*, user: User, q: str = "") -> QuerySet[GridProfile]:
    qs = GridProfile.objects.visible_to(user).select_related("region", "region__parent")
    if q:
        qs = qs.filter(Q(region__name__contains=q) | Q(region__code__startswith=q))
    return qs.annotate(worker_count=Count("assignments")).order_by("region__code")


def grid_profile_get(*, user: User, code: str) -> GridProfile:
    try:
        return (
            GridProfile.objects.visible_to(user)
            .select_related("region", "region__parent")
            .get(region__code=code)
        )
    except GridProfile.DoesNotExist as exc:
        raise OutOfScopeError("网格") from exc


def grid_workers(*, user: User) -> QuerySet[GridWorker]:
    return (
        GridWorker.objects.visible_to(user)
        .select_related("user", "user__region")
        .annotate(
            grid_count=Count("assignments", distinct=True), training_count=Count("trainings", distinct=True)
        )
        .order_by("user__region__code", "user__username")
    )


def grid_worker_get(*, user: User, pk: Any) -> GridWorker:
    return access_scoped(user, GridWorker.objects.select_related("user", "user__region"), pk, label="网格员")


def grid_workers_for_grid(*, grid: GridProfile) -> QuerySet[GridWorker]:
    return GridWorker.objects.filter(assignments__grid=grid).select_related("user")


def grid_type_counts(*, user: User) -> dict[str, int]:
    rows = GridProfile.objects.visible_to(user).values("grid_type").annotate(n=Count("pk"))
    return {r["grid_type"]: r["n"] for r in rows}


def departments(*, user: User) -> QuerySet[Department]:
    """Units in the user's region and the units above it (that the user's events can be sent to)."""
    paths = _ancestor_paths(user.region.path)
    return (
        Department.objects.filter(Q(region__path__startswith=user.region.path) | Q(region__path__in=paths))
        .select_related("region")
        .annotate(open_tasks=Count("events", filter=Q(events__case__state="to_department")))
        .order_by("region__code", "function", "name")
    )


def department_get(*, user: User, pk: Any) -> Department:
    """A unit the user's list shows: in their region or above it (the units their events go to)."""
    try:
        return departments(user=user).get(pk=pk)
    except (Department.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScopeError("处置单位") from exc


def department_manageable(*, user: User, department: Department) -> bool:
    """May the user change this unit (its accounts): the capability, and the unit in their own region
    (a unit above it is shown, not maintained)."""
    return can(user, "department.manage") and region_within_scope(user, department.region)


def institution_operators(*, department: Department) -> QuerySet[User]:
    """Accounts that may be attached to the unit: 机构经办人 whose region covers the unit's region."""
    return User.objects.filter(
        role__in=roles_with("department.handle"),
        is_active=True,
        region__path__in=_ancestor_paths(department.region.path),
    ).order_by("username")


# --- campaigns --------------------------------------------------------------------------------------------


def campaigns(*, user: User) -> QuerySet[Campaign]:
    """Campaigns the user takes part in: those of their region's ancestors that reach a grid of theirs,
    and those started in their region."""
    mine = CampaignGrid.objects.visible_to(user).values("campaign")
    return (
        Campaign.objects.filter(Q(pk__in=mine) | Q(pk__in=Campaign.objects.visible_to(user).values("pk")))
        .select_related("region")
        .order_by("-starts_on", "-pk")
    )


def campaign_get(*, user: User, pk: Any) -> Campaign:
    """A campaign the user's list shows: started in their region, or sent down to a grid of theirs."""
    try:
        return campaigns(user=user).get(pk=pk)
    except (Campaign.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScopeError("排查任务") from exc


def campaign_manageable(*, user: User, campaign: Campaign) -> bool:
    """May the user send this campaign down to grids: the capability, and the campaign started in their
    own region (one sent down from above is carried out, not re-issued)."""
    return can(user, "campaign.manage") and region_within_scope(user, campaign.region)


@dataclass
class Progress:
    label: str
    target: int
    visited: int
    visits: int
    newcomers: int
    key: Any = None

    @property
    def percent(self) -> int:
        return min(100, round(self.visited * 100 / self.target)) if self.target else 0


def campaign_progress_by_grid(*, user: User, campaign: Campaign) -> list[Progress]:
    """Per grid: households to visit, households met at least once, visits and newcomers found."""
    rows = (
        CampaignGrid.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("grid")
        .annotate(
            visits_n=Count("visits"),
            visited_n=Count("visits__household", filter=Q(visits__result=Visit.Result.MET), distinct=True),
            newcomers_n=Sum("visits__newcomers"),
        )
        .order_by("grid__code")
    )
    return [
        Progress(r.grid.name, r.households_target, r.visited_n, r.visits_n, r.newcomers_n or 0, key=r.pk)
        for r in rows
    ]


def campaign_progress_by_worker(*, user: User, campaign: Campaign) -> list[Progress]:
    """Per worker: visits made, households met, newcomers found (their grids' targets summed)."""
    rows = (
        Visit.objects.visible_to(user)
        .filter(campaign_grid__campaign=campaign)
        .values("worker", "worker__display_name", "worker__username")
        .annotate(
            visits_n=Count("pk"),
            visited_n=Count("household", filter=Q(result=Visit.Result.MET), distinct=True),
            newcomers_n=Sum("newcomers"),
        )
        .order_by("-visited_n", "worker__username")
    )
    targets: Counter[int] = Counter()
    for worker_id, target in (
        CampaignGrid.objects.visible_to(user)
        .filter(campaign=campaign, grid__grid_profile__assignments__worker__user__isnull=False)
        .values_list("grid__grid_profile__assignments__worker__user", "households_target")
    ):
        targets[worker_id] += target
    return [
        Progress(
            r["worker__display_name"] or r["worker__username"],
            targets[r["worker"]],
            r["visited_n"],
            r["visits_n"],
            r["newcomers_n"] or 0,
            key=r["worker"],
        )
        for r in rows
    ]


def campaign_grid_get(*, user: User, pk: Any) -> CampaignGrid:
    return access_scoped(user, CampaignGrid.objects.select_related("campaign", "grid"), pk, label="排查网格")


def campaign_grid_households(*, campaign_grid: CampaignGrid) -> list[dict[str, Any]]:
    """The grid's registry households with the last visit of this campaign (if any)."""
    last = {
        r["household"]: r
        for r in Visit.objects.filter(campaign_grid=campaign_grid)
        .values("household")
        .annotate(
            last_at=Max("visited_at"), met=Count("pk", filter=Q(result=Visit.Result.MET)), n=Count("pk")
        )
    }
    households = Household.objects.filter(region=campaign_grid.grid).select_related("head").order_by("number")
    return [{"household": h, "visit": last.get(h.pk)} for h in households]


def observations(*, user: User, active_only: bool = False) -> QuerySet[MedicalObservation]:
    qs = MedicalObservation.objects.visible_to(user).select_related("person", "grid", "campaign")
    if active_only:
        qs = qs.filter(status=MedicalObservation.Status.ACTIVE)
    return qs.annotate(checkin_count=Count("checkins")).order_by("status", "ends_on", "pk")


def observation_get(*, user: User, pk: Any) -> MedicalObservation:
    return access_scoped(
        user, MedicalObservation.objects.select_related("person", "grid", "campaign"), pk, label="医学观察"
    )


def observation_days(*, observation: MedicalObservation, today: date | None = None) -> list[dict[str, Any]]:
    """Each day of the period up to today, with its check-in or a gap (the missing days show)."""
    today = today or timezone.localdate()
    checkins = {c.day: c for c in observation.checkins.select_related("recorded_by")}
    last = min(observation.ended_on or observation.ends_on, observation.ends_on, today)
    days = []
    day = observation.starts_on
    while day <= last:
        days.append({"day": day, "checkin": checkins.get(day)})
        day += timedelta(days=1)
    return days


def person_grid_panel(*, user: User, person: Any) -> dict[str, Any]:
    """The person page's 网格治理 section: their home medical observations and their household's visits."""
    from minzheng.registry.selectors import person_membership

    membership = person_membership(person=person)
    visits = (
        Visit.objects.visible_to(user)
        .filter(household_id=membership.household_id)
        .select_related("campaign_grid__campaign", "worker")[:20]
        if membership is not None
        else []
    )
    return {
        "observations": MedicalObservation.objects.visible_to(user)
        .filter(person=person)
        .select_related("grid")[:20],
        "visits": visits,
    }
