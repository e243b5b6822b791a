"""Inspection and rectification pages."""

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
from minzheng.core.roles import can
from minzheng.core.web import act_and_back, form_refuse, staff_view
from minzheng.eldercare import forms, rules, selectors, services
from minzheng.eldercare.models import Finding
from minzheng.eldercare.services import EldercareError
from minzheng.eldercare.views._common import can_act_for_institutions


@staff_view("eldercare.records_read")
@require_GET
def inspection_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.inspection_list(user=request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    overdue = selectors.finding_overdue(user=request.user)[:50]
    can_inspect = can(request.user, "eldercare.inspect")
    return render(
        request,
        "eldercare/inspection_list.html",
        {"page": page, "overdue": overdue, "can_inspect": can_inspect},
    )


@staff_view("eldercare.inspect")
def inspection_new(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind") or request.GET.get("kind") or "service_quality"
    if kind not in rules.CHECKLISTS:
        kind = "service_quality"
    form = forms.InspectionHeadForm(
        request.POST or None, initial={"kind": kind, "institution": request.GET.get("institution")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        checklist = {
            code: request.POST.get(f"item_{code}", "") for code, _ in rules.checklist_items(data["kind"])
        }
        findings = [
            {
                "item": code,
                "description": request.POST.get(f"finding_{code}", "").strip(),
                "severity": request.POST.get(f"severity_{code}") or Finding.Severity.GENERAL,
                "rectify_by": _date(request.POST.get(f"rectify_{code}")),
            }
            for code, _ in rules.checklist_items(data["kind"])
            if request.POST.get(f"finding_{code}", "").strip()
        ]
        try:
            inspection = services.inspection_record(
                actor=request.user, checklist=checklist, findings=findings, **data
            )
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"检查已登记：{inspection.get_status_display()}")
            return redirect("eldercare:inspection_detail", pk=inspection.pk)
    institutions = selectors.institution_list(user=request.user).filter(active=True)
    context = {
        "form": form,
        "kind": kind,
        "items": rules.checklist_items(kind),
        "institutions": institutions,
        "severities": Finding.Severity.choices,
        "given": request.POST,
    }
    return render(request, "eldercare/inspection_new.html", context)


def _date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@staff_view("eldercare.records_read")
@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.inspection_get(user=request.user, pk=pk)
    labels = dict(rules.checklist_items(row.kind))
    today = timezone.localdate()
    findings = [
        {
            "f": f,
            "label": labels.get(f.item, f.item),
            "overdue": rules.finding_is_overdue(status=f.status, rectify_by=f.rectify_by, today=today),
            "events": list(f.events.select_related("actor")),
        }
        for f in row.findings.all()
    ]
    checklist = [(labels.get(code, code), value) for code, value in row.checklist.items()]
    context = {
        "i": row,
        "findings": findings,
        "checklist": checklist,
        "can_verify": can(request.user, "eldercare.inspect"),
        "can_submit": can_act_for_institutions(request.user),
    }
    return render(request, "eldercare/inspection_detail.html", context)


@staff_view("eldercare.records_read")
@require_POST
def finding_act(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.finding_get(user=request.user, pk=pk)
    action = request.POST.get("action")
    note = request.POST.get("note", "")

    def act() -> None:
        if action == "submit":
            services.finding_submit(actor=request.user, finding=finding, note=note)
        elif action in ("pass", "fail"):
            services.finding_verify(
                actor=request.user,
                finding=finding,
                passed=action == "pass",
                note=note,
                rectify_by=_date(request.POST.get("rectify_by")),
            )
        else:
            raise EldercareError("未知的操作")

    back = reverse("eldercare:inspection_detail", args=[finding.inspection_id])
    return act_and_back(request, act, success="已办理。", back=back)
