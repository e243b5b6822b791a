"""Staff pages of charity fundraising (campaigns, organisations, donations with receipts, distributions, XLSX
exports) and the public disclosure page, which needs no login and shows no recipient's personal data. A staff page
showing recipients (persons) writes a "查看" audit entry naming them (PIPL, 等保 2.0 三级 audit of reads)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from minzheng.charity import rules, selectors, services
from minzheng.charity.forms import CampaignForm, DistributionForm, DonationForm, OrganisationForm
from minzheng.core.audit import audit_records_viewed
from minzheng.core.errors import DomainError
from minzheng.core.excel import xlsx_response
from minzheng.core.masking import mask_citizen_id
from minzheng.core.roles import can
from minzheng.core.web import form_refuse, staff_view

READ = "charity.read"
PAGE_SIZE = 50


@staff_view(READ)
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    page = Paginator(selectors.campaign_list(q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "charity/campaign_list.html", {
        "page": page, "q": q, "organisations": selectors.organisation_list(),
        "can_file": can(request.user, "charity.campaign"), "can_export": can(request.user, "export"),
    })  # fmt: skip


def _form_page(request: HttpRequest, form: object, title: str, back: str) -> HttpResponse:
    return render(request, "charity/form.html", {"form": form, "title": title, "back": back})


@staff_view("charity.campaign")
def organisation_new(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organisation_register(
                actor=request.user, region=request.user.region, **form.cleaned_data
            )
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记慈善组织“{org.name}”。")
            return redirect("charity:campaign_list")
    return _form_page(request, form, "登记慈善组织", reverse("charity:campaign_list"))


@staff_view("charity.campaign")
def campaign_new(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["goal_fen"] = data.pop("goal") or 0
        try:
            campaign = services.campaign_file(actor=request.user, region=request.user.region, **data)
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(
                request, f"已登记募捐活动“{campaign.name}”（备案编号{campaign.filing_number}）。"
            )
            return redirect("charity:campaign_detail", pk=campaign.pk)
    return _form_page(request, form, "登记公开募捐活动备案", reverse("charity:campaign_list"))


@staff_view(READ)
@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk=pk)
    donations = Paginator(selectors.donation_list(user=request.user, campaign=campaign), PAGE_SIZE)
    distributions = Paginator(selectors.distribution_list(user=request.user, campaign=campaign), PAGE_SIZE)
    given = distributions.get_page(request.GET.get("fpage"))
    to_persons = [f for f in given if f.person_id is not None]
    audit_records_viewed(  # the recipients' names and (masked) ID numbers are on the page
        actor=request.user, shown=to_persons, persons=[f.person_id for f in to_persons], obj=campaign,
        detail=f"查看募捐活动{campaign.filing_number}的款物发放第{given.number}页（受益人{len(to_persons)}条）",
    )  # fmt: skip
    return render(request, "charity/campaign_detail.html", {
        "campaign": campaign, "donations": donations.get_page(request.GET.get("dpage")), "distributions": given,
        "can_receive": can(request.user, "charity.receive"), "can_distribute": can(request.user, "charity.distribute"),
        "can_export": can(request.user, "export"),
    })  # fmt: skip


@staff_view("charity.receive")
def donation_new(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk=pk)
    form = DonationForm(request.POST or None, initial={"received_on": timezone.localdate()})
    back = reverse("charity:campaign_detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            donation = services.donation_receive(
                actor=request.user, campaign=campaign, kind=d["kind"], donor_name=d["donor_name"],
                donor_kind=d["donor_kind"], donor_public=d["donor_public"], received_on=d["received_on"],
                amount_fen=d["amount"], goods_name=d["goods_name"], quantity=d["quantity"], unit=d["unit"],
                unit_value_fen=d["unit_value"], no_receipt=d["no_receipt"] or "",
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            what = (
                f"捐赠票据号{donation.receipt_number}"
                if donation.receipt_number
                else donation.get_no_receipt_display()
            )
            messages.success(request, f"已登记接受捐赠（{what}）。")
            return redirect(back)
    return _form_page(request, form, f"登记接受捐赠：{campaign.name}", back)


@staff_view("charity.distribute")
def distribution_new(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk=pk)
    form = DistributionForm(request.POST or None, user=request.user,
                            initial={"distributed_on": timezone.localdate()})  # fmt: skip
    back = reverse("charity:campaign_detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            given = services.distribution_give(
                actor=request.user, campaign=campaign, kind=d["kind"], amount_fen=d["amount"], purpose=d["purpose"],
                distributed_on=d["distributed_on"], person=d["person"], institution_name=d["institution_name"],
                region=d["region"] or request.user.region, goods_name=d["goods_name"], quantity=d["quantity"],
                unit=d["unit"],
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记发放（发放单号{given.reference}）。")
            return redirect(back)
    return _form_page(request, form, f"登记款物发放：{campaign.name}", back)


CAMPAIGN_HEADERS = ["备案编号", "募捐活动", "慈善组织", "起始日期", "终止日期", "募捐目标（元）", "已募资金（元）",
                    "已募物资折价（元）", "已拨付资金（元）", "已发放物资折价（元）"]  # fmt: skip


@staff_view("export")
@require_GET
def campaign_export(request: HttpRequest) -> HttpResponse:
    services.export_log(actor=request.user, what="募捐活动")
    rows = (
        [c.filing_number, c.name, c.organisation.name, c.starts_on, c.ends_on, c.goal_fen / 100,
         c.money_received_fen / 100, c.goods_received_fen / 100, c.money_distributed_fen / 100,
         c.goods_distributed_fen / 100]
        for c in selectors.campaign_list().iterator(chunk_size=2000)
    )  # fmt: skip
    return xlsx_response(f"公开募捐活动-{timezone.localdate():%Y%m%d}.xlsx", sheet="募捐活动",
                         headers=CAMPAIGN_HEADERS, rows=rows)  # fmt: skip


DONATION_HEADERS = [
    "捐赠票据号",
    "接收日期",
    "捐赠形式",
    "捐赠人",
    "物资名称",
    "数量",
    "单位",
    "金额或折价（元）",
]


@staff_view("export")
@require_GET
def donation_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk=pk)
    services.export_log(actor=request.user, what="接受捐赠")
    rows = (
        [d.receipt_number or d.get_no_receipt_display(), d.received_on, d.get_kind_display(), d.donor_name or "匿名",
         d.goods_name, d.quantity or "", d.unit, d.amount_fen / 100]
        for d in selectors.donation_list(user=request.user, campaign=campaign).iterator(chunk_size=2000)
    )  # fmt: skip
    return xlsx_response(f"接受捐赠-{campaign.filing_number}.xlsx", sheet="接受捐赠",
                         headers=DONATION_HEADERS, rows=rows)  # fmt: skip


DISTRIBUTION_HEADERS = ["发放单号", "发放日期", "发放形式", "受益对象", "受益人或受赠单位", "身份证号", "受益地",
                        "物资名称", "数量", "金额或折价（元）", "用途"]  # fmt: skip


@staff_view("export")
@require_GET
def distribution_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(pk=pk)
    services.export_log(actor=request.user, what="慈善款物发放")
    rows = (
        [f.reference, f.distributed_on, f.get_kind_display(), f.get_recipient_kind_display(),
         f.person.name if f.person else f.institution_name, mask_citizen_id(f.person.id_number) if f.person else "",
         f.region.name, f.goods_name, f.quantity or "", f.amount_fen / 100, f.purpose]
        for f in selectors.distribution_list(user=request.user, campaign=campaign).iterator(chunk_size=2000)
    )  # fmt: skip
    return xlsx_response(f"慈善款物发放-{campaign.filing_number}.xlsx", sheet="款物发放",
                         headers=DISTRIBUTION_HEADERS, rows=rows)  # fmt: skip


@require_GET
def public_disclosure(request: HttpRequest) -> HttpResponse:
    """公开募捐信息公开 (no login): campaigns, receipts and distributions; persons only as counts and sums."""
    return render(request, "charity/public.html", {
        "campaigns": selectors.disclosure_campaigns(), "note": rules.DISCLOSURE_NOTE,
    })  # fmt: skip
