"""长者饭堂 meals and the monthly settlement pages (with the XLSX statement)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.audit import Action, audit_append
from minzheng.core.excel import xlsx_response
from minzheng.core.roles import Perm, Role
from minzheng.eldercare import forms, selectors, services, settlement
from minzheng.eldercare.models import InstitutionKind
from minzheng.eldercare.services import EldercareError
from minzheng.eldercare.views._common import NOT_HOTLINE, eldercare_view, fail, person_or_error, this_month


def _month_param(request: HttpRequest) -> date:
    form = forms.MonthForm(request.GET)
    return form.cleaned_data["month"] if form.is_valid() else this_month()


@eldercare_view(roles=NOT_HOTLINE)
def meal_list(request: HttpRequest) -> HttpResponse:
    canteens = selectors.institution_list(user=request.user, kind=InstitutionKind.CANTEEN).filter(active=True)
    form = forms.MealForm(request.POST or None, initial={"canteen": canteens[0].pk if canteens else None})
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, forms.form_error(form))
        else:
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
            except EldercareError as exc:
                fail(request, exc)
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
    context = {"form": form, "canteens": canteens, "page": page, "month": month}
    return render(request, "eldercare/meal_list.html", context)


@eldercare_view(roles=NOT_HOTLINE)
@require_POST
def meal_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meal = selectors.meal_list(user=request.user).filter(pk=pk).first()
    if meal is None:
        raise Http404("助餐记录不存在或不在您的管辖范围内")
    try:
        services.meal_cancel(actor=request.user, meal=meal)
        messages.success(request, "已撤销该助餐记录。")
    except EldercareError as exc:
        fail(request, exc)
    return redirect("eldercare:meal_list")


@eldercare_view(roles=NOT_HOTLINE)
def settlement_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = forms.MonthForm(request.POST)
        if not form.is_valid():
            messages.error(request, forms.form_error(form))
        else:
            try:
                done = settlement.settlement_run(actor=request.user, month=form.cleaned_data["month"])
                messages.success(request, f"已计算{len(done)}家长者饭堂的结算单。")
            except EldercareError as exc:
                fail(request, exc)
        return redirect("eldercare:settlement_list")
    qs = selectors.settlement_list(user=request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    can_run = request.user.role in settlement.SETTLERS
    return render(request, "eldercare/settlement_list.html", {"page": page, "can_run": can_run})


@eldercare_view(roles=NOT_HOTLINE)
@require_GET
def settlement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.settlement_get(user=request.user, pk=pk)
    meals = Paginator(selectors.settlement_meals(settlement=row), 100).get_page(request.GET.get("page"))
    context = {"s": row, "meals": meals, "can_confirm": request.user.role in settlement.SETTLERS}
    return render(request, "eldercare/settlement_detail.html", context)


@eldercare_view(roles=NOT_HOTLINE)
@require_POST
def settlement_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.settlement_get(user=request.user, pk=pk)
    try:
        settlement.settlement_confirm(actor=request.user, settlement=row)
        messages.success(request, "结算单已确认。")
    except EldercareError as exc:
        fail(request, exc)
    return redirect("eldercare:settlement_detail", pk=pk)


@eldercare_view(roles=NOT_HOTLINE)
@require_GET
def settlement_export(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_role_perm(Perm.EXPORT) and request.user.role != Role.INSTITUTION_OPERATOR:
        raise PermissionDenied("您的角色没有“导出数据”权限")
    row = selectors.settlement_get(user=request.user, pk=pk)
    audit_append(action=Action.EXPORT, obj=row, detail=f"导出助餐结算明细 {row.meals} 条")
    return xlsx_response(
        f"助餐补贴结算-{row.canteen.name}-{row.month:%Y-%m}.xlsx",
        sheet=f"{row.month:%Y-%m}",
        headers=settlement.STATEMENT_HEADERS,
        rows=settlement.settlement_statement_rows(settlement=row),
    )
