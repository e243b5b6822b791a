from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_POST

from minzheng.casework import selectors, services
from minzheng.casework.types import case_type_get, case_types
from minzheng.casework.worklist import worklist_items, worklist_sources
from minzheng.core.roles import can
from minzheng.core.web import StaffRequest, act_and_back, staff_view


@staff_view("case.work")
@require_GET
def worklist(request: StaffRequest) -> HttpResponse:
    """我的待办: the cases waiting on a move of the user's, then the other tasks the platform's parts have for
    them (``casework.worklist`` sources); ``type`` narrows to a case type or a source."""
    user = request.user
    chosen = request.GET.get("type") or None
    overdue = request.GET.get("overdue") == "1"
    sources = [s.label for s in worklist_sources(user)]
    kinds = [kind for kind in case_types() if kind.states_for(user)]
    source = chosen if chosen in sources else None
    case_type = None if source else chosen
    qs = selectors.case_worklist(user=user, case_type=case_type, overdue_only=overdue)
    if source:
        qs = qs.none()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for case in page:
        case.kind = case_type_get(case.case_type)
    items = [] if case_type else worklist_items(user=user, source=source, overdue_only=overdue)
    context = {
        "page": page,
        "items": items if page.number == 1 else [],
        "total": page.paginator.count + len(items),
        "types": kinds,
        "sources": sources,
        "type": chosen,
        "overdue": overdue,
    }
    return render(request, "casework/worklist.html", context)


@staff_view()
@require_GET
def case_detail(request: StaffRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    kind = case_type_get(case.case_type)
    user = request.user
    context = {
        "case": case,
        "kind": kind,
        "events": case.events.select_related("actor"),
        "attachments": case.attachments.all(),
        "supervisions": case.supervisions.select_related("by"),
        "can_supervise": can(user, "case.supervise")
        and user.region_id != case.region_id
        and case.closed_at is None,
        "can_extend": can(user, "case.extend")
        and kind.extension is not None
        and case.due_at is not None
        and not case.extended
        and case.closed_at is None,
        "domain_url": kind.detail_url(case),
    }
    return render(request, "casework/case_detail.html", context)


def _back(pk: int) -> str:
    return reverse("casework:detail", args=[pk])


@staff_view()
@require_POST
def case_act(request: StaffRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    return act_and_back(
        request,
        lambda: services.case_transition(
            actor=request.user,
            case=case,
            action=request.POST.get("action", ""),
            comment=request.POST.get("comment", ""),
            expected_state=request.POST.get("expected_state"),
            attachments=request.FILES.getlist("attachments"),
        ),
        success="已办理。",
        back=_back(pk),
    )


@staff_view("case.supervise")
@require_POST
def case_supervise(request: StaffRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    due = parse_datetime(request.POST.get("due_at") or "") if request.POST.get("due_at") else None
    return act_and_back(
        request,
        lambda: services.case_supervise(
            actor=request.user, case=case, note=request.POST.get("note", ""), due_at=due
        ),
        success="已督办。",
        back=_back(pk),
    )


@staff_view("case.extend")
@require_POST
def case_extend(request: StaffRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    return act_and_back(
        request,
        lambda: services.case_extend(actor=request.user, case=case, reason=request.POST.get("reason", "")),
        success="已延期。",
        back=_back(pk),
    )
