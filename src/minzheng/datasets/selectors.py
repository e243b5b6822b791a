"""Reads of the aggregate data sets. Definitions are the city's and every reader sees them; values, completions
and approvals through ``visible_to`` (the reporting unit's region in the user's subtree); units through the
region tree's own scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from minzheng.core.models import Region, User
from minzheng.core.roles import can
from minzheng.core.scope import OutOfScopeError, access_scoped, region_within_scope
from minzheng.datasets import rules
from minzheng.datasets.models import Approval, Completion, DataElement, DataSet, DataValue
from minzheng.datasets.services import data_set_elements, unit_version

ONE_DAY = timedelta(days=1)


def data_set_list(*, active_only: bool = False) -> QuerySet[DataSet]:
    qs = DataSet.objects.all()
    return qs.filter(active=True) if active_only else qs


def data_set_get(*, pk: Any) -> DataSet:
    try:
        return DataSet.objects.get(pk=pk)
    except (DataSet.DoesNotExist, ValueError, TypeError) as exc:
        raise OutOfScopeError("汇总报表") from exc


def element_list() -> QuerySet[DataElement]:
    return DataElement.objects.all()


def units(*, user: User, data_set: DataSet) -> QuerySet[Region]:
    """The reporting units of ``data_set`` the user sees (its report level, in the user's subtree)."""
    return Region.objects.visible_to(user).filter(level=data_set.report_level).order_by("code")


def unit_get(*, user: User, data_set: DataSet, code: str) -> Region:
    region = Region.objects.filter(code=code, level=data_set.report_level).first()
    if region is None or not region_within_scope(user, region):
        raise OutOfScopeError("填报单位")
    return access_scoped(user, Region, region.pk, label="填报单位")


def user_default_unit(*, user: User, data_set: DataSet) -> Region | None:
    """The unit the user reports for: their own region when it is at the report level, else the first of theirs."""
    if user.region is not None and user.region.level == data_set.report_level:
        return user.region
    return units(user=user, data_set=data_set).first()


def default_period(data_set: DataSet, today: date) -> date:
    """The period a unit reports now: the last one ended (a monthly report in March is February's)."""
    current = rules.period_start(data_set.period_type, today)
    return rules.period_start(data_set.period_type, current - ONE_DAY)


def recent_periods(data_set: DataSet, today: date, count: int = 12) -> list[date]:
    """The periods to choose from on a page: the current one and those before it, newest first."""
    out, start = [], rules.period_start(data_set.period_type, today)
    for _ in range(count):
        out.append(start)
        start = rules.period_start(data_set.period_type, start - ONE_DAY)
    return out


@dataclass
class EntryRow:
    element: DataElement
    value: Any

    @property
    def display(self) -> str:
        """The stored value as the clerk typed it: 3 for an integer element, 1200.50 for a decimal one."""
        if self.value is None:
            return ""
        if self.element.value_type == rules.ValueType.INTEGER:
            return str(int(self.value))
        return f"{self.value:.2f}"


@dataclass
class Entry:
    rows: list[EntryRow]
    completion: Completion | None
    approval: Approval | None
    version: str

    @property
    def locked(self) -> bool:
        return self.approval is not None and self.approval.state == Approval.State.APPROVED


def entry(*, data_set: DataSet, region: Region, period: date) -> Entry:
    values = {
        v.element_id: v.value
        for v in DataValue.objects.filter(data_set=data_set, region=region, period=period)
    }
    rows = [EntryRow(e, values.get(e.pk)) for e in data_set_elements(data_set)]
    return Entry(
        rows=rows,
        completion=Completion.objects.filter(data_set=data_set, region=region, period=period)
        .select_related("completed_by")
        .first(),
        approval=Approval.objects.filter(data_set=data_set, region=region, period=period)
        .select_related("decided_by")
        .first(),
        version=unit_version(data_set=data_set, region=region, period=period),
    )


@dataclass
class UnitStatus:
    region: Region
    completion: Completion | None
    approval: Approval | None

    @property
    def state(self) -> str:
        if self.approval is not None and self.approval.state == Approval.State.APPROVED:
            return "已审核"
        if self.completion is not None:
            return (
                "已上报待审核" if self.approval is None or self.approval.state != "returned" else "已重新上报"
            )
        if self.approval is not None and self.approval.state == Approval.State.RETURNED:
            return "已退回"
        return "未上报"

    @property
    def approved(self) -> bool:
        return self.approval is not None and self.approval.state == Approval.State.APPROVED


@dataclass
class Completeness:
    rows: list[UnitStatus]

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def reported(self) -> int:
        return sum(1 for r in self.rows if r.completion is not None)

    @property
    def on_time(self) -> int:
        return sum(1 for r in self.rows if r.completion is not None and r.completion.on_time)

    @property
    def approved(self) -> int:
        return sum(1 for r in self.rows if r.approved)

    @property
    def missing(self) -> list[Region]:
        return [r.region for r in self.rows if r.completion is None]

    def rate(self, part: int) -> str:
        return f"{part * 100 / self.expected:.1f}%" if self.expected else "—"

    @property
    def rate_reported(self) -> str:
        return self.rate(self.reported)

    @property
    def rate_on_time(self) -> str:
        return self.rate(self.on_time)


def completeness(
    *, user: User, data_set: DataSet, period: date, within: Region | None = None
) -> Completeness:
    """Every unit the user sees (or under ``within``) that should report ``period``: its report and approval —
    three queries whatever the number of units (DHIS2's reporting rate: expected, actual, on time)."""
    regions = units(user=user, data_set=data_set)
    if within is not None:
        regions = regions.filter(path__startswith=within.path)
    unit_list = list(regions)
    ids = [r.pk for r in unit_list]
    done = {
        c.region_id: c
        for c in Completion.objects.filter(
            data_set=data_set, period=period, region_id__in=ids
        ).select_related("completed_by")
    }
    decided = {
        a.region_id: a
        for a in Approval.objects.filter(data_set=data_set, period=period, region_id__in=ids).select_related(
            "decided_by"
        )
    }
    return Completeness([UnitStatus(r, done.get(r.pk), decided.get(r.pk)) for r in unit_list])


def approvable(*, user: User, data_set: DataSet) -> bool:
    """Does the user sit at the level that approves ``data_set``?"""
    return user.region is not None and user.region.level == data_set.approve_level


def unapprovable(*, user: User, data_set: DataSet) -> bool:
    """May the user take back (取消审核) approvals of ``data_set``: ``datasets.unapprove``, sitting at the approving
    level or above it (``services.period_unapprove`` checks the unit's region too)."""
    return (
        can(user, "datasets.unapprove")
        and user.region is not None
        and rules.level_at_or_above(user.region.level, data_set.approve_level)
    )


def value_rows(*, user: User, data_set: DataSet | None, first: date, last: date) -> QuerySet[DataValue]:
    """The data set's (every data set's, when None) values in the user's subtree for the periods starting within
    [first, last]."""
    qs = DataValue.objects.visible_to(user).filter(period__gte=first, period__lte=last)
    if data_set is not None:
        qs = qs.filter(data_set=data_set)
    return qs.select_related("element", "region", "entered_by").order_by(
        "period", "region__code", "element_id"
    )


def approval_states_any(*, values: list[DataValue]) -> dict[tuple[int, int, date], str]:
    """(data set id, region id, period) → approval state, for a page of values of any data sets."""
    if not values:
        return {}
    found = Approval.objects.filter(
        data_set_id__in={v.data_set_id for v in values},
        region_id__in={v.region_id for v in values},
        period__in={v.period for v in values},
    )
    return {(a.data_set_id, a.region_id, a.period): a.state for a in found}


def approval_states(*, data_set: DataSet, keys: list[tuple[int, date]]) -> dict[tuple[int, date], str]:
    """(region id, period) → approval state, for a page of values."""
    if not keys:
        return {}
    regions = {k[0] for k in keys}
    periods = {k[1] for k in keys}
    return {
        (a.region_id, a.period): a.state
        for a in Approval.objects.filter(data_set=data_set, region_id__in=regions, period__in=periods)
    }
