from __future__ import annotations

import calendar
import functools
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from minzheng.core.audit import Action, audit_append
from minzheng.core.excel import xlsx_response
from minzheng.core.models import Region
from minzheng.core.permissions import require_perm
from minzheng.core.roles import Perm, Role
from minzheng.core.scope import OutOfScopeError
from minzheng.reports import annual as annual_mod
from minzheng.reports.dashboards import (
    dashboard_build,
    dashboard_domains,
    region_trail,
    region_visible,
    table_build,
)
from minzheng.reports.figures import FIGURES
from minzheng.reports.forms import DEFAULT_YEAR, AnnualTemplateForm, TableForm, YearForm
from minzheng.reports.services import annual_template_save

READERS = frozenset(
    {Role.CITY_MANAGER, Role.DISTRICT_REVIEWER, Role.TOWN_CASEWORKER, Role.COMMUNITY_WORKER, Role.GRID_WORKER,
     Role.AUDITOR}
)  # fmt: skip


def readers_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.role not in READERS or request.user.region is None:
            raise PermissionDenied("您的角色不能查看统计报表")
        return view(request, *args, **kwargs)

    return wrapper


def _region_or_404(request: HttpRequest, code: str) -> Region:
    try:
        return region_visible(user=request.user, code=code)
    except OutOfScopeError as exc:
        raise Http404(str(exc)) from exc


@readers_only
def dashboard_home(request: HttpRequest) -> HttpResponse:
    return redirect("reports:dashboard", code=request.user.region.code)


@readers_only
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    region = _region_or_404(request, code)
    form = YearForm(request.GET or None)
    domain = request.GET.get("domain", "overview")
    try:
        context = dashboard_build(
            user=request.user,
            region=region,
            year=form.year_or_default(),
            domain=domain,
            today=timezone.localdate(),
        )
    except OutOfScopeError as exc:
        raise Http404(str(exc)) from exc
    return render(request, "reports/dashboard.html", {**context, "form": form})


@readers_only
def table_home(request: HttpRequest) -> HttpResponse:
    return redirect("reports:table", code=request.user.region.code)


def _table_for(request: HttpRequest, code: str) -> tuple[Region, TableForm, Any, str]:
    region = _region_or_404(request, code)
    form = TableForm(request.GET or None)
    year = form.year_or_default()
    first, last = (form.cleaned_data["first"], form.cleaned_data["last"]) if form.is_valid() else (1, 12)
    by = form.cleaned_data["by"] if form.is_valid() else "regions"
    domain = request.GET.get("domain", "overview")
    start, end = date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
    try:
        table = table_build(user=request.user, region=region, domain=domain, start=start, end=end, by=by)
    except OutOfScopeError as exc:
        raise Http404(str(exc)) from exc
    return region, form, table, f"{start.isoformat()}—{end.isoformat()}"


@readers_only
def table(request: HttpRequest, code: str) -> HttpResponse:
    region, form, table, period = _table_for(request, code)
    context = {
        "region": region,
        "trail": region_trail(user=request.user, region=region),
        "form": form,
        "table": table,
        "period": period,
        "domain": request.GET.get("domain", "overview"),
        "domains": dashboard_domains(),
        "query": request.GET.urlencode(),
        "year": form.year_or_default(),
        "rows": list(zip(table.row_links, table.rows, strict=True)),
        "can_export": request.user.has_role_perm(Perm.EXPORT),
    }
    return render(request, "reports/table.html", context)


@readers_only
@require_perm(Perm.EXPORT)
def table_export(request: HttpRequest, code: str) -> HttpResponse:
    region, _form, table, period = _table_for(request, code)
    audit_append(
        action=Action.EXPORT, obj=region, detail=f"导出指标表：{table.title}，{period}，{len(table.rows)}行"
    )
    return xlsx_response(f"{table.title}.xlsx", sheet="指标", headers=table.headers, rows=table.rows)


def _annual_params(request: HttpRequest) -> tuple[int, Region]:
    form = YearForm(request.GET or None)
    code = request.GET.get("region") or request.user.region.code
    return form.year_or_default(), _region_or_404(request, code)


@readers_only
def annual(request: HttpRequest) -> HttpResponse:
    year, region = _annual_params(request)
    try:
        report = annual_mod.annual_report_build(year=year, region=region)
    except annual_mod.TemplateError as exc:
        messages.error(request, str(exc))
        report = None
    context = {
        "form": YearForm(request.GET or None, initial={"year": DEFAULT_YEAR}),
        "report": report,
        "region": region,
        "year": year,
        "query": f"year={year}&region={region.code}",
        "can_edit": request.user.role == Role.CITY_MANAGER,
        "appendix_headers": annual_mod.APPENDIX_HEADERS,
        "appendix_rows": annual_mod.appendix_rows(report) if report else [],
    }
    return render(request, "reports/annual.html", context)


_CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@readers_only
def annual_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in _CONTENT_TYPES:
        raise Http404("不支持的格式")
    year, region = _annual_params(request)
    report = annual_mod.annual_report_build(year=year, region=region)
    content = annual_mod.annual_render(report, fmt)
    audit_append(
        action=Action.EXPORT,
        obj=region,
        detail=f"下载{year}年度工作总结（{fmt}），{report.computed_count}/{len(report.figures)}处数字已计算",
    )
    response = HttpResponse(content, content_type=_CONTENT_TYPES[fmt])
    filename = f"{report.title}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@readers_only
def annual_template(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.CITY_MANAGER:
        raise PermissionDenied("只有市局管理员可以修改年度总结模板")
    year = YearForm(request.GET or None).year_or_default()
    if request.method == "POST":
        form = AnnualTemplateForm(request.POST)
        if form.is_valid():
            annual_template_save(actor=request.user, year=year, text=form.cleaned_data["text"])
            messages.success(request, f"{year}年度总结模板已保存。")
            return redirect(f"{reverse('reports:annual')}?year={year}")
    else:
        form = AnnualTemplateForm(initial={"text": annual_mod.template_text(year=year)})
    return render(request, "reports/annual_template.html", {"form": form, "year": year, "figures": FIGURES})
