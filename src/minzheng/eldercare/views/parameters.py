"""The parameters page (subsidy standards, 12349 limits, GB/T 42195 cut-offs): read by every eldercare office,
changed by the holders of ``edit_standards`` (维护保障标准, the city manager)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from minzheng.core.roles import Perm, can, require
from minzheng.core.web import act_and_back, form_errors_text, staff_view
from minzheng.eldercare import forms, selectors, services
from minzheng.eldercare.services import EldercareError

FORMS = {"rule": forms.RuleForm, "limit": forms.LimitForm, "cutoff": forms.CutoffForm}


@staff_view("eldercare.records_read")
def parameters(request: HttpRequest) -> HttpResponse:
    can_edit = can(request.user, Perm.EDIT_STANDARDS)
    if request.method == "POST":
        require(request.user, Perm.EDIT_STANDARDS)
        return _parameters_post(request)
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


def _parameters_post(request: HttpRequest) -> HttpResponse:
    back = reverse("eldercare:parameters")
    which = request.POST.get("which", "")
    form_class = FORMS.get(which)
    if form_class is None:
        messages.error(request, "未知的参数类型")
        return redirect(back)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = dict(form.cleaned_data)

    def save() -> None:
        if which == "limit":
            services.help_time_limit_set(actor=request.user, **data)
            return
        region = selectors.region_by_code(data.pop("region"))
        if region is None:
            raise EldercareError("区划代码不存在", field="region")
        if which == "rule":
            data["amount_fen"] = data.pop("amount")
            services.meal_subsidy_rule_set(actor=request.user, region=region, **data)
        else:
            services.assessment_cutoff_set(actor=request.user, region=region, **data)

    return act_and_back(request, save, success="参数已保存。", back=back)
