"""The ledger's tasks in 我的待办 (``casework.worklist``): a payroll run waiting for the district's 区局复核, and a
reviewed run waiting for the city's 审批. Each lists only what the user could do now — the step the services
would accept from them (``services.payroll.payroll_run_review`` / ``payroll_run_approve``) — with a link to
the run's page. Registered from ``contributions.py`` with the capability of the step::

    worklist_source_register("工资单复核", payroll_review_tasks, capability=<复核工资单>)
    worklist_source_register("工资单审批", payroll_approve_tasks, capability=<审批工资单>)
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from minzheng.benefits.models import Payment, PayrollRun
from minzheng.benefits.selectors import payroll_run_list
from minzheng.casework.worklist import WorkItem
from minzheng.core.models import Region, User
from minzheng.core.scope import user_region

LIMIT = 50  # a worklist shows the oldest few; there are rarely more than a handful


def _ready(qs: QuerySet[PayrollRun]) -> QuerySet[PayrollRun]:
    """Computed, not computing, not stale: a run the step may be taken on (``_ready_require``)."""
    return qs.filter(computing=False, stale=False, computed_at__isnull=False)


def _item(run: PayrollRun, *, step: str, region: str) -> WorkItem:
    return WorkItem(
        title=str(run),
        url=reverse("benefits:run_detail", args=[run.pk]),
        step=step,
        region=region,
        since=run.reviewed_at or run.computed_at,
    )


def payroll_review_tasks(user: User) -> list[WorkItem]:
    """区局复核 waiting for the user's district: draft runs with lines in the district that the district has
    not signed off yet, and that the user did not make (the maker may not review)."""
    district = user_region(user)
    if district is None or district.level != Region.Level.DISTRICT:
        return []
    lines_here = Payment.objects.filter(run=OuterRef("pk"), region__path__startswith=district.path)
    runs = (
        _ready(payroll_run_list(user=user).filter(status=PayrollRun.Status.DRAFT))
        .exclude(created_by=user)
        .exclude(reviews__district=district)
        .filter(Exists(lines_here))
        .order_by("month", "program_id", "id")[:LIMIT]
    )
    return [_item(run, step=f"待区局复核（{district.name}）", region=district.name) for run in runs]


def payroll_approve_tasks(user: User) -> list[WorkItem]:
    """审批 waiting for a city manager: reviewed runs the user neither made nor reviewed (maker-checker),
    a regular run only once every earlier month of its program is approved (runs are approved in order)."""
    region = user_region(user)
    if region is None or region.parent_id is not None:
        return []
    earlier_open = PayrollRun.objects.filter(
        program=OuterRef("program"),
        kind=PayrollRun.Kind.REGULAR,
        month__lt=OuterRef("month"),
        status__in=[PayrollRun.Status.DRAFT, PayrollRun.Status.REVIEWED],
    )
    runs = (
        _ready(payroll_run_list(user=user).filter(status=PayrollRun.Status.REVIEWED))
        .exclude(created_by=user)
        .exclude(reviews__by=user)
        .exclude(Q(kind=PayrollRun.Kind.REGULAR) & Exists(earlier_open))
        .order_by("month", "program_id", "id")[:LIMIT]
    )
    return [_item(run, step="待审批", region=region.name) for run in runs]
