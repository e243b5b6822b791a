"""Writes of grids and their workers: grid profiles (type, boundary), the worker roster, assignments
and training records."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from minzheng.core.audit import Action, audit_append
from minzheng.core.models import Region, User
from minzheng.core.roles import can, require
from minzheng.core.scope import access_scoped, region_within_scope
from minzheng.grid.geo import BBox, BoundaryError, GridIndex, boundary_bbox, boundary_check
from minzheng.grid.models import GridAssignment, GridProfile, GridWorker, TrainingRecord
from minzheng.grid.services._common import GridError, check_text


def grid_profiles_ensure() -> int:
    """Create the missing profiles of every grid (type from the community's 城乡属性), set-based.
    Returns how many were created; writes one audit entry for them."""
    missing = Region.objects.filter(level=Region.Level.GRID, grid_profile__isnull=True).values_list(
        "pk", "kind"
    )
    rows = [
        GridProfile(
            region_id=pk,
            grid_type=GridProfile.Type.RURAL if kind == Region.Kind.RURAL else GridProfile.Type.URBAN,
        )
        for pk, kind in missing
    ]
    GridProfile.objects.bulk_create(rows, batch_size=2000)
    if rows:
        audit_append(action=Action.BULK, object_type="grid.gridprofile", detail=f"建立网格档案{len(rows)}个")
    return len(rows)


def grid_profile_update(
    *,
    actor: User,
    profile: GridProfile,
    grid_type: str | None = None,
    boundary: Any = None,
    note: str | None = None,
) -> GridProfile:
    """Change a grid's type, boundary (GeoJSON Polygon/MultiPolygon; ``{}`` clears it) or note."""
    require(actor, "grid.manage")
    with transaction.atomic():
        profile = access_scoped(
            actor, GridProfile.objects.select_related("region"), profile.pk, lock=True, label="网格"
        )
        if grid_type is not None:
            if grid_type not in GridProfile.Type.values:
                raise GridError(f"网格类型“{grid_type}”无效", field="grid_type")
            profile.grid_type = grid_type
        if boundary is not None:
            _set_boundary(profile, boundary)
            grid_index_reset()
        if note is not None:
            profile.note = check_text(note, field="note", label="备注", max_length=200)
        profile.save()
    return profile


def _set_boundary(profile: GridProfile, boundary: Any) -> None:
    if boundary in ({}, ""):
        profile.boundary = None
        profile.min_lat = profile.max_lat = profile.min_long = profile.max_long = None
        return
    try:
        geometry = boundary_check(boundary)
    except BoundaryError as exc:
        raise GridError(exc.message, field=exc.field) from exc
    box = boundary_bbox(geometry)
    profile.boundary = geometry
    profile.min_lat, profile.max_lat = box.min_lat, box.max_lat
    profile.min_long, profile.max_long = box.min_long, box.max_long
    profile.boundary_generated = False


INDEX_TTL = 60.0  # seconds: a changed boundary is used by every process within this time
_index: list[Any] = [0.0, None]


def grid_index() -> GridIndex:
    """The bounded grids, indexed for placing points (kept per process for ``INDEX_TTL`` seconds)."""
    loaded_at, index = _index
    if index is None or time.monotonic() - loaded_at > INDEX_TTL:
        rows = GridProfile.objects.filter(boundary__isnull=False).values_list(
            "region_id", "boundary", "min_lat", "max_lat", "min_long", "max_long"
        )
        index = GridIndex([(r[0], r[1], BBox(*r[2:])) for r in rows])
        _index[:] = [time.monotonic(), index]
    return index


def grid_index_reset() -> None:
    _index[:] = [0.0, None]


def grid_locate(*, lat: float, long: float) -> Region | None:
    """The grid whose boundary contains the point."""
    region_id = grid_index().locate(lat=lat, long=long)
    return Region.objects.get(pk=region_id) if region_id else None


def grid_worker_register(
    *, actor: User, user: User, employee_no: str = "", hired_on: date | None = None
) -> GridWorker:
    """Put an account with the 网格员 role on the roster (once)."""
    require(actor, "grid.manage")
    if not user.is_active:
        raise GridError(f"账号“{user}”已停用", field="user")
    if not can(user, "grid.serve"):
        raise GridError(f"账号“{user}”的角色不是网格员", field="user")
    if not region_within_scope(actor, user.region):
        raise GridError(f"网格员“{user}”不在您的管辖范围内", field="user")
    if GridWorker.objects.filter(user=user).exists():
        raise GridError(f"“{user}”已在网格员名册中", field="user")
    return GridWorker.objects.create(
        user=user,
        employee_no=check_text(employee_no, field="employee_no", label="工号", max_length=20),
        hired_on=hired_on,
    )


def grid_worker_assign(
    *, actor: User, worker: GridWorker, grid: GridProfile, since: date | None = None
) -> GridAssignment:
    """Make ``worker`` responsible for ``grid``. The grid must lie within the worker's account region (so
    the worker can see what they answer for) and within the actor's."""
    require(actor, "grid.manage")
    worker = access_scoped(
        actor, GridWorker.objects.select_related("user__region"), worker.pk, label="网格员"
    )
    grid = access_scoped(actor, GridProfile.objects.select_related("region"), grid.pk, label="网格")
    if worker.status != GridWorker.Status.ACTIVE:
        raise GridError(f"网格员“{worker}”已离岗", field="worker")
    if not region_within_scope(worker.user, grid.region):
        raise GridError(
            f"网格“{grid.region.name}”不在网格员账号的区划（{worker.user.region.name}）内", field="grid"
        )
    assignment, created = GridAssignment.objects.get_or_create(
        grid=grid, worker=worker, defaults={"since": since or timezone.localdate()}
    )
    if not created:
        raise GridError(f"“{worker}”已负责网格“{grid.region.name}”", field="grid")
    return assignment


def grid_worker_unassign(*, actor: User, assignment: GridAssignment) -> None:
    require(actor, "grid.manage")
    access_scoped(actor, GridAssignment, assignment.pk, label="网格分配").delete()


def grid_worker_leave(*, actor: User, worker: GridWorker, left_on: date) -> GridWorker:
    """离岗: the worker leaves; their grid assignments end."""
    require(actor, "grid.manage")
    with transaction.atomic():
        worker = access_scoped(actor, GridWorker, worker.pk, lock=True, label="网格员")
        worker.status, worker.left_on = GridWorker.Status.LEFT, left_on
        worker.save()
        for assignment in worker.assignments.all():
            assignment.delete()
    return worker


def training_record_add(
    *,
    actor: User,
    worker: GridWorker,
    title: str,
    held_on: date | None,
    hours: Any,
    organiser: str = "",
    passed: bool = True,
) -> TrainingRecord:
    """One person-time of training."""
    require(actor, "grid.manage")
    worker = access_scoped(actor, GridWorker, worker.pk, label="网格员")
    if held_on is None or held_on > timezone.localdate():
        raise GridError("请填写培训日期（不晚于今天）", field="held_on")
    try:
        hours_d = Decimal(str(hours)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise GridError("学时须为数字", field="hours") from None
    if not Decimal("0") < hours_d <= Decimal("200"):
        raise GridError("学时须在0～200之间", field="hours")
    return TrainingRecord.objects.create(
        worker=worker,
        title=check_text(title, field="title", label="培训内容", max_length=100, required=True),
        held_on=held_on,
        hours=hours_d,
        organiser=check_text(organiser, field="organiser", label="组织单位", max_length=100),
        passed=passed,
    )
