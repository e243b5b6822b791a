"""Pages of grids, the worker roster with training records, responsible units and the classification."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.core.scope import access_scoped
from minzheng.grid import selectors, services
from minzheng.grid.forms import DepartmentForm, GridProfileForm, TrainingForm, form_error
from minzheng.grid.models import Department, GridAssignment, GridWorker
from minzheng.grid.services import GridError
from minzheng.grid.services.departments import DEPARTMENT_MANAGERS
from minzheng.grid.views._common import MANAGER_ROLES, grid_view, int_or_none, paginate


@grid_view()
@require_GET
def grid_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    page = paginate(request, selectors.grid_profiles(user=request.user, q=q))
    return render(request, "grid/grid_list.html", {"page": page, "q": q})


@grid_view()
def grid_detail(request: HttpRequest, code: str) -> HttpResponse:
    profile = selectors.grid_profile_get(user=request.user, code=code)
    if request.method == "POST":
        form = GridProfileForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_error(form))
            return redirect("grid:grid_detail", code=code)
        try:
            text = form.cleaned_data["boundary"].strip()
            boundary = {} if not text else json.loads(text)
        except json.JSONDecodeError:
            messages.error(request, "边界不是有效的 JSON")
            return redirect("grid:grid_detail", code=code)
        try:
            services.grid_profile_update(
                actor=request.user,
                profile=profile,
                grid_type=form.cleaned_data["grid_type"],
                boundary=boundary,
                note=form.cleaned_data["note"],
            )
            messages.success(request, "已保存。")
        except (GridError, PermissionDenied) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("grid:grid_detail", code=code)
    assigned = selectors.grid_workers_for_grid(grid=profile)
    context = {
        "profile": profile,
        "boundary": json.dumps(profile.boundary, ensure_ascii=False) if profile.boundary else "",
        "assignments": GridAssignment.objects.filter(grid=profile).select_related("worker__user"),
        "candidates": selectors.grid_workers(user=request.user)
        .filter(status=GridWorker.Status.ACTIVE)
        .exclude(pk__in=assigned.values("pk")),
        "can_manage": request.user.role in MANAGER_ROLES,
        "types": profile.Type.choices,
    }
    return render(request, "grid/grid_detail.html", context)


@grid_view(MANAGER_ROLES)
@require_POST
def grid_assign(request: HttpRequest, code: str) -> HttpResponse:
    profile = selectors.grid_profile_get(user=request.user, code=code)
    try:
        if request.POST.get("remove"):
            assignment = access_scoped(
                request.user, GridAssignment, int_or_none(request.POST["remove"]), label="网格分配"
            )
            services.grid_worker_unassign(actor=request.user, assignment=assignment)
            messages.success(request, "已取消分配。")
        else:
            worker = selectors.grid_worker_get(user=request.user, pk=int_or_none(request.POST.get("worker")))
            services.grid_worker_assign(actor=request.user, worker=worker, grid=profile)
            messages.success(request, f"已将{worker}分配到本网格。")
    except (GridError, PermissionDenied) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    return redirect("grid:grid_detail", code=code)


@grid_view()
@require_GET
def worker_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.grid_workers(user=request.user))
    unlisted = (
        User.objects.filter(
            role=Role.GRID_WORKER, is_active=True, region__path__startswith=request.user.region.path
        )
        .filter(grid_worker__isnull=True)
        .order_by("username")[:200]
    )
    context = {"page": page, "unlisted": unlisted, "can_manage": request.user.role in MANAGER_ROLES}
    return render(request, "grid/worker_list.html", context)


@grid_view(MANAGER_ROLES)
@require_POST
def worker_register(request: HttpRequest) -> HttpResponse:
    user = User.objects.filter(
        pk=int_or_none(request.POST.get("user")), region__path__startswith=request.user.region.path
    ).first()
    if user is None:
        messages.error(request, "请选择辖区内的网格员账号")
        return redirect("grid:worker_list")
    try:
        worker = services.grid_worker_register(
            actor=request.user, user=user, employee_no=request.POST.get("employee_no", "")
        )
        messages.success(request, f"已将{worker}加入名册。")
    except (GridError, PermissionDenied) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    return redirect("grid:worker_list")


@grid_view()
def worker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    worker = selectors.grid_worker_get(user=request.user, pk=pk)
    if request.method == "POST":
        form = TrainingForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_error(form))
        else:
            try:
                services.training_record_add(actor=request.user, worker=worker, **form.cleaned_data)
                messages.success(request, "已登记培训。")
            except (GridError, PermissionDenied) as exc:
                messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("grid:worker_detail", pk=pk)
    context = {
        "worker": worker,
        "grids": worker.assignments.select_related("grid__region"),
        "trainings": worker.trainings.all(),
        "can_manage": request.user.role in MANAGER_ROLES,
    }
    return render(request, "grid/worker_detail.html", context)


@grid_view()
def department_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = DepartmentForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_error(form))
            return redirect("grid:department_list")
        data = form.cleaned_data
        region = Region.objects.filter(code=data["region"].strip()).first()
        try:
            services.department_create(
                actor=request.user,
                name=data["name"],
                function=data["function"],
                region=region,
                phone=data["phone"],
            )
            messages.success(request, "已新增处置单位。")
        except (GridError, PermissionDenied) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("grid:department_list")
    context = {
        "departments": selectors.departments(user=request.user),
        "functions": Department.Function.choices,
        "can_manage": request.user.role in DEPARTMENT_MANAGERS,
    }
    return render(request, "grid/department_list.html", context)


@grid_view()
def department_detail(request: HttpRequest, pk: int) -> HttpResponse:
    department = selectors.department_get(user=request.user, pk=pk)
    if request.method == "POST":
        chosen = [int(v) for v in request.POST.getlist("users") if v.isdigit()]
        users = list(selectors.institution_operators(department=department).filter(pk__in=chosen))
        try:
            services.department_users_set(actor=request.user, department=department, users=users)
            messages.success(request, "已保存经办账号。")
        except (GridError, PermissionDenied) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("grid:department_detail", pk=pk)
    context = {
        "department": department,
        "members": set(department.users.values_list("pk", flat=True)),
        "candidates": selectors.institution_operators(department=department),
        "can_manage": request.user.role in DEPARTMENT_MANAGERS,
    }
    return render(request, "grid/department_detail.html", context)


@grid_view()
@require_GET
def category_list(request: HttpRequest) -> HttpResponse:
    return render(request, "grid/category_list.html", {"tree": selectors.category_tree()})
