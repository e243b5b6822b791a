from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from minzheng.casework import selectors, services
from minzheng.casework.types import case_type_get, case_types
from minzheng.core.scope import OutOfScopeError


def worklist(request: HttpRequest) -> HttpResponse:
    case_type = request.GET.get("type") or None
    overdue = request.GET.get("overdue") == "1"
    qs = selectors.case_worklist(user=request.user, case_type=case_type, overdue_only=overdue)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for case in page:
        case.kind = case_type_get(case.case_type)
    context = {"page": page, "types": case_types(), "type": case_type, "overdue": overdue}
    return render(request, "casework/worklist.html", context)


def _case_or_404(request: HttpRequest, pk: int):  # noqa: ANN202
    try:
        return selectors.case_get(user=request.user, pk=pk)
    except OutOfScopeError as exc:
        raise Http404(str(exc)) from exc


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    kind = case_type_get(case.case_type)
    actions = [t for t in kind.transitions_from(case.state) if not t.roles or request.user.role in t.roles]
    context = {
        "case": case,
        "kind": kind,
        "actions": actions,
        "events": case.events.select_related("actor"),
        "attachments": case.attachments.all(),
        "supervisions": case.supervisions.select_related("by"),
        "can_supervise": request.user.region_id != case.region_id and case.closed_at is None,
        "domain_url": kind.detail_url(case),
    }
    return render(request, "casework/case_detail.html", context)


@require_POST
def case_act(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    try:
        services.case_transition(
            actor=request.user,
            case=case,
            action=request.POST.get("action", ""),
            comment=request.POST.get("comment", ""),
            expected_state=request.POST.get("expected_state"),
            attachments=request.FILES.getlist("attachments"),
        )
        messages.success(request, "已办理。")
    except services.CaseError as exc:
        messages.error(request, exc.message)
    return redirect("casework:detail", pk=pk)


@require_POST
def case_supervise(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    due = parse_datetime(request.POST.get("due_at", "") or "") if request.POST.get("due_at") else None
    try:
        services.case_supervise(actor=request.user, case=case, note=request.POST.get("note", ""), due_at=due)
        messages.success(request, "已督办。")
    except services.CaseError as exc:
        messages.error(request, exc.message)
    return redirect("casework:detail", pk=pk)


@require_POST
def case_extend(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    try:
        services.case_extend(actor=request.user, case=case, reason=request.POST.get("reason", ""))
        messages.success(request, "已延期。")
    except services.CaseError as exc:
        messages.error(request, exc.message)
    return redirect("casework:detail", pk=pk)
