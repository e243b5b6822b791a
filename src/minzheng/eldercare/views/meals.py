"""长者饭堂 meals and the monthly settlement pages (with the XLSX statement)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.audit import Action, audit_append
from minzheng.core.errors import DomainError
from minzheng.core.excel import xlsx_response
from minzheng.core.roles import can
from minzheng.core.values import month_label
from minzheng.core.web import act_and_back, form_errors_text, form_refuse, staff_view
from minzheng.eldercare import forms, selectors, services, settlement
from minzheng.eldercare.models import InstitutionKind
from minzheng.eldercare.views._common import can_act_for_institutions, person_or_error, this_month


def _month_param(request: HttpRequest) -> date:
    form = forms.MonthForm(request.GET)
    return form.cleaned_data["month"] if form.is_valid() else this_month()


@staff_view("eldercare.records_read")
def meal_list(request: HttpRequest) -> HttpResponse:
    can_record = can_act_for_institutions(request.user)
    canteens = (
        selectors.institution_list(user=request.user, kind=InstitutionKind.CANTEEN).filter(active=True)
        if can_record
        else []
    )
    form = forms.MealForm(request.POST or None, initial={"canteen": canteens[0].pk if canteens else None})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = person_or_error(request, data["id_number"], "老人")
            meal = services.meal_record(
                actor=request.user,
                canteen=data["canteen"],
                person=person,
                served_on=data["served_on"],
                meal_type=data["meal_type"],
                price_fen=data["price"],
            )
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(
                request,
                f"{person.name}：{meal.get_category_display()}，补贴{meal.subsidy_fen / 100:.2f}元，"
                f"个人支付{meal.paid_fen / 100:.2f}元",
            )
            return redirect("eldercare:meal_list")
    month = _month_param(request)
    start, end = settlement.month_bounds(month)
    qs = selectors.meal_list(user=request.user, start=start, end=end)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "canteens": canteens,
        "page": page,
        "month": month,
        "can_cancel": can_record,
    }
    return render(request, "eldercare/meal_list.html", context)


@staff_view("eldercare.records_read")
@require_POST
def meal_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meal = selectors.meal_list(user=request.user).filter(pk=pk).first()
    if meal is None:
        raise Http404("助餐记录不存在或不在您的管辖范围内")
    return act_and_back(
        request,
        lambda: services.meal_cancel(actor=request.user, meal=meal),
        success="已撤销该助餐记录。",
        back=reverse("eldercare:meal_list"),
    )


@staff_view("eldercare.records_read")
def settlement_list(request: HttpRequest) -> HttpResponse:
    back = reverse("eldercare:settlement_list")
    if request.method == "POST":
        form = forms.MonthForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_errors_text(form))
            return redirect(back)
        month = form.cleaned_data["month"]
        return act_and_back(
            request,
            lambda: settlement.settlement_run(actor=request.user, month=month),
            success=f"已计算{month_label(month)}本辖区各长者饭堂的结算单。",
            back=back,
        )
    qs = selectors.settlement_list(user=request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    can_run = can(request.user, "eldercare.settlement_run")
    return render(request, "eldercare/settlement_list.html", {"page": page, "can_run": can_run})


@staff_view("eldercare.records_read")
@require_GET
def settlement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.settlement_get(user=request.user, pk=pk)
    meals = Paginator(selectors.settlement_meals(settlement=row), 100).get_page(request.GET.get("page"))
    context = {
        "s": row,
        "meals": meals,
        "can_confirm": can(request.user, "eldercare.settlement_run"),
        "can_export": can(request.user, "eldercare.settlement_export"),
    }
    return render(request, "eldercare/settlement_detail.html", context)


@staff_view("eldercare.records_read")
@require_POST
def settlement_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.settlement_get(user=request.user, pk=pk)
    return act_and_back(
        request,
        lambda: settlement.settlement_confirm(actor=request.user, settlement=row),
        success="结算单已确认。",
        back=reverse("eldercare:settlement_detail", args=[pk]),
    )


@staff_view("eldercare.settlement_export")
@require_GET
def settlement_export(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.settlement_get(user=request.user, pk=pk)
    audit_append(action=Action.EXPORT, obj=row, detail=f"导出助餐结算明细 {row.meals} 条")
    return xlsx_response(
        f"助餐补贴结算-{row.canteen.name}-{row.month:%Y-%m}.xlsx",
        sheet=f"{row.month:%Y-%m}",
        headers=settlement.STATEMENT_HEADERS,
        rows=settlement.settlement_statement_rows(settlement=row),
    )
