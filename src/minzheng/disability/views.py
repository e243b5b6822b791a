"""Staff pages of the two disability subsidies: applications (list, export, detail with the case's moves, new),
certificates (list, new, 等级变更, 注销) and the monthly eligibility sweep. Every page through ``staff_view``;
records through the scoped selectors; personal data masked (``masked_id``); reads of an application audited."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.casework.services import case_transition
from minzheng.core.errors import DomainError
from minzheng.core.excel import xlsx_response
from minzheng.core.masking import mask_citizen_id
from minzheng.core.roles import can
from minzheng.core.web import act_and_back, form_errors_text, form_refuse, staff_view
from minzheng.disability import selectors, services
from minzheng.disability.casetypes import SubsidyApplication
from minzheng.disability.forms import (
    ActForm,
    ApplicationForm,
    CertificateForm,
    RegradeForm,
    RevokeForm,
    SweepForm,
)
from minzheng.disability.models import Application

READ = "disability.read"
PAGE_SIZE = 50


@staff_view(READ)
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    subsidy, state = request.GET.get("subsidy", ""), request.GET.get("state", "")
    qs = selectors.application_list(user=request.user, subsidy=subsidy, state=state)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "disability/application_list.html", {
        "page": page, "filters": {"subsidy": subsidy, "state": state},
        "subsidies": list(Application.Subsidy.choices), "states": list(SubsidyApplication.states.items()),
        "can_apply": can(request.user, "disability.apply"), "can_export": can(request.user, "export"),
        "can_sweep": can(request.user, "disability.sweep"),
    })  # fmt: skip


EXPORT_HEADERS = [
    "编号",
    "补贴项目",
    "申请人",
    "身份证号",
    "残疾类别等级",
    "受理地",
    "状态",
    "核定月标准（元）",
    "发放起始月",
]


@staff_view("export")
@require_GET
def application_export(request: HttpRequest) -> HttpResponse:
    subsidy, state = request.GET.get("subsidy", ""), request.GET.get("state", "")
    qs = selectors.application_list(user=request.user, subsidy=subsidy, state=state)
    services.application_export_log(actor=request.user, subsidy=subsidy, state=state)
    rows = (
        [
            a.case.number, a.get_subsidy_display(), a.person.name, mask_citizen_id(a.person.id_number),
            f"{a.certificate.get_kind_display()}{a.certificate.get_grade_display()}", a.region.name,
            SubsidyApplication.state_label(a.case.state), a.amount_fen / 100 if a.amount_fen else "",
            f"{a.start_month:%Y-%m}" if a.start_month else "",
        ]
        for a in qs.iterator(chunk_size=2000)
    )  # fmt: skip
    return xlsx_response(
        f"残疾人两项补贴申请-{timezone.localdate():%Y%m%d}.xlsx",
        sheet="两项补贴申请",
        headers=EXPORT_HEADERS,
        rows=rows,
    )


@staff_view("disability.apply")
def application_new(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = form.cleaned_data["person"]
            app = services.application_create(
                actor=request.user, person=person, subsidy=form.cleaned_data["subsidy"],
                comment=form.cleaned_data["comment"] or "",
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记申请{app.case.number}。")
            return redirect("disability:application_detail", pk=app.pk)
    return render(request, "disability/form.html", {"form": form, "title": "登记两项补贴申请",
                                                    "back": reverse("disability:application_list")})  # fmt: skip


@staff_view(READ)
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(user=request.user, pk=pk)
    services.application_view_log(actor=request.user, application=app)
    return render(request, "disability/application_detail.html", {
        "app": app, "case": app.case, "kind": SubsidyApplication,
        "state_label": SubsidyApplication.state_label(app.case.state),
        "can_read_enrollment": can(request.user, "enrollment.read"),
    })  # fmt: skip


@staff_view(READ)
@require_POST
def application_act(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(user=request.user, pk=pk)
    back = reverse("disability:application_detail", args=[pk])
    form = ActForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(
        request,
        lambda: case_transition(actor=request.user, case=app.case, action=data["action"],
                                comment=data["comment"] or "", expected_state=data["expected_state"]),
        back=back, success="已办理。",
    )  # fmt: skip


CERTIFICATE_HEADERS = [
    "持证人",
    "残疾人证号",
    "残疾类别",
    "残疾等级",
    "发证日期",
    "有效期至",
    "状态",
    "注销日期",
    "所属区划",
]
EXPORT_MAX = 100_000


@staff_view(READ)
@require_GET
def certificate_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    qs = selectors.certificate_list(user=request.user, q=q)
    if request.GET.get("format") == "xlsx" and can(request.user, "export"):
        rows = list(qs[:EXPORT_MAX])
        services.certificate_export_log(actor=request.user, q=q, count=len(rows))
        return xlsx_response(
            f"残疾人证-{timezone.localdate():%Y%m%d}.xlsx", sheet="残疾人证", headers=CERTIFICATE_HEADERS,
            rows=([c.person.name, mask_citizen_id(c.number), c.get_kind_display(), c.get_grade_display(), c.issued_on,
                   c.valid_until or "", c.get_status_display(), c.revoked_on or "", c.region.name] for c in rows),
        )  # fmt: skip
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "disability/certificate_list.html", {
        "page": page, "q": q, "can_edit": can(request.user, "disability.certificate"),
        "can_export": can(request.user, "export"),
    })  # fmt: skip


@staff_view("disability.certificate")
def certificate_new(request: HttpRequest) -> HttpResponse:
    form = CertificateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = data["person"]
            certificate = services.certificate_register(
                actor=request.user, person=person, kind=data["kind"], grade=data["grade"], number=data["number"],
                issued_on=data["issued_on"], valid_until=data["valid_until"],
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记{person.name}的{certificate}。")
            return redirect("disability:certificate_detail", pk=certificate.pk)
    return render(request, "disability/form.html", {"form": form, "title": "登记残疾人证",
                                                    "back": reverse("disability:certificate_list")})  # fmt: skip


@staff_view(READ)
@require_GET
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    return render(request, "disability/certificate_detail.html", {
        "certificate": certificate, "regrade": RegradeForm(initial={"kind": certificate.kind}), "revoke": RevokeForm(),
        "can_edit": can(request.user, "disability.certificate") and certificate.status == "valid",
        "applications": selectors.person_applications(user=request.user, person=certificate.person),
    })  # fmt: skip


@staff_view("disability.certificate")
@require_POST
def certificate_regrade(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    form = RegradeForm(request.POST)
    back = reverse("disability:certificate_detail", args=[pk])
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(
        request,
        lambda: services.certificate_regrade(actor=request.user, certificate=certificate, kind=data["kind"],
                                             grade=data["grade"], on=data["on"]),
        back=reverse("disability:certificate_list"), success="已办理等级变更：原证注销，新证已登记。",
    )  # fmt: skip


@staff_view("disability.certificate")
@require_POST
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    form = RevokeForm(request.POST)
    back = reverse("disability:certificate_detail", args=[pk])
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(
        request,
        lambda: services.certificate_revoke(actor=request.user, certificate=certificate, on=data["on"],
                                            reason=data["reason"]),
        back=back, success="已注销，补贴自次月起停发。",
    )  # fmt: skip


@staff_view("disability.sweep")
@require_POST
def sweep(request: HttpRequest) -> HttpResponse:
    form = SweepForm(request.POST)
    back = reverse("disability:application_list")
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    month = form.cleaned_data["month"].replace(day=1)
    stopped: list[int] = []

    def run() -> None:
        stopped.append(services.subsidies_sweep(actor=request.user, month=month))

    response = act_and_back(request, run, back=back, success=f"已核查{month:%Y年%m月}的两项补贴资格。")
    if stopped:
        messages.info(request, f"停发{stopped[0]}人（死亡、证件注销或等级不符、家庭退出低保、纳入特困）。")
    return response
