"""12349 pages: the live board (HTMX), intake, the request page and its moves."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.casework.types import case_type_get
from minzheng.core.errors import DomainError
from minzheng.core.masking import mask_citizen_id, mask_phone
from minzheng.core.roles import can
from minzheng.core.web import act_and_back, form_refuse, staff_view
from minzheng.eldercare import forms, selectors, services
from minzheng.eldercare.models import Satisfaction
from minzheng.eldercare.services import EldercareError
from minzheng.eldercare.views._common import person_or_error


@staff_view("eldercare.help_read")
@require_GET
def help_board(request: HttpRequest) -> HttpResponse:
    context = {
        **selectors.help_board(user=request.user),
        "can_take": can(request.user, "eldercare.help_take"),
    }
    return render(request, "eldercare/help_board.html", context)


@staff_view("eldercare.help_read")
@require_GET
def help_board_rows(request: HttpRequest) -> HttpResponse:
    """The part of the board that HTMX reloads every few seconds."""
    return render(request, "eldercare/_help_board.html", selectors.help_board(user=request.user))


@staff_view("eldercare.help_take")
def help_new(request: HttpRequest) -> HttpResponse:
    form = forms.HelpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            elderly = (
                person_or_error(request, data["elderly_id"], "老人", field="elderly_id")
                if data["elderly_id"]
                else None
            )
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
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已受理：{help.case.number}")
            return redirect("eldercare:help_detail", pk=help.pk)
    return render(request, "eldercare/help_new.html", {"form": form})


@staff_view("eldercare.help_read")
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


@staff_view("eldercare.help_read")
@require_POST
def help_act(request: HttpRequest, pk: int) -> HttpResponse:
    help = selectors.help_request_get(user=request.user, pk=pk)
    response = act_and_back(
        request,
        lambda: services.help_request_move(
            actor=request.user,
            help=help,
            action=request.POST.get("action", ""),
            comment=request.POST.get("comment", ""),
            expected_state=request.POST.get("expected_state"),
            provider=request.POST.get("provider") or None,
            satisfaction=request.POST.get("satisfaction", ""),
        ),
        success="已办理。",
        back=reverse("eldercare:help_detail", args=[pk]),
    )
    if not selectors.help_request_list(user=request.user).filter(pk=pk).exists():
        return redirect("eldercare:help_board")  # e.g. a provider's 退单: the request is no longer theirs
    return response
