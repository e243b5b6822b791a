"""Works projects of institutions (敬老院升级改造): the list with its export, 立项, the project's page with its
progress reports, 填报进度 and 验收."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.errors import DomainError
from minzheng.core.roles import can
from minzheng.core.web import (
    StaffRequest,
    act_and_back,
    form_errors_text,
    form_refuse,
    list_export,
    list_filters,
    list_page,
    staff_view,
)
from minzheng.eldercare import forms, selectors, services
from minzheng.eldercare.models import WorksProject

READ, WORKS = "eldercare.works_read", "eldercare.works"


@staff_view(READ)
@require_GET
def works_list(request: StaffRequest) -> HttpResponse:
    filters = list_filters(request, "status")
    return list_page(request, selectors.works_list(user=request.user, **filters), template="eldercare/works_list.html",
                     filters=filters, context={"statuses": WorksProject.Status.choices,
                                               "can_edit": can(request.user, WORKS),
                                               "can_export": can(request.user, "export")})  # fmt: skip


@staff_view("export")
@require_GET
def works_export(request: StaffRequest) -> HttpResponseBase:
    return list_export(
        request, selectors.works_list(user=request.user, **list_filters(request, "status")), filename="机构改造工程",
        sheet="改造工程", audit=lambda: services.works_export_log(actor=request.user),
        headers=["工程名称", "机构", "所在区划", "状态", "预算（元）", "累计支付（元）", "形象进度（%）", "立项日期",
                 "开工日期", "验收日期", "验收意见"],
        row=lambda w: [w.name, w.institution.name, w.region.name, w.get_status_display(), w.budget_fen / 100,
                       w.spent_fen / 100, w.progress, w.approved_on, w.started_on or "", w.accepted_on or "",
                       w.acceptance_note],
    )  # fmt: skip


@staff_view(WORKS)
def works_new(request: StaffRequest) -> HttpResponse:
    form = forms.WorksForm(
        request.POST or None, institutions=selectors.institutions_for_works(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            works = services.works_create(actor=request.user, institution=data["institution"], name=data["name"],
                                          budget_fen=data["budget"], approved_on=data["approved_on"],
                                          scope_text=data["scope_text"])  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已立项“{works.name}”。")
            return redirect("eldercare:works_detail", pk=works.pk)
    return render(request, "eldercare/form.html", {"form": form, "title": "登记机构改造工程"})


@staff_view(READ)
@require_GET
def works_detail(request: StaffRequest, pk: int) -> HttpResponse:
    works = selectors.works_get(user=request.user, pk=pk)
    may = can(request.user, WORKS)
    today = timezone.localdate()
    return render(request, "eldercare/works_detail.html", {
        "w": works, "reports": list(works.reports.all()),
        "can_report": may and works.status != WorksProject.Status.ACCEPTED,
        "can_accept": may and works.status == WorksProject.Status.BUILDING and works.progress >= 100,
        "report_form": forms.WorksReportForm(initial={"on": today, "progress": works.progress}),
        "accept_form": forms.WorksAcceptForm(initial={"on": today}),
    })  # fmt: skip


def _move(request: StaffRequest, pk: int, form_class: type, move: str) -> HttpResponse:
    works = selectors.works_get(user=request.user, pk=pk)
    back = reverse("eldercare:works_detail", args=[pk])
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    if move == "report":
        return act_and_back(
            request, lambda: services.works_report(actor=request.user, project=works, on=data["on"],
                                                   progress=data["progress"], spent_fen=data["spent"] or 0,
                                                   note=data["note"]),
            back=back, success="已填报工程进度。",
        )  # fmt: skip
    return act_and_back(
        request, lambda: services.works_accept(actor=request.user, project=works, on=data["on"],
                                               passed=data["passed"], note=data["note"]),
        back=back, success="已登记验收结论。",
    )  # fmt: skip


@staff_view(WORKS)
@require_POST
def works_report(request: StaffRequest, pk: int) -> HttpResponse:
    return _move(request, pk, forms.WorksReportForm, "report")


@staff_view(WORKS)
@require_POST
def works_accept(request: StaffRequest, pk: int) -> HttpResponse:
    return _move(request, pk, forms.WorksAcceptForm, "accept")
