"""Staff pages of the aggregate data sets: the list and definitions (the city), a unit's entry grid (elements × the
unit's period, with the version of what it showed), completeness per period, approval by the level above, and the
XLSX exports of values and of completeness. Every page through ``staff_view``; units through the region tree's
scope; refusals from the services shown on the page or as a message."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.errors import DomainError
from minzheng.core.excel import xlsx_response
from minzheng.core.roles import can
from minzheng.core.web import act_and_back, form_errors_text, form_refuse, staff_view
from minzheng.datasets import rules, selectors, services
from minzheng.datasets.errors import DatasetError
from minzheng.datasets.forms import DataSetForm, ElementForm, ReasonForm
from minzheng.datasets.models import Approval, DataSet

READ = "datasets.read"
DEFINE = "datasets.define"


def _period(request: HttpRequest, data_set: DataSet, name: str = "period") -> date:
    """The period asked for (its start, "2020-03-01"), else the last one ended."""
    text = request.GET.get(name) or request.POST.get(name) or ""
    try:
        asked = date.fromisoformat(text)
    except ValueError:
        return selectors.default_period(data_set, timezone.localdate())
    return rules.period_start(data_set.period_type, asked)


def _periods(data_set: DataSet) -> list[tuple[date, str]]:
    return [(p, data_set.period_label(p)) for p in selectors.recent_periods(data_set, timezone.localdate())]


# --- definitions ---------------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def data_set_list(request: HttpRequest) -> HttpResponse:
    data_sets = selectors.data_set_list().annotate(n=Count("members"))
    return render(request, "datasets/list.html", {
        "data_sets": [(ds, ds.n) for ds in data_sets], "can_define": can(request.user, DEFINE),
        "can_enter": can(request.user, "datasets.enter"), "can_approve": can(request.user, "datasets.approve"),
    })  # fmt: skip


@staff_view(READ)
@require_GET
def data_set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    data_set = selectors.data_set_get(pk=pk)
    today = timezone.localdate()
    recent = [
        (p, data_set.period_label(p), selectors.completeness(user=request.user, data_set=data_set, period=p))
        for p in selectors.recent_periods(data_set, today, count=6)
    ]
    return render(request, "datasets/detail.html", {
        "ds": data_set, "elements": services.data_set_elements(data_set), "recent": recent,
        "can_define": can(request.user, DEFINE), "can_export": can(request.user, "export"),
        "can_enter": can(request.user, "datasets.enter")
        and selectors.units(user=request.user, data_set=data_set).exists(),
        "can_approve": can(request.user, "datasets.approve") and (
            selectors.approvable(user=request.user, data_set=data_set)
            or selectors.unapprovable(user=request.user, data_set=data_set)
        ),
        "year": selectors.default_period(data_set, today).year,
    })  # fmt: skip


def _definition_form_page(request: HttpRequest, form: DataSetForm, title: str) -> HttpResponse:
    return render(
        request, "datasets/form.html", {"form": form, "title": title, "back": reverse("datasets:list")}
    )


@staff_view(DEFINE)
def data_set_new(request: HttpRequest) -> HttpResponse:
    form = DataSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data_set = services.data_set_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已创建报表“{data_set.title}”。")
            return redirect("datasets:detail", pk=data_set.pk)
    return _definition_form_page(request, form, "新建汇总报表")


@staff_view(DEFINE)
def data_set_edit(request: HttpRequest, pk: int) -> HttpResponse:
    data_set = selectors.data_set_get(pk=pk)
    initial = {
        "title": data_set.title, "period_type": data_set.period_type, "report_level": data_set.report_level,
        "timely_days": data_set.timely_days, "description": data_set.description, "active": data_set.active,
        "elements": services.data_set_elements(data_set),
    }  # fmt: skip
    form = DataSetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.data_set_update(actor=request.user, data_set=data_set, **form.cleaned_data)
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, "已保存报表定义。")
            return redirect("datasets:detail", pk=data_set.pk)
    return _definition_form_page(request, form, f"修改“{data_set.title}”")


@staff_view(DEFINE)
def element_list(request: HttpRequest) -> HttpResponse:
    form = ElementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            element = services.element_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已新增数据项“{element.name}”。")
            return redirect("datasets:elements")
    return render(request, "datasets/elements.html", {"elements": selectors.element_list(), "form": form})


# --- entry ---------------------------------------------------------------------------------------------------


@staff_view("datasets.enter")
@require_GET
def entry_home(request: HttpRequest) -> HttpResponse:
    today, boards = timezone.localdate(), []
    for data_set in selectors.data_set_list(active_only=True):
        period = selectors.default_period(data_set, today)
        status = selectors.completeness(user=request.user, data_set=data_set, period=period)
        if status.rows:
            boards.append({"ds": data_set, "period": period, "label": data_set.period_label(period),
                           "status": status, "deadline": rules.deadline(data_set.period_type, period,
                                                                        data_set.timely_days)})  # fmt: skip
    return render(request, "datasets/entry_home.html", {"boards": boards})


def _entry_context(request: HttpRequest, data_set: DataSet) -> dict[str, Any]:
    units = list(selectors.units(user=request.user, data_set=data_set)[:500])
    code = request.GET.get("unit") or request.POST.get("unit") or ""
    if code:
        unit = selectors.unit_get(user=request.user, data_set=data_set, code=code)
    else:
        unit = selectors.user_default_unit(user=request.user, data_set=data_set)
    if unit is None:
        raise DatasetError(
            f"您的管辖范围内没有“{data_set.title}”的填报单位（由{rules.REPORT_LEVELS[data_set.report_level]}填报）"
        )
    period = _period(request, data_set)
    found = selectors.entry(data_set=data_set, region=unit, period=period)
    return {
        "ds": data_set, "unit": unit, "units": units, "period": period, "label": data_set.period_label(period),
        "periods": _periods(data_set), "entry": found,
        "deadline": rules.deadline(data_set.period_type, period, data_set.timely_days),
        "can_enter": can(request.user, "datasets.enter") and not found.locked,
        "typed": {}, "errors": "", "error_field": "",
    }  # fmt: skip


def _grid(context: dict[str, Any]) -> list[tuple[Any, str, bool]]:
    """(row, the text shown in its box, whether the refusal names it): what the clerk typed after a refusal."""
    typed, field = context["typed"], context["error_field"]
    return [
        (row, typed.get(row.element.pk, "") if typed else row.display, field == f"e{row.element.pk}")
        for row in context["entry"].rows
    ]


def _entry_url(data_set: DataSet, unit_code: str, period: date) -> str:
    return f"{reverse('datasets:entry', args=[data_set.pk])}?unit={unit_code}&period={period.isoformat()}"


@staff_view(READ)
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's period: one row per element; the clerk saves, or saves and reports (上报)."""
    data_set = selectors.data_set_get(pk=pk)
    context = _entry_context(request, data_set)
    if request.method != "POST":
        return render(request, "datasets/entry.html", {**context, "grid": _grid(context)})
    unit, period = context["unit"], context["period"]
    typed = {row.element.pk: request.POST.get(f"e{row.element.pk}", "") for row in context["entry"].rows}
    try:
        services.values_save(actor=request.user, data_set=data_set, region=unit, period=period, values=typed,
                             expected_version=request.POST.get("version", ""))  # fmt: skip
        if request.POST.get("action") == "complete":
            done = services.period_complete(actor=request.user, data_set=data_set, region=unit, period=period)
            messages.success(
                request,
                f"已上报{unit.name}{context['label']}的报表（{'按时' if done.on_time else '逾期'}）。",
            )
        else:
            messages.success(request, "已保存。")
    except DomainError as exc:
        context.update(typed=typed, errors=exc.message, error_field=exc.field)
        context["entry"] = selectors.entry(data_set=data_set, region=unit, period=period)
        if "已被他人修改" in exc.message:
            context["typed"] = {}  # show what is stored now
        return render(request, "datasets/entry.html", {**context, "grid": _grid(context)})
    return redirect(_entry_url(data_set, unit.code, period))


# --- completeness and approval ---------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def completeness(request: HttpRequest, pk: int) -> HttpResponse:
    data_set = selectors.data_set_get(pk=pk)
    period = _period(request, data_set)
    return render(request, "datasets/completeness.html", {
        "ds": data_set, "period": period, "label": data_set.period_label(period), "periods": _periods(data_set),
        "status": selectors.completeness(user=request.user, data_set=data_set, period=period),
        "deadline": rules.deadline(data_set.period_type, period, data_set.timely_days),
        "can_export": can(request.user, "export"),
    })  # fmt: skip


COMPLETENESS_HEADERS = [
    "报告期",
    "填报单位代码",
    "填报单位",
    "状态",
    "上报时间",
    "是否按时",
    "审核状态",
    "审核时间",
    "理由",
]


@staff_view("export")
@require_GET
def completeness_export(request: HttpRequest, pk: int) -> HttpResponse:
    data_set = selectors.data_set_get(pk=pk)
    period = _period(request, data_set)
    status = selectors.completeness(user=request.user, data_set=data_set, period=period)
    services.export_log(
        actor=request.user, data_set=data_set, what=f"{data_set.period_label(period)}上报情况"
    )
    label = data_set.period_label(period)
    rows = (
        [
            label, r.region.code, r.region.name, r.state,
            timezone.localtime(r.completion.completed_at).strftime("%Y-%m-%d %H:%M") if r.completion else "",
            ("按时" if r.completion.on_time else "逾期") if r.completion else "",
            r.approval.get_state_display() if r.approval else "",
            timezone.localtime(r.approval.decided_at).strftime("%Y-%m-%d %H:%M") if r.approval else "",
            r.approval.reason if r.approval else "",
        ]
        for r in status.rows
    )  # fmt: skip
    return xlsx_response(f"{data_set.title}-{label}-上报情况.xlsx", sheet="上报情况",
                         headers=COMPLETENESS_HEADERS, rows=rows)  # fmt: skip


VALUE_HEADERS = ["报告期", "填报单位代码", "填报单位", "数据项", "计量单位", "数值", "审核状态", "填报时间"]


@staff_view("export")
@require_GET
def values_export(request: HttpRequest, pk: int) -> HttpResponse:
    data_set = selectors.data_set_get(pk=pk)
    year = selectors.default_period(data_set, timezone.localdate()).year
    first = _date(request.GET.get("from"), date(year, 1, 1))
    last = _date(request.GET.get("to"), date(year, 12, 31))
    values = list(selectors.value_rows(user=request.user, data_set=data_set, first=first, last=last))
    states = selectors.approval_states(data_set=data_set, keys=[(v.region_id, v.period) for v in values])
    labels = dict(Approval.State.choices)
    services.export_log(actor=request.user, data_set=data_set, what=f"数据值（{first}至{last}）")
    rows = (
        [
            data_set.period_label(v.period), v.region.code, v.region.name, v.element.name, v.element.unit,
            v.value, labels.get(states.get((v.region_id, v.period), ""), "未审核"),
            timezone.localtime(v.entered_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for v in values
    )  # fmt: skip
    return xlsx_response(f"{data_set.title}-数据-{first:%Y%m%d}-{last:%Y%m%d}.xlsx", sheet="数据值",
                         headers=VALUE_HEADERS, rows=rows)  # fmt: skip


def _date(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return default


@staff_view("datasets.approve")
@require_GET
def approval_home(request: HttpRequest) -> HttpResponse:
    today, boards = timezone.localdate(), []
    for data_set in selectors.data_set_list(active_only=True):
        if not selectors.approvable(user=request.user, data_set=data_set):
            continue
        period = selectors.default_period(data_set, today)
        status = selectors.completeness(user=request.user, data_set=data_set, period=period)
        waiting = sum(1 for r in status.rows if r.completion is not None and not r.approved)
        boards.append({"ds": data_set, "period": period, "label": data_set.period_label(period), "status": status,
                       "waiting": waiting})  # fmt: skip
    return render(request, "datasets/approval_home.html", {"boards": boards})


@staff_view("datasets.approve")
@require_GET
def approval(request: HttpRequest, pk: int) -> HttpResponse:
    """The units' reports of a period with the approving level's moves; a level above sees it to take an approval
    back (取消审核), and an approver who may not take one back sees that move disabled with the reason."""
    data_set = selectors.data_set_get(pk=pk)
    decides = selectors.approvable(user=request.user, data_set=data_set)
    unapproves = selectors.unapprovable(user=request.user, data_set=data_set)
    if not decides and not unapproves:
        raise DatasetError(
            f"“{data_set.title}”由{data_set.get_approve_level_display()}审核，您所在的层级不审核这张报表"
        )
    period = _period(request, data_set)
    return render(request, "datasets/approval.html", {
        "ds": data_set, "period": period, "label": data_set.period_label(period), "periods": _periods(data_set),
        "status": selectors.completeness(user=request.user, data_set=data_set, period=period),
        "can_decide": decides, "can_unapprove": unapproves,
        "unapprove_refusal": "" if unapproves else services.unapprove_rule(),
    })  # fmt: skip


@staff_view("datasets.approve")
@require_POST
def approval_act(request: HttpRequest, pk: int) -> HttpResponse:
    data_set = selectors.data_set_get(pk=pk)
    form = ReasonForm(request.POST)
    back = reverse("datasets:approval", args=[pk])
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    unit = selectors.unit_get(user=request.user, data_set=data_set, code=data["region"])
    period = rules.period_start(data_set.period_type, data["period"])
    back = f"{back}?period={period.isoformat()}"
    kwargs: dict[str, Any] = {"actor": request.user, "data_set": data_set, "region": unit, "period": period}
    if data["action"] == "approve":
        return act_and_back(request, lambda: services.period_approve(**kwargs), back=back,
                            success=f"已审核通过{unit.name}的报表。")  # fmt: skip
    if data["action"] == "return":
        return act_and_back(request, lambda: services.period_return(**kwargs, reason=data["reason"]), back=back,
                            success=f"已退回{unit.name}的报表。")  # fmt: skip
    return act_and_back(request, lambda: services.period_unapprove(**kwargs, reason=data["reason"]), back=back,
                        success=f"已取消审核{unit.name}的报表，数据已解锁。")  # fmt: skip
