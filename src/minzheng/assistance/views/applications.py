"""Application pages: the list with filters, a new application (find the applicant in the registry),
the application with its means test "why", the investigation entry and the case's actions and timeline."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.assistance import rules, selectors
from minzheng.assistance.casetypes import APPLICATION_KINDS, EMERGENCY_ACTIONS_WITH_AMOUNT
from minzheng.assistance.errors import AssistanceError
from minzheng.assistance.evaluation import assessment_evaluate
from minzheng.assistance.forms import (
    ActForm,
    ApplicationForm,
    AssessmentFactsForm,
    AssetForm,
    IncomeForm,
    MemberAddForm,
    MemberForm,
    ReasonForm,
)
from minzheng.assistance.models import Application, Assessment, AssessmentMember, Asset, Income
from minzheng.assistance.services import assessments as assessment_services
from minzheng.assistance.services.applications import (
    application_create,
    application_extend,
    application_view_log,
)
from minzheng.assistance.services.assessments import EDITABLE_CASE_STATES
from minzheng.casework.services import case_transition
from minzheng.casework.types import case_type_get
from minzheng.core.errors import DomainError
from minzheng.core.masking import mask_citizen_id
from minzheng.core.roles import can
from minzheng.core.scope import access_scoped
from minzheng.core.web import act_and_back, form_errors_text, staff_view
from minzheng.registry.models import Person
from minzheng.registry.selectors import person_age


@staff_view("assistance.read")
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    qs = selectors.application_list(
        user=request.user,
        program=params.get("program", ""),
        state=params.get("state", ""),
        open_only=params.get("open") == "1",
        overdue_only=params.get("overdue") == "1",
        q=params.get("q", ""),
    )
    page = Paginator(qs, 50).get_page(params.get("page"))
    rows = [{"app": app, "kind": case_type_get(app.case.case_type)} for app in page]
    context = {
        "page": page,
        "rows": rows,
        "programs": [(p, rules.PROGRAM_LABELS[p]) for p in rules.Program if p != rules.Program.PRICE_SUBSIDY],
        "states": sorted({(k, v) for k, v in _all_states().items()}),
        "filters": params,
    }
    return render(request, "assistance/application_list.html", context)


def _all_states() -> dict[str, str]:
    from minzheng.assistance.casetypes import CASE_TYPES

    states: dict[str, str] = {}
    for kind in CASE_TYPES.values():
        for code, label in kind.states.items():
            states.setdefault(code, label)
    return states


@staff_view("assistance.apply")
def application_new(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    person_pk = request.GET.get("person") or request.POST.get("person")
    person = selectors.applicant_get(user=request.user, pk=person_pk) if person_pk else None
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and person is not None:
        if form.is_valid():
            data = form.cleaned_data
            try:
                app = application_create(
                    actor=request.user, kind=data["kind"], applicant=person,
                    via_residence_permit=data["via_residence_permit"], support=data["support"] or "",
                    single_person_reason=data["single_person_reason"] or "", requested_fen=data["requested"] or 0,
                    comment=data["comment"],
                )  # fmt: skip
                messages.success(request, f"已登记申请 {app.case.number}。")
                return redirect("assistance:application_detail", pk=app.pk)
            except DomainError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(request, form_errors_text(form))
    results = selectors.applicant_search(user=request.user, q=q) if q and person is None else []
    context = {
        "q": q,
        "results": [
            {"person": p, "id_number": mask_citizen_id(p.id_number), "age": person_age(p)} for p in results
        ],
        "person": person,
        "person_id": mask_citizen_id(person.id_number) if person else "",
        "permit_valid": person is not None
        and rules.residence_permit_valid(person.residence_permit_until, on=timezone.localdate()),
        "form": form,
        "kinds": APPLICATION_KINDS,
    }
    return render(request, "assistance/application_new.html", context)


def means_for(assessment: Assessment, app: Application | None = None) -> tuple[Any, str]:
    """The means test, live while the facts may change, else as recorded; or the reason it cannot run."""
    try:
        if app is not None and app.decision_lines is not None:
            return {"lines": app.decision_lines, "eligible": app.approved, "recorded": True}, ""
        if assessment.result is not None:
            return assessment.result, ""
        kind = app.kind if app else ""
        result = assessment_evaluate(
            assessment=assessment, kind=kind, requested_fen=app.requested_fen if app else 0
        )
        return result.as_dict(), ""
    except AssistanceError as exc:
        return None, exc.message


def assessment_context(request: HttpRequest, assessment: Assessment, *, editable: bool) -> dict[str, Any]:
    members = selectors.assessment_members(assessment=assessment)
    return {
        "assessment": assessment,
        "members": [
            {
                "m": m,
                "id_number": mask_citizen_id(m.person.id_number),
                "age": person_age(m.person, on=assessment.on),
            }
            for m in members
        ],
        "assets": list(assessment.assets.select_related("member__person")),
        "editable": editable,
        "income_types": rules.INCOME_LABELS,
        "asset_types": rules.ASSET_LABELS,
        "disabilities": rules.DISABILITY_LABELS,
        "single_reasons": rules.SINGLE_PERSON_LABELS,
        "care_items": rules.CARE_ITEMS,
        "is_dibao": assessment.program in rules.DIBAO_PROGRAMS,
        "is_tekun": assessment.program == rules.Program.TEKUN,
        "is_temporary": assessment.program == rules.Program.TEMPORARY,
    }


@staff_view("assistance.read")
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(user=request.user, pk=pk)
    case = app.case
    kind = case_type_get(case.case_type)
    actions = kind.moves_for(request.user, case)
    editable = can(request.user, "assistance.investigate") and case.state in EDITABLE_CASE_STATES
    means, means_error = means_for(app.assessment, app)
    application_view_log(actor=request.user, application=app)
    from minzheng.casework.selectors import case_get

    annotated = case_get(user=request.user, pk=case.pk)
    context = {
        "app": app,
        "case": annotated,
        "kind": kind,
        "actions": actions,
        "needs_amount": app.program == rules.Program.TEMPORARY
        and any(t.action in EMERGENCY_ACTIONS_WITH_AMOUNT for t in actions),
        "events": case.events.select_related("actor"),
        "means": means,
        "means_error": means_error,
        "program_label": rules.program_label(app.program),
        "kind_label": _kind_label(app),
        "applicant_id": mask_citizen_id(app.applicant.id_number),
        "can_read_enrollment": can(request.user, "assistance.reviews"),
        "can_extend": can(request.user, "assistance.extend")
        and kind.extension is not None
        and not case.extended
        and case.closed_at is None,
        **assessment_context(request, app.assessment, editable=editable),
    }
    return render(request, "assistance/application_detail.html", context)


def _kind_label(app: Application) -> str:
    if app.program == rules.Program.TEKUN:
        return rules.TEKUN_SUPPORT_LABELS.get(app.kind, "")
    if app.program == rules.Program.TEMPORARY:
        return rules.TEMPORARY_KIND_LABELS.get(app.kind, "")
    return ""


@staff_view("assistance.read")
@require_GET
def application_by_case(request: HttpRequest, case_pk: int) -> HttpResponse:
    app = selectors.application_for_case(user=request.user, case_pk=case_pk)
    return redirect("assistance:application_detail", pk=app.pk)


@staff_view("assistance.read")
@require_POST
def application_act(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(user=request.user, pk=pk)
    back = reverse("assistance:application_detail", args=[pk])
    form = ActForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    context = {"amount_fen": data["amount"]} if data["amount"] else {}
    return act_and_back(
        request,
        lambda: case_transition(
            actor=request.user, case=app.case, action=data["action"], comment=data["comment"] or "",
            expected_state=data["expected_state"], attachments=request.FILES.getlist("attachments"), **context,
        ),
        back=back, success="已办理。",
    )  # fmt: skip


@staff_view("assistance.extend")
@require_POST
def application_extend_view(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return act_and_back(
        request,
        lambda: application_extend(actor=request.user, application=app, reason=reason or ""),
        back=reverse("assistance:application_detail", args=[pk]), success="已延期至45个工作日。",
    )  # fmt: skip


# --- the investigation (shared by applications and reviews) ----------------------------------------


def _assessment_back(assessment: Assessment) -> str:
    app = getattr(assessment, "application", None)
    if app is not None:
        return reverse("assistance:application_detail", args=[app.pk])
    return reverse("assistance:review_detail", args=[assessment.review.pk])


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    return access_scoped(request.user, Assessment, pk, label="家庭经济状况调查")


@staff_view("assistance.investigate")
@require_POST
def assessment_update(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    form = AssessmentFactsForm(request.POST)
    back = _assessment_back(assessment)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    changes = {
        "unstable_income": data["unstable_income"],
        "no_supporter": data["no_supporter"],
        "orphan": data["orphan"],
        "care_items_failed": data["care_items_failed"] or 0,
        "rigid_expenses_fen": data["rigid_expenses"] or 0,
    }
    if assessment.program in rules.DIBAO_PROGRAMS:
        changes["single_person_reason"] = data["single_person_reason"] or ""
    return act_and_back(
        request, lambda: assessment_services.assessment_update(actor=request.user, assessment=assessment, **changes),
        back=back, success="已保存。",
    )  # fmt: skip


@staff_view("assistance.investigate")
@require_POST
def member_update(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    member = get_object_or_404(AssessmentMember, assessment=assessment, pk=member_pk)
    form = MemberForm(request.POST)
    back = _assessment_back(assessment)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(
        request,
        lambda: assessment_services.member_update(
            actor=request.user, member=member, included=data["included"], exclusion_reason=data["exclusion_reason"],
            disability_kind=data["disability_kind"] or "", disability_grade=data["disability_grade"],
            major_illness=data["major_illness"],
        ),
        back=back, success="已保存成员情况。",
    )  # fmt: skip


@staff_view("assistance.investigate")
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    form = MemberAddForm(request.POST)
    back = _assessment_back(assessment)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    found = selectors.applicant_search(user=request.user, q=form.cleaned_data["id_number"], limit=1)
    person = found[0] if found and isinstance(found[0], Person) else None
    if person is None or person.id_number != form.cleaned_data["id_number"].strip().upper():
        messages.error(request, "未找到该身份证号码的人员（须为完整的18位号码，且在人房信息中登记）")
        return redirect(back)
    return act_and_back(
        request,
        lambda: assessment_services.member_add(actor=request.user, assessment=assessment, person=person,
                                               relation=form.cleaned_data["relation"]),
        back=back, success=f"已添加共同生活成员{person.name}。",
    )  # fmt: skip


@staff_view("assistance.investigate")
@require_POST
def income_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    form = IncomeForm(request.POST)
    back = _assessment_back(assessment)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    member = AssessmentMember.objects.filter(assessment=assessment, pk=data["member"]).first()
    if member is None:
        messages.error(request, "请选择本次调查的成员")
        return redirect(back)
    return act_and_back(
        request,
        lambda: assessment_services.income_add(actor=request.user, member=member, income_type=data["income_type"],
                                               monthly_fen=data["monthly"], note=data["note"]),
        back=back, success="已登记收入。",
    )  # fmt: skip


@staff_view("assistance.investigate")
@require_POST
def income_delete(request: HttpRequest, pk: int, income_pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    income = get_object_or_404(Income, member__assessment=assessment, pk=income_pk)
    return act_and_back(
        request,
        lambda: assessment_services.income_delete(actor=request.user, income=income), back=_assessment_back(assessment), success="已删除。",
    )  # fmt: skip


@staff_view("assistance.investigate")
@require_POST
def asset_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    form = AssetForm(request.POST)
    back = _assessment_back(assessment)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    member = (
        AssessmentMember.objects.filter(assessment=assessment, pk=data["member"]).first()
        if data["member"]
        else None
    )
    return act_and_back(
        request,
        lambda: assessment_services.asset_add(
            actor=request.user, assessment=assessment, asset_type=data["asset_type"], value_fen=data["value"] or 0,
            count=data["count"], livelihood=data["livelihood"], member=member, note=data["note"],
        ),
        back=back, success="已登记财产。",
    )  # fmt: skip


@staff_view("assistance.investigate")
@require_POST
def asset_delete(request: HttpRequest, pk: int, asset_pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    asset = get_object_or_404(Asset, assessment=assessment, pk=asset_pk)
    return act_and_back(
        request,
        lambda: assessment_services.asset_delete(actor=request.user, asset=asset), back=_assessment_back(assessment), success="已删除。",
    )  # fmt: skip
