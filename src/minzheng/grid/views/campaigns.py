"""Pages of door-to-door campaigns (排查任务) and home medical observations (居家医学观察)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from minzheng.core.models import Region
from minzheng.grid import selectors, services
from minzheng.grid.forms import (
    CampaignForm,
    CheckInForm,
    ObservationEndForm,
    ObservationForm,
    VisitForm,
    form_error,
)
from minzheng.grid.models import Campaign, MedicalObservation, Visit
from minzheng.grid.services import GridError
from minzheng.grid.services.campaigns import CAMPAIGN_MANAGERS, FIELD_ROLES
from minzheng.grid.views._common import grid_view
from minzheng.registry.models import Household, Person


def _refused(request: HttpRequest, exc: Exception) -> None:
    messages.error(request, getattr(exc, "message", str(exc)))


@grid_view()
def campaign_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = CampaignForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_error(form))
            return redirect("grid:campaign_list")
        try:
            campaign = services.campaign_create(
                actor=request.user, region=request.user.region, **form.cleaned_data
            )
            messages.success(request, "已发起排查任务，请下达到网格。")
            return redirect("grid:campaign_detail", pk=campaign.pk)
        except (GridError, PermissionDenied) as exc:
            _refused(request, exc)
            return redirect("grid:campaign_list")
    context = {
        "campaigns": selectors.campaigns(user=request.user),
        "kinds": Campaign.Kind.choices,
        "can_manage": request.user.role in CAMPAIGN_MANAGERS,
    }
    return render(request, "grid/campaign_list.html", context)


@grid_view()
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    if request.method == "POST":
        under = (
            Region.objects.visible_to(request.user)
            .filter(code=request.POST.get("region", "").strip())
            .first()
        )
        if under is None:
            messages.error(request, "请填写您辖区内的区划或网格代码")
            return redirect("grid:campaign_detail", pk=pk)
        grids = list(Region.objects.filter(level=Region.Level.GRID, path__startswith=under.path))
        try:
            rows = services.campaign_grids_assign(actor=request.user, campaign=campaign, grids=grids)
            messages.success(request, f"已下达到{len(rows)}个网格。")
        except (GridError, PermissionDenied) as exc:
            _refused(request, exc)
        return redirect("grid:campaign_detail", pk=pk)
    by_grid = selectors.campaign_progress_by_grid(user=request.user, campaign=campaign)
    context = {
        "campaign": campaign,
        "by_grid": by_grid,
        "by_worker": selectors.campaign_progress_by_worker(user=request.user, campaign=campaign),
        "target": sum(p.target for p in by_grid),
        "visited": sum(p.visited for p in by_grid),
        "newcomers": sum(p.newcomers for p in by_grid),
        "can_manage": request.user.role in CAMPAIGN_MANAGERS,
    }
    return render(request, "grid/campaign_detail.html", context)


@grid_view()
def campaign_grid(request: HttpRequest, pk: int) -> HttpResponse:
    """One grid of a campaign: its households with their visit status, and the visit form."""
    row = selectors.campaign_grid_get(user=request.user, pk=pk)
    if request.method == "POST":
        form = VisitForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_error(form))
            return redirect("grid:campaign_grid", pk=pk)
        data = form.cleaned_data
        household = Household.objects.filter(pk=data.pop("household"), region=row.grid).first()
        if household is None:
            messages.error(request, "请选择本网格的户")
            return redirect("grid:campaign_grid", pk=pk)
        try:
            services.visit_record(actor=request.user, campaign_grid=row, household=household, **data)
            messages.success(request, f"已登记{household}的走访。")
        except (GridError, PermissionDenied) as exc:
            _refused(request, exc)
        return redirect("grid:campaign_grid", pk=pk)
    context = {
        "row": row,
        "households": selectors.campaign_grid_households(campaign_grid=row),
        "results": Visit.Result.choices,
        "can_visit": request.user.role in FIELD_ROLES,
    }
    return render(request, "grid/campaign_grid.html", context)


@grid_view()
def observation_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ObservationForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_error(form))
            return redirect("grid:observation_list")
        data = form.cleaned_data
        person = (
            Person.objects.visible_to(request.user)
            .filter(id_number=data.pop("id_number").strip().upper())
            .first()
        )
        if person is None:
            messages.error(request, "辖区内没有该身份证号码的人员，请先在人房信息中登记")
            return redirect("grid:observation_list")
        try:
            observation = services.observation_start(actor=request.user, person=person, **data)
            messages.success(request, "已登记居家医学观察。")
            return redirect("grid:observation_detail", pk=observation.pk)
        except (GridError, PermissionDenied) as exc:
            _refused(request, exc)
            return redirect("grid:observation_list")
    active_only = request.GET.get("all") != "1"
    context = {
        "observations": selectors.observations(user=request.user, active_only=active_only)[:500],
        "active_only": active_only,
        "today": timezone.localdate(),
        "can_record": request.user.role in FIELD_ROLES | {"town_caseworker"},
    }
    return render(request, "grid/observation_list.html", context)


@grid_view()
def observation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    observation = selectors.observation_get(user=request.user, pk=pk)
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_error(form))
        else:
            try:
                services.checkin_record(actor=request.user, observation=observation, **form.cleaned_data)
                messages.success(request, "已打卡。")
            except (GridError, PermissionDenied) as exc:
                _refused(request, exc)
        return redirect("grid:observation_detail", pk=pk)
    context = {
        "observation": observation,
        "days": selectors.observation_days(observation=observation),
        "today": timezone.localdate(),
        "active": observation.status == MedicalObservation.Status.ACTIVE,
    }
    return render(request, "grid/observation_detail.html", context)


@grid_view()
@require_POST
def observation_end(request: HttpRequest, pk: int) -> HttpResponse:
    observation = selectors.observation_get(user=request.user, pk=pk)
    form = ObservationEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error(form))
        return redirect("grid:observation_detail", pk=pk)
    try:
        services.observation_end(actor=request.user, observation=observation, **form.cleaned_data)
        messages.success(request, "已结束观察。")
    except (GridError, PermissionDenied) as exc:
        _refused(request, exc)
    return redirect("grid:observation_detail", pk=pk)
