"""Open311 clients and their API keys (市局管理员, 系统管理员)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from minzheng.core.errors import DomainError
from minzheng.core.roles import can
from minzheng.core.scope import OutOfScopeError
from minzheng.core.web import form_errors_text, staff_view
from minzheng.grid.forms import ClientForm
from minzheng.grid.models import Open311Client
from minzheng.grid.open311 import jurisdiction_id
from minzheng.grid.services import open311_client_create, open311_client_set_active
from minzheng.grid.views._common import int_or_none


@staff_view("open311.keys")
def client_list(request: HttpRequest) -> HttpResponse:
    new_key = None
    if request.method == "POST":
        form = ClientForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_errors_text(form))
        else:
            try:
                client, new_key = open311_client_create(
                    actor=request.user, jurisdiction_id=jurisdiction_id(), **form.cleaned_data
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"已为“{client.name}”发放密钥，请立即复制，离开本页后不再显示。")
    context = {
        "clients": Open311Client.objects.all(),
        "new_key": new_key,
        "jurisdiction": jurisdiction_id(),
        "sources": ClientForm.base_fields["source"].choices,
        "can_view_grid": can(request.user, "grid.view"),
    }
    return render(request, "grid/client_list.html", context)


@staff_view("open311.keys")
@require_POST
def client_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    client = Open311Client.objects.filter(pk=int_or_none(pk)).first()
    if client is None:
        raise OutOfScopeError("客户端")
    open311_client_set_active(actor=request.user, client=client, active=not client.active)
    messages.success(request, f"已{'启用' if client.active else '停用'}“{client.name}”。")
    return redirect("grid:client_list")
