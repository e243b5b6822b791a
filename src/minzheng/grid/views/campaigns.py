"""Pages of door-to-door campaigns (排查任务) and home medical observations (居家医学观察)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from minzheng.core.errors import DomainError
from minzheng.core.models import Region
from minzheng.core.roles import can
from minzheng.core.web import act_and_back, form_errors_text, staff_view
from minzheng.grid import selectors, services
from minzheng.grid.forms import (
    CampaignAssignForm,
    CampaignForm,
    CheckInForm,
    ObservationEndForm,
    ObservationForm,
    VisitForm,
)
from minzheng.grid.models import Campaign, MedicalObservation, Visit
from minzheng.registry.models import Household, Person


@staff_view("grid.view")
def campaign_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = CampaignForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_errors_text(form))
            return redirect("grid:campaign_list")
        try:
            campaign = services.campaign_create(
                actor=request.user, region=request.user.region, **form.cleaned_data
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("grid:campaign_list")
        messages.success(request, "已发起排查任务，请下达到网格。")
        return redirect("grid:campaign_detail", pk=campaign.pk)
    context = {
        "campaigns": selectors.campaigns(user=request.user),
        "kinds": Campaign.Kind.choices,
        "can_manage": can(request.user, "campaign.manage"),
    }
    return render(request, "grid/campaign_list.html", context)


@staff_view("grid.view")
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A campaign the user takes part in: its progress over the grids and workers the user can see."""
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    back = reverse("grid:campaign_detail", args=[pk])
    if request.method == "POST":
        form = CampaignAssignForm(request.POST)
        chosen = form.cleaned_data["region"] if form.is_valid() else None
        under = Region.objects.visible_to(request.user).filter(pk=chosen.pk).first() if chosen else None
        if under is None:
            messages.error(request, "请选择您辖区内的区划或网格")
            return redirect(back)
        grids = list(Region.objects.filter(level=Region.Level.GRID, path__startswith=under.path))
        try:
            rows = services.campaign_grids_assign(actor=request.user, campaign=campaign, grids=grids)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已下达到{len(rows)}个网格。")
        return redirect(back)
    by_grid = selectors.campaign_progress_by_grid(user=request.user, campaign=campaign)
    context = {
        "campaign": campaign,
        "by_grid": by_grid,
        "by_worker": selectors.campaign_progress_by_worker(user=request.user, campaign=campaign),
        "target": sum(p.target for p in by_grid),
        "visited": sum(p.visited for p in by_grid),
        "newcomers": sum(p.newcomers for p in by_grid),
        "can_manage": selectors.campaign_manageable(user=request.user, campaign=campaign),
        "assign_form": CampaignAssignForm(initial={"region": request.user.region.code}),
    }
    return render(request, "grid/campaign_detail.html", context)


@staff_view("grid.view")
def campaign_grid(request: HttpRequest, pk: int) -> HttpResponse:
    """One grid of a campaign: its households with their visit status, and the visit form."""
    row = selectors.campaign_grid_get(user=request.user, pk=pk)
    back = reverse("grid:campaign_grid", args=[pk])
    if request.method == "POST":
        form = VisitForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_errors_text(form))
            return redirect(back)
        data = form.cleaned_data
        household = Household.objects.filter(pk=data.pop("household"), region=row.grid).first()
        if household is None:
            messages.error(request, "请选择本网格的户")
            return redirect(back)
        return act_and_back(
            request,
            lambda: services.visit_record(actor=request.user, campaign_grid=row, household=household, **data),
            success=f"已登记{household}的走访。",
            back=back,
        )
    context = {
        "row": row,
        "households": selectors.campaign_grid_households(campaign_grid=row),
        "results": Visit.Result.choices,
        "can_visit": can(request.user, "campaign.visit"),
    }
    return render(request, "grid/campaign_grid.html", context)


@staff_view("grid.view")
def observation_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ObservationForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_errors_text(form))
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
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("grid:observation_list")
        messages.success(request, "已登记居家医学观察。")
        return redirect("grid:observation_detail", pk=observation.pk)
    active_only = request.GET.get("all") != "1"
    context = {
        "observations": selectors.observations(user=request.user, active_only=active_only)[:500],
        "active_only": active_only,
        "today": timezone.localdate(),
        "can_record": can(request.user, "observation.record"),
    }
    return render(request, "grid/observation_list.html", context)


@staff_view("grid.view")
def observation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    observation = selectors.observation_get(user=request.user, pk=pk)
    back = reverse("grid:observation_detail", args=[pk])
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_errors_text(form))
            return redirect(back)
        return act_and_back(
            request,
            lambda: services.checkin_record(actor=request.user, observation=observation, **form.cleaned_data),
            success="已打卡。",
            back=back,
        )
    context = {
        "observation": observation,
        "days": selectors.observation_days(observation=observation),
        "today": timezone.localdate(),
        "active": observation.status == MedicalObservation.Status.ACTIVE,
        "can_record": can(request.user, "observation.record"),
    }
    return render(request, "grid/observation_detail.html", context)


@staff_view("observation.record")
@require_POST
def observation_end(request: HttpRequest, pk: int) -> HttpResponse:
    observation = selectors.observation_get(user=request.user, pk=pk)
    back = reverse("grid:observation_detail", args=[pk])
    form = ObservationEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    return act_and_back(
        request,
        lambda: services.observation_end(actor=request.user, observation=observation, **form.cleaned_data),
        success="已结束观察。",
        back=back,
    )
