"""Child-welfare pages for clerks: 孤儿/事实无人抚养儿童 (list with filters and export, detail with the case's moves,
the application form with the registry person picker, the end of support), 儿童主任/督导员, visits (a high risk's
follow-up case), the intake of abandoned infants and 宣讲. Every page asks a capability (``core.web.staff_view``);
records outside the user's region are the 404 page; ID numbers are masked; reads of a child's record are audited."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.casework.services import case_transition
from minzheng.children import forms, rules, selectors, services
from minzheng.children.casetypes import SUPPORT_STATES
from minzheng.core.audit import Action, audit_append
from minzheng.core.errors import DomainError
from minzheng.core.excel import xlsx_response
from minzheng.core.masking import mask_citizen_id, mask_phone
from minzheng.core.roles import Perm, can
from minzheng.core.web import act_and_back, form_refuse, staff_view
from minzheng.registry.services import person_view_log

READ = "children.read"
PAGE = 50


EXPORT_MAX = 100_000


def _page(request: HttpRequest, qs):  # noqa: ANN001, ANN202
    return Paginator(qs, PAGE).get_page(request.GET.get("page"))


def _wants_export(request: HttpRequest) -> bool:
    """``?format=xlsx`` from a user who may export (``export``); anyone else gets the page."""
    return request.GET.get("format") == "xlsx" and can(request.user, Perm.EXPORT)


def _export(qs, *, name: str, object_type: str, headers: tuple[str, ...], row) -> HttpResponse:  # noqa: ANN001
    """The list as an XLSX file, the rows the page would show (the same scoped queryset and filters), masked as
    the page masks them; the export is audited with its row count."""
    rows = list(qs[:EXPORT_MAX])
    audit_append(
        action=Action.EXPORT, object_type=object_type, object_repr=name, detail=f"导出{name} {len(rows)} 条"
    )
    return xlsx_response(f"{name}.xlsx", sheet=name, headers=headers, rows=(row(item) for item in rows))


# --- 孤儿 / 事实无人抚养儿童 -------------------------------------------------------------------------------


STATE_FILTERS = [("", "全部"), ("open", "办理中"), ("paying", "保障中"), ("ended", "已终止"),
                 ("rejected", "不予认定")]  # fmt: skip
EXPORT_HEADERS = (
    "案件编号",
    "儿童",
    "身份证号码",
    "类别",
    "养育方式",
    "所属区划",
    "状态",
    "认定日期",
    "发放至",
    "终止原因",
)


@staff_view(READ)
@require_GET
def support_list(request: HttpRequest) -> HttpResponse:
    state, kind, q = request.GET.get("state", ""), request.GET.get("kind", ""), request.GET.get("q", "")
    qs = selectors.support_list(user=request.user, state=state, kind=kind, q=q)
    if request.GET.get("format") == "xlsx" and can(request.user, Perm.EXPORT):
        rows = list(qs[:100_000])
        audit_append(action=Action.EXPORT, object_type="children.support", object_repr="孤儿和事实无人抚养儿童",
                     detail=f"导出孤儿和事实无人抚养儿童 {len(rows)} 条")  # fmt: skip
        return xlsx_response(
            "孤儿和事实无人抚养儿童.xlsx",
            sheet="儿童保障",
            headers=EXPORT_HEADERS,
            rows=(
                (s.case.number, s.child.name, mask_citizen_id(s.child.id_number), s.get_kind_display(),
                 s.get_placement_display(), s.region.name, SUPPORT_STATES.get(s.case.state, s.case.state),
                 s.decided_on or "", s.pay_until.strftime("%Y-%m") if s.pay_until else "", s.get_end_reason_display())
                for s in rows
            ),
        )  # fmt: skip
    context = {
        "page": _page(request, qs),
        "state": state,
        "kind": kind,
        "q": q,
        "states": STATE_FILTERS,
        "kinds": rules.Kind.choices,
        "state_labels": SUPPORT_STATES,
        "can_apply": can(request.user, "children.apply"),
        "can_export": can(request.user, Perm.EXPORT),
        "can_end": can(request.user, "children.end"),
    }
    return render(request, "children/support_list.html", context)


@staff_view("children.apply")
def support_new(request: HttpRequest) -> HttpResponse:
    form = forms.SupportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        guardians = []
        if data["guardian_name"]:
            guardians.append(
                services.GuardianInput(
                    name=data["guardian_name"],
                    relation=data["guardian_relation"],
                    phone=data["guardian_phone"] or "",
                )
            )
        try:
            support = services.support_apply(
                actor=request.user, child=data["child"], kind=data["kind"], placement=data["placement"],
                home=data["home"], father_situation=data["father_situation"],
                father_months=data["father_months"] or 0, mother_situation=data["mother_situation"],
                mother_months=data["mother_months"] or 0, applicant_name=data["applicant_name"],
                applicant_relation=data["applicant_relation"], applied_on=data["applied_on"],
                in_school_until=data["in_school_until"], guardians=guardians,
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(
                request,
                f"已登记{support.child.name}的{support.get_kind_display()}申请（{support.case.number}）。",
            )
            return redirect("children:support_detail", pk=support.pk)
    return render(request, "children/form.html", {"form": form, "title": "孤儿、事实无人抚养儿童申请"})


@staff_view(READ)
@require_GET
def support_detail(request: HttpRequest, pk: int) -> HttpResponse:
    support = selectors.support_get(user=request.user, pk=pk)
    person_view_log(actor=request.user, person=support.child)
    verdict = services.supports.support_identify(support, on=support.decided_on or support.applied_on)
    context = {
        "support": support,
        "case": support.case,
        "kind_label": support.get_kind_display(),
        "state_label": SUPPORT_STATES.get(support.case.state, support.case.state),
        "child_id": mask_citizen_id(support.child.id_number),
        "guardians": list(support.guardians.all()),
        "verdict": verdict,
        "end_form": forms.EndForm(),
        "can_end": can(request.user, "children.end") and support.enrollment_id and not support.ended_on,
        "can_open_person": can(request.user, "registry.read"),
    }
    return render(request, "children/support_detail.html", context)


@staff_view(READ)
@require_POST
def support_act(request: HttpRequest, pk: int) -> HttpResponse:
    support = selectors.support_get(user=request.user, pk=pk)
    return act_and_back(
        request,
        lambda: services.support_move(
            actor=request.user,
            support=support,
            action=request.POST.get("action", ""),
            comment=request.POST.get("comment", ""),
            expected_state=request.POST.get("expected_state"),
        ),
        success="已办理。",
        back=reverse("children:support_detail", args=[pk]),
    )


@staff_view("children.end")
@require_POST
def support_end(request: HttpRequest, pk: int) -> HttpResponse:
    support = selectors.support_get(user=request.user, pk=pk)
    form = forms.EndForm(request.POST)
    back = reverse("children:support_detail", args=[pk])
    if not form.is_valid():
        messages.error(request, forms_error_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(
        request,
        lambda: services.support_end(
            actor=request.user, support=support, reason=data["reason"], on=data["on"], note=data["note"]
        ),
        success="已终止保障，末次发放月之后不再发放。",
        back=back,
    )


def forms_error_text(form: forms.forms.Form) -> str:
    from minzheng.core.web import form_errors_text

    return form_errors_text(form)


@staff_view("children.end")
@require_POST
def supports_end_aged(request: HttpRequest) -> HttpResponse:
    """自动终止 from the page: the supports of the user's area whose last month has passed are stopped on the ledger."""
    month = timezone.localdate().replace(day=1)
    return act_and_back(
        request,
        lambda: services.supports_end_aged(month=month, actor=request.user),
        success="已终止辖区内到期（年满18周岁、在校期满）的保障。",
        back=reverse("children:support_list"),
    )


# --- 儿童主任 / 儿童督导员 ----------------------------------------------------------------------------------


WORKER_HEADERS = ("岗位", "姓名", "身份证号码", "负责区划", "电话", "任职日期", "离任日期")


@staff_view(READ)
@require_GET
def worker_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.worker_list(user=request.user, current_only=request.GET.get("all") != "1")
    if _wants_export(request):
        return _export(
            qs, name="儿童主任和督导员", object_type="children.worker", headers=WORKER_HEADERS,
            row=lambda w: (w.get_post_display(), w.person.name, mask_citizen_id(w.person.id_number), w.region.name,
                           mask_phone(w.phone), w.appointed_on, w.left_on or "在任"),
        )  # fmt: skip
    context = {"page": _page(request, qs), "can_edit": can(request.user, "children.workers"),
               "leave_form": forms.LeaveForm(), "show_all": request.GET.get("all") == "1",
               "can_export": can(request.user, Perm.EXPORT)}  # fmt: skip
    return render(request, "children/worker_list.html", context)


@staff_view("children.workers")
def worker_new(request: HttpRequest) -> HttpResponse:
    form = forms.WorkerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            worker = services.worker_appoint(
                actor=request.user, person=data["person"], post=data["post"], region=data["region"],
                appointed_on=data["appointed_on"], phone=data["phone"] or "",
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记{worker}（{worker.region.name}）。")
            return redirect("children:worker_list")
    return render(request, "children/form.html", {"form": form, "title": "登记儿童主任/儿童督导员"})


@staff_view("children.workers")
@require_POST
def worker_leave(request: HttpRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_get(user=request.user, pk=pk)
    form = forms.LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, forms_error_text(form))
        return redirect("children:worker_list")
    return act_and_back(
        request,
        lambda: services.worker_leave(
            actor=request.user, worker=worker, left_on=form.cleaned_data["left_on"]
        ),
        success="已登记离任。",
        back=reverse("children:worker_list"),
    )


# --- 走访 --------------------------------------------------------------------------------------------------


VISIT_HEADERS = (
    "走访日期",
    "儿童",
    "身份证号码",
    "类别",
    "走访人",
    "所属区划",
    "风险等级",
    "跟进措施",
    "跟进案件",
)


@staff_view(READ)
@require_GET
def visit_list(request: HttpRequest) -> HttpResponse:
    risk = request.GET.get("risk", "")
    qs = selectors.visit_list(user=request.user, risk=risk)
    if _wants_export(request):
        return _export(
            qs, name="儿童走访记录", object_type="children.visit", headers=VISIT_HEADERS,
            row=lambda v: (v.visited_on, v.child.name, mask_citizen_id(v.child.id_number), v.get_category_display(),
                           f"{v.worker.person.name}（{v.worker.get_post_display()}）", v.region.name,
                           v.get_risk_display(), v.follow_up, v.case.number if v.case else ""),
        )  # fmt: skip
    context = {"page": _page(request, qs), "risk": risk, "risks": rules.Risk.choices,
               "can_visit": can(request.user, "children.visit"), "can_export": can(request.user, Perm.EXPORT)}  # fmt: skip
    return render(request, "children/visit_list.html", context)


@staff_view("children.visit")
def visit_new(request: HttpRequest) -> HttpResponse:
    form = forms.VisitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_record(
                actor=request.user, worker=data["worker"], child=data["child"], category=data["category"],
                visited_on=data["visited_on"], risk=data["risk"], findings=data["findings"],
                follow_up=data["follow_up"],
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            note = f"，已转跟进案件{visit.case.number}" if visit.case else ""
            messages.success(request, f"已登记走访{note}。")
            return redirect("children:visit_detail", pk=visit.pk)
    return render(request, "children/form.html", {"form": form, "title": "登记儿童走访"})


@staff_view(READ)
@require_GET
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_get(user=request.user, pk=pk)
    person_view_log(actor=request.user, person=visit.child)
    context = {"visit": visit, "case": visit.case, "child_id": mask_citizen_id(visit.child.id_number)}
    return render(request, "children/visit_detail.html", context)


@staff_view(READ)
@require_POST
def visit_act(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_get(user=request.user, pk=pk)
    if visit.case is None:
        messages.error(request, "该走访没有跟进案件")
        return redirect("children:visit_detail", pk=pk)
    return act_and_back(
        request,
        lambda: case_transition(
            actor=request.user,
            case=visit.case,
            action=request.POST.get("action", ""),
            comment=request.POST.get("comment", ""),
            expected_state=request.POST.get("expected_state"),
        ),
        success="已办理。",
        back=reverse("children:visit_detail", args=[pk]),
    )


# --- 弃婴接收 / 宣讲 ------------------------------------------------------------------------------------


INTAKE_HEADERS = (
    "接收日期",
    "机构",
    "发现日期",
    "发现地点",
    "性别",
    "估计出生日期",
    "残疾或患病",
    "报案证明编号",
)


@staff_view(READ)
@require_GET
def intake_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.intake_list(user=request.user)
    if _wants_export(request):
        return _export(
            qs, name="儿童福利机构接收弃婴", object_type="children.intake", headers=INTAKE_HEADERS,
            row=lambda i: (i.received_on, i.home.name, i.found_on, i.found_place, i.get_gender_display(),
                           i.estimated_birth, "是" if i.disabled else "否", i.police_report),
        )  # fmt: skip
    context = {"page": _page(request, qs), "can_intake": can(request.user, "children.intake"),
               "can_export": can(request.user, Perm.EXPORT)}  # fmt: skip
    return render(request, "children/intake_list.html", context)


@staff_view("children.intake")
def intake_new(request: HttpRequest) -> HttpResponse:
    form = forms.IntakeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.infant_intake_record(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, "已登记接收。")
            return redirect("children:intake_list")
    return render(request, "children/form.html", {"form": form, "title": "登记接收弃婴"})


OUTREACH_HEADERS = ("宣讲日期", "地点", "主题", "宣讲人", "参加人数", "其中儿童及监护人")


@staff_view(READ)
@require_GET
def outreach_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.outreach_list(user=request.user)
    if _wants_export(request):
        return _export(
            qs, name="关爱保护政策宣讲", object_type="children.outreach", headers=OUTREACH_HEADERS,
            row=lambda o: (o.held_on, o.region.name, o.title, o.speaker, o.audience, o.children),
        )  # fmt: skip
    context = {"page": _page(request, qs), "can_outreach": can(request.user, "children.outreach"),
               "can_export": can(request.user, Perm.EXPORT)}  # fmt: skip
    return render(request, "children/outreach_list.html", context)


@staff_view("children.outreach")
def outreach_new(request: HttpRequest) -> HttpResponse:
    form = forms.OutreachForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.outreach_record(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, "已登记宣讲。")
            return redirect("children:outreach_list")
    return render(request, "children/form.html", {"form": form, "title": "登记关爱政策宣讲"})
