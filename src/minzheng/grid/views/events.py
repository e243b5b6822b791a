"""Event pages: the overview, the list with warnings, the phone-sized report form, the event page with
its steps, a unit's queue and the per-worker load."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.casework.services import case_supervise
from minzheng.core.errors import DomainError
from minzheng.core.models import Region
from minzheng.core.roles import can
from minzheng.core.web import act_and_back, form_errors_text, form_refuse, staff_view
from minzheng.grid import rules, selectors, services
from minzheng.grid.casetypes import GridEvent
from minzheng.grid.forms import (
    EventActionForm,
    EventReportForm,
    GridFileForm,
    HotlineReportForm,
    SuperviseForm,
)
from minzheng.grid.models import Department, Event, EventCategory, GridWorker
from minzheng.grid.services import GridError
from minzheng.grid.services.intake import open311_pending_count
from minzheng.grid.views._common import int_or_none, paginate


@staff_view("grid.view")
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    events = Event.objects.visible_to(user)
    now = timezone.now()
    open_q = Q(case__closed_at__isnull=True)
    stats = events.aggregate(
        open=Count("pk", filter=open_q & ~Q(case__state="closed")),
        overdue=Count("pk", filter=open_q & Q(case__state_due_at__lt=now)),
        supervised=Count("pk", filter=open_q & Q(case__supervised=True)),
        month=Count(
            "pk",
            filter=Q(case__opened_at__gte=timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0)),
        ),
    )
    context = {
        "stats": stats,
        "grid_types": selectors.grid_type_counts(user=user),
        "workers": GridWorker.objects.visible_to(user).filter(status=GridWorker.Status.ACTIVE).count(),
        "can_report": can(user, "event.report"),
        "can_handle": can(user, "department.handle"),
        "pending_intake": open311_pending_count() if user.region.parent_id is None else None,
    }
    return render(request, "grid/home.html", context)


@staff_view("grid.view")
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    filters = {
        "state": request.GET.get("state", ""),
        "category": request.GET.get("category", ""),
        "source": request.GET.get("source", ""),
        "overdue": request.GET.get("overdue") == "1",
        "due_soon": request.GET.get("due_soon") == "1",
    }
    page = paginate(request, selectors.event_list(user=request.user, **filters))
    now = timezone.now()
    for event in page:
        event.overdue = (
            event.case.closed_at is None and bool(event.case.state_due_at) and event.case.state_due_at < now
        )
    context = {
        "page": page,
        "filters": filters,
        "states": GridEvent.states,
        "sources": Event.Source.choices,
        "tree": selectors.category_tree(),
        "query": request.GET.urlencode(),
    }
    return render(request, "grid/event_list.html", context)


def _report_context(request: HttpRequest, form: EventReportForm, hotline: bool) -> dict:
    """A hotline operator places the event by its location (or at 立案); a field worker picks among
    their own grids."""
    grids = [] if hotline else list(selectors.grids_for_reporting(user=request.user)[:500])
    return {"form": form, "leaves": selectors.categories_leaves(), "grids": grids, "hotline": hotline}


@staff_view("event.report")
def event_new(request: HttpRequest) -> HttpResponse:
    """信息收集 from a phone: category, description, photos, location (GPS or address). The hotline
    records the caller and places the event by its location (or at 立案)."""
    hotline = can(request.user, "event.take_calls")
    form_class = HotlineReportForm if hotline else EventReportForm
    if request.method != "POST":
        return render(request, "grid/event_new.html", _report_context(request, form_class(), hotline))
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        grid = (
            Region.objects.filter(pk=data["grid"], level=Region.Level.GRID).first() if data["grid"] else None
        )
        try:
            event = services.event_report(
                actor=request.user,
                category=EventCategory.objects.filter(pk=data["category"]).select_related("parent").first(),
                description=data["description"],
                source=Event.Source.HOTLINE if hotline else Event.Source.GRID_WORKER,
                grid=grid,
                lat=data["lat"],
                long=data["long"],
                address=data["address"],
                attributes=_attributes(request),
                photos=data["photos"],
                contact_name=data.get("contact_name", ""),
                contact_phone=data.get("contact_phone", ""),
            )
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已上报，事件编号 {event.case.number}")
            return redirect("grid:event_detail", pk=event.case_id)
    return render(request, "grid/event_new.html", _report_context(request, form, hotline), status=400)


def _attributes(request: HttpRequest) -> dict[str, object]:
    values: dict[str, object] = {}
    for key in request.POST:
        if key.startswith("attribute[") and key.endswith("]"):
            got = request.POST.getlist(key)
            values[key[len("attribute[") : -1]] = got if len(got) > 1 else got[0]
    return values


@staff_view("event.report")
@require_GET
def event_attributes(request: HttpRequest) -> HttpResponse:
    """The extra fields of a category (htmx: swapped in when the category changes)."""
    category = EventCategory.objects.filter(pk=int_or_none(request.GET.get("category"))).first()
    return render(request, "grid/_attributes.html", {"attributes": category.attributes if category else []})


@staff_view("grid.view")
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, case_pk=pk)
    user = request.user
    actions = selectors.event_actions(user=user, event=event)
    codes = {t.action for t in actions}
    context = {
        "event": event,
        "case": event.case,
        "kind": GridEvent,
        "state_label": GridEvent.state_label(event.case.state),
        "overdue": selectors.event_is_overdue(event),
        "actions": actions,
        "events": selectors.event_timeline(event=event),
        "photos": selectors.event_photos(event=event),
        "attribute_rows": selectors.event_attribute_rows(event=event),
        "supervisions": event.case.supervisions.select_related("by"),
        "can_supervise": can(user, "event.supervise")
        and user.region_id != event.case.region_id
        and event.case.closed_at is None
        and event.case.region.path.startswith(user.region.path),
        "departments": selectors.event_departments(event=event) if "dispatch" in codes else [],
        "suggested": selectors.event_department_suggested(event=event) if "dispatch" in codes else None,
        "leaves": selectors.categories_leaves() if "file" in codes else [],
        "file_form": GridFileForm()
        if "file" in codes and event.case.region.level != Region.Level.GRID
        else None,
        "satisfactions": Event.Satisfaction.choices,
        "deadline": rules.category_deadline(
            amount=event.category.deadline_amount, unit=event.category.deadline_unit
        ).describe(),
    }
    return render(request, "grid/event_detail.html", context)


@staff_view("grid.view")
@require_POST
def event_act(request: HttpRequest, pk: int) -> HttpResponse:
    """One step of the flow (who may take it is the case type's and the engine's to say)."""
    event = selectors.event_get(user=request.user, case_pk=pk)
    back = reverse("grid:event_detail", args=[pk])
    form = EventActionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data

    def act() -> None:
        services.event_act(
            actor=request.user,
            event=event,
            action=data["action"],
            comment=data["comment"],
            expected_state=data["expected_state"],
            department=Department.objects.filter(pk=data["department"]).select_related("region").first()
            if data["department"]
            else None,
            grid=_grid(data["grid_code"]),
            category=EventCategory.objects.filter(pk=data["category"]).first() if data["category"] else None,
            satisfaction=data["satisfaction"],
            attachments=data["attachments"],
        )

    return act_and_back(request, act, success="已办理。", back=back)


def _grid(code: str) -> Region | None:
    """The grid named by its code on the 立案 form ("" for none; an unknown code is refused)."""
    if not code.strip():
        return None
    grid = Region.objects.filter(code=code.strip(), level=Region.Level.GRID).first()
    if grid is None:
        raise GridError(f"网格代码“{code}”不存在", field="grid")
    return grid


@staff_view("event.supervise")
@require_POST
def event_supervise(request: HttpRequest, pk: int) -> HttpResponse:
    """督办 from a higher level (the engine checks that the user is above the event's region)."""
    event = selectors.event_get(user=request.user, case_pk=pk)
    back = reverse("grid:event_detail", args=[pk])
    form = SuperviseForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(
        request,
        lambda: case_supervise(actor=request.user, case=event.case, note=data["note"], due_at=data["due_at"]),
        success="已督办。",
        back=back,
    )


@staff_view("grid.view")
@require_GET
def event_photo(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    event = selectors.event_get(user=request.user, case_pk=pk)
    photo = selectors.event_photo_get(user=request.user, event=event, attachment_pk=attachment)
    return FileResponse(photo.file.open("rb"), filename=photo.name)


@staff_view("department.handle")
@require_GET
def department_tasks(request: HttpRequest) -> HttpResponse:
    """The queue of the units this account handles for (what was dispatched to them)."""
    page = paginate(request, selectors.department_tasks(user=request.user))
    now = timezone.now()
    for event in page:
        event.overdue = bool(event.case.state_due_at) and event.case.state_due_at < now
    units = request.user.grid_departments.select_related("region")
    return render(request, "grid/department_tasks.html", {"page": page, "units": units})


@staff_view("grid.load")
@require_GET
def load(request: HttpRequest) -> HttpResponse:
    """Open tasks per 网格员 across every case type (the one queue each of them sees), heaviest first."""
    loads, kinds = selectors.worker_load(user=request.user)
    rows = [{"load": x, "cells": [x.by_type.get(k.code, 0) for k in kinds]} for x in loads]
    context = {"rows": rows, "kinds": kinds, "threshold": selectors.OVERLOAD_THRESHOLD}
    return render(request, "grid/load.html", context)
