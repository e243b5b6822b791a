"""Institution pages: list, registration, beds, rating, operators, residents, staff, training."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.masking import mask_citizen_id
from minzheng.core.models import User
from minzheng.core.roles import Role
from minzheng.eldercare import forms, selectors, services
from minzheng.eldercare.models import Institution, InstitutionKind, Staff
from minzheng.eldercare.services import EldercareError
from minzheng.eldercare.views._common import NOT_HOTLINE, eldercare_view, fail, person_or_error


@eldercare_view
@require_GET
def institution_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    qs = selectors.institution_list(user=request.user, kind=kind)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "kinds": InstitutionKind.choices,
        "kind": kind,
        "can_create": request.user.role in (Role.CITY_MANAGER, Role.DISTRICT_REVIEWER),
    }
    return render(request, "eldercare/institution_list.html", context)


@eldercare_view
def institution_new(request: HttpRequest) -> HttpResponse:
    form = forms.InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        region = selectors.region_by_code(data["region"])
        try:
            if region is None:
                raise EldercareError(f"区划代码“{data['region']}”不存在", field="region")
            inst = services.institution_create(actor=request.user, **{**data, "region": region})
        except EldercareError as exc:
            fail(request, exc)
        else:
            messages.success(request, f"已登记：{inst.name}")
            return redirect("eldercare:institution_detail", pk=inst.pk)
    elif request.method == "POST":
        messages.error(request, forms.form_error(form))
    return render(request, "eldercare/form.html", {"form": form, "title": "登记养老服务机构"})


@eldercare_view(roles=NOT_HOTLINE)
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
        "is_manager": request.user.role in (Role.CITY_MANAGER, Role.DISTRICT_REVIEWER),
        "residential": inst.kind in selectors.RESIDENTIAL_KINDS,
        "bed_form": forms.BedsForm(),
        "rate_form": forms.RateForm(),
        "admit_form": forms.AdmitForm(),
        "staff_form": forms.StaffForm(),
    }
    return render(request, "eldercare/institution_detail.html", context)


def _institution_post(
    request: HttpRequest, pk: int, form_class: type, act: Callable[[Institution, dict], str]
) -> HttpResponse:
    inst = selectors.institution_get(user=request.user, pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, forms.form_error(form))
    else:
        try:
            messages.success(request, act(inst, form.cleaned_data))
        except EldercareError as exc:
            fail(request, exc)
    return redirect("eldercare:institution_detail", pk=inst.pk)


@eldercare_view
@require_POST
def institution_beds(request: HttpRequest, pk: int) -> HttpResponse:
    def act(inst: Institution, data: dict) -> str:
        services.institution_beds_set(actor=request.user, institution=inst, **data)
        return "床位已更新。"

    return _institution_post(request, pk, forms.BedsForm, act)


@eldercare_view
@require_POST
def institution_rate(request: HttpRequest, pk: int) -> HttpResponse:
    def act(inst: Institution, data: dict) -> str:
        services.institution_rate(actor=request.user, institution=inst, **data)
        return "等级评定已登记。"

    return _institution_post(request, pk, forms.RateForm, act)


@eldercare_view
@require_POST
def institution_operator(request: HttpRequest, pk: int) -> HttpResponse:
    def act(inst: Institution, data: dict) -> str:
        user = User.objects.filter(username=data["username"], is_active=True).first()
        if user is None:
            raise EldercareError(f"账号“{data['username']}”不存在或已停用")
        services.institution_operator_attach(actor=request.user, institution=inst, user=user)
        return f"已设置经办人：{user}"

    return _institution_post(request, pk, forms.OperatorForm, act)


@eldercare_view
@require_POST
def resident_admit(request: HttpRequest, pk: int) -> HttpResponse:
    def act(inst: Institution, data: dict) -> str:
        person = person_or_error(request, data.pop("id_number"), "老人")
        services.resident_admit(actor=request.user, institution=inst, person=person, **data)
        return f"{person.name}已入住。"

    return _institution_post(request, pk, forms.AdmitForm, act)


@eldercare_view
@require_POST
def resident_discharge(request: HttpRequest, pk: int, resident_pk: int) -> HttpResponse:
    def act(inst: Institution, data: dict) -> str:
        resident = selectors.institution_residents(institution=inst).filter(pk=resident_pk).first()
        if resident is None:
            raise EldercareError("该老人不在本机构在院名单中")
        services.resident_discharge(actor=request.user, resident=resident, **data)
        return f"{resident.person.name}已办理离院。"

    return _institution_post(request, pk, forms.DischargeForm, act)


@eldercare_view
@require_POST
def staff_add(request: HttpRequest, pk: int) -> HttpResponse:
    def act(inst: Institution, data: dict) -> str:
        person = person_or_error(request, data.pop("id_number"))
        services.staff_add(actor=request.user, institution=inst, person=person, **data)
        return f"已登记工作人员：{person.name}"

    return _institution_post(request, pk, forms.StaffForm, act)


@eldercare_view
@require_POST
def training_add(request: HttpRequest, pk: int) -> HttpResponse:
    def act(inst: Institution, data: dict) -> str:
        staff = Staff.objects.filter(pk=data.pop("staff"), institution=inst).first()
        if staff is None:
            raise EldercareError("该人员不是本机构工作人员")
        services.training_record(actor=request.user, staff=staff, **data)
        return "培训记录已登记。"

    return _institution_post(request, pk, forms.TrainingForm, act)
