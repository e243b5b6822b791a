"""Staff pages of the materials ledger: stock by region, the movements (receipts, transfers, issues) with
filters and XLSX exports, items and campaigns, and the forms to receive, hand down and issue. A page showing issues
to persons writes a "查看" audit entry naming them (PIPL, 等保 2.0 三级 audit of reads of personal data)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from minzheng.core.audit import audit_records_viewed
from minzheng.core.errors import DomainError
from minzheng.core.excel import xlsx_response
from minzheng.core.masking import mask_citizen_id
from minzheng.core.roles import can
from minzheng.core.web import form_refuse, staff_view
from minzheng.supplies import selectors, services
from minzheng.supplies.forms import CampaignForm, IssueForm, ItemForm, ReceiveForm, TransferForm
from minzheng.supplies.models import Item, Movement

READ = "supplies.read"
PAGE_SIZE = 50


def _flags(request: HttpRequest) -> dict[str, bool]:
    return {
        "can_receive": can(request.user, "supplies.receive"), "can_issue": can(request.user, "supplies.issue"),
        "can_items": can(request.user, "supplies.items"), "can_export": can(request.user, "export"),
    }  # fmt: skip


@staff_view(READ)
@require_GET
def stock_list(request: HttpRequest) -> HttpResponse:
    item, category = request.GET.get("item", ""), request.GET.get("category", "")
    qs = selectors.stock_list(user=request.user, item=item, category=category)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supplies/stock_list.html", {
        "page": page, "filters": {"item": item, "category": category}, "items": selectors.item_list(),
        "categories": Item.Category.choices, **_flags(request),
    })  # fmt: skip


def _movement_filters(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "") for k in ("kind", "campaign", "item")}


@staff_view(READ)
@require_GET
def movement_list(request: HttpRequest) -> HttpResponse:
    filters = _movement_filters(request)
    page = Paginator(selectors.movement_list(user=request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    to_persons = [m for m in page if m.person_id is not None]
    audit_records_viewed(  # the recipients' names and (masked) ID numbers are on the page
        actor=request.user, shown=to_persons, persons=[m.person_id for m in to_persons],
        object_type="supplies.movement", what=f"物资出入库记录第{page.number}页",
        detail=f"查看物资出入库记录第{page.number}页（发放到人{len(to_persons)}条）",
    )  # fmt: skip
    return render(request, "supplies/movement_list.html", {
        "page": page, "filters": filters, "kinds": Movement.Kind.choices, "campaigns": selectors.campaign_list(),
        "items": selectors.item_list(), **_flags(request),
    })  # fmt: skip


MOVEMENT_HEADERS = ["日期", "类型", "专项行动", "物资", "数量", "单位", "折价（元）", "库存区划", "调入/调出区划",
                    "来源", "领取人或单位", "身份证号", "备注"]  # fmt: skip


@staff_view("export")
@require_GET
def movement_export(request: HttpRequest) -> HttpResponse:
    filters = _movement_filters(request)
    services.export_log(actor=request.user, what="出入库记录")
    rows = (
        [m.day, m.get_kind_display(), m.campaign.name if m.campaign else "", m.item.name, m.quantity, m.item.unit,
         m.value_fen / 100, m.region.name, m.counterpart.name if m.counterpart else "", m.source,
         m.person.name if m.person else m.unit_name, mask_citizen_id(m.person.id_number) if m.person else "", m.note]
        for m in selectors.movement_list(user=request.user, **filters).iterator(chunk_size=2000)
    )  # fmt: skip
    return xlsx_response(f"物资出入库-{timezone.localdate():%Y%m%d}.xlsx", sheet="出入库记录",
                         headers=MOVEMENT_HEADERS, rows=rows)  # fmt: skip


STOCK_HEADERS = ["库存区划", "物资", "类别", "库存数量", "单位", "单价（元）", "折价（元）"]


@staff_view("export")
@require_GET
def stock_export(request: HttpRequest) -> HttpResponse:
    services.export_log(actor=request.user, what="库存")
    rows = (
        [s.region.name, s.item.name, s.item.get_category_display(), s.quantity, s.item.unit,
         s.item.unit_value_fen / 100, s.value_fen / 100]
        for s in selectors.stock_list(user=request.user).iterator(chunk_size=2000)
    )  # fmt: skip
    return xlsx_response(f"物资库存-{timezone.localdate():%Y%m%d}.xlsx", sheet="库存", headers=STOCK_HEADERS,
                         rows=rows)  # fmt: skip


@staff_view(READ)
def item_list(request: HttpRequest) -> HttpResponse:
    return render(request, "supplies/item_list.html", {
        "items": selectors.item_list(), "campaigns": selectors.campaign_list(), **_flags(request),
    })  # fmt: skip


def _form_page(request: HttpRequest, form: object, title: str, back: str) -> HttpResponse:
    return render(request, "supplies/form.html", {"form": form, "title": title, "back": back})


@staff_view("supplies.items")
def item_new(request: HttpRequest) -> HttpResponse:
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            item = services.item_create(actor=request.user, name=d["name"], category=d["category"], unit=d["unit"],
                                        unit_value_fen=d["unit_value"])  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记物资“{item.name}”。")
            return redirect("supplies:item_list")
    return _form_page(request, form, "登记物资品目", reverse("supplies:item_list"))


@staff_view("supplies.items")
def campaign_new(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记专项行动“{campaign.name}”。")
            return redirect("supplies:item_list")
    return _form_page(request, form, "登记专项行动", reverse("supplies:item_list"))


def _run(request: HttpRequest, form: Any, fn: Any, success: str) -> HttpResponse | None:
    try:
        fn()
    except DomainError as exc:
        form_refuse(form, exc)
        return None
    messages.success(request, success)
    return redirect("supplies:movement_list")


@staff_view("supplies.receive")
def receive(request: HttpRequest) -> HttpResponse:
    form = ReceiveForm(request.POST or None, initial={"day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _run(request, form, lambda: services.stock_receive(
            actor=request.user, item=d["item"], region=d["region"] or request.user.region, quantity=d["quantity"],
            day=d["day"], source=d["source"], campaign=d["campaign"], note=d["note"],
        ), f"已入库{d['item'].name}{d['quantity']}{d['item'].unit}。")  # fmt: skip
        if done:
            return done
    return _form_page(request, form, "登记物资入库", reverse("supplies:stock_list"))


@staff_view("supplies.issue")
def transfer(request: HttpRequest) -> HttpResponse:
    form = TransferForm(request.POST or None, initial={"day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _run(request, form, lambda: services.stock_transfer(
            actor=request.user, item=d["item"], source=d["source"] or request.user.region, target=d["target"],
            quantity=d["quantity"], day=d["day"], campaign=d["campaign"],
        ), f"已下拨{d['item'].name}{d['quantity']}{d['item'].unit}。")  # fmt: skip
        if done:
            return done
    return _form_page(request, form, "登记物资下拨", reverse("supplies:stock_list"))


@staff_view("supplies.issue")
def issue(request: HttpRequest) -> HttpResponse:
    form = IssueForm(request.POST or None, user=request.user, initial={"day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _run(request, form, lambda: services.stock_issue(
            actor=request.user, item=d["item"], region=d["region"] or request.user.region, quantity=d["quantity"],
            day=d["day"], person=d["person"], unit_name=d["unit_name"], campaign=d["campaign"], note=d["note"],
        ), f"已发放{d['item'].name}{d['quantity']}{d['item'].unit}。")  # fmt: skip
        if done:
            return done
    return _form_page(request, form, "登记物资发放", reverse("supplies:stock_list"))
