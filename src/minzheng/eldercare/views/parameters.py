"""The city manager's parameters page (subsidy standards, 12349 limits, GB/T 42195 cut-offs)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from minzheng.core.roles import Perm
from minzheng.eldercare import forms, selectors, services
from minzheng.eldercare.services import EldercareError
from minzheng.eldercare.views._common import NOT_HOTLINE, eldercare_view, fail


@eldercare_view(roles=NOT_HOTLINE)
def parameters(request: HttpRequest) -> HttpResponse:
    can_edit = request.user.has_role_perm(Perm.EDIT_STANDARDS)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("您的角色没有“维护保障标准”权限")
        _parameters_post(request)
        return redirect("eldercare:parameters")
    context = {
        "rules": selectors.subsidy_rule_list(user=request.user),
        "limits": selectors.help_time_limits(),
        "cutoffs": selectors.assessment_cutoff_list(),
        "can_edit": can_edit,
        "rule_form": forms.RuleForm(),
        "limit_form": forms.LimitForm(),
        "cutoff_form": forms.CutoffForm(),
    }
    return render(request, "eldercare/parameters.html", context)


def _parameters_post(request: HttpRequest) -> None:
    which = request.POST.get("which")
    form_class = {"rule": forms.RuleForm, "limit": forms.LimitForm, "cutoff": forms.CutoffForm}.get(which)
    if form_class is None:
        messages.error(request, "未知的参数类型")
        return
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, forms.form_error(form))
        return
    data = dict(form.cleaned_data)
    try:
        if which == "limit":
            services.help_time_limit_set(actor=request.user, **data)
        else:
            region = selectors.region_by_code(data.pop("region"))
            if region is None:
                raise EldercareError("区划代码不存在", field="region")
            if which == "rule":
                data["amount_fen"] = data.pop("amount")
                services.meal_subsidy_rule_set(actor=request.user, region=region, **data)
            else:
                services.assessment_cutoff_set(actor=request.user, region=region, **data)
        messages.success(request, "参数已保存。")
    except EldercareError as exc:
        fail(request, exc)
