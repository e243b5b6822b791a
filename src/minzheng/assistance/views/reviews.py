"""动态管理 pages: reviews due, one review (re-investigate, propose, confirm), one enrollment with its
amount history and the county's stop/change decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.assistance import ledger, rules, selectors
from minzheng.assistance.forms import ChangeForm, ReasonForm, StopForm
from minzheng.assistance.models import Application, Review
from minzheng.assistance.services import reviews as review_services
from minzheng.assistance.services.enrollments import enrollment_change_decide, enrollment_stop_decide
from minzheng.assistance.views.applications import assessment_context, means_for
from minzheng.core.errors import DomainError
from minzheng.core.masking import mask_citizen_id
from minzheng.core.roles import can
from minzheng.core.scope import access_scoped
from minzheng.core.web import act_and_back, form_errors_text, staff_view


@staff_view("assistance.reviews")
@require_GET
def reviews_due(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = Paginator(selectors.reviews_due(user=request.user, on=today), 50).get_page(request.GET.get("page"))
    rows = [
        {"plan": plan, "open": next(iter(plan.reviews.all()), None), "overdue": plan.next_due < today,
         "program": rules.program_label(plan.program)}
        for plan in page
    ]  # fmt: skip
    context = {
        "page": page,
        "rows": rows,
        "proposed": selectors.reviews_proposed(user=request.user)[:50],
        "today": today,
        "can_review": can(request.user, "assistance.review"),
    }
    return render(request, "assistance/reviews_due.html", context)


@staff_view("assistance.review")
@require_POST
def review_open(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, pk=plan_pk)
    try:
        review = review_services.review_open(actor=request.user, plan=plan)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("assistance:reviews_due")
    messages.success(request, "已开始复核：请核实成员、收入和财产的变化。")
    return redirect("assistance:review_detail", pk=review.pk)


@staff_view("assistance.reviews")
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get(user=request.user, pk=pk)
    is_open = review.status == Review.Status.OPEN
    editable = can(request.user, "assistance.investigate") and is_open
    means, means_error = means_for(review.assessment) if is_open else (None, "")
    context = {
        "review": review,
        "plan": review.plan,
        "program_label": rules.program_label(review.plan.program),
        "means": means,
        "means_error": means_error,
        "outcome_label": rules.REVIEW_OUTCOME_LABELS.get(review.outcome, ""),
        "applicant_id": mask_citizen_id(review.assessment.applicant.id_number),
        "can_propose": is_open and can(request.user, "assistance.review"),
        "can_decide": review.status == Review.Status.PROPOSED and can(request.user, "assistance.decide"),
        **assessment_context(request, review.assessment, editable=editable),
    }
    return render(request, "assistance/review_detail.html", context)


def _review_post(request: HttpRequest, pk: int, fn, success: str) -> HttpResponse:  # noqa: ANN001
    review = selectors.review_get(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return act_and_back(
        request,
        lambda: fn(actor=request.user, review=review, reason=reason or ""),
        success=success,
        back=reverse("assistance:review_detail", args=[pk]),
    )


@staff_view("assistance.review")
@require_POST
def review_propose(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_post(
        request, pk, lambda actor, review, reason: review_services.review_propose(actor=actor, review=review, note=reason),
        "已提出复核意见，待区县确认。",
    )  # fmt: skip


@staff_view("assistance.decide")
@require_POST
def review_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_post(request, pk, review_services.review_confirm, "已确认复核结论。")


@staff_view("assistance.decide")
@require_POST
def review_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_post(
        request, pk, lambda actor, review, reason: review_services.review_return(actor=actor, review=review, note=reason),
        "已退回重新调查。",
    )  # fmt: skip


# --- enrollments -----------------------------------------------------------------------------------


def _enrollment(request: HttpRequest, pk: int):  # noqa: ANN202
    from minzheng.benefits.models import Enrollment

    return access_scoped(
        request.user, Enrollment.objects.select_related("program", "person", "region"), pk, label="保障记录"
    )


@staff_view("assistance.reviews")
@require_GET
def enrollment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = _enrollment(request, pk)
    plan = selectors.plan_for_enrollment(user=request.user, enrollment=enrollment)
    context = {
        "enrollment": enrollment,
        "person_id": mask_citizen_id(enrollment.person.id_number),
        "amounts": enrollment.amounts.order_by("from_month"),
        "plan": plan,
        "reviews": selectors.reviews_for_plan(plan=plan) if plan else [],
        "application": Application.objects.visible_to(request.user).filter(enrollment=enrollment).first(),
        "current_fen": ledger.amount_on(enrollment, rules.first_of_month(timezone.localdate())),
        "can_decide": can(request.user, "assistance.decide") and enrollment.end_month is None,
        "next_month": rules.add_months(rules.first_of_month(timezone.localdate()), 1),
        "this_month": rules.first_of_month(timezone.localdate()),
    }
    return render(request, "assistance/enrollment_detail.html", context)


@staff_view("assistance.decide")
@require_POST
def enrollment_stop(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = _enrollment(request, pk)
    form = StopForm(request.POST)
    back = reverse("assistance:enrollment_detail", args=[pk])
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(
        request,
        lambda: enrollment_stop_decide(actor=request.user, enrollment=enrollment, last_month=data["last_month"],
                                       reason=data["reason"]),
        back=back, success="已停发。",
    )  # fmt: skip


@staff_view("assistance.decide")
@require_POST
def enrollment_change(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = _enrollment(request, pk)
    form = ChangeForm(request.POST)
    back = reverse("assistance:enrollment_detail", args=[pk])
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(
        request,
        lambda: enrollment_change_decide(actor=request.user, enrollment=enrollment, from_month=data["from_month"],
                                         amount_fen=data["amount"], reason=data["reason"]),
        back=back, success="已调整发放金额。",
    )  # fmt: skip
