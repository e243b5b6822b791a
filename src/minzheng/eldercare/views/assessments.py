"""老年人能力评估 pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from minzheng.core.masking import mask_citizen_id
from minzheng.eldercare import forms, rules, selectors, services
from minzheng.eldercare.models import AssessmentStandard
from minzheng.eldercare.services import EldercareError
from minzheng.eldercare.views._common import NOT_HOTLINE, eldercare_view, fail, person_or_error


@eldercare_view(roles=NOT_HOTLINE)
@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.assessment_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "eldercare/assessment_list.html", {"page": page})


def _assessment_items(standard: str) -> list[tuple[str, list[Any]]]:
    if standard == AssessmentStandard.MZT_039_2013:
        return [("日常生活活动（Barthel指数）", list(rules.MZT039_ADL_ITEMS))]
    return [(label, list(items)) for _code, label, items in rules.GBT42195_DOMAINS]


@eldercare_view(roles=NOT_HOTLINE)
def assessment_new(request: HttpRequest) -> HttpResponse:
    standard = (
        request.POST.get("standard") or request.GET.get("standard") or AssessmentStandard.GBT_42195_2022
    )
    if standard not in AssessmentStandard.values:
        standard = AssessmentStandard.GBT_42195_2022
    form = forms.AssessmentHeadForm(request.POST or None, initial={"standard": standard})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        items = {k[5:]: request.POST.get(k) for k in request.POST if k.startswith("item_")}
        try:
            person = person_or_error(request, data["id_number"], "老人")
            assessment = services.assessment_record(
                actor=request.user,
                person=person,
                standard=data["standard"],
                assessed_on=data["assessed_on"],
                items=items,
                mental=data["mental"],
                sensory=data["sensory"],
                social=data["social"],
                coma=data["coma"],
                raise_one=data["raise_one"],
                note=data["note"],
            )
        except EldercareError as exc:
            fail(request, exc)
        else:
            messages.success(
                request, f"评估结果：{assessment.level_label}，{assessment.get_care_level_display()}"
            )
            return redirect("eldercare:assessment_detail", pk=assessment.pk)
    elif request.method == "POST":
        messages.error(request, forms.form_error(form))
    context = {
        "form": form,
        "standard": standard,
        "groups": _assessment_items(standard),
        "given": request.POST,
    }
    return render(request, "eldercare/assessment_new.html", context)


@eldercare_view(roles=NOT_HOTLINE)
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.assessment_get(user=request.user, pk=pk)
    labels = {i.code: i.label for _t, items in _assessment_items(row.standard) for i in items}
    items = [(labels.get(code, code), score) for code, score in row.items.items()]
    context = {"a": row, "items": items, "id_number": mask_citizen_id(row.person.id_number)}
    return render(request, "eldercare/assessment_detail.html", context)
