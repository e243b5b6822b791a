"""12349 pages: the live board (HTMX), intake, the request page and its moves."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.casework.services import CaseError
from minzheng.casework.types import case_type_get
from minzheng.core.masking import mask_citizen_id, mask_phone
from minzheng.core.roles import Role
from minzheng.eldercare import forms, selectors, services
from minzheng.eldercare.models import Satisfaction
from minzheng.eldercare.services import EldercareError
from minzheng.eldercare.views._common import eldercare_view, fail, person_or_error


@eldercare_view
@require_GET
def help_board(request: HttpRequest) -> HttpResponse:
    context = {
        **selectors.help_board(user=request.user),
        "can_take": request.user.role == Role.HOTLINE_OPERATOR,
    }
    return render(request, "eldercare/help_board.html", context)


@eldercare_view
@require_GET
def help_board_rows(request: HttpRequest) -> HttpResponse:
    """The part of the board that HTMX reloads every few seconds."""
    return render(request, "eldercare/_help_board.html", selectors.help_board(user=request.user))


@eldercare_view
def help_new(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.HOTLINE_OPERATOR:
        raise PermissionDenied("只有12349话务员受理来电")
    form = forms.HelpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            elderly = person_or_error(request, data["elderly_id"], "老人") if data["elderly_id"] else None
            region = selectors.region_by_code(data["region"])
            if data["region"] and region is None:
                raise EldercareError(f"区划代码“{data['region']}”不存在", field="region")
            help = services.help_request_open(
                actor=request.user,
                caller_name=data["caller_name"],
                caller_phone=data["caller_phone"],
                caller_relation=data["caller_relation"],
                category=data["category"],
                description=data["description"],
                address=data["address"],
                elderly=elderly,
                region=region,
            )
        except (EldercareError, CaseError) as exc:
            fail(request, exc)
        else:
            messages.success(request, f"已受理：{help.case.number}")
            return redirect("eldercare:help_detail", pk=help.pk)
    elif request.method == "POST":
        messages.error(request, forms.form_error(form))
    return render(request, "eldercare/help_new.html", {"form": form})


@eldercare_view
@require_GET
def help_detail(request: HttpRequest, pk: int) -> HttpResponse:
    help = selectors.help_request_get(user=request.user, pk=pk)
    case = help.case
    kind = case_type_get(case.case_type)
    role = request.user.role
    actions = [t for t in kind.transitions_from(case.state) if role in t.roles]
    codes = {t.action for t in actions}
    context = {
        "help": help,
        "case": case,
        "kind": kind,
        "state_label": kind.state_label(case.state),
        "overdue": case.closed_at is None
        and any(d is not None and d < timezone.now() for d in (case.state_due_at, case.due_at)),
        "actions": actions,
        "providers": selectors.providers_for(region=case.region)
        if codes & {"dispatch", "redispatch"}
        else [],
        "satisfactions": Satisfaction.choices if codes & {"callback", "rework"} else [],
        "events": case.events.select_related("actor"),
        "supervisions": case.supervisions.select_related("by"),
        "phone": mask_phone(help.caller_phone),
        "elderly_id": mask_citizen_id(help.elderly.id_number) if help.elderly else "",
    }
    return render(request, "eldercare/help_detail.html", context)


@eldercare_view
@require_POST
def help_act(request: HttpRequest, pk: int) -> HttpResponse:
    help = selectors.help_request_get(user=request.user, pk=pk)
    action = request.POST.get("action", "")
    try:
        services.help_request_move(
            actor=request.user,
            help=help,
            action=action,
            comment=request.POST.get("comment", ""),
            expected_state=request.POST.get("expected_state"),
            provider=request.POST.get("provider") or None,
            satisfaction=request.POST.get("satisfaction", ""),
        )
    except (EldercareError, CaseError) as exc:
        fail(request, exc)
    else:
        messages.success(request, "已办理。")
    if not selectors.help_request_list(user=request.user).filter(pk=pk).exists():
        return redirect("eldercare:help_board")  # e.g. a provider's 退单: the request is no longer theirs
    return redirect("eldercare:help_detail", pk=pk)
