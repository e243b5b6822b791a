"""Cases whose every step happened in the past, written set-based: the migration of an old platform's
history (历史数据迁移) and the synthetic year of the seed, at hundreds of thousands of cases a run.

Each case is given as a :class:`CaseSpec` — its type, region, title, subject, who registered it and
when, and the ordered steps taken (:class:`StepSpec`: action, actor, moment, comment). :func:`cases_plan`
checks every spec in Python exactly as the row-at-a-time services would have checked it
(``case_open`` and ``case_transition``, through the same helpers ``move_check`` and ``move_apply``):

* the registering user's region contains the case's region (unless ``check_scope=False``, as for the
  hotline and Open311 channels, which ``case_open`` also lets file anywhere);
* each step is a transition declared from the state reached so far, its actor's role holds the move's
  capability, the move is open at its moment (``available_from``, e.g. after the 7 days of 公示), a
  required comment is given, and the actor's region contains the case's (``access_scoped``);
* the moments are in order (registration ≤ first step ≤ second step …) and none is after now.

The actors' accounts are checked with their role and region as they are now; an account disabled since
is accepted (the step was taken while they were in post). Only transitions are replayed: 延期, 督办 and
指派 (``case_extend``, ``case_supervise``, ``case_assign``) are not part of a migrated history.

It computes the case's fields by the services' rules — state, ``state_entered_at``, ``state_due_at``,
``due_at`` (from registration, or from the first taking of the type's ``total_deadline_from``),
``closed_at`` — and returns one :class:`CasePlan` per spec. :func:`cases_write` then reserves the
primary keys (PostgreSQL: ``nextval`` of the table's sequence, in one query), numbers the cases as
``case_open`` does (prefix + region code[:6] + year + pk in 8 digits) and writes the cases and their
timelines with COPY (PostgreSQL) or one ``executemany`` per table (SQLite), plus one audit entry for the
batch (the model signals that audit a single save are bypassed).

**Contract with the domains.** The case type's ``on_transition`` is *not* run per case: a domain that
records history writes its own rows set-based from the plans (the grid: ``grid/services/history.py``).
A domain whose ``on_transition`` also changes the case (e.g. sets ``state_due_at`` from its own data)
adjusts the plan's fields before :func:`cases_write`, so that the written case equals what the services
would have left. An invalid spec raises :class:`BulkCaseError` naming the item (its 1-based position in
the input) and the step; run inside one transaction (as :func:`cases_record` does), nothing of the
batch is written.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from minzheng.casework.errors import CaseError
from minzheng.casework.models import Case, CaseEvent
from minzheng.casework.moves import case_number, move_apply, move_check, open_deadlines
from minzheng.casework.types import CaseType, Transition, case_type_get
from minzheng.core.audit import Action, audit_append
from minzheng.core.bulk import chunked, copy_columns
from minzheng.core.models import Region, User
from minzheng.core.roles import Role, role_can

BATCH_SIZE = 5000


class BulkCaseError(CaseError):
    """A refused item of a bulk write; ``position`` is its 1-based place in the input, ``step`` the
    1-based step (0: the registration itself). Made by :func:`bulk_refusal` (the constructor is the one of
    every ``DomainError``)."""

    position: int = 0
    step: int = 0


def bulk_refusal(message: str, *, position: int, step: int = 0) -> BulkCaseError:
    refused = BulkCaseError(message)
    refused.position, refused.step = position, step
    return refused


@dataclass(frozen=True)
class StepSpec:
    action: str
    actor: int  # user id
    at: datetime
    comment: str = ""


@dataclass(frozen=True)
class CaseSpec:
    case_type: str
    region: int  # region id
    title: str
    opened_at: datetime
    steps: Sequence[StepSpec] = ()
    subject: int | None = None  # registry person id
    opened_by: int | None = None  # user id
    comment: str = ""  # the 登记 row's comment
    check_scope: bool = True  # False: filed by an intake channel (hotline, Open311) for any region


@dataclass
class CasePlan:
    """A checked spec with the case's computed fields; ``moves`` pairs each step with its transition.
    ``pk`` and ``number`` are set by :func:`cases_write`."""

    spec: CaseSpec
    kind: type[CaseType]
    region: Region
    state: str
    state_entered_at: datetime
    state_due_at: datetime | None
    due_at: datetime | None
    closed_at: datetime | None = None
    extended: bool = False
    moves: list[tuple[StepSpec, Transition, str]] = field(default_factory=list)  # step, move, from state
    pk: int = 0
    number: str = ""


@dataclass(frozen=True)
class _Account:
    role: str
    path: str


class Lookups:
    """Regions and accounts by id, loaded once per id for the whole run (a few thousand rows)."""

    def __init__(self) -> None:
        self.regions: dict[int, Region] = {}
        self.accounts: dict[int, _Account | None] = {}

    def load(self, specs: Sequence[CaseSpec]) -> None:
        self.regions_load({s.region for s in specs})
        user_ids = {s.opened_by for s in specs if s.opened_by is not None}
        self.accounts_load(user_ids | {step.actor for s in specs for step in s.steps})

    def regions_load(self, ids: Iterable[int]) -> None:
        missing = set(ids) - self.regions.keys()
        if missing:
            self.regions.update(Region.objects.in_bulk(missing))

    def accounts_load(self, ids: Iterable[int]) -> None:
        user_ids = set(ids) - self.accounts.keys()
        if user_ids:
            found = User.objects.filter(pk__in=user_ids).values_list("pk", "role", "region__path")
            self.accounts.update({pk: _Account(role, path or "") for pk, role, path in found})
            self.accounts.update({pk: None for pk in user_ids - self.accounts.keys()})


_ROLE_LABELS = dict(Role.choices)


def _plan_one(spec: CaseSpec, position: int, *, lookups: Lookups, now: datetime) -> CasePlan:
    def refuse(message: str, step: int = 0, label: str = "") -> BulkCaseError:
        where = f"第{position}项" + (f"第{step}步（{label}）" if step else "")
        return bulk_refusal(f"{where}：{message}", position=position, step=step)

    try:
        kind = case_type_get(spec.case_type)
    except KeyError:
        raise refuse(f"未知的案件类型“{spec.case_type}”") from None
    region = lookups.regions.get(spec.region)
    if region is None:
        raise refuse(f"区划（编号{spec.region}）不存在")
    if spec.opened_at > now:
        raise refuse("登记时间晚于当前时间，历史记录不能发生在将来")
    if spec.opened_by is not None:
        opener = lookups.accounts.get(spec.opened_by)
        if opener is None:
            raise refuse(f"登记人（用户编号{spec.opened_by}）不存在")
        if spec.check_scope and not region.path.startswith(opener.path or "\0"):
            raise refuse(f"“{region.name}”不在登记人的管辖范围内，不能在此登记")
    plan = CasePlan(
        spec=spec, kind=kind, region=region, state=kind.initial, state_entered_at=spec.opened_at,
        **open_deadlines(kind, spec.opened_at),
    )  # fmt: skip
    last = spec.opened_at
    taken: set[str] = set()
    for n, step in enumerate(spec.steps, start=1):
        label = kind.action_label(step.action)
        account = lookups.accounts.get(step.actor)
        if account is None:
            raise refuse(f"操作人（用户编号{step.actor}）不存在", n, label)
        if step.at < last:
            raise refuse("时间早于上一步，各步须按时间先后排列", n, label)
        if step.at > now:
            raise refuse("时间晚于当前时间，历史记录不能发生在将来", n, label)
        if not region.path.startswith(account.path or "\0"):
            raise refuse(f"“{region.name}”不在操作人的管辖范围内", n, label)
        try:
            transition = move_check(
                kind, case=plan, action=step.action, may=functools.partial(role_can, account.role),
                who=_ROLE_LABELS.get(account.role, account.role), comment=step.comment, at=step.at,
            )  # fmt: skip
        except CaseError as exc:
            raise refuse(exc.message, n, label) from exc
        from_state = plan.state
        move_apply(kind, plan, transition, at=step.at, first_taking=step.action not in taken)
        taken.add(step.action)
        plan.moves.append((step, transition, from_state))
        last = step.at
    return plan


def cases_plan(
    specs: Sequence[CaseSpec],
    *,
    lookups: Lookups | None = None,
    start: int = 1,
    now: datetime | None = None,
) -> list[CasePlan]:
    """Check ``specs`` and compute each case's fields (module docstring). ``start``: the position of the
    first spec in the whole input, for the messages. Raises :class:`BulkCaseError` at the first bad one."""
    lookups = lookups or Lookups()
    lookups.load(specs)
    now = now or timezone.now()
    return [
        _plan_one(spec, position, lookups=lookups, now=now)
        for position, spec in enumerate(specs, start=start)
    ]


# --- writing ---------------------------------------------------------------------------------------------


def _reserve_pks(count: int) -> list[int]:
    """``count`` new primary keys for cases: from the table's sequence on PostgreSQL (safe alongside
    other writers); after the largest one in use on SQLite (one writer at a time, inside the batch's
    transaction)."""
    table = Case._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)",
                [count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        top = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        first = max(top, row[0] if row else 0) + 1
        return list(range(first, first + count))


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def rows_copy(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write ``rows`` (values of ``columns``) into the model's table: COPY on PostgreSQL, one
    ``executemany`` on SQLite; the columns not given get their defaults. Values are plain Python (aware
    datetimes, dicts for JSON). Returns the number of rows."""
    all_columns, extra = copy_columns(model, columns)
    table, names = model._meta.db_table, ", ".join(all_columns)
    count = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([json.dumps(v) if isinstance(v, dict | list) else v for v in (*row, *extra)])
                count += 1
        return count
    block = [tuple(_sqlite_value(v) for v in (*row, *extra)) for row in rows]
    marks = ", ".join(["%s"] * len(all_columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", block)  # noqa: S608
    return len(block)


_CASE_COLUMNS = (
    "id", "case_type", "number", "title", "state", "region_id", "subject_id", "opened_by_id", "opened_at",
    "assignee_id", "state_entered_at", "state_due_at", "due_at", "extended", "supervised", "closed_at",
)  # fmt: skip
_EVENT_COLUMNS = ("case_id", "at", "actor_id", "action", "action_label", "from_state", "to_state", "comment")


def _timeline(plans: Sequence[CasePlan]) -> Iterator[tuple[Any, ...]]:
    for p in plans:
        s = p.spec
        yield (p.pk, s.opened_at, s.opened_by, "open", "登记", "", p.kind.initial, s.comment)
        for step, transition, from_state in p.moves:
            yield (
                p.pk, step.at, step.actor, step.action, transition.label, from_state, transition.target,
                step.comment,
            )  # fmt: skip


def cases_write(plans: Sequence[CasePlan], *, actor: User | None = None, label: str = "历史案件迁移") -> int:
    """Write the planned cases and their timelines (module docstring); sets each plan's ``pk`` and
    ``number``. One audit entry for the batch, named ``label``. All or nothing (its own transaction, or
    a savepoint of the caller's)."""
    if not plans:
        return 0
    with transaction.atomic():
        return _write(plans, actor=actor, label=label)


def _write(plans: Sequence[CasePlan], *, actor: User | None, label: str) -> int:
    for plan, pk in zip(plans, _reserve_pks(len(plans)), strict=True):
        plan.pk = pk
        plan.number = case_number(plan.kind, plan.region, plan.spec.opened_at, pk)
    rows_copy(
        Case,
        _CASE_COLUMNS,
        (
            (
                p.pk,
                p.kind.code,
                p.number,
                p.spec.title[:200],
                p.state,
                p.region.pk,
                p.spec.subject,
                p.spec.opened_by,
                p.spec.opened_at,
                None,
                p.state_entered_at,
                p.state_due_at,
                p.due_at,
                p.extended,
                False,
                p.closed_at,
            )  # fmt: skip
            for p in plans
        ),
    )
    steps = rows_copy(CaseEvent, _EVENT_COLUMNS, _timeline(plans))
    by_type: dict[str, int] = {}
    for p in plans:
        by_type[p.kind.code] = by_type.get(p.kind.code, 0) + 1
    audit_append(
        action=Action.IMPORT,
        actor=actor,
        object_type=Case._meta.label_lower,
        object_repr=f"{label}{len(plans)}件",
        detail=f"{plans[0].number}～{plans[-1].number}",
        after={"cases": len(plans), "timeline_rows": steps, "by_type": by_type},
    )
    return len(plans)


def cases_record(
    *,
    actor: User | None,
    specs: Iterable[CaseSpec],
    batch_size: int = BATCH_SIZE,
    label: str = "历史案件迁移",
) -> int:
    """Check and write past cases (module docstring) in one transaction, ``batch_size`` at a time (one
    audit entry each); an invalid spec anywhere refuses the whole call. ``on_transition`` is not run:
    this is for case types without domain rows, or for a domain that writes its own (see the contract)."""
    lookups = Lookups()
    now = timezone.now()
    written = 0
    with transaction.atomic():
        for chunk in chunked(specs, batch_size):
            plans = cases_plan(chunk, lookups=lookups, start=written + 1, now=now)
            written += cases_write(plans, actor=actor, label=label)
    return written
