"""Pages of the policy library: search the full text, read a document, register and repeal (市局、区局), export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.errors import DomainError
from minzheng.core.excel import xlsx_response
from minzheng.core.roles import can
from minzheng.core.web import StaffRequest, act_and_back, form_errors_text, form_refuse, staff_view
from minzheng.policy import selectors, services
from minzheng.policy.forms import DocumentForm, ParameterLinkForm, RepealForm
from minzheng.policy.models import Document, ParameterLink

READ = "policy.read"


def _filters(request: StaffRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "").strip() for k in ("q", "topic", "in_force")}


def _documents(request: StaffRequest) -> object:
    filters = _filters(request)
    return selectors.document_list(q=filters["q"], topic=filters["topic"],
                                   in_force_on=timezone.localdate() if filters["in_force"] else None)  # fmt: skip


@staff_view(READ)
@require_GET
def document_list(request: StaffRequest) -> HttpResponse:
    page = Paginator(_documents(request), 50).get_page(request.GET.get("page"))  # type: ignore[arg-type]
    return render(request, "policy/document_list.html", {
        "page": page, "filters": _filters(request), "topics": Document.Topic.choices, "today": timezone.localdate(),
        "can_edit": can(request.user, "policy.edit"), "can_export": can(request.user, "export"),
    })  # fmt: skip


@staff_view("export")
@require_GET
def document_export(request: StaffRequest) -> HttpResponse:
    services.document_export_log(actor=request.user)
    today = timezone.localdate()
    rows = (
        [d.number, d.title, d.issuer, d.get_kind_display(), d.get_topic_display(), d.issued_on, d.effective_from,
         d.effective_until or "", d.status_on(today)]
        for d in _documents(request).iterator(chunk_size=2000)  # type: ignore[attr-defined]
    )  # fmt: skip
    return xlsx_response(f"政策文件目录-{today:%Y%m%d}.xlsx", sheet="政策文件", rows=rows, headers=[
        "文号", "标题", "发文机关", "文件类型", "业务领域", "印发日期", "施行日期", "有效期至", "状态"])  # fmt: skip


@staff_view("policy.edit")
def document_new(request: StaffRequest) -> HttpResponse:
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_register(actor=request.user, **data)
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记《{document.title}》。")
            return redirect("policy:document_detail", pk=document.pk)
    return render(request, "policy/form.html", {"form": form})


@staff_view(READ)
@require_GET
def document_detail(request: StaffRequest, pk: int) -> HttpResponse:
    try:
        document = selectors.document_get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404("政策文件不存在") from None
    return render(request, "policy/document_detail.html", {
        "d": document, "status": document.status_on(timezone.localdate()),
        "repeal": RepealForm(initial={"on": timezone.localdate()}),
        "can_repeal": can(request.user, "policy.edit") and not document.repealed_on,
        "parameters": selectors.document_parameters(document=document),
        "link_form": _link_form(None) if can(request.user, "policy.edit") and not document.repealed_on else None,
        "can_unlink": can(request.user, "policy.edit"),
    })  # fmt: skip


def _link_form(data: object) -> ParameterLinkForm:
    choices = [(f"{r.key}|{r.effective_from:%Y-%m-%d}", f"{r.label}：自{r.effective_from:%Y-%m-%d}起 {r.value}")
               for r in selectors.parameters_unlinked()]  # fmt: skip
    return ParameterLinkForm(data, choices=choices)


@staff_view("policy.edit")
@require_POST
def document_parameter_link(request: StaffRequest, pk: int) -> HttpResponse:
    try:
        document = selectors.document_get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404("政策文件不存在") from None
    back = reverse("policy:document_detail", args=[pk])
    form = _link_form(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    key, day = form.cleaned_data["parameter"]
    return act_and_back(request, lambda: services.parameter_link(actor=request.user, document=document, key=key,
                                                                 effective_from=day,
                                                                 clause=form.cleaned_data["clause"]),
                        back=back, success="已登记本文件设定的参数。")  # fmt: skip


@staff_view("policy.edit")
@require_POST
def parameter_unlink(request: StaffRequest, pk: int) -> HttpResponse:
    link = ParameterLink.objects.select_related("document").filter(pk=pk).first()
    if link is None:
        raise Http404("参数登记不存在")
    back = reverse("policy:document_detail", args=[link.document_id])
    return act_and_back(request, lambda: services.parameter_unlink(actor=request.user, link=link), back=back,
                        success="已撤销该参数的登记。")  # fmt: skip


@staff_view("policy.edit")
@require_POST
def document_repeal(request: StaffRequest, pk: int) -> HttpResponse:
    try:
        document = selectors.document_get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404("政策文件不存在") from None
    back = reverse("policy:document_detail", args=[pk])
    form = RepealForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(request, lambda: services.document_repeal(actor=request.user, document=document,
                                                                  on=data["on"], reason=data["reason"]),
                        back=back, success="已废止。")  # fmt: skip
