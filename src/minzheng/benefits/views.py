"""Pages of the ledger: payroll runs (list, detail with the steps, lines, bank files), standards and
enrollments. Thin views: the services decide, the selectors read through the user's scope."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from minzheng.benefits import bankfiles, selectors
from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.forms import ExportForm, ReturnUploadForm, RunCreateForm, StandardForm
from minzheng.benefits.models import Enrollment, Payment, PayrollRun, Program
from minzheng.benefits.services import payroll as payroll_services
from minzheng.benefits.services.standards import standard_create
from minzheng.benefits.tasks import payroll_compute_task
from minzheng.core.audit import Action, audit_append
from minzheng.core.jobs import job_enqueue, job_live
from minzheng.core.models import Region
from minzheng.core.permissions import require_perm
from minzheng.core.roles import Perm, Role
from minzheng.core.scope import OutOfScopeError

MANAGER = Role.CITY_MANAGER
REVIEWER = Role.DISTRICT_REVIEWER


def _run_or_404(request: HttpRequest, pk: int) -> PayrollRun:
    try:
        return selectors.payroll_run_get(user=request.user, pk=pk)
    except OutOfScopeError as exc:
        raise Http404(str(exc)) from exc


def _is_city(request: HttpRequest) -> bool:
    return (
        request.user.role == MANAGER
        and request.user.region is not None
        and request.user.region.parent_id is None
    )


def _expect(request: HttpRequest, run: PayrollRun) -> None:
    """A form carries the status it was shown in: a second click or a stale page is refused."""
    expected = request.POST.get("expected_status")
    if expected and expected != run.status:
        raise BenefitsError(f"工资单状态已变为“{run.get_status_display()}”，请刷新页面后再操作")


def _compute_in_background(request: HttpRequest, run: PayrollRun) -> None:
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


def run_list(request: HttpRequest) -> HttpResponse:
    program = request.GET.get("program") or None
    page = Paginator(selectors.payroll_run_list(user=request.user, program=program), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "programs": Program.objects.all(),
        "program": program,
        "form": RunCreateForm() if _is_city(request) else None,
    }
    return render(request, "benefits/run_list.html", context)


@require_POST
def run_create(request: HttpRequest) -> HttpResponse:
    if not _is_city(request):
        raise PermissionDenied("工资单由市局编制")
    form = RunCreateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("benefits:run_list")
    try:
        run = payroll_services.payroll_run_create(
            actor=request.user,
            program=form.cleaned_data["program"],
            month=form.cleaned_data["month"],
            kind=form.cleaned_data["kind"],
        )
        if run.frozen:
            messages.warning(request, f"{run}已审批，不再重新计算。")
        else:
            _compute_in_background(request, run)
    except BenefitsError as exc:
        messages.error(request, exc.message)
        return redirect("benefits:run_list")
    return redirect("benefits:run_detail", pk=run.pk)


def _run_actions(request: HttpRequest, run: PayrollRun, my_district: Any) -> dict[str, bool]:
    """Which step buttons the page offers this user (the services check again and decide)."""
    user, city = request.user, _is_city(request)
    computed = run.computed_at is not None
    is_open = run.status in (PayrollRun.Status.DRAFT, PayrollRun.Status.REVIEWED)
    return {
        "can_compute": city and not run.frozen,
        "can_review": user.role == REVIEWER
        and run.status == PayrollRun.Status.DRAFT
        and computed
        and my_district is not None
        and my_district.review is None,
        "can_return": user.role in (REVIEWER, MANAGER) and is_open and computed,
        "can_approve": city and run.status == PayrollRun.Status.REVIEWED and run.created_by_id != user.pk,
        "can_export": city and user.has_role_perm(Perm.EXPORT) and run.frozen,
        "can_import": city and run.status == PayrollRun.Status.EXPORTED,
        "can_reissue": city
        and run.status == PayrollRun.Status.RECONCILED
        and run.payments.filter(status=Payment.Status.FAILED).exists(),
    }


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run_or_404(request, pk)
    user = request.user
    city_view = user.region is not None and user.region.level in (Region.Level.CITY, Region.Level.DISTRICT)
    districts = selectors.payroll_run_district_totals(run=run, user=user) if city_view else []
    my_district = next((d for d in districts if d.district.pk == user.region_id), None)
    context = {
        "run": run,
        "totals": selectors.payroll_run_totals(run=run, user=user),
        "districts": districts,
        "comparison": selectors.payroll_run_comparison(run=run, user=user) if run.computed_at else None,
        "job": job_live(run.job) if run.job is not None else None,
        "reissues": run.reissues.all(),
        "missing_accounts": Payment.objects.visible_to(user).filter(run=run, bank_account="").count(),
        "export_form": ExportForm(),
        "upload_form": ReturnUploadForm(),
        **_run_actions(request, run, my_district),
    }
    return render(request, "benefits/run_detail.html", context)


def _act(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:  # noqa: ANN001
    run = _run_or_404(request, pk)
    try:
        _expect(request, run)
        action(run)
        messages.success(request, done)
    except BenefitsError as exc:
        messages.error(request, exc.message)
    return redirect("benefits:run_detail", pk=pk)


@require_POST
def run_compute(request: HttpRequest, pk: int) -> HttpResponse:
    if not _is_city(request):
        raise PermissionDenied("工资单由市局计算")

    def start(run: PayrollRun) -> None:
        if run.frozen:
            raise BenefitsError(f"{run}已审批，不能重新计算")
        _compute_in_background(request, run)

    return _act(request, pk, start, "已开始计算。")


@require_POST
def run_review(request: HttpRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _act(
        request,
        pk,
        lambda run: payroll_services.payroll_run_review(actor=request.user, run=run, comment=comment),
        "已复核本区明细。",
    )


@require_POST
def run_return(request: HttpRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _act(
        request,
        pk,
        lambda run: payroll_services.payroll_run_return(actor=request.user, run=run, comment=comment),
        "已退回。",
    )


@require_POST
def run_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, lambda run: payroll_services.payroll_run_approve(actor=request.user, run=run), "已审批。"
    )


@require_POST
def run_reissue(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run_or_404(request, pk)
    if not _is_city(request):
        raise PermissionDenied("失败重发由市局办理")
    try:
        _expect(request, run)
        reissue = payroll_services.payroll_run_create(
            actor=request.user, program=run.program, month=run.month, kind=PayrollRun.Kind.REISSUE, parent=run
        )
        _compute_in_background(request, reissue)
    except BenefitsError as exc:
        messages.error(request, exc.message)
        return redirect("benefits:run_detail", pk=pk)
    return redirect("benefits:run_detail", pk=reissue.pk)


@require_POST
@require_perm(Perm.EXPORT)
def run_export(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run_or_404(request, pk)
    form = ExportForm(request.POST)
    if not _is_city(request) or not form.is_valid():
        raise PermissionDenied("银行代发文件由市局导出")
    try:
        bank_file = bankfiles.bank_file_export(
            actor=request.user,
            run=run,
            fmt=form.cleaned_data["fmt"],
            encoding=form.cleaned_data["encoding"] or "utf-8",
        )
    except BenefitsError as exc:
        messages.error(request, exc.message)
        return redirect("benefits:run_detail", pk=pk)
    response = FileResponse(
        bank_file.handle, as_attachment=True, filename=bank_file.filename, content_type=bank_file.content_type
    )
    return response


@require_POST
def run_import_return(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run_or_404(request, pk)
    if not _is_city(request):
        raise PermissionDenied("银行回盘由市局导入")
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
    except BenefitsError as exc:
        messages.error(request, exc.message)
        return redirect("benefits:run_detail", pk=pk)
    messages.success(request, f"回盘已导入：成功{summary.paid_lines}笔，失败{summary.failed_lines}笔。")
    return redirect("benefits:run_detail", pk=pk)


def run_payments(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run_or_404(request, pk)
    status = request.GET.get("status") or None
    qs = selectors.payroll_run_payments(run=run, user=request.user, status=status)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    audit_append(action=Action.VIEW, obj=run, detail=f"查看{run}发放明细第{page.number}页")
    context = {"run": run, "page": page, "status": status, "statuses": Payment.Status.choices}
    return render(request, "benefits/run_payments.html", context)


# --- standards ---------------------------------------------------------------------------------------


def standard_list(request: HttpRequest) -> HttpResponse:
    program = request.GET.get("program") or None
    can_edit = request.user.has_role_perm(Perm.EDIT_STANDARDS)
    form = StandardForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("您的角色没有“维护保障标准”权限")
        if form.is_valid():
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
                messages.success(request, "已录入新标准，上一期标准的截止日期已自动设置。")
                return redirect("benefits:standard_list")
            except BenefitsError as exc:
                form.add_error(None, exc.message)
    context = {
        "standards": selectors.standard_list(user=request.user, program=program),
        "programs": Program.objects.all(),
        "program": program,
        "form": form,
    }
    return render(request, "benefits/standard_list.html", context)


# --- enrollments ---------------------------------------------------------------------------------------


def enrollment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        enrollment = selectors.enrollment_get(user=request.user, pk=pk)
    except OutOfScopeError as exc:
        raise Http404(str(exc)) from exc
    audit_append(action=Action.VIEW, obj=enrollment, detail="查看保障记录")
    context = {
        "enrollment": enrollment,
        "amounts": enrollment.amounts.order_by("-from_month"),
        "pauses": enrollment.pauses.order_by("-from_month"),
        "payments": enrollment.payments.select_related("run", "program").order_by("-month", "-id")[:36],
        "status_labels": dict(Enrollment.Status.choices),
    }
    return render(request, "benefits/enrollment_detail.html", context)
