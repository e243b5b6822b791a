"""Performance pages: the monthly ranking of grids or workers, its XLSX export, and the weights."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from minzheng.core.audit import Action, audit_append
from minzheng.core.excel import xlsx_response
from minzheng.core.roles import can
from minzheng.core.web import act_and_back, form_errors_text, staff_view
from minzheng.grid import performance
from minzheng.grid.forms import WeightsForm
from minzheng.grid.models import PerformanceWeights
from minzheng.grid.services import performance_weights_set
from minzheng.grid.services.weights import WEIGHT_FIELDS
from minzheng.grid.views._common import month_param

LEVELS = {"grid": "网格", "worker": "网格员"}


def _rows(request: HttpRequest) -> tuple[str, int, int, list[performance.PerformanceRow]]:
    level = request.GET.get("level") if request.GET.get("level") in LEVELS else "grid"
    year, month = month_param(request)
    compute = performance.grid_performance if level == "grid" else performance.worker_performance
    return level, year, month, compute(user=request.user, year=year, month=month)


@staff_view("performance.view")
@require_GET
def ranking(request: HttpRequest) -> HttpResponse:
    level, year, month, rows = _rows(request)
    start, _ = performance.month_bounds(year, month)
    weights = performance.weights_for(start.date())
    context = {
        "rows": rows[:500],
        "total": len(rows),
        "level": level,
        "level_label": LEVELS[level],
        "levels": LEVELS,
        "month": f"{year:04d}-{month:02d}",
        "month_label": f"{year}年{month}月",
        "weights": weights,
        "weight_parts": [(label, getattr(weights, k)) for k, label in performance.INDICATOR_LABELS.items()],
        "can_export": can(request.user, "performance.export"),
        "can_weigh": can(request.user, "performance.weights"),
    }
    return render(request, "grid/performance.html", context)


@staff_view("performance.export")
@require_GET
def ranking_export(request: HttpRequest) -> HttpResponse:
    level, year, month, rows = _rows(request)
    audit_append(
        action=Action.EXPORT,
        object_type="grid.performance",
        object_repr=f"{year}年{month}月{LEVELS[level]}绩效考核",
        detail=f"{request.user.region.name}，{len(rows)}行",
    )
    return xlsx_response(
        f"绩效考核-{LEVELS[level]}-{year:04d}{month:02d}.xlsx",
        sheet=f"{year}年{month}月",
        headers=performance.EXPORT_HEADERS,
        rows=performance.export_rows(rows),
    )


@staff_view("performance.weights")
def weights(request: HttpRequest) -> HttpResponse:
    """The city manager sets a new version of the weights and targets from a date."""
    if request.method == "POST":
        form = WeightsForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_errors_text(form))
            return redirect("grid:weights")
        data = form.cleaned_data
        return act_and_back(
            request,
            lambda: performance_weights_set(
                actor=request.user,
                effective_from=data["effective_from"],
                weights={k: data[k] for k in WEIGHT_FIELDS},
                reported_target=data["reported_target"],
                visits_target=data["visits_target"],
                note=data["note"],
            ),
            success="已保存绩效考核权重。",
            back=reverse("grid:weights"),
        )
    current = PerformanceWeights.objects.first() or PerformanceWeights()
    fields = [
        (name, PerformanceWeights._meta.get_field(name).verbose_name, getattr(current, name))
        for name in WEIGHT_FIELDS
    ]
    context = {"versions": PerformanceWeights.objects.all()[:20], "fields": fields, "current": current}
    return render(request, "grid/weights.html", context)
