"""Staff pages of marriage registration and the public verification of a certificate.

Every staff page through ``staff_view``; records through the scoped selectors (a registrar: their offices'; the
city manager: all); every read of the register — a list, a search, a record, a certificate, an export — is
audited. The verification page (``/marriage/verify/<token>/``, no login) shows only what proves authenticity.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.errors import DomainError
from minzheng.core.excel import xlsx_response
from minzheng.core.masking import mask_citizen_id
from minzheng.core.roles import can, require
from minzheng.core.scope import OutOfScopeError
from minzheng.core.web import StaffRequest, act_and_back, form_errors_text, form_refuse, staff_view
from minzheng.marriage import selectors, services
from minzheng.marriage.certificate import certificate_pdf, verify_url
from minzheng.marriage.errors import MarriageError
from minzheng.marriage.forms import (
    AppointmentForm,
    AppointmentRefuseForm,
    DivorceAcceptForm,
    DivorceRegisterForm,
    MarriageForm,
    RefuseForm,
    RegisterFromAppointmentForm,
    ReissueForm,
    RevokeForm,
    WithdrawForm,
)
from minzheng.marriage.models import Appointment, DivorceApplication, Kind, Office, Registration

READ = "marriage.read"
PAGE_SIZE = 50


def _is_registrar_of(user: object, office: Office) -> bool:
    return office.registrars.filter(pk=getattr(user, "pk", None)).exists()


def _day(raw: str | None) -> date:
    try:
        return date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


# --- the register ------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def register_list(request: StaffRequest) -> HttpResponse:
    q, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    qs = selectors.registration_list(user=request.user, q=q, kind=kind)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    services.register_search_log(actor=request.user, q=q or "（全部）", count=page.paginator.count)
    return render(request, "marriage/register_list.html", {
        "page": page, "q": q, "kind": kind, "kinds": Kind.choices,
        "can_export": can(request.user, "marriage.export"), "can_register": can(request.user, "marriage.register"),
    })  # fmt: skip


EXPORT_HEADERS = ["证书字号", "登记类别", "登记日期", "登记机关", "当事人类别", "男方", "男方身份证号", "女方",
                  "女方身份证号", "状态", "婚姻解除日期"]  # fmt: skip


@staff_view("marriage.export")
@require_GET
def register_export(request: StaffRequest) -> HttpResponse:
    q, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    qs = selectors.registration_list(user=request.user, q=q, kind=kind)
    services.register_export_log(
        actor=request.user, detail=f"导出婚姻登记档案（检索：{q or '全部'}，类别：{kind or '全部'}）"
    )
    rows = (
        [
            r.number, r.get_kind_display(), r.registered_on, r.office.name, r.get_party_display(), r.man.name,
            mask_citizen_id(r.man.id_number), r.woman.name, mask_citizen_id(r.woman.id_number), r.get_status_display(),
            r.dissolved_on or "",
        ]
        for r in qs.iterator(chunk_size=2000)
    )  # fmt: skip
    return xlsx_response(
        f"婚姻登记档案-{timezone.localdate():%Y%m%d}.xlsx",
        sheet="婚姻登记",
        headers=EXPORT_HEADERS,
        rows=rows,
    )


@staff_view(READ)
@require_GET
def registration_detail(request: StaffRequest, pk: int) -> HttpResponse:
    reg = selectors.registration_get(user=request.user, pk=pk)
    services.registration_view_log(actor=request.user, registration=reg)
    own = _is_registrar_of(request.user, reg.office)
    today = timezone.localdate()
    return render(request, "marriage/registration_detail.html", {
        "reg": reg, "reissues": selectors.reissues_of(registration=reg), "divorces": list(reg.divorces.all()),
        "can_print": own and can(request.user, "marriage.register"),
        "can_correct": own and can(request.user, "marriage.correct") and reg.status == Registration.Status.VALID,
        "reissue_form": ReissueForm(initial={"on": today}), "revoke_form": RevokeForm(initial={"on": today}),
        "verify_url": request.build_absolute_uri(verify_url(reg)),
    })  # fmt: skip


@staff_view("marriage.register")
@require_GET
def registration_certificate(request: StaffRequest, pk: int) -> HttpResponse:
    reg = selectors.registration_get(user=request.user, pk=pk)
    if not _is_registrar_of(request.user, reg.office):
        raise OutOfScopeError("婚姻登记")
    services.registration_view_log(actor=request.user, registration=reg, what="打印证书")
    pdf = certificate_pdf(reg, verify=request.build_absolute_uri(verify_url(reg)))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{reg.number}.pdf"'
    return response


@staff_view("marriage.correct")
@require_POST
def registration_reissue(request: StaffRequest, pk: int) -> HttpResponse:
    reg = selectors.registration_get(user=request.user, pk=pk)
    back = reverse("marriage:registration_detail", args=[pk])
    form = ReissueForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    office = (
        reg.office if _is_registrar_of(request.user, reg.office) else request.user.marriage_offices.first()
    )
    if office is None:
        raise OutOfScopeError("婚姻登记机关")
    data = form.cleaned_data
    return act_and_back(
        request,
        lambda: services.registration_reissue(actor=request.user, registration=reg, office=office, on=data["on"],
                                              reason=data["reason"]),
        success="已办理补领，原登记和证书字号不变。", back=back,
    )  # fmt: skip


@staff_view("marriage.correct")
@require_POST
def registration_revoke(request: StaffRequest, pk: int) -> HttpResponse:
    reg = selectors.registration_get(user=request.user, pk=pk)
    back = reverse("marriage:registration_detail", args=[pk])
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(
        request,
        lambda: services.registration_revoke(actor=request.user, registration=reg, on=data["on"],
                                             judgment=data["judgment"], reason=data["reason"]),
        success="已依人民法院判决撤销该登记，原记录保留。", back=back,
    )  # fmt: skip


@staff_view("marriage.register")
def marriage_new(request: StaffRequest) -> HttpResponse:
    """A walk-in registration (no appointment)."""
    form = MarriageForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reg = services.marriage_register(
                actor=request.user, office=data["office"], man=data["man"], woman=data["woman"], on=data["on"],
                both_present=data["both_present"], documents_checked=data["documents_checked"], party=data["party"],
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记结婚，结婚证字号{reg.number}。")
            return redirect("marriage:registration_detail", pk=reg.pk)
    return render(request, "marriage/form.html", {"form": form, "title": "结婚登记",
                                                  "back": reverse("marriage:register_list")})  # fmt: skip


@staff_view("marriage.refuse")
def refuse_new(request: StaffRequest) -> HttpResponse:
    form = RefuseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.registration_refuse(
                actor=request.user, office=data["office"], kind=data["kind"], man=data["man"], woman=data["woman"],
                on=data["on"], reasons=data["reasons"],
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, "已作出不予登记决定。")
            return redirect("marriage:refusal_list")
    return render(request, "marriage/form.html", {"form": form, "title": "不予登记",
                                                  "back": reverse("marriage:refusal_list")})  # fmt: skip


@staff_view(READ)
@require_GET
def refusal_list(request: StaffRequest) -> HttpResponse:
    page = Paginator(selectors.refusal_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    services.register_search_log(actor=request.user, q="不予登记记录", count=page.paginator.count)
    return render(request, "marriage/refusal_list.html", {
        "page": page, "can_refuse": can(request.user, "marriage.refuse"),
    })  # fmt: skip


# --- appointments ------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def appointment_list(request: StaffRequest) -> HttpResponse:
    day = _day(request.GET.get("day"))
    rows = list(selectors.appointments_on(user=request.user, day=day))
    services.register_search_log(actor=request.user, q=f"{day:%Y-%m-%d}预约", count=len(rows))
    return render(request, "marriage/appointment_list.html", {
        "day": day, "rows": rows, "offices": list(selectors.offices_of(user=request.user)),
        "can_book": can(request.user, "marriage.book"), "can_register": can(request.user, "marriage.register"),
    })  # fmt: skip


@staff_view("marriage.book")
def appointment_new(request: StaffRequest) -> HttpResponse:
    form = AppointmentForm(request.POST or None, user=request.user, initial={"day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appt = services.appointment_book(
                actor=request.user, office=data["office"], day=data["day"], man=data["man"], woman=data["woman"],
                kind=data["kind"], party=data["party"], phone=data["phone"] or "",
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(
                request, f"已预约{appt.office.name}{appt.day:%Y年%m月%d日}的{appt.get_kind_display()}。"
            )
            return redirect(f"{reverse('marriage:appointment_list')}?day={appt.day:%Y-%m-%d}")
    return render(request, "marriage/form.html", {"form": form, "title": "登记预约",
                                                  "back": reverse("marriage:appointment_list")})  # fmt: skip


@staff_view(READ)
def appointment_detail(request: StaffRequest, pk: int) -> HttpResponse:
    """An appointment and, for the office's registrar on a marriage booking, the registration itself: what the
    records say against it (age on the day, an existing marriage) shown before the registrar confirms."""
    appt = selectors.appointment_get(user=request.user, pk=pk)
    services.appointment_view_log(actor=request.user, appointment=appt)
    today = timezone.localdate()
    own = _is_registrar_of(request.user, appt.office)
    form = RegisterFromAppointmentForm(request.POST or None, initial={"on": today})
    if request.method == "POST":
        require(request.user, "marriage.register")
        if not own:
            raise MarriageError(f"您不是{appt.office.name}的婚姻登记员，不能为其办理")
        if form.is_valid():
            data = form.cleaned_data
            try:
                reg = services.marriage_register(
                    actor=request.user, office=appt.office, man=appt.man, woman=appt.woman, on=data["on"],
                    both_present=data["both_present"], documents_checked=data["documents_checked"],
                    party=appt.party, appointment=appt,
                )  # fmt: skip
            except DomainError as exc:
                form_refuse(form, exc)
            else:
                messages.success(request, f"已登记结婚，结婚证字号{reg.number}。")
                return redirect("marriage:registration_detail", pk=reg.pk)
    reasons = services.marriage_refusal_reasons(man=appt.man, woman=appt.woman, on=today)
    return render(request, "marriage/appointment_detail.html", {
        "appt": appt, "form": form, "reasons": reasons, "refuse_form": AppointmentRefuseForm(initial={"on": today}),
        "can_act": own and appt.status == Appointment.Status.BOOKED and appt.kind == Kind.MARRIAGE
        and can(request.user, "marriage.register"),
        "can_cancel": own and appt.status == Appointment.Status.BOOKED and can(request.user, "marriage.book"),
    })  # fmt: skip


@staff_view("marriage.refuse")
@require_POST
def appointment_refuse(request: StaffRequest, pk: int) -> HttpResponse:
    appt = selectors.appointment_get(user=request.user, pk=pk)
    back = reverse("marriage:appointment_detail", args=[pk])
    form = AppointmentRefuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(
        request,
        lambda: services.registration_refuse(actor=request.user, office=appt.office, kind=appt.kind, man=appt.man,
                                             woman=appt.woman, on=data["on"], reasons=data["reasons"],
                                             appointment=appt),
        success="已作出不予登记决定并记录理由。", back=back,
    )  # fmt: skip


@staff_view("marriage.book")
@require_POST
def appointment_cancel(request: StaffRequest, pk: int) -> HttpResponse:
    appt = selectors.appointment_get(user=request.user, pk=pk)
    return act_and_back(
        request, lambda: services.appointment_cancel(actor=request.user, appointment=appt),
        success="已取消预约。", back=reverse("marriage:appointment_detail", args=[pk]),
    )  # fmt: skip


# --- divorce -----------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def divorce_list(request: StaffRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    page = Paginator(selectors.divorce_list(user=request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    services.register_search_log(actor=request.user, q="离婚登记申请", count=page.paginator.count)
    return render(request, "marriage/divorce_list.html", {
        "page": page, "status": status, "statuses": DivorceApplication.Status.choices,
        "can_accept": can(request.user, "marriage.divorce_accept"), "today": timezone.localdate(),
    })  # fmt: skip


@staff_view("marriage.divorce_accept")
def divorce_new(request: StaffRequest) -> HttpResponse:
    form = DivorceAcceptForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        marriage = Registration.objects.filter(
            number=data["number"].strip().upper(), kind=Kind.MARRIAGE
        ).first()
        try:
            if marriage is None:
                raise MarriageError(f"未找到结婚证字号{data['number']}的结婚登记", field="number")
            app = services.divorce_accept(
                actor=request.user, office=data["office"], marriage=marriage, received_on=data["received_on"],
                both_present=data["both_present"], agreement_checked=data["agreement_checked"],
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已受理，冷静期至{app.cooling_off_ends:%Y年%m月%d日}。")
            return redirect("marriage:divorce_detail", pk=app.pk)
    return render(request, "marriage/form.html", {"form": form, "title": "受理离婚登记申请",
                                                  "back": reverse("marriage:divorce_list")})  # fmt: skip


@staff_view(READ)
@require_GET
def divorce_detail(request: StaffRequest, pk: int) -> HttpResponse:
    app = selectors.divorce_get(user=request.user, pk=pk)
    services.registration_view_log(actor=request.user, registration=app.marriage, what="查看离婚登记申请，")
    today = timezone.localdate()
    own = _is_registrar_of(request.user, app.office) and app.status == DivorceApplication.Status.COOLING
    return render(request, "marriage/divorce_detail.html", {
        "app": app, "today": today,
        "can_withdraw": own and can(request.user, "marriage.divorce_accept") and today <= app.cooling_off_ends,
        "can_register": own and can(request.user, "marriage.register") and app.cooling_off_ends < today <= app.collect_ends,
        "withdraw_form": WithdrawForm(initial={"on": today}), "register_form": DivorceRegisterForm(initial={"on": today}),
    })  # fmt: skip


@staff_view("marriage.divorce_accept")
@require_POST
def divorce_withdraw(request: StaffRequest, pk: int) -> HttpResponse:
    app = selectors.divorce_get(user=request.user, pk=pk)
    back = reverse("marriage:divorce_detail", args=[pk])
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(
        request, lambda: services.divorce_withdraw(actor=request.user, application=app, by=data["by"], on=data["on"]),
        success="已撤回离婚登记申请。", back=back,
    )  # fmt: skip


@staff_view("marriage.register")
@require_POST
def divorce_register(request: StaffRequest, pk: int) -> HttpResponse:
    app = selectors.divorce_get(user=request.user, pk=pk)
    back = reverse("marriage:divorce_detail", args=[pk])
    form = DivorceRegisterForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(
        request,
        lambda: services.divorce_register(actor=request.user, application=app, on=data["on"],
                                          both_present=data["both_present"],
                                          documents_checked=data["documents_checked"]),
        success="已登记离婚并发给离婚证。", back=back,
    )  # fmt: skip


# --- offices -----------------------------------------------------------------------------------------


@staff_view("marriage.offices")
def office_list(request: StaffRequest) -> HttpResponse:
    """The offices, their daily capacity (editable) and registrars: the city manager's page."""
    if request.method == "POST":
        office = selectors.office_get(user=request.user, pk=request.POST.get("office"))
        raw = request.POST.get("daily_capacity", "")
        return act_and_back(
            request,
            lambda: services.office_capacity_set(actor=request.user, office=office,
                                                 daily_capacity=int(raw) if raw.isdigit() else 0),
            success=f"已调整{office.name}的每日预约接待量。", back=reverse("marriage:office_list"),
        )  # fmt: skip
    offices = selectors.offices_of(user=request.user).select_related("region").prefetch_related("registrars")
    return render(request, "marriage/office_list.html", {"offices": offices})


# --- public ------------------------------------------------------------------------------------------


@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """核验婚姻登记证 (public, no login): the certificate's 字号, date, office, the parties' surnames and whether it
    stands — nothing else."""
    try:
        found = selectors.certificate_verify(token=token)
    except OutOfScopeError:
        return render(request, "marriage/verify.html", {"found": None}, status=404)
    return render(request, "marriage/verify.html", {"found": found})
