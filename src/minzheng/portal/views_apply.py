"""申请救助, 我的申请, 我的救助金: the online application step by step, the citizen's applications and their
payments. The writes go through ``portal.services_apply`` to assistance's public entry point."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from minzheng.assistance.models import Application
from minzheng.assistance.services.public import DOCUMENT_KINDS, PUBLIC_KINDS, citizen_registry_town
from minzheng.core.errors import DomainError
from minzheng.core.masking import mask_citizen_id, mask_name
from minzheng.core.web import form_refuse
from minzheng.portal import services_apply as apply
from minzheng.portal.forms_apply import DetailsForm, DocumentForm, IncomeForm, KindForm, MemberForm
from minzheng.portal.models_apply import ApplyDraft
from minzheng.portal.web import CitizenRequest, citizen_of, citizen_view


def _draft(request: CitizenRequest, key: UUID) -> ApplyDraft:
    try:
        return apply.draft_get(citizen=citizen_of(request), key=key)
    except ApplyDraft.DoesNotExist:
        raise Http404("没有这份申请") from None


def _submitted(draft: ApplyDraft) -> HttpResponse | None:
    if draft.application_id is not None:
        return HttpResponseRedirect(reverse("portal:application_detail", args=[draft.application_id]))
    return None


def _step(
    request: CitizenRequest, draft: ApplyDraft, name: str, template: str, **context: Any
) -> HttpResponse:
    number = next(i for i, (url, _) in enumerate(apply.STEPS, start=1) if url == name)
    steps = [
        {
            "n": i,
            "title": title,
            "url": reverse(f"portal:{url}", args=[draft.key]) if i > 1 else "",
            "current": url == name,
        }
        for i, (url, title) in enumerate(apply.STEPS, start=1)
    ]
    next_url = (
        reverse(f"portal:{apply.STEPS[number][0]}", args=[draft.key]) if number < len(apply.STEPS) else ""
    )
    context = {
        "draft": draft,
        "steps": steps,
        "step": number,
        "step_count": len(apply.STEPS),
        "step_title": apply.STEPS[number - 1][1],
        "kind_label": PUBLIC_KINDS.get(draft.kind, ""),
        "next_url": next_url,
        "back_url": steps[number - 2]["url"] if number > 2 else reverse("portal:apply"),
        **context,
    }
    return render(request, f"portal/apply/{template}", context)


@citizen_view()
def apply_start(request: CitizenRequest) -> HttpResponse:
    citizen = citizen_of(request)
    form = KindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = apply.draft_start(citizen=citizen, kind=form.cleaned_data["kind"])
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            return HttpResponseRedirect(reverse("portal:apply_details", args=[draft.key]))
    drafts = ApplyDraft.objects.filter(citizen=citizen, application__isnull=True)[:3]
    context = {"form": form, "drafts": drafts, "in_registry": citizen.person_id is not None}
    return render(request, "portal/apply/start.html", context)


@citizen_view()
def apply_details(request: CitizenRequest, key: UUID) -> HttpResponse:
    draft = _draft(request, key)
    if done := _submitted(draft):
        return done
    person = citizen_of(request).person
    needs_town = person is not None and citizen_registry_town(applicant=person) is None
    data = draft.data
    initial = {
        "support": data.get("support", ""),
        "requested": f"{data['requested_fen'] / 100:.2f}" if data.get("requested_fen") else "",
        "town": data.get("town", ""),
        "reason": data.get("reason", ""),
    }
    form = DetailsForm(request.POST or None, initial=initial, kind=draft.kind, needs_town=needs_town)
    if request.method == "POST" and form.is_valid():
        clean = form.cleaned_data
        apply.draft_save(
            draft, support=clean.get("support") or "", requested_fen=clean.get("requested") or 0,
            town=clean.get("town") or "", reason=clean.get("reason") or "",
        )  # fmt: skip
        return HttpResponseRedirect(reverse("portal:apply_members", args=[draft.key]))
    return _step(request, draft, "apply_details", "details.html", form=form)


@citizen_view()
def apply_members(request: CitizenRequest, key: UUID) -> HttpResponse:
    draft = _draft(request, key)
    if done := _submitted(draft):
        return done
    form = MemberForm(request.POST if request.POST.get("do") == "add" else None)
    if request.method == "POST":
        back = reverse("portal:apply_members", args=[draft.key])
        if request.POST.get("do") == "remove":
            apply.member_remove(draft, uid=request.POST.get("uid", ""))
            messages.success(request, "已删除该家庭成员。")
            return HttpResponseRedirect(back)
        if form.is_valid():
            try:
                apply.member_add(draft, **form.cleaned_data)
            except DomainError as exc:
                form_refuse(form, exc)
            else:
                messages.success(request, f"已添加家庭成员{form.cleaned_data['name']}。")
                return HttpResponseRedirect(back)
    return _step(
        request,
        draft,
        "apply_members",
        "members.html",
        form=form,
        members=[{**m, "id_masked": mask_citizen_id(m["id_number"])} for m in draft.data.get("members", [])],
    )


def _people(draft: ApplyDraft) -> list[tuple[str, str]]:
    return [("self", f"{draft.citizen.name}（申请人本人）")] + [
        (m["uid"], f"{m['name']}（{m['relation']}）") for m in draft.data.get("members", [])
    ]


@citizen_view()
def apply_incomes(request: CitizenRequest, key: UUID) -> HttpResponse:
    draft = _draft(request, key)
    if done := _submitted(draft):
        return done
    form = IncomeForm(request.POST if request.POST.get("do") == "add" else None, people=_people(draft))
    if request.method == "POST":
        back = reverse("portal:apply_incomes", args=[draft.key])
        if request.POST.get("do") == "remove":
            apply.income_remove(draft, uid=request.POST.get("uid", ""))
            messages.success(request, "已删除该项收入。")
            return HttpResponseRedirect(back)
        if form.is_valid():
            data = form.cleaned_data
            try:
                apply.income_add(
                    draft, who=data["who"], income_type=data["income_type"], monthly_fen=data["monthly"]
                )
            except DomainError as exc:
                form_refuse(form, exc)
            else:
                messages.success(request, "已添加收入。")
                return HttpResponseRedirect(back)
    summary = apply.draft_summary(draft)
    return _step(request, draft, "apply_incomes", "incomes.html", form=form, people=summary["people"])


@citizen_view()
def apply_documents(request: CitizenRequest, key: UUID) -> HttpResponse:
    draft = _draft(request, key)
    if done := _submitted(draft):
        return done
    form = DocumentForm(request.POST if request.POST.get("do") == "add" else None, request.FILES or None)
    if request.method == "POST":
        back = reverse("portal:apply_documents", args=[draft.key])
        if request.POST.get("do") == "remove":
            apply.document_remove(draft, pk=int(request.POST.get("pk") or 0))
            messages.success(request, "已删除该材料。")
            return HttpResponseRedirect(back)
        if form.is_valid():
            try:
                apply.document_add(draft, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"])
            except DomainError as exc:
                form_refuse(form, exc)
            else:
                messages.success(request, f"已上传{DOCUMENT_KINDS[form.cleaned_data['kind']]}。")
                return HttpResponseRedirect(back)
    documents = list(draft.documents.all())
    context = {
        "form": form,
        "documents": [{"d": d, "label": DOCUMENT_KINDS.get(d.kind, "")} for d in documents],
        "missing": apply.missing_documents(kind=draft.kind, uploaded={d.kind for d in documents}),
    }
    return _step(request, draft, "apply_documents", "documents.html", **context)


@citizen_view()
def apply_check(request: CitizenRequest, key: UUID) -> HttpResponse:
    draft = _draft(request, key)
    error = ""
    if request.method == "POST":
        try:
            draft = apply.draft_submit(citizen=citizen_of(request), key=request.POST.get("key") or draft.key)
        except DomainError as exc:
            error = exc.message
        except (ApplyDraft.DoesNotExist, ValueError, ValidationError):
            raise Http404("没有这份申请") from None
        else:
            messages.success(request, "申请已提交。")
            return HttpResponseRedirect(reverse("portal:application_detail", args=[draft.application_id]))
    if done := _submitted(draft):
        return done
    return _step(request, draft, "apply_check", "check.html", summary=apply.draft_summary(draft), error=error)


# --- my applications -----------------------------------------------------------------------------------


@citizen_view()
def applications(request: CitizenRequest) -> HttpResponse:
    citizen = citizen_of(request)
    apply.state_changes_notify(citizen=citizen)
    verified = request.citizen_session.verified
    rows = [
        {"app": a, "label": _kind_label(a), "state": apply.plain_state(a)}
        for a in apply.applications_for(citizen, verified=verified)
    ]
    drafts = ApplyDraft.objects.filter(citizen=citizen, application__isnull=True)[:3]
    return render(
        request, "portal/apply/applications.html", {"rows": rows, "drafts": drafts, "verified": verified}
    )


@citizen_view()
def application_detail(request: CitizenRequest, pk: int) -> HttpResponse:
    citizen = citizen_of(request)
    try:
        app = apply.application_for(citizen, verified=request.citizen_session.verified, pk=pk)
    except Application.DoesNotExist:
        raise Http404("没有这份申请") from None
    apply.state_changes_notify(citizen=citizen)
    short, long = apply.plain_state(app)
    context = {
        "app": app,
        "kind_label": _kind_label(app),
        "state": short,
        "state_note": long,
        "deadlines": apply.application_deadlines(app),
        "office": apply.application_office(app),
        "missing": apply.application_missing(citizen, app),
        "documents": apply.application_documents(citizen, app),
        "history": apply.application_history(app),
        "supplement": DocumentForm() if apply.can_supplement(citizen, app) else None,
    }
    return render(request, "portal/apply/application_detail.html", context)


def _kind_label(app: Application) -> str:
    from minzheng.casework.types import case_type_get

    return case_type_get(app.case.case_type).label


@citizen_view(verified=True)
def payments(request: CitizenRequest) -> HttpResponse:
    citizen = citizen_of(request)
    enrollments = apply.enrollments_for(citizen)
    rows = [
        {"e": e, "payee": "本人" if e.person_id == citizen.person_id else mask_name(e.person.name)}
        for e in enrollments
    ]
    context = {"enrollments": rows, "months": apply.payment_months(citizen, enrollments)}
    return render(request, "portal/apply/payments.html", context)


@citizen_view()
def application_documents(request: CitizenRequest, pk: int) -> HttpResponse:
    """补充材料 (POST from the application's page; a GET goes back to it)."""
    citizen = citizen_of(request)
    try:
        app = apply.application_for(citizen, verified=request.citizen_session.verified, pk=pk)
    except Application.DoesNotExist:
        raise Http404("没有这份申请") from None
    back = reverse("portal:application_detail", args=[app.pk])
    if request.method != "POST":
        return HttpResponseRedirect(back)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(back)
    try:
        apply.documents_supplement(
            citizen, app, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已补充{DOCUMENT_KINDS[form.cleaned_data['kind']]}。")
    return HttpResponseRedirect(back)
