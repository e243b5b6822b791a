"""老年人能力评估 pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from minzheng.core.errors import DomainError
from minzheng.core.masking import mask_citizen_id
from minzheng.core.roles import can
from minzheng.core.web import form_refuse, staff_view
from minzheng.eldercare import forms, rules, selectors, services
from minzheng.eldercare.models import Assessment, AssessmentStandard
from minzheng.eldercare.views._common import person_or_error


@staff_view("eldercare.records_read")
@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.assessment_list(user=request.user), 50).get_page(request.GET.get("page"))
    context = {"page": page, "can_assess": can(request.user, "eldercare.assess")}
    return render(request, "eldercare/assessment_list.html", context)


def _assessment_items(standard: str) -> list[tuple[str, list[Any]]]:
    if standard == AssessmentStandard.MZT_039_2013:
        return [("日常生活活动（Barthel指数）", list(rules.MZT039_ADL_ITEMS))]
    return [(label, list(items)) for _code, label, items in rules.GBT42195_DOMAINS]


@staff_view("eldercare.assess")
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
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(
                request, f"评估结果：{assessment.level_label}，{assessment.get_care_level_display()}"
            )
            return redirect("eldercare:assessment_detail", pk=assessment.pk)
    context = {
        "form": form,
        "standard": standard,
        "groups": _assessment_items(standard),
        "given": request.POST,
    }
    return render(request, "eldercare/assessment_new.html", context)


def _grade(value: Any) -> str:
    """An MZ/T 039-2013 domain grade (0–3) with the standard's words."""
    try:
        grade = int(value)
    except (TypeError, ValueError):
        return "—"
    return f"{grade}级（{rules.ADL_GRADES[grade]}）" if 0 <= grade < len(rules.ADL_GRADES) else f"{grade}级"


def assessment_dimensions(assessment: Assessment) -> list[tuple[str, str]]:
    """The assessment's dimension results as (Chinese name, readable value) rows: the domain scores out of
    their maxima (GB/T 42195-2022) or the ADL total and the four grades (MZ/T 039-2013), then the two
    adjustments (昏迷, 认知障碍/意外 → one level up)."""
    scores = assessment.domain_scores or {}
    rows: list[tuple[str, str]] = []
    if assessment.standard == AssessmentStandard.MZT_039_2013:
        if "adl_total" in scores:
            rows.append(("日常生活活动（Barthel指数）总分", f"{scores['adl_total']}分（满分100分）"))
        for key, label in (("adl", "日常生活活动"), *rules.MZT039_DOMAINS):
            if key in scores:
                rows.append((f"{label}分级", _grade(scores[key])))
    else:
        for code, label, items in rules.GBT42195_DOMAINS:
            if code in scores:
                top = sum(item.best for item in items)
                rows.append((label, f"{scores[code]}分（满分{top}分）"))
    rows.append(("昏迷", "是（按最重等级评定）" if scores.get("coma") else "否"))
    raised = scores.get("raise_one")
    rows.append(
        (
            "确诊认知障碍/精神疾病或近30天2次以上意外",
            "是（能力等级上调一级）" if raised else "否",
        )
    )
    return rows


@staff_view("eldercare.records_read")
@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.assessment_get(user=request.user, pk=pk)
    labels = {i.code: i.label for _t, items in _assessment_items(row.standard) for i in items}
    items = [(labels.get(code, code), score) for code, score in row.items.items()]
    context = {
        "a": row,
        "items": items,
        "dimensions": assessment_dimensions(row),
        "id_number": mask_citizen_id(row.person.id_number),
    }
    return render(request, "eldercare/assessment_detail.html", context)
