"""Staff pages of social organisations and social work: the register (list, export, detail with its annual
reports, penalties and abnormal-list entries), registration applications (new, detail with the case's moves),
the overdue annual reports per authority, the abnormal-activity list, the town's 社区社会组织 filings, social
workers, 社工站 and purchased projects. Every page through ``staff_view``; records through scoped selectors;
a link or form is shown only to who may use it."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.casework.services import case_transition
from minzheng.casework.types import case_type_get
from minzheng.core.errors import DomainError
from minzheng.core.excel import xlsx_response
from minzheng.core.models import Region
from minzheng.core.roles import can
from minzheng.core.scope import region_within_scope
from minzheng.core.web import act_and_back, form_errors_text, form_refuse, staff_view
from minzheng.orgs import rules, selectors, services
from minzheng.orgs.casetypes import EstablishApplication
from minzheng.orgs.forms import (
    ActForm,
    AmendForm,
    EstablishForm,
    EvaluateForm,
    FilingForm,
    ListingForm,
    PenaltyForm,
    RemoveForm,
    ReportForm,
    UsccForm,
)
from minzheng.orgs.models import Application, Organisation, Worker

READ = "orgs.read"
PAGE_SIZE = 50


def _page(request: HttpRequest, qs):  # noqa: ANN001, ANN202
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _yuan(fen: int | None) -> float | str:
    return fen / 100 if fen else ""


# --- the register ---------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    f = {k: request.GET.get(k, "").strip() for k in ("kind", "status", "q")}
    page = _page(request, selectors.organisation_list(user=request.user, **f))
    return render(request, "orgs/organisation_list.html", {
        "page": page, "filters": f, "kinds": list(rules.KIND_LABELS.items()),
        "statuses": list(Organisation.Status.choices), "can_export": can(request.user, "export"),
        "can_register": can(request.user, "orgs.register"),
    })  # fmt: skip


@staff_view("export")
@require_GET
def organisation_export(request: HttpRequest) -> HttpResponse:
    f = {k: request.GET.get(k, "").strip() for k in ("kind", "status", "q")}
    qs = selectors.organisation_list(user=request.user, **f)
    services.export_log(actor=request.user, what="社会组织名录")
    rows = (
        [o.name, o.get_kind_display(), o.uscc, o.authority.name, o.region.name, o.legal_rep_name, o.business_scope,
         o.registered_on, o.get_status_display()]
        for o in qs.iterator(chunk_size=2000)
    )  # fmt: skip
    return xlsx_response(
        f"社会组织名录-{timezone.localdate():%Y%m%d}.xlsx", sheet="社会组织",
        headers=["名称", "类型", "统一社会信用代码", "登记管理机关", "住所所在地", "法定代表人", "业务范围", "成立登记日期", "登记状态"],
        rows=rows,
    )  # fmt: skip


def _supervises(request: HttpRequest, org: Organisation) -> bool:
    return can(request.user, "orgs.supervise") and region_within_scope(request.user, org.authority)


@staff_view(READ)
@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.organisation_get(user=request.user, pk=pk)
    supervise = _supervises(request, org) and org.is_active
    listings = list(org.listings.order_by("-listed_on"))
    return render(request, "orgs/organisation_detail.html", {
        "org": org, "reports": org.annual_reports.order_by("-year"), "penalties": org.penalties.order_by("-decided_on"),
        "listings": listings, "open_listing": next((x for x in listings if x.removed_on is None), None),
        "applications": org.applications.select_related("case").order_by("-id"),
        "supervise": supervise, "can_amend": can(request.user, "orgs.register") and org.is_active
        and region_within_scope(request.user, org.authority),
        "report_form": ReportForm(auto_id="report_%s"), "penalty_form": PenaltyForm(auto_id="penalty_%s"),
        "listing_form": ListingForm(auto_id="listing_%s"), "remove_form": RemoveForm(auto_id="remove_%s"),
        "amend_form": AmendForm(auto_id="amend_%s", user=request.user),
    })  # fmt: skip


def _org_post(request: HttpRequest, pk: int, form_class, fn, success: str) -> HttpResponse:  # noqa: ANN001
    org = selectors.organisation_get(user=request.user, pk=pk)
    back = reverse("orgs:organisation_detail", args=[pk])
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    return act_and_back(request, lambda: fn(org, form.cleaned_data), back=back, success=success)


@staff_view("orgs.supervise")
@require_POST
def organisation_report(request: HttpRequest, pk: int) -> HttpResponse:
    return _org_post(request, pk, ReportForm, lambda org, d: services.annual_report_record(
        actor=request.user, organisation=org, year=d["year"], submitted_on=d["submitted_on"],
        sponsor_reviewed_on=d["sponsor_reviewed_on"], result=d["result"],
    ), "已登记年度工作报告。")  # fmt: skip


@staff_view("orgs.supervise")
@require_POST
def organisation_penalty(request: HttpRequest, pk: int) -> HttpResponse:
    return _org_post(request, pk, PenaltyForm, lambda org, d: services.penalty_decide(
        actor=request.user, organisation=org, kind=d["kind"], decided_on=d["decided_on"], facts=d["facts"],
        basis=d["basis"], fine_fen=d["fine"] or 0, turnover_fen=d["turnover"] or 0, gain_fen=d["gain"] or 0,
        suspend_until=d["suspend_until"],
    ), "已登记行政处罚决定。")  # fmt: skip


@staff_view("orgs.supervise")
@require_POST
def organisation_listing(request: HttpRequest, pk: int) -> HttpResponse:
    return _org_post(request, pk, ListingForm, lambda org, d: services.listing_add(
        actor=request.user, organisation=org, reason=d["reason"], on=d["on"], detail=d["detail"],
    ), "已列入活动异常名录。")  # fmt: skip


@staff_view("orgs.supervise")
@require_POST
def listing_remove(request: HttpRequest, pk: int) -> HttpResponse:
    listing = selectors.listing_get(user=request.user, pk=pk)
    back = reverse("orgs:organisation_detail", args=[listing.organisation_id])
    form = RemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    d = form.cleaned_data
    return act_and_back(request, lambda: services.listing_remove(actor=request.user, listing=listing, on=d["on"],
                                                                 reason=d["reason"]),
                        back=back, success="已移出活动异常名录。")  # fmt: skip


@staff_view("orgs.register")
@require_POST
def organisation_amend(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.organisation_get(user=request.user, pk=pk)
    back = reverse("orgs:organisation_detail", args=[pk])
    form = AmendForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    d = form.cleaned_data
    try:
        app = services.application_create(
            actor=request.user, purpose=d["purpose"], organisation=org, name=d["name"], domicile=d["domicile"],
            business_scope=d["business_scope"], legal_rep_name=d["legal_rep_name"],
            legal_rep=d["legal_rep"], comment=d["comment"],
        )  # fmt: skip
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, f"已登记申请{app.case.number}。")
    return redirect("orgs:application_detail", pk=app.pk)


# --- registration applications ----------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    purpose, state = request.GET.get("purpose", ""), request.GET.get("state", "")
    page = _page(request, selectors.application_list(user=request.user, purpose=purpose, state=state))
    return render(request, "orgs/application_list.html", {
        "page": page, "filters": {"purpose": purpose, "state": state},
        "purposes": list(Application.Purpose.choices), "states": list(EstablishApplication.states.items()),
        "can_register": can(request.user, "orgs.register"),
    })  # fmt: skip


@staff_view("orgs.register")
def application_new(request: HttpRequest) -> HttpResponse:
    form = EstablishForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            app = services.application_create(
                actor=request.user, purpose="establish", kind=d["kind"], name=d["name"], authority=d["authority"],
                region=d["region"], domicile=d["domicile"], business_scope=d["business_scope"], sponsor=d["sponsor"],
                legal_rep_name=d["legal_rep_name"], legal_rep=d["legal_rep"],
                funds_fen=d["funds"] or 0, comment=d["comment"],
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记成立登记申请{app.case.number}。")
            return redirect("orgs:application_detail", pk=app.pk)
    return render(request, "orgs/form.html", {"form": form, "title": "登记社会组织成立登记申请",
                                              "back": reverse("orgs:application_list")})  # fmt: skip


@staff_view(READ)
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(user=request.user, pk=pk)
    kind = case_type_get(app.case.case_type)
    return render(request, "orgs/application_detail.html", {
        "app": app, "case": app.case, "kind": kind, "state_label": kind.state_label(app.case.state),
        "can_uscc": app.purpose == "establish" and app.case.closed_at is None and can(request.user, "orgs.register")
        and region_within_scope(request.user, app.authority),
        "uscc_form": UsccForm(initial={"uscc": app.uscc}),
    })  # fmt: skip


@staff_view(READ)
@require_POST
def application_act(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(user=request.user, pk=pk)
    back = reverse("orgs:application_detail", args=[pk])
    form = ActForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    d = form.cleaned_data
    return act_and_back(
        request,
        lambda: case_transition(actor=request.user, case=app.case, action=d["action"], comment=d["comment"] or "",
                                expected_state=d["expected_state"]),
        back=back, success="已办理。",
    )  # fmt: skip


@staff_view("orgs.register")
@require_POST
def application_uscc(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(user=request.user, pk=pk)
    back = reverse("orgs:application_detail", args=[pk])
    form = UsccForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    return act_and_back(request, lambda: services.application_set_uscc(actor=request.user, application=app,
                                                                       uscc=form.cleaned_data["uscc"]),
                        back=back, success="已填写统一社会信用代码。")  # fmt: skip


# --- annual reports overdue, the abnormal list ----------------------------------------------------------------


def _overdue_params(request: HttpRequest) -> tuple[int, date, Region | None]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year - 1)
    except ValueError:
        year = today.year - 1
    year = min(max(year, 2000), today.year)
    code = request.GET.get("authority", "")
    authority = Region.objects.filter(code=code, level__in=["city", "district"]).first() if code else None
    return year, today, authority


@staff_view(READ)
@require_GET
def overdue(request: HttpRequest) -> HttpResponse:
    year, today, authority = _overdue_params(request)
    qs = selectors.overdue_list(user=request.user, year=year, on=today, authority=authority)
    own = request.user.region
    authorities = Region.objects.filter(level__in=["city", "district"]).order_by("code")
    return render(request, "orgs/overdue.html", {
        "page": _page(request, qs), "year": year, "authority": authority, "authorities": authorities,
        "due_other": rules.annual_report_due(rules.ASSOCIATION, year),
        "due_foundation": rules.annual_report_due(rules.FOUNDATION, year),
        "can_sweep": can(request.user, "orgs.supervise") and own is not None, "can_export": can(request.user, "export"),
    })  # fmt: skip


@staff_view("export")
@require_GET
def overdue_export(request: HttpRequest) -> HttpResponse:
    year, today, authority = _overdue_params(request)
    qs = selectors.overdue_list(user=request.user, year=year, on=today, authority=authority)
    services.export_log(actor=request.user, what=f"{year}年度年报逾期名单")
    rows = ([o.name, o.get_kind_display(), o.uscc, o.authority.name, rules.annual_report_due(o.kind, year)]
            for o in qs.iterator(chunk_size=2000))  # fmt: skip
    return xlsx_response(f"年报逾期名单-{year}.xlsx", sheet="年报逾期",
                         headers=["名称", "类型", "统一社会信用代码", "登记管理机关", "应报送日期"], rows=rows)  # fmt: skip


@staff_view("orgs.supervise")
@require_POST
def overdue_sweep(request: HttpRequest) -> HttpResponse:
    year, today, _ = _overdue_params(request)
    own = request.user.region
    authority = own if own is not None and own.level in ("city", "district") else None
    done: list[int] = []
    back = reverse("orgs:overdue") + f"?year={year}"

    def run() -> None:
        done.append(services.overdue_sweep(actor=request.user, year=year, on=today, authority=authority))

    response = act_and_back(request, run, back=back, success=f"已核查{year}年度工作报告。")
    if done:
        messages.info(request, f"列入活动异常名录{done[0]}个。")
    return response


@staff_view(READ)
@require_GET
def listing_list(request: HttpRequest) -> HttpResponse:
    current = request.GET.get("all") != "1"
    page = _page(request, selectors.listing_list(user=request.user, current=current))
    for listing in page:
        listing.serious_on = rules.listing_serious_on(listing.listed_on)
    return render(request, "orgs/listing_list.html", {"page": page, "current": current,
                                                      "today": timezone.localdate()})  # fmt: skip


# --- 社区社会组织 filing ------------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def filing_list(request: HttpRequest) -> HttpResponse:
    return render(request, "orgs/filing_list.html", {
        "page": _page(request, selectors.filing_list(user=request.user)), "can_file": can(request.user, "orgs.filing"),
    })  # fmt: skip


@staff_view("orgs.filing")
def filing_new(request: HttpRequest) -> HttpResponse:
    form = FilingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            filing = services.filing_create(
                actor=request.user, name=d["name"], field=d["field"], town=request.user.region,
                community=d["community"], leader_name=d["leader_name"], members=d["members"] or 0,
                filed_on=d["filed_on"],
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已备案“{filing.name}”。")
            return redirect("orgs:filing_list")
    return render(request, "orgs/form.html", {"form": form, "title": "社区社会组织备案",
                                              "back": reverse("orgs:filing_list")})  # fmt: skip


# --- social work --------------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def worker_list(request: HttpRequest) -> HttpResponse:
    level = request.GET.get("level", "")
    return render(request, "orgs/worker_list.html", {
        "page": _page(request, selectors.worker_list(user=request.user, level=level)), "level": level,
        "levels": list(Worker.Level.choices), "stations": selectors.station_list(user=request.user),
        "trainings": selectors.training_list(user=request.user)[:20], "can_export": can(request.user, "export"),
    })  # fmt: skip


@staff_view("export")
@require_GET
def worker_export(request: HttpRequest) -> HttpResponse:
    qs = selectors.worker_list(user=request.user, level=request.GET.get("level", ""))
    services.export_log(actor=request.user, what="社会工作者名单")
    rows = ([w.person.name, w.get_level_display(), w.certificate_no, w.certified_year or "",
             w.station.name if w.station else "", w.region.name] for w in qs.iterator(chunk_size=2000))  # fmt: skip
    return xlsx_response(f"社会工作者-{timezone.localdate():%Y%m%d}.xlsx", sheet="社会工作者",
                         headers=["姓名", "职业水平", "证书编号", "取证年度", "社工站", "所属区划"], rows=rows)  # fmt: skip


@staff_view(READ)
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    return render(request, "orgs/project_list.html", {
        "page": _page(request, selectors.project_list(user=request.user)),
        "can_evaluate": can(request.user, "orgs.social_work"),
    })  # fmt: skip


@staff_view("orgs.social_work")
@require_POST
def project_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    back = reverse("orgs:project_list")
    form = EvaluateForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    d = form.cleaned_data
    return act_and_back(request, lambda: services.project_evaluate(actor=request.user, project=project,
                                                                   evaluator=d["evaluator"], score=d["score"], on=d["on"]),
                        back=back, success="已登记第三方评估结果。")  # fmt: skip
