"""Staff pages about citizens' accounts (the counter and the hotline): under /citizens/, the staff site's
layout and login, never the citizens' site."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from minzheng.core.errors import DomainError
from minzheng.core.masking import mask_citizen_id
from minzheng.core.roles import can
from minzheng.core.web import StaffRequest, form_refuse, staff_view
from minzheng.portal import accounts
from minzheng.portal.models import Citizen


class LookupForm(forms.Form):
    id_number = forms.CharField(label="身份证号码（完整18位）", max_length=30)


class RebindForm(forms.Form):
    phone = forms.CharField(label="新绑定手机号", max_length=20)
    id_card_checked = forms.BooleanField(label="已现场核验居民身份证原件", required=False)
    reason = forms.CharField(label="更换原因", max_length=200)


def _page(
    request: StaffRequest, lookup: LookupForm, view: accounts.AccountView | None, rebind: RebindForm | None
) -> HttpResponse:
    context = {
        "lookup": lookup,
        "view": view,
        "rebind": rebind,
        "id_masked": mask_citizen_id(view.id_number) if view else "",
        "may_rebind": can(request.user, "portal.rebind"),
    }
    return render(request, "portal/staff/accounts.html", context)


@staff_view("portal.support")
def account_lookup(request: StaffRequest) -> HttpResponse:
    """The ID number travels in a POST, never in the address (it would stay in logs and history)."""
    lookup = LookupForm(request.POST or None)
    view = None
    if request.method == "POST" and lookup.is_valid():
        try:
            view = accounts.account_lookup(actor=request.user, id_number=lookup.cleaned_data["id_number"])
        except DomainError as exc:
            form_refuse(lookup, exc)
        else:
            lookup = LookupForm()  # the number is not written back into the page
    rebind = RebindForm() if view is not None and view.citizen is not None else None
    return _page(request, lookup, view, rebind)


@staff_view("portal.rebind")
def account_rebind(request: StaffRequest, pk: int) -> HttpResponse:
    citizen = get_object_or_404(Citizen, pk=pk)
    rebind = RebindForm(request.POST)
    if rebind.is_valid():
        try:
            citizen = accounts.phone_rebind(actor=request.user, citizen=citizen, **rebind.cleaned_data)
        except DomainError as exc:
            form_refuse(rebind, exc)
        else:
            messages.success(request, "已更换绑定手机号，该账号的登录已全部结束。")
            rebind = RebindForm()
    view = accounts.account_lookup(actor=request.user, id_number=citizen.id_number)
    return _page(request, LookupForm(), view, rebind)
