"""Institution pages: list, registration, beds, rating, operators, residents, staff, training."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.errors import DomainError
from minzheng.core.masking import mask_citizen_id
from minzheng.core.models import User
from minzheng.core.roles import can
from minzheng.core.web import act_and_back, form_errors_text, form_refuse, staff_view
from minzheng.eldercare import forms, selectors, services
from minzheng.eldercare.models import Institution, InstitutionKind, Staff
from minzheng.eldercare.services import EldercareError
from minzheng.eldercare.views._common import can_act_for_institutions, person_or_error


@staff_view("eldercare.records_read")
@require_GET
def institution_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    qs = selectors.institution_list(user=request.user, kind=kind)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "kinds": InstitutionKind.choices,
        "kind": kind,
        "can_create": can(request.user, "eldercare.institution_manage"),
    }
    return render(request, "eldercare/institution_list.html", context)


@staff_view("eldercare.institution_manage")
def institution_new(request: HttpRequest) -> HttpResponse:
    form = forms.InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        region = selectors.region_by_code(data["region"])
        try:
            if region is None:
                raise EldercareError(f"区划代码“{data['region']}”不存在", field="region")
            inst = services.institution_create(actor=request.user, **{**data, "region": region})
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记：{inst.name}")
            return redirect("eldercare:institution_detail", pk=inst.pk)
    return render(request, "eldercare/form.html", {"form": form, "title": "登记养老服务机构"})


@staff_view("eldercare.records_read")
@require_GET
def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inst = selectors.institution_get(user=request.user, pk=pk)
    residents = [
        {"row": r, "id_number": mask_citizen_id(r.person.id_number)}
        for r in selectors.institution_residents(institution=inst)
    ]
    context = {
        "inst": inst,
        "beds": selectors.institution_beds(institution=inst),
        "residents": residents,
        "staff": selectors.institution_staff(institution=inst),
        "inspections": selectors.inspection_list(user=request.user).filter(institution=inst)[:20],
        "operators": inst.operators.all(),
        "is_manager": can(request.user, "eldercare.institution_manage"),
        "can_act": can_act_for_institutions(request.user),
        "residential": inst.kind in selectors.RESIDENTIAL_KINDS,
        "bed_form": forms.BedsForm(),
        "rate_form": forms.RateForm(),
        "admit_form": forms.AdmitForm(),
        "staff_form": forms.StaffForm(),
    }
    return render(request, "eldercare/institution_detail.html", context)


def _institution_post(
    request: HttpRequest,
    pk: int,
    form_class: type,
    act: Callable[[Institution, dict[str, Any]], Any],
    *,
    success: str,
) -> HttpResponse:
    """Run ``act`` with the form's data for the institution and go back to its page: a wrong field or a
    refusal becomes a message there."""
    inst = selectors.institution_get(user=request.user, pk=pk)
    back = reverse("eldercare:institution_detail", args=[inst.pk])
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    return act_and_back(request, lambda: act(inst, dict(form.cleaned_data)), success=success, back=back)


@staff_view("eldercare.records_read")
@require_POST
def institution_beds(request: HttpRequest, pk: int) -> HttpResponse:
    def act(inst: Institution, data: dict[str, Any]) -> None:
        services.institution_beds_set(actor=request.user, institution=inst, **data)

    return _institution_post(request, pk, forms.BedsForm, act, success="床位已更新。")


@staff_view("eldercare.institution_manage")
@require_POST
def institution_rate(request: HttpRequest, pk: int) -> HttpResponse:
    def act(inst: Institution, data: dict[str, Any]) -> None:
        services.institution_rate(actor=request.user, institution=inst, **data)

    return _institution_post(request, pk, forms.RateForm, act, success="等级评定已登记。")


@staff_view("eldercare.institution_manage")
@require_POST
def institution_operator(request: HttpRequest, pk: int) -> HttpResponse:
    def act(inst: Institution, data: dict[str, Any]) -> None:
        user = User.objects.filter(username=data["username"], is_active=True).first()
        if user is None:
            raise EldercareError(f"账号“{data['username']}”不存在或已停用", field="username")
        services.institution_operator_attach(actor=request.user, institution=inst, user=user)

    return _institution_post(request, pk, forms.OperatorForm, act, success="已添加经办人。")


@staff_view("eldercare.records_read")
@require_POST
def resident_admit(request: HttpRequest, pk: int) -> HttpResponse:
    def act(inst: Institution, data: dict[str, Any]) -> None:
        person = person_or_error(request, data.pop("id_number"), "老人")
        services.resident_admit(actor=request.user, institution=inst, person=person, **data)

    return _institution_post(request, pk, forms.AdmitForm, act, success="已办理入住。")


@staff_view("eldercare.records_read")
@require_POST
def resident_discharge(request: HttpRequest, pk: int, resident_pk: int) -> HttpResponse:
    def act(inst: Institution, data: dict[str, Any]) -> None:
        resident = selectors.institution_residents(institution=inst).filter(pk=resident_pk).first()
        if resident is None:
            raise EldercareError("该老人不在本机构在院名单中")
        services.resident_discharge(actor=request.user, resident=resident, **data)

    return _institution_post(request, pk, forms.DischargeForm, act, success="已办理离院。")


@staff_view("eldercare.records_read")
@require_POST
def staff_add(request: HttpRequest, pk: int) -> HttpResponse:
    def act(inst: Institution, data: dict[str, Any]) -> None:
        person = person_or_error(request, data.pop("id_number"))
        services.staff_add(actor=request.user, institution=inst, person=person, **data)

    return _institution_post(request, pk, forms.StaffForm, act, success="已登记工作人员。")


@staff_view("eldercare.records_read")
@require_POST
def training_add(request: HttpRequest, pk: int) -> HttpResponse:
    def act(inst: Institution, data: dict[str, Any]) -> None:
        staff = Staff.objects.filter(pk=data.pop("staff"), institution=inst).first()
        if staff is None:
            raise EldercareError("该人员不是本机构工作人员")
        services.training_record(actor=request.user, staff=staff, **data)

    return _institution_post(request, pk, forms.TrainingForm, act, success="培训记录已登记。")
