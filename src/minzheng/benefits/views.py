"""Pages of the ledger: payroll runs (list, detail with the steps, lines, bank files), standards and
enrollments. Thin views: the services decide, the selectors read through the user's scope; each page asks
its capability (``core.roles``) and shows a step only to whoever may take it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from minzheng.benefits import bankfiles, selectors
from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.forms import ExportForm, ReturnUploadForm, RunCreateForm, StandardForm
from minzheng.benefits.models import Enrollment, Payment, PayrollRun, Program
from minzheng.benefits.services import payroll as payroll_services
from minzheng.benefits.services.standards import standard_create
from minzheng.benefits.tasks import payroll_compute_task
from minzheng.core.audit import Action, audit_append
from minzheng.core.errors import DomainError
from minzheng.core.jobs import job_enqueue, job_live
from minzheng.core.models import Job, Region
from minzheng.core.parameters import parameter_sources_attach
from minzheng.core.roles import Perm, can, require
from minzheng.core.selectors import job_list
from minzheng.core.web import StaffRequest, act_and_back, form_errors_text, form_refuse, staff_view


def _for_city(user: Any, capability: str) -> bool:
    """A run is made for the whole city: the city's steps are offered to a holder of ``capability`` whose
    area is the whole city (the services check the same)."""
    return can(user, capability) and user.region is not None and user.region.parent_id is None


def _expect(request: StaffRequest, run: PayrollRun) -> None:
    """A form carries the status it was shown in: a second click or a stale page is refused."""
    expected = request.POST.get("expected_status")
    if expected and expected != run.status:
        raise BenefitsError(f"工资单状态已变为“{run.get_status_display()}”，请刷新页面后再操作")


def _compute_in_background(request: StaffRequest, run: PayrollRun) -> None:
    job = job_enqueue(
        task=payroll_compute_task,
        kind="payroll",
        title=f"计算{run}",
        user=request.user,
        run_id=run.pk,
        user_id=request.user.pk,
    )
    PayrollRun.objects.filter(pk=run.pk).update(job=job)
    messages.info(request, f"已提交后台计算任务（任务{job.pk}），完成后本页自动显示结果。")


# --- runs --------------------------------------------------------------------------------------------


@staff_view("payroll.read")
@require_GET
def run_list(request: StaffRequest) -> HttpResponse:
    program = request.GET.get("program") or None
    page = Paginator(selectors.payroll_run_list(user=request.user, program=program), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "programs": Program.objects.all(),
        "program": program,
        "form": RunCreateForm() if _for_city(request.user, "payroll.make") else None,
    }
    return render(request, "benefits/run_list.html", context)


@staff_view("payroll.make")
@require_POST
def run_create(request: StaffRequest) -> HttpResponse:
    form = RunCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("benefits:run_list")
    try:
        run = payroll_services.payroll_run_create(
            actor=request.user,
            program=form.cleaned_data["program"],
            month=form.cleaned_data["month"],
            kind=form.cleaned_data["kind"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("benefits:run_list")
    if run.frozen:
        messages.warning(request, f"{run}已审批，不再重新计算。")
    else:
        _compute_in_background(request, run)
    return redirect("benefits:run_detail", pk=run.pk)


def _run_actions(request: StaffRequest, run: PayrollRun, my_district: Any) -> dict[str, bool]:
    """Which step buttons the page offers this user (the services check again and decide)."""
    user = request.user
    computed = run.computed_at is not None
    is_open = run.status in (PayrollRun.Status.DRAFT, PayrollRun.Status.REVIEWED)
    bank = _for_city(user, "payroll.bank")
    return {
        "can_compute": _for_city(user, "payroll.make") and not run.frozen,
        "can_review": can(user, "payroll.review")
        and run.status == PayrollRun.Status.DRAFT
        and computed
        and my_district is not None
        and my_district.review is None,
        "can_return": can(user, "payroll.return") and is_open and computed,
        "can_approve": _for_city(user, "payroll.approve")
        and run.status == PayrollRun.Status.REVIEWED
        and run.created_by_id != user.pk,
        "can_export": bank and run.frozen,
        "can_import": bank and run.status == PayrollRun.Status.EXPORTED,
        "can_reissue": _for_city(user, "payroll.make")
        and run.status == PayrollRun.Status.RECONCILED
        and run.payments.filter(status=Payment.Status.FAILED).exists(),
        "can_read_lines": can(user, "enrollment.read"),
    }


def _following(run: PayrollRun, job: Job | None) -> bool:
    """The run's figures are still changing: its computation is queued, running or half done."""
    return run.computing or (job is not None and job.status in (Job.Status.QUEUED, Job.Status.RUNNING))


def _run_context(request: StaffRequest, run: PayrollRun) -> dict[str, Any]:
    user = request.user
    city_view = user.region is not None and user.region.level in (Region.Level.CITY, Region.Level.DISTRICT)
    districts = selectors.payroll_run_district_totals(run=run, user=user) if city_view else []
    my_district = next((d for d in districts if d.district.pk == user.region_id), None)
    job = job_live(run.job) if run.job is not None else None
    following = _following(run, job)
    if job is not None and not job_list(user=user).filter(pk=job.pk).exists():
        job = None  # another user's job this user may not follow (its card would poll a page refused to them)
    return {
        "run": run,
        "totals": selectors.payroll_run_totals(run=run, user=user),
        "districts": districts,
        "comparison": selectors.payroll_run_comparison(run=run, user=user) if run.computed_at else None,
        "job": job,
        "following": following,
        "reissues": run.reissues.all(),
        # lines the bank will return, while the file is still to be made (after it, the return file tells)
        "missing_accounts": Payment.objects.visible_to(user).filter(run=run, bank_account="").count()
        if run.status in (PayrollRun.Status.DRAFT, PayrollRun.Status.REVIEWED, PayrollRun.Status.APPROVED)
        else 0,
        "export_form": ExportForm(),
        "upload_form": ReturnUploadForm(),
        **_run_actions(request, run, my_district),
    }


@staff_view("payroll.read")
@require_GET
def run_detail(request: StaffRequest, pk: int) -> HttpResponse:
    run = selectors.payroll_run_get(user=request.user, pk=pk)
    return render(request, "benefits/run_detail.html", _run_context(request, run))


@staff_view("payroll.read")
@require_GET
def run_summary(request: StaffRequest, pk: int) -> HttpResponse:
    """The run's figures and steps (the part of its page that a computation changes): polled by the page
    while the run's job is queued or running, so the page shows the result without a reload."""
    if not request.htmx:
        return redirect("benefits:run_detail", pk=pk)
    run = selectors.payroll_run_get(user=request.user, pk=pk)
    return render(request, "benefits/_run_summary.html", _run_context(request, run))


def _step(request: StaffRequest, pk: int, action: Callable[[PayrollRun], Any], success: str) -> HttpResponse:
    run = selectors.payroll_run_get(user=request.user, pk=pk)

    def act() -> None:
        _expect(request, run)
        action(run)

    return act_and_back(request, act, success=success, back=reverse("benefits:run_detail", args=[pk]))


@staff_view("payroll.make")
@require_POST
def run_compute(request: StaffRequest, pk: int) -> HttpResponse:
    def start(run: PayrollRun) -> None:
        if run.frozen:
            raise BenefitsError(f"{run}已审批，不能重新计算")
        _compute_in_background(request, run)

    return _step(request, pk, start, "已开始计算。")


@staff_view("payroll.review")
@require_POST
def run_review(request: StaffRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _step(
        request,
        pk,
        lambda run: payroll_services.payroll_run_review(actor=request.user, run=run, comment=comment),
        "已复核本区明细。",
    )


@staff_view("payroll.return")
@require_POST
def run_return(request: StaffRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _step(
        request,
        pk,
        lambda run: payroll_services.payroll_run_return(actor=request.user, run=run, comment=comment),
        "已退回。",
    )


@staff_view("payroll.approve")
@require_POST
def run_approve(request: StaffRequest, pk: int) -> HttpResponse:
    return _step(
        request, pk, lambda run: payroll_services.payroll_run_approve(actor=request.user, run=run), "已审批。"
    )


@staff_view("payroll.make")
@require_POST
def run_reissue(request: StaffRequest, pk: int) -> HttpResponse:
    run = selectors.payroll_run_get(user=request.user, pk=pk)
    try:
        _expect(request, run)
        reissue = payroll_services.payroll_run_create(
            actor=request.user, program=run.program, month=run.month, kind=PayrollRun.Kind.REISSUE, parent=run
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("benefits:run_detail", pk=pk)
    _compute_in_background(request, reissue)
    return redirect("benefits:run_detail", pk=reissue.pk)


@staff_view("payroll.bank")
@require_POST
def run_export(request: StaffRequest, pk: int) -> HttpResponse:
    run = selectors.payroll_run_get(user=request.user, pk=pk)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("benefits:run_detail", pk=pk)
    try:
        bank_file = bankfiles.bank_file_export(
            actor=request.user,
            run=run,
            fmt=form.cleaned_data["fmt"],
            encoding=form.cleaned_data["encoding"] or "utf-8",
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("benefits:run_detail", pk=pk)
    return FileResponse(  # type: ignore[return-value]  # a streamed file, where the view type says HttpResponse
        bank_file.handle, as_attachment=True, filename=bank_file.filename, content_type=bank_file.content_type
    )


@staff_view("payroll.bank")
@require_POST
def run_import_return(request: StaffRequest, pk: int) -> HttpResponse:
    run = selectors.payroll_run_get(user=request.user, pk=pk)
    form = ReturnUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择回盘文件")
        return redirect("benefits:run_detail", pk=pk)
    upload = form.cleaned_data["file"]
    try:
        summary = bankfiles.return_import(
            actor=request.user, run=run, data=upload.read(), filename=upload.name
        )
    except bankfiles.ReturnFileError as exc:
        return render(request, "benefits/return_errors.html", {"run": run, "errors": exc.errors}, status=400)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("benefits:run_detail", pk=pk)
    messages.success(request, f"回盘已导入：成功{summary.paid_lines}笔，失败{summary.failed_lines}笔。")
    return redirect("benefits:run_detail", pk=pk)


@staff_view("enrollment.read")
@require_GET
def run_payments(request: StaffRequest, pk: int) -> HttpResponse:
    run = selectors.payroll_run_get(user=request.user, pk=pk)
    status = request.GET.get("status") or None
    qs = selectors.payroll_run_payments(run=run, user=request.user, status=status)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    audit_append(action=Action.VIEW, obj=run, detail=f"查看{run}发放明细第{page.number}页")
    context = {"run": run, "page": page, "status": status, "statuses": Payment.Status.choices}
    return render(request, "benefits/run_payments.html", context)


# --- standards ---------------------------------------------------------------------------------------


@staff_view("standard.read")
def standard_list(request: StaffRequest) -> HttpResponse:
    program = request.GET.get("program") or None
    if request.method == "POST":
        require(request.user, Perm.EDIT_STANDARDS)
    form = StandardForm(request.POST or None) if can(request.user, Perm.EDIT_STANDARDS) else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            standard_create(
                actor=request.user,
                program=data["program"],
                region=data["region"],
                category=data["category"],
                effective_from=data["effective_from"],
                amount_fen=data["amount"],
                is_demo=data["is_demo"],
                source=data["source"],
            )
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, "已录入新标准，上一期标准的截止日期已自动设置。")
            return redirect("benefits:standard_list")
    context = {
        "standards": parameter_sources_attach(
            selectors.standard_list(user=request.user, program=program),
            key=lambda s: (selectors.standard_key(s), s.effective_from),
        ),
        "programs": Program.objects.all(),
        "program": program,
        "form": form,
    }
    return render(request, "benefits/standard_list.html", context)


# --- enrollments ---------------------------------------------------------------------------------------


@staff_view("enrollment.read")
@require_GET
def enrollment_detail(request: StaffRequest, pk: int) -> HttpResponse:
    enrollment = selectors.enrollment_get(user=request.user, pk=pk)
    audit_append(action=Action.VIEW, obj=enrollment, detail="查看保障记录")
    case_model: Any = Enrollment._meta.get_field("case").related_model  # the case engine's, by the key
    context = {
        "enrollment": enrollment,
        # the deciding case is linked only for who may open it (a grid worker sees the record of their
        # grid, not the community's case)
        "case_visible": enrollment.case_id is not None
        and case_model.objects.visible_to(request.user).filter(pk=enrollment.case_id).exists(),
        "amounts": enrollment.amounts.order_by("-from_month"),
        "pauses": enrollment.pauses.order_by("-from_month"),
        "payments": enrollment.payments.select_related("run", "program").order_by("-month", "-id")[:36],
    }
    return render(request, "benefits/enrollment_detail.html", context)
