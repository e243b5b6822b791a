"""Pages of the data behind the rules: CPI and the price subsidy, the parameters (city manager, audited),
the towns' 备用金, and the enrolled counts."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET, require_POST

from minzheng.assistance import indicators, rules, selectors
from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.forms import CpiForm, ParameterForm, RestandardForm, TopUpForm
from minzheng.assistance.price import price_month
from minzheng.assistance.services.enrollments import standard_change_apply
from minzheng.assistance.services.parameters import cpi_set, parameter_set
from minzheng.assistance.services.reserve import reserve_top_up
from minzheng.core.errors import DomainError
from minzheng.core.models import Region
from minzheng.core.parameters import parameter_sources_attach
from minzheng.core.roles import Perm, can, require
from minzheng.core.scope import OutOfScopeError
from minzheng.core.web import form_errors_text, staff_view


@staff_view(Perm.EDIT_STANDARDS)
def cpi_list(request: HttpRequest) -> HttpResponse:
    form = CpiForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                cpi_set(actor=request.user, month=data["month"], cpi_yoy=data["cpi_yoy"], food_yoy=data["food_yoy"],
                        source=data["source"])  # fmt: skip
                messages.success(request, f"已保存{data['month']:%Y年%m月}的价格指数。")
                return redirect("assistance:cpi_list")
            except DomainError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(request, form_errors_text(form))
    rows = []
    for row in selectors.cpi_list()[:36]:
        try:
            info, error = price_month(row.month), ""
        except AssistanceError as exc:
            info, error = None, exc.message
        rows.append({"cpi": row, "info": info, "error": error})
    return render(request, "assistance/cpi_list.html", {"rows": rows, "form": form})


@staff_view(Perm.EDIT_STANDARDS)
def parameter_list(request: HttpRequest) -> HttpResponse:
    form = ParameterForm(
        request.POST or None,
        user=request.user,
        initial={"region": request.user.region.code if request.user.region else ""},
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                parameter_set(actor=request.user, code=data["code"], region=data["region"], effective_from=data["effective_from"],
                              value=data["value"], source=data["source"])  # fmt: skip
                messages.success(request, "已保存参数（自起始日期起适用，之前的数值不变）。")
                return redirect("assistance:parameter_list")
            except DomainError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(request, form_errors_text(form))
    parameters = parameter_sources_attach(
        selectors.parameter_list(), key=lambda p: (f"assistance.{p.code}", p.effective_from)
    )
    context = {"parameters": parameters, "form": form, "specs": rules.PARAMS,
               "restandard_form": RestandardForm() if can(request.user, "assistance.restandardize") else None}  # fmt: skip
    return render(request, "assistance/parameter_list.html", context)


@staff_view("assistance.restandardize")
@require_POST
def restandardize(request: HttpRequest) -> HttpResponse:
    form = RestandardForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("assistance:parameter_list")
    data = form.cleaned_data
    try:
        result = standard_change_apply(actor=request.user, program=data["program"], region=request.user.region,
                                       effective_from=data["effective_from"])  # fmt: skip
        messages.success(
            request, f"已按{data['effective_from']:%Y-%m-%d}起的标准重新核算：{result.summary()}。"
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("assistance:parameter_list")


@staff_view("reserve.read")
def reserve_list(request: HttpRequest) -> HttpResponse:
    can_top_up = can(request.user, "reserve.top_up")
    if request.method == "POST":
        require(request.user, "reserve.top_up")
    form = TopUpForm(request.POST or None, user=request.user) if can_top_up else None
    if form is not None and request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            town = data["town"]
            try:
                reserve_top_up(actor=request.user, town=town, amount_fen=data["amount"], note=data["note"])
                messages.success(request, f"已向{town.name}拨付备用金。")
                return redirect("assistance:reserve_list")
            except DomainError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(request, form_errors_text(form))
    context = {
        "accounts": selectors.reserve_accounts(user=request.user),
        "form": form,
        "can_top_up": can_top_up,
    }
    return render(request, "assistance/reserve_list.html", context)


@staff_view("reserve.read")
@require_GET
def reserve_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.reserve_account_get(user=request.user, pk=pk)
    return render(request, "assistance/reserve_detail.html",
                  {"account": account, "entries": selectors.reserve_entries(account=account)})  # fmt: skip


@staff_view("assistance.read")
@require_GET
def indicator_table(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    on = parse_date(request.GET.get("on", "") or "") or today
    start = parse_date(request.GET.get("start", "") or "") or date(on.year, 1, 1)
    code = request.GET.get("region", "")
    region = request.user.region
    if code:
        region = Region.objects.visible_to(request.user).filter(code=code).first()
        if region is None:
            raise OutOfScopeError("区划")
    programs = indicators.PROGRAMS_SHOWN
    rows = indicators.enrolled_by_region(region=region, on=on, programs=programs)
    totals = {
        p: [sum(r["counts"][p][0] for r in rows), sum(r["counts"][p][1] for r in rows)] for p in programs
    }
    context = {
        "region": region,
        "on": on,
        "start": start,
        "programs": [(p, rules.PROGRAM_LABELS[p]) for p in programs],
        "rows": [{"region": r["region"], "cells": [r["counts"][p] for p in programs]} for r in rows],
        "totals": [totals[p] for p in programs],
        "temporary_times": indicators.temporary_person_times(region, start, on),
        "temporary_fen": indicators.temporary_granted_fen(region, start, on),
        "received": indicators.applications_received(region, start, on),
    }
    return render(request, "assistance/indicators.html", context)
