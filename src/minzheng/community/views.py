"""Staff pages of community governance: the 大社区/示范点 project library, the 证明事项清单, certificates issued and
refused, 村（居）务公开 with the overdue list, and elections. Every page through ``staff_view``; records through
the scoped selectors; personal data masked; exports audited. The public verification page is ``verify``."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.community import forms as f
from minzheng.community import rules, selectors, services
from minzheng.community.models import Election, Posting, Project, Refusal
from minzheng.core.errors import DomainError
from minzheng.core.excel import xlsx_response
from minzheng.core.masking import mask_name
from minzheng.core.qr import qr_data_uri
from minzheng.core.roles import can
from minzheng.core.web import (
    StaffRequest,
    act_and_back,
    form_errors_text,
    form_refuse,
    list_export,
    list_filters,
    list_page,
    staff_view,
)

READ = "community.read"


def _form_page(request: HttpRequest, form: object, title: str, back: str, *, multipart: bool = False,
               help_text: str = "") -> HttpResponse:  # fmt: skip
    return render(request, "community/form.html", {"form": form, "title": title, "back": back,
                                                   "multipart": multipart, "help_text": help_text})  # fmt: skip


# --- 大社区综合服务中心与示范点 --------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def project_list(request: StaffRequest) -> HttpResponse:
    filters = list_filters(request, "kind", "status")
    return list_page(request, selectors.project_list(user=request.user, **filters), template="community/project_list.html",
                     filters=filters, context={
                         "kinds": Project.Kind.choices, "statuses": Project.Status.choices,
                         "can_edit": can(request.user, "community.project"), "can_export": can(request.user, "export"),
                     })  # fmt: skip


@staff_view("export")
@require_GET
def project_export(request: StaffRequest) -> HttpResponseBase:
    return list_export(
        request, selectors.project_list(user=request.user, **list_filters(request, "kind", "status")),
        filename="大社区与示范点项目", sheet="项目", audit=lambda: services.project_export_log(actor=request.user),
        headers=["项目名称", "类型", "所在地", "状态", "设施", "服务项目", "建筑面积（平方米）", "投资（元）", "入库日期",
                 "开工日期", "建成日期"],
        row=lambda p: [p.name, p.get_kind_display(), p.region.name, p.get_status_display(), "、".join(p.facility_list()),
                       "、".join(p.service_list()), p.area_m2 or "", p.budget_fen / 100 if p.budget_fen else "",
                       p.planned_on, p.started_on or "", p.completed_on or ""],
    )  # fmt: skip


@staff_view("community.project")
def project_new(request: StaffRequest) -> HttpResponse:
    form = f.ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_create(
                actor=request.user, region=data["region"], name=data["name"], kind=data["kind"],
                planned_on=data["planned_on"], facilities=data["facilities"], services=data["services"],
                area_m2=data["area_m2"], budget_fen=data["budget"], note=data["note"],
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已将“{project.name}”登记入项目库。")
            return redirect("community:project_detail", pk=project.pk)
    return _form_page(request, form, "登记大社区与示范点项目", reverse("community:project_list"))


@staff_view(READ)
@require_GET
def project_detail(request: StaffRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    return render(request, "community/project_detail.html", {
        "project": project, "date_form": f.DateForm(initial={"on": timezone.localdate()}),
        "can_edit": can(request.user, "community.project"),
    })  # fmt: skip


def _project_move(request: StaffRequest, pk: int, move: str) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    back = reverse("community:project_detail", args=[pk])
    form = f.DateForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    on = form.cleaned_data["on"]
    if move == "start":
        return act_and_back(request, lambda: services.project_start(actor=request.user, project=project, on=on),
                            back=back, success="已登记开工。")  # fmt: skip
    return act_and_back(request, lambda: services.project_complete(actor=request.user, project=project, on=on),
                        back=back, success="已登记建成。")  # fmt: skip


@staff_view("community.project")
@require_POST
def project_start(request: StaffRequest, pk: int) -> HttpResponse:
    return _project_move(request, pk, "start")


@staff_view("community.project")
@require_POST
def project_complete(request: StaffRequest, pk: int) -> HttpResponse:
    return _project_move(request, pk, "complete")


# --- 证明事项清单 -------------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def item_list(request: StaffRequest) -> HttpResponse:
    region = request.user.region
    effective = services.items_effective(region) if region and region.level == "community" else None
    return render(request, "community/item_list.html", {
        "items": selectors.items_list(user=request.user), "effective": effective,
        "can_edit": can(request.user, "community.certificate_list"),
    })  # fmt: skip


@staff_view("community.certificate_list")
def item_new(request: StaffRequest) -> HttpResponse:
    form = f.ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.item_save(actor=request.user, region=request.user.region, name=data["name"],
                                      allowed=data["allowed"], basis=data["basis"],
                                      refuse_reason=data["refuse_reason"])  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已将“{item.name}”列入{request.user.region.name}的证明事项清单。")
            return redirect("community:item_list")
    return _form_page(request, form, f"维护{request.user.region.name}的证明事项清单", reverse("community:item_list"),
                      help_text="清单适用于本区划及下级全部村（社区）；下级清单中同名事项优先。可以出具的事项须有法律法规依据"
                                "（民发〔2020〕20号）。")  # fmt: skip


@staff_view(READ)
@require_GET
def certificate_list(request: StaffRequest) -> HttpResponse:
    filters = list_filters(request, "q")
    return list_page(request, selectors.certificate_list(user=request.user, **filters),
                     template="community/certificate_list.html", filters=filters, context={
                         "can_issue": can(request.user, "community.certificate_issue"),
                         "can_export": can(request.user, "export"),
                     })  # fmt: skip


@staff_view("export")
@require_GET
def certificate_export(request: StaffRequest) -> HttpResponseBase:
    return list_export(
        request, selectors.certificate_list(user=request.user, **list_filters(request, "q")), filename="出具的证明",
        audit=lambda: services.certificate_export_log(actor=request.user),
        headers=["证明编号", "证明事项", "出具单位", "申请人", "用途", "出具日期", "状态"],
        row=lambda c: [c.number, c.item.name, c.region.name, mask_name(c.person.name), c.purpose, c.issued_on,
                       "已作废" if c.revoked_on else "有效"],
    )  # fmt: skip


@staff_view("community.certificate_issue")
def certificate_new(request: StaffRequest) -> HttpResponse:
    region = request.user.region
    items = services.items_effective(region)
    form = f.CertificateForm(request.POST or None, user=request.user, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        committee = form.committee(data)
        try:
            item = next((i for i in services.items_effective(committee) if i.pk == data["item"]), None)
            if item is None:
                raise DomainError(f"所选事项不在“{committee.name}”适用的证明事项清单中", field="item")
            result = services.certificate_request(actor=request.user, region=committee, person=data["person"],
                                                  item=item, purpose=data["purpose"], content=data["content"])  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            if isinstance(result, Refusal):
                messages.warning(
                    request,
                    f"“{item.name}”属于不应由村（社区）出具的证明事项，已登记不予出具：{result.reason}。",
                )
                return redirect("community:refusal_list")
            messages.success(request, f"已出具证明{result.number}。")
            return redirect("community:certificate_detail", pk=result.pk)
    return _form_page(request, form, "出具证明", reverse("community:certificate_list"),
                      help_text="只能出具清单中“可以出具”的事项；选择“不应出具”的事项将登记为不予出具并告知理由。")  # fmt: skip


@staff_view(READ)
@require_GET
def certificate_detail(request: StaffRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    services.certificate_view_log(actor=request.user, certificate=certificate)
    verify_url = request.build_absolute_uri(
        reverse("community_public:verify", args=[certificate.verify_code])
    )
    return render(request, "community/certificate_detail.html", {
        "c": certificate, "verify_url": verify_url, "qr": qr_data_uri(verify_url),
        "revoke": f.RevokeForm(initial={"on": timezone.localdate()}),
        "can_revoke": can(request.user, "community.certificate_issue") and not certificate.revoked_on,
    })  # fmt: skip


@staff_view("community.certificate_issue")
@require_POST
def certificate_revoke(request: StaffRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    back = reverse("community:certificate_detail", args=[pk])
    form = f.RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(
        request, lambda: services.certificate_revoke(actor=request.user, certificate=certificate,
                                                     reason=data["reason"], on=data["on"]),
        back=back, success="证明已作废，公开核验将显示“已作废”。",
    )  # fmt: skip


@staff_view(READ)
@require_GET
def refusal_list(request: StaffRequest) -> HttpResponse:
    return list_page(request, selectors.refusal_list(user=request.user), template="community/refusal_list.html",
                     context={"can_issue": can(request.user, "community.certificate_issue")})  # fmt: skip


@staff_view("community.certificate_issue")
def refusal_new(request: StaffRequest) -> HttpResponse:
    form = f.RefusalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.certificate_refuse(actor=request.user, region=form.committee(data), requested=data["requested"],
                                        reason=data["reason"], person=data["person"], refer_to=data["refer_to"])  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记不予出具“{data['requested']}”。")
            return redirect("community:refusal_list")
    return _form_page(request, form, "登记不予出具证明", reverse("community:refusal_list"))


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """The public page the certificate's QR code opens (no login): only what proves the certificate is genuine —
    its number, the item, the committee, the date, the holder's masked name and whether it still stands."""
    certificate = selectors.certificate_by_code(code=code)
    if certificate is None:
        raise Http404("证明不存在")
    return render(
        request, "community/verify.html", {"c": certificate, "holder": mask_name(certificate.person.name)}
    )


# --- 村（居）务公开 -----------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def posting_list(request: StaffRequest) -> HttpResponse:
    filters = list_filters(request, "category")
    return list_page(request, selectors.posting_list(user=request.user, **filters), template="community/posting_list.html",
                     filters=filters, context={"categories": Posting.Category.choices, "help_text": f.PERIOD_HELP,
                                               "can_post": can(request.user, "community.posting")})  # fmt: skip


@staff_view("community.posting")
def posting_new(request: StaffRequest) -> HttpResponse:
    form = f.PostingForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            posting = services.posting_create(
                actor=request.user, region=form.committee(data), category=data["category"],
                period_start=data["period_start"], period_end=data["period_end"], title=data["title"],
                content=data["content"], posted_on=data["posted_on"], photos=request.FILES.getlist("photos"),
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            late = "（逾期公开）" if posting.late else ""
            messages.success(request, f"已登记{posting.region.name}{posting}{late}。")
            return redirect("community:posting_detail", pk=posting.pk)
    return render(request, "community/posting_form.html", {"form": form, "help_text": f.PERIOD_HELP})


@staff_view(READ)
@require_GET
def posting_detail(request: StaffRequest, pk: int) -> HttpResponse:
    posting = selectors.posting_get(user=request.user, pk=pk)
    return render(
        request, "community/posting_detail.html", {"p": posting, "photos": list(posting.photos.all())}
    )


def _overdue(request: StaffRequest) -> tuple[int, list[selectors.Overdue]]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year)
    return year, selectors.postings_overdue(user=request.user, since=date(year, 1, 1),
                                            today=min(today, date(year + 1, 1, rules.POSTING_GRACE_DAYS + 1)))  # fmt: skip


@staff_view(READ)
@require_GET
def posting_overdue(request: StaffRequest) -> HttpResponse:
    year, overdue = _overdue(request)
    return render(request, "community/posting_overdue.html", {
        "year": year, "overdue": overdue[:500], "total": len(overdue),
        "villages": len({o.region.pk for o in overdue}), "can_export": can(request.user, "export"),
        "help_text": f.PERIOD_HELP,
    })  # fmt: skip


@staff_view("export")
@require_GET
def posting_overdue_export(request: StaffRequest) -> HttpResponse:
    year, overdue = _overdue(request)
    rows = (
        [o.region.name, o.region.code, o.category_label, o.period.label, o.period.due, o.days]
        for o in overdue
    )
    return xlsx_response(f"逾期未公开-{year}.xlsx", sheet="逾期未公开", rows=rows,
                         headers=["村（社区）", "区划代码", "类别", "公开期间", "应公开日期", "逾期天数"])  # fmt: skip


# --- 换届选举 -----------------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def election_list(request: StaffRequest) -> HttpResponse:
    return list_page(request, selectors.election_list(user=request.user), template="community/election_list.html",
                     context={"can_create": can(request.user, "community.election")})  # fmt: skip


@staff_view("community.election")
def election_new(request: StaffRequest) -> HttpResponse:
    form = f.ElectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            election = services.election_create(actor=request.user, region=form.committee(data), term=data["term"],
                                                election_day=data["election_day"], seats=data["seats"],
                                                kind=data["kind"])  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记{election.region.name}{election}。")
            return redirect("community:election_detail", pk=election.pk)
    return _form_page(request, form, "登记换届选举", reverse("community:election_list"),
                      help_text="村民委员会、居民委员会每届任期五年（《村民委员会组织法》第十一条，《城市居民委员会组织法》第八条）。")  # fmt: skip


@staff_view(READ)
@require_GET
def election_detail(request: StaffRequest, pk: int) -> HttpResponse:
    election = selectors.election_get(user=request.user, pk=pk)
    candidates = list(election.candidates.select_related("person"))
    may = can(request.user, "community.election")
    return render(request, "community/election_detail.html", {
        "e": election, "candidates": candidates,
        "can_register": may and election.status in (Election.Status.DRAFT, Election.Status.REGISTERED),
        "can_candidate": may and election.status == Election.Status.REGISTERED,
        "can_count": may and election.status == Election.Status.REGISTERED and bool(candidates),
        "can_file": can(request.user, "community.election_file") and election.status == Election.Status.COUNTED,
        "candidate_form": f.CandidateForm(user=request.user), "count_form": f.CountForm(candidates=candidates),
        "file_form": f.DateForm(initial={"on": timezone.localdate()}),
    })  # fmt: skip


@staff_view("community.election")
@require_POST
def election_register(request: StaffRequest, pk: int) -> HttpResponse:
    election = selectors.election_get(user=request.user, pk=pk)
    counted: list[int] = []
    response = act_and_back(
        request, lambda: counted.append(services.election_register_voters(actor=request.user, election=election)),
        back=reverse("community:election_detail", args=[pk]), success="已按人口信息生成选民名单。",
    )  # fmt: skip
    if counted:
        messages.info(request, f"选民名单共{counted[0]}人（本村（社区）年满十八周岁的居民）。")
    return response


@staff_view("community.election")
@require_POST
def election_candidate(request: StaffRequest, pk: int) -> HttpResponse:
    election = selectors.election_get(user=request.user, pk=pk)
    back = reverse("community:election_detail", args=[pk])
    form = f.CandidateForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    person = form.cleaned_data["person"]
    return act_and_back(request, lambda: services.candidate_add(actor=request.user, election=election, person=person),
                        back=back, success=f"已登记候选人{person.name}。")  # fmt: skip


@staff_view("community.election")
@require_POST
def election_count(request: StaffRequest, pk: int) -> HttpResponse:
    election = selectors.election_get(user=request.user, pk=pk)
    back = reverse("community:election_detail", args=[pk])
    form = f.CountForm(request.POST, candidates=list(election.candidates.select_related("person")))
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(
        request, lambda: services.election_count(actor=request.user, election=election, voted=data["voted"],
                                                 ballots_returned=data["ballots_returned"],
                                                 ballots_invalid=data["ballots_invalid"], votes=form.votes()),
        back=back, success="已登记计票结果。",
    )  # fmt: skip


@staff_view("community.election_file")
@require_POST
def election_file(request: StaffRequest, pk: int) -> HttpResponse:
    election = selectors.election_get(user=request.user, pk=pk)
    back = reverse("community:election_detail", args=[pk])
    form = f.DateForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    on = form.cleaned_data["on"]
    return act_and_back(request, lambda: services.election_file(actor=request.user, election=election, on=on),
                        back=back, success="已受理选举结果备案。")  # fmt: skip
