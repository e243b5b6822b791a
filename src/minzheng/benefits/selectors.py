"""Reads of the ledger: standards in force, active enrollments, runs with their district totals and the
comparison with last month. Page reads go through the user's data scope; the rule-level reads used by
other domains' services (``standard_amount``, ``enrollments_active``) are not scoped, like a rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from minzheng.benefits.errors import StandardMissingError
from minzheng.benefits.models import (
    Enrollment,
    EnrollmentAmount,
    EnrollmentPause,
    Payment,
    PayrollRun,
    Program,
    Standard,
)
from minzheng.benefits.payroll import PAYMENT
from minzheng.benefits.programs import program_get
from minzheng.benefits.rules import month_add, month_first
from minzheng.core.models import Region, User
from minzheng.core.scope import OutOfScopeError, access_scoped, user_region
from minzheng.core.values import month_label

REGION = Region._meta.db_table

# --- standards ---------------------------------------------------------------------------------------


def standard_in_force(*, program: str | Program, region: Region, on: date, category: str = "") -> Standard:
    """The standard of ``program`` (and ``category``) in force on ``on`` for ``region``: among the
    standards of the region and its ancestors, the most specific one wins (a district's own standard
    over the city's). Raises :class:`StandardMissingError` naming program, region and date."""
    program = program_get(program)
    codes = [c for c in region.path.split("/") if c]
    found = (
        Standard.objects.filter(
            program=program, category=category or "", region__code__in=codes, effective_from__lte=on
        )
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .select_related("region")
        .order_by("-region__depth", "-effective_from")
        .first()
    )
    if found is None:
        what = f"（类别{category}）" if category else ""
        raise StandardMissingError(
            f"未找到{program.name}{what}在{region.name}于{on:%Y-%m-%d}适用的保障标准，请市局先录入标准"
        )
    return found


def standard_amount(*, program: str | Program, region: Region, on: date, category: str = "") -> int:
    """The amount in 分 of the standard in force (see :func:`standard_in_force`)."""
    return standard_in_force(program=program, region=region, on=on, category=category).amount_fen


def standard_list(*, user: User, program: str | None = None) -> QuerySet[Standard]:
    """Standards that apply to the user's area: those of their region's ancestors (the city's, their
    district's) and of regions inside it."""
    region = user_region(user)
    if region is None:
        return Standard.objects.none()
    codes = [c for c in region.path.split("/") if c]
    qs = Standard.objects.filter(Q(region__code__in=codes) | Q(region__path__startswith=region.path))
    if program:
        qs = qs.filter(program__code=program)
    return qs.select_related("program", "region", "created_by").order_by(
        "program_id", "region__code", "category", "-effective_from"
    )


def standard_key(standard: Standard) -> str:
    """A standard's key among the platform's dated parameters (``core.parameters``): ``benefits.<program>`` or
    ``benefits.<program>.<category>``."""
    return ".".join(x for x in ("benefits", standard.program.code, standard.category) if x)


# --- enrollments -------------------------------------------------------------------------------------


def _paused_in(month: date) -> Exists:
    return Exists(
        EnrollmentPause.objects.filter(enrollment=OuterRef("pk"), from_month__lte=month).filter(
            Q(to_month__isnull=True) | Q(to_month__gte=month)
        )
    )


def enrollments_active(
    *, person: Any = None, program: str | Program | None = None, on: date
) -> QuerySet[Enrollment]:
    """Enrollments paid for the month of ``on``: started, not ended, not paused that month. Not scoped
    (a rule-level read for other domains' services, e.g. "is this person 低保 now?")."""
    month = month_first(on)
    qs = Enrollment.objects.filter(start_month__lte=month).filter(
        Q(end_month__isnull=True) | Q(end_month__gte=month)
    )
    qs = qs.exclude(_paused_in(month))
    if person is not None:
        qs = qs.filter(person=person)
    if program is not None:
        qs = qs.filter(program=program_get(program))
    return qs.select_related("program")


def enrollment_amount_on(enrollment: Enrollment, month: date) -> int | None:
    """The monthly amount in force for ``month`` (the amount row with the greatest from_month ≤ month)."""
    row = (
        EnrollmentAmount.objects.filter(enrollment=enrollment, from_month__lte=month_first(month))
        .order_by("-from_month")
        .values_list("amount_fen", flat=True)
        .first()
    )
    return row


def enrollment_list_for_person(
    person: Any, *, user: User | None = None, on: date | None = None
) -> list[Enrollment]:
    """The person's enrollments, newest first, each with ``current_amount_fen`` (in force for ``on``, today
    by default) and ``paid_now`` (paid for that month). With ``user``, only what their scope covers."""
    from django.utils import timezone

    month = month_first(on or timezone.localdate())
    qs = (
        Enrollment.objects.filter(person=person)
        if user is None
        else Enrollment.objects.visible_to(user).filter(person=person)
    )
    qs = (
        qs.select_related("program", "region")
        .annotate(paused_now=_paused_in(month))
        .order_by("-start_month", "-id")
    )
    result: list[Enrollment] = []
    for item in qs:
        item.current_amount_fen = enrollment_amount_on(item, month)
        item.paid_now = (
            item.start_month <= month
            and (item.end_month is None or item.end_month >= month)
            and not item.paused_now
        )
        result.append(item)
    return result


def enrollment_get(*, user: User, pk: int) -> Enrollment:
    return access_scoped(
        user, Enrollment.objects.select_related("program", "region", "person"), pk, label="保障记录"
    )


# --- payroll runs ------------------------------------------------------------------------------------


def payroll_run_list(
    *, user: User, program: str | None = None, month: date | None = None
) -> QuerySet[PayrollRun]:
    """Runs are city-wide: every user whose region lies in the run's area sees the run (their own share
    of its lines is what their pages show)."""
    region = user_region(user)
    if region is None:
        return PayrollRun.objects.none()
    codes = [c for c in region.path.split("/") if c]
    qs = PayrollRun.objects.filter(Q(region__code__in=codes) | Q(region__path__startswith=region.path))
    if program:
        qs = qs.filter(program__code=program)
    if month:
        qs = qs.filter(month=month)
    return qs.select_related("program", "created_by", "approved_by", "parent").order_by(
        "-month", "program_id", "id"
    )


def payroll_run_get(*, user: User, pk: int) -> PayrollRun:
    """A run the user may see (see :func:`payroll_run_list`), else :class:`OutOfScopeError`."""
    try:
        run = payroll_run_list(user=user).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        run = None
    if run is None:
        raise OutOfScopeError("工资单")
    return run


def _scope_sql(user: User | None, alias: str) -> tuple[str, list[Any]]:
    """A join limiting payment rows ``alias`` to the user's subtree ("" for the whole city)."""
    region = user_region(user) if user is not None else None
    if user is None or (region is not None and region.parent_id is None):
        return "", []
    path = region.path if region is not None else "/-none-/"
    return f" JOIN {REGION} sr ON sr.id = {alias}.region_id AND sr.path LIKE %s", [path + "%"]


def payroll_run_payments(*, run: PayrollRun, user: User, status: str | None = None) -> QuerySet[Payment]:
    qs = Payment.objects.visible_to(user).filter(run=run)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("person", "region").order_by("id")


@dataclass(frozen=True)
class Totals:
    lines: int = 0
    payees: int = 0
    amount_fen: int = 0
    person_times: int = 0
    failed_lines: int = 0
    failed_fen: int = 0


def payroll_run_totals(*, run: PayrollRun, user: User | None) -> Totals:
    """The run's totals within the user's scope (the whole run for a city user or ``user=None``)."""
    join, params = _scope_sql(user, "p")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COUNT(DISTINCT p.person_id), COALESCE(SUM(p.amount_fen), 0), "
            f"COALESCE(SUM(p.members_count), 0), "
            f"COALESCE(SUM(CASE WHEN p.status IN ('failed', 'reissued') THEN 1 ELSE 0 END), 0), "
            f"COALESCE(SUM(CASE WHEN p.status IN ('failed', 'reissued') THEN p.amount_fen ELSE 0 END), 0) "
            f"FROM {PAYMENT} p{join} WHERE p.run_id = %s",
            [*params, run.pk],
        )
        row = cursor.fetchone()
    return Totals(*(int(v) for v in row))


@dataclass
class DistrictTotals:
    district: Region
    lines: int
    payees: int
    amount_fen: int
    review: Any = None
    awaiting: bool = False  # the run waits for this district's sign-off (a draft with lines here)

    @property
    def review_label(self) -> str:
        """已复核 / 待复核 while the run waits for it / 未经复核 when the run went on without this district's
        sign-off (the seed's payroll history, closed by the system) / — (no lines here)."""
        if self.review is not None:
            return "已复核"
        if self.awaiting:
            return "待复核"
        return "未经复核" if self.lines else "—"


def payroll_run_district_totals(*, run: PayrollRun, user: User | None) -> list[DistrictTotals]:
    """Lines, payees and amount of the run per district (every district of the tree, also those with no
    lines), with each district's sign-off; a district user sees their own district only."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT d.id, COUNT(*), COUNT(DISTINCT p.person_id), COALESCE(SUM(p.amount_fen), 0)
            FROM {PAYMENT} p
            JOIN {REGION} r ON r.id = p.region_id
            JOIN {REGION} d ON d.level = 'district' AND r.path LIKE d.path || '%%'
            WHERE p.run_id = %s
            GROUP BY d.id
            """,
            [run.pk],
        )
        sums = {row[0]: row[1:] for row in cursor.fetchall()}
    districts = Region.objects.filter(level=Region.Level.DISTRICT)
    region = user_region(user) if user is not None else None
    if user is not None and (region is None or region.parent_id is not None):
        districts = districts.filter(code__in=[c for c in (region.path if region else "").split("/") if c])
    reviews = {r.district_id: r for r in run.reviews.select_related("by")}
    draft = run.status == PayrollRun.Status.DRAFT
    rows = []
    for district in districts.order_by("code"):
        lines, payees, amount = sums.get(district.pk, (0, 0, 0))
        review = reviews.get(district.pk)
        rows.append(
            DistrictTotals(
                district,
                int(lines),
                int(payees),
                int(amount),
                review,
                draft and bool(lines) and review is None,
            )
        )
    return rows


@dataclass
class Comparison:
    """This month against last month's entitlements of the same program (regular lines)."""

    previous_month: date
    previous_lines: int = 0
    previous_fen: int = 0
    new_lines: int = 0
    new_fen: int = 0
    stopped_lines: int = 0
    stopped_fen: int = 0
    changed_lines: int = 0
    changed_delta_fen: int = 0
    new_rows: list[dict] = field(default_factory=list)
    stopped_rows: list[dict] = field(default_factory=list)
    changed_rows: list[dict] = field(default_factory=list)

    @property
    def previous_label(self) -> str:
        return month_label(self.previous_month)


def payroll_run_comparison(*, run: PayrollRun, user: User | None, limit: int = 20) -> Comparison | None:
    """New, stopped and changed lines of a regular run against the month before (issue 4 item 4), within
    the user's scope; ``limit`` example rows of each (names to be masked by the page)."""
    if run.kind != PayrollRun.Kind.REGULAR:
        return None
    prev = month_add(run.month, -1)
    join_c, params_c = _scope_sql(user, "c")
    join_p, params_p = _scope_sql(user, "p")
    cur_where = "c.program_id = %s AND c.kind = 'regular' AND c.month = %s"
    prev_where = "p.program_id = %s AND p.kind = 'regular' AND p.month = %s"
    cur_args: list[Any] = [run.program_id, run.month]
    prev_args: list[Any] = [run.program_id, prev]
    new_sql = (
        f"FROM {PAYMENT} c{join_c} WHERE {cur_where} AND NOT EXISTS (SELECT 1 FROM {PAYMENT} p "
        f"WHERE {prev_where} AND p.enrollment_id = c.enrollment_id)"
    )
    new_args = [*params_c, *cur_args, *prev_args]
    stopped_sql = (
        f"FROM {PAYMENT} p{join_p} WHERE {prev_where} AND NOT EXISTS (SELECT 1 FROM {PAYMENT} c "
        f"WHERE {cur_where} AND c.enrollment_id = p.enrollment_id)"
    )
    stopped_args = [*params_p, *prev_args, *cur_args]
    changed_sql = (
        f"FROM {PAYMENT} c{join_c} JOIN {PAYMENT} p ON p.enrollment_id = c.enrollment_id AND {prev_where} "
        f"WHERE {cur_where} AND p.amount_fen <> c.amount_fen"
    )
    changed_args = [*params_c, *prev_args, *cur_args]
    result = Comparison(previous_month=prev)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COALESCE(SUM(p.amount_fen), 0) FROM {PAYMENT} p{join_p} WHERE {prev_where}",
            [*params_p, *prev_args],
        )
        result.previous_lines, result.previous_fen = (int(v) for v in cursor.fetchone())
        cursor.execute(f"SELECT COUNT(*), COALESCE(SUM(c.amount_fen), 0) {new_sql}", new_args)
        result.new_lines, result.new_fen = (int(v) for v in cursor.fetchone())
        cursor.execute(f"SELECT COUNT(*), COALESCE(SUM(p.amount_fen), 0) {stopped_sql}", stopped_args)
        result.stopped_lines, result.stopped_fen = (int(v) for v in cursor.fetchone())
        cursor.execute(
            f"SELECT COUNT(*), COALESCE(SUM(c.amount_fen - p.amount_fen), 0) {changed_sql}", changed_args
        )
        result.changed_lines, result.changed_delta_fen = (int(v) for v in cursor.fetchone())
        if limit:
            cursor.execute(
                f"SELECT c.enrollment_id, c.person_id, c.amount_fen {new_sql} ORDER BY c.enrollment_id LIMIT {int(limit)}",
                new_args,
            )
            result.new_rows = [
                {"enrollment_id": e, "person_id": p, "amount_fen": a} for e, p, a in cursor.fetchall()
            ]
            cursor.execute(
                f"SELECT p.enrollment_id, p.person_id, p.amount_fen {stopped_sql} ORDER BY p.enrollment_id LIMIT {int(limit)}",
                stopped_args,
            )
            result.stopped_rows = [
                {"enrollment_id": e, "person_id": p, "amount_fen": a} for e, p, a in cursor.fetchall()
            ]
            cursor.execute(
                f"SELECT c.enrollment_id, c.person_id, p.amount_fen, c.amount_fen {changed_sql} ORDER BY c.enrollment_id LIMIT {int(limit)}",
                changed_args,
            )
            result.changed_rows = [
                {"enrollment_id": e, "person_id": pid, "previous_fen": a, "amount_fen": b}
                for e, pid, a, b in cursor.fetchall()
            ]
    _attach_people(result.new_rows + result.stopped_rows + result.changed_rows)
    return result


def _attach_people(rows: list[dict]) -> None:
    from minzheng.registry.models import Person

    people = Person.objects.in_bulk({r["person_id"] for r in rows})
    for row in rows:
        row["person"] = people.get(row["person_id"])


def payments_for_person(*, person: Any, user: User | None = None, limit: int = 24) -> list[Payment]:
    qs = (
        Payment.objects.filter(person=person)
        if user is None
        else Payment.objects.visible_to(user).filter(person=person)
    )
    return list(qs.select_related("program", "run").order_by("-month", "-id")[:limit])
