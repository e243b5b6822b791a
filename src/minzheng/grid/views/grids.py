"""Pages of grids, the worker roster with training records, responsible units and the classification."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.models import User
from minzheng.core.roles import can, roles_with
from minzheng.core.scope import access_scoped
from minzheng.core.web import act_and_back, form_errors_text, staff_view
from minzheng.grid import mapdata, selectors, services
from minzheng.grid.forms import DepartmentForm, GridProfileForm, TrainingForm
from minzheng.grid.models import Department, GridAssignment, GridWorker
from minzheng.grid.services import GridError
from minzheng.grid.views._common import int_or_none, paginate


@staff_view("grid.view")
@require_GET
def grid_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    page = paginate(request, selectors.grid_profiles(user=request.user, q=q))
    return render(request, "grid/grid_list.html", {"page": page, "q": q})


def _boundary(text: str) -> dict:
    """The boundary field: GeoJSON text ("" clears the boundary)."""
    text = text.strip()
    if not text:
        return {}
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise GridError(
            "边界不是有效的 JSON（应为 GeoJSON 的 Polygon 或 MultiPolygon），请在地图上重新绘制后保存",
            field="boundary",
        ) from None


@staff_view("grid.view")
def grid_detail(request: HttpRequest, code: str) -> HttpResponse:
    profile = selectors.grid_profile_get(user=request.user, code=code)
    back = reverse("grid:grid_detail", args=[code])
    if request.method == "POST":
        form = GridProfileForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_errors_text(form))
            return redirect(back)
        data = form.cleaned_data
        return act_and_back(
            request,
            lambda: services.grid_profile_update(
                actor=request.user,
                profile=profile,
                grid_type=data["grid_type"],
                boundary=_boundary(data["boundary"]),
                note=data["note"],
            ),
            success="已保存。",
            back=back,
        )
    assigned = selectors.grid_workers_for_grid(grid=profile)
    context = {
        "profile": profile,
        "boundary": json.dumps(profile.boundary, ensure_ascii=False) if profile.boundary else "",
        "neighbours": mapdata.grid_neighbours(user=request.user, profile=profile),
        "extent": mapdata.grid_extent(user=request.user, region=profile.region.parent),
        "assignments": GridAssignment.objects.filter(grid=profile).select_related("worker__user"),
        "candidates": selectors.grid_workers(user=request.user)
        .filter(status=GridWorker.Status.ACTIVE)
        .exclude(pk__in=assigned.values("pk")),
        "can_manage": can(request.user, "grid.manage"),
        "types": profile.Type.choices,
    }
    return render(request, "grid/grid_detail.html", context)


@staff_view("grid.manage")
@require_POST
def grid_assign(request: HttpRequest, code: str) -> HttpResponse:
    profile = selectors.grid_profile_get(user=request.user, code=code)
    back = reverse("grid:grid_detail", args=[code])
    if request.POST.get("remove"):
        assignment = access_scoped(
            request.user, GridAssignment, int_or_none(request.POST["remove"]), label="网格分配"
        )
        return act_and_back(
            request,
            lambda: services.grid_worker_unassign(actor=request.user, assignment=assignment),
            success="已取消分配。",
            back=back,
        )
    worker = selectors.grid_worker_get(user=request.user, pk=int_or_none(request.POST.get("worker")))
    return act_and_back(
        request,
        lambda: services.grid_worker_assign(actor=request.user, worker=worker, grid=profile),
        success=f"已将{worker}分配到本网格。",
        back=back,
    )


@staff_view("grid.view")
@require_GET
def worker_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.grid_workers(user=request.user))
    can_manage = can(request.user, "grid.manage")
    unlisted = (
        User.objects.filter(
            role__in=roles_with("grid.serve"),
            is_active=True,
            region__path__startswith=request.user.region.path,
        )
        .filter(grid_worker__isnull=True)
        .order_by("username")[:200]
        if can_manage
        else User.objects.none()
    )
    context = {"page": page, "unlisted": unlisted, "can_manage": can_manage}
    return render(request, "grid/worker_list.html", context)


@staff_view("grid.manage")
@require_POST
def worker_register(request: HttpRequest) -> HttpResponse:
    back = reverse("grid:worker_list")
    user = User.objects.filter(
        pk=int_or_none(request.POST.get("user")), region__path__startswith=request.user.region.path
    ).first()
    if user is None:
        messages.error(request, "请选择辖区内的网格员账号")
        return redirect(back)
    return act_and_back(
        request,
        lambda: services.grid_worker_register(
            actor=request.user, user=user, employee_no=request.POST.get("employee_no", "")
        ),
        success=f"已将{user}加入名册。",
        back=back,
    )


@staff_view("grid.view")
def worker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    worker = selectors.grid_worker_get(user=request.user, pk=pk)
    back = reverse("grid:worker_detail", args=[pk])
    if request.method == "POST":
        form = TrainingForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_errors_text(form))
            return redirect(back)
        return act_and_back(
            request,
            lambda: services.training_record_add(actor=request.user, worker=worker, **form.cleaned_data),
            success="已登记培训。",
            back=back,
        )
    context = {
        "worker": worker,
        "grids": worker.assignments.select_related("grid__region"),
        "trainings": worker.trainings.all(),
        "can_manage": can(request.user, "grid.manage"),
    }
    return render(request, "grid/worker_detail.html", context)


@staff_view("grid.view")
def department_list(request: HttpRequest) -> HttpResponse:
    back = reverse("grid:department_list")
    if request.method == "POST":
        form = DepartmentForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_errors_text(form))
            return redirect(back)
        data = form.cleaned_data
        region = data["region"]
        return act_and_back(
            request,
            lambda: services.department_create(
                actor=request.user,
                name=data["name"],
                function=data["function"],
                region=region,
                phone=data["phone"],
            ),
            success="已新增处置单位。",
            back=back,
        )
    context = {
        "departments": selectors.departments(user=request.user),
        "functions": Department.Function.choices,
        "can_manage": can(request.user, "department.manage"),
        "form": DepartmentForm(initial={"region": request.user.region.code}),
    }
    return render(request, "grid/department_list.html", context)


@staff_view("grid.view")
def department_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit of the user's list (in their region or above it); its accounts are set by the dispatching
    levels of its own region."""
    department = selectors.department_get(user=request.user, pk=pk)
    if request.method == "POST":
        chosen = [int(v) for v in request.POST.getlist("users") if v.isdigit()]
        users = list(selectors.institution_operators(department=department).filter(pk__in=chosen))
        return act_and_back(
            request,
            lambda: services.department_users_set(actor=request.user, department=department, users=users),
            success="已保存经办账号。",
            back=reverse("grid:department_detail", args=[pk]),
        )
    can_manage = selectors.department_manageable(user=request.user, department=department)
    context = {
        "department": department,
        "members": department.users.select_related("region").order_by("username"),
        "member_ids": set(department.users.values_list("pk", flat=True)),
        "candidates": selectors.institution_operators(department=department) if can_manage else [],
        "can_manage": can_manage,
    }
    return render(request, "grid/department_detail.html", context)


@staff_view("grid.view")
@require_GET
def category_list(request: HttpRequest) -> HttpResponse:
    return render(request, "grid/category_list.html", {"tree": selectors.category_tree()})
