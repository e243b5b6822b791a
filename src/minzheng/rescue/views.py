"""Staff pages of the rescue station: stays (list with filters and XLSX export, registration, the stay's page with
its moves, notices and identification), the tracing and time-limit lists (24-hour notices and announcements,
stays past their limit, long stays for 安置), the street's 流浪乞讨 grid events, 第二课堂, the seasonal campaigns and
the visits to minors in difficulty. Every page through ``staff_view``; records through the scoped selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.errors import DomainError
from minzheng.core.excel import xlsx_response
from minzheng.core.roles import can
from minzheng.core.web import StaffRequest, act_and_back, form_errors_text, form_refuse, staff_view
from minzheng.rescue import selectors
from minzheng.rescue.casetypes import OPEN, IntakeCase
from minzheng.rescue.forms import (
    ActForm,
    CampaignForm,
    IdentifyForm,
    IntakeForm,
    NoticeForm,
    SessionForm,
    VisitForm,
)
from minzheng.rescue.services import activities, intakes

READ = "rescue.read"
PAGE_SIZE = 50


def _filters(request: StaffRequest) -> dict[str, Any]:
    return {"state": request.GET.get("state", ""), "q": request.GET.get("q", "").strip(),
            "minors": request.GET.get("minors", "") == "1"}  # fmt: skip


@staff_view(READ)
@require_GET
def intake_list(request: StaffRequest) -> HttpResponse:
    filters = _filters(request)
    qs = selectors.intake_list(user=request.user, **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "rescue/intake_list.html", {
        "page": page, "filters": filters, "states": [("open", "在站（未离站）"), *IntakeCase.states.items()],
        "state_labels": IntakeCase.states, "can_intake": can(request.user, "rescue.intake"),
        "can_export": can(request.user, "export"),
    })  # fmt: skip


EXPORT_HEADERS = ["编号", "受助人员", "受助人员编号", "性别", "入站年龄", "未成年人", "身份", "来站方式", "入站时间",
                  "救助期限至", "状态", "离站方式", "离站时间", "接收人", "交接地点"]  # fmt: skip


@staff_view("export")
@require_GET
def intake_export(request: StaffRequest) -> HttpResponse:
    filters = _filters(request)
    qs = selectors.intake_list(user=request.user, **filters)
    intakes.intake_export_log(
        actor=request.user, detail=f"导出救助登记（状态：{filters['state'] or '全部'}）"
    )
    rows = (
        [i.case.number, i.rescuee.name, i.rescuee.code, i.rescuee.get_gender_display(), i.age,
         "是" if i.minor else "否", "已查明" if i.rescuee.identified else "身份不明", i.get_source_display(),
         timezone.localtime(i.arrived_at).strftime("%Y-%m-%d %H:%M"), f"{i.stay_until:%Y-%m-%d}" if i.stay_until else "",
         IntakeCase.state_label(i.case.state), i.get_leave_display(),
         timezone.localtime(i.left_at).strftime("%Y-%m-%d %H:%M") if i.left_at else "", i.handover_to, i.handover_place]
        for i in qs.iterator(chunk_size=2000)
    )  # fmt: skip
    return xlsx_response(f"流浪乞讨人员救助登记-{timezone.localdate():%Y%m%d}.xlsx", sheet="救助登记",
                         headers=EXPORT_HEADERS, rows=rows)  # fmt: skip


@staff_view("rescue.intake")
def intake_new(request: StaffRequest) -> HttpResponse:
    initial = {"grid_case": request.GET.get("grid_case") or None}
    if initial["grid_case"]:
        initial["source"] = "outreach"
    form = IntakeForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            intake = intakes.intake_register(
                actor=request.user, station=data["station"], source=data["source"], grid_case_id=data["grid_case"],
                id_number=data["id_number"], name=data["name"], gender=data["gender"], age=data["age"],
                description=data["description"], photo=data["photo"], hukou_place=data["hukou_place"],
                found_place=data["found_place"], voluntary=data["voluntary"], voluntary_note=data["voluntary_note"],
                impaired=data["impaired"], reason=data["reason"], belongings=data["belongings"],
                schooling=data["schooling"] or "",
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记{intake.rescuee.name}（{intake.case.number}）。")
            return redirect("rescue:intake_detail", pk=intake.pk)
    return render(request, "rescue/form.html", {"form": form, "title": "登记求助", "multipart": True,
                                                "back": reverse("rescue:intake_list")})  # fmt: skip


@staff_view(READ)
@require_GET
def intake_detail(request: StaffRequest, pk: int) -> HttpResponse:
    intake = selectors.intake_get(user=request.user, pk=pk)
    intakes.intake_view_log(actor=request.user, intake=intake)
    station = can(request.user, "rescue.station") and intake.case.state in OPEN
    return render(request, "rescue/intake_detail.html", {
        "intake": intake, "rescuee": intake.rescuee, "case": intake.case, "kind": IntakeCase,
        "state_label": IntakeCase.state_label(intake.case.state), "notices": list(intake.notices.all()),
        "notice_form": NoticeForm() if station else None,
        "identify_form": IdentifyForm() if station and not intake.rescuee.identified else None,
        "can_read_person": can(request.user, "registry.read"),
        "sessions": list(intake.class_sessions.all()),
    })  # fmt: skip


PHOTO_CONTENT_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


@staff_view(READ)
@require_GET
def intake_photo(request: StaffRequest, pk: int) -> FileResponse:
    """The rescued person's photo (寻亲公告, 全国寻亲): only to a user who sees the stay, audited; never a public media
    URL (the file lives under MEDIA_ROOT, which the site does not serve)."""
    rescuee = selectors.rescuee_photo_get(user=request.user, intake_pk=pk)
    intakes.photo_view_log(actor=request.user, rescuee=rescuee)
    suffix = "." + rescuee.photo.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        rescuee.photo.open("rb"), content_type=PHOTO_CONTENT_TYPES.get(suffix, "application/octet-stream")
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_view(READ)
@require_POST
def intake_act(request: StaffRequest, pk: int) -> HttpResponse:
    intake = selectors.intake_get(user=request.user, pk=pk)
    back = reverse("rescue:intake_detail", args=[pk])
    form = ActForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    fields = {k: data[k] for k in ("hospital", "handover_to", "handover_relation", "handover_place", "handover_at",
                                   "extend_days") if data.get(k)}  # fmt: skip
    return act_and_back(
        request,
        lambda: intakes.intake_move(actor=request.user, intake=intake, action=data["action"],
                                    comment=data["comment"] or "", expected_state=data["expected_state"], **fields),
        back=back, success="已办理。",
    )  # fmt: skip


@staff_view("rescue.station")
@require_POST
def intake_notice(request: StaffRequest, pk: int) -> HttpResponse:
    intake = selectors.intake_get(user=request.user, pk=pk)
    back = reverse("rescue:intake_detail", args=[pk])
    form = NoticeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(
        request,
        lambda: intakes.notice_record(actor=request.user, intake=intake, kind=data["kind"], channel=data["channel"],
                                      recipient=data["recipient"], note=data["note"], at=data["at"]),
        back=back, success="已记录。",
    )  # fmt: skip


@staff_view("rescue.station")
@require_POST
def intake_identify(request: StaffRequest, pk: int) -> HttpResponse:
    intake = selectors.intake_get(user=request.user, pk=pk)
    back = reverse("rescue:intake_detail", args=[pk])
    form = IdentifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    return act_and_back(
        request,
        lambda: intakes.intake_identify(actor=request.user, intake=intake, id_number=data["id_number"],
                                        hukou_place=data["hukou_place"]),
        back=back, success="身份已查明：请在24小时内通知其亲属或户籍地。",
    )  # fmt: skip


@staff_view(READ)
@require_GET
def tracing(request: StaffRequest) -> HttpResponse:
    user = request.user
    return render(request, "rescue/tracing.html", {
        "announcements": list(selectors.announcements_overdue(user=user)[:100]),
        "notices": list(selectors.notices_overdue(user=user)[:100]),
        "stays": list(selectors.stays_overdue(user=user)[:100]),
        "long_stays": list(selectors.long_stays(user=user)[:100]),
        "state_labels": IntakeCase.states,
    })  # fmt: skip


@staff_view(READ)
@require_GET
def outreach(request: StaffRequest) -> HttpResponse:
    events = list(selectors.outreach_events(user=request.user)[:200])
    return render(request, "rescue/outreach.html", {"events": events,
                                                    "can_intake": can(request.user, "rescue.intake")})  # fmt: skip


@staff_view(READ)
def session_list(request: StaffRequest) -> HttpResponse:
    allowed = can(request.user, "rescue.activity")
    form = SessionForm(request.POST or None, user=request.user) if allowed else None
    if request.method == "POST":
        if form is None:
            return redirect("rescue:session_list")
        if form.is_valid():
            data = form.cleaned_data
            try:
                activities.class_session_record(
                    actor=request.user, station=data["station"], held_on=data["held_on"], topic=data["topic"],
                    teacher=data["teacher"], attendees=list(data["attendees"]),
                )  # fmt: skip
            except DomainError as exc:
                form_refuse(form, exc)
            else:
                messages.success(request, "已登记第二课堂。")
                return redirect("rescue:session_list")
    page = Paginator(selectors.class_sessions(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "rescue/session_list.html", {"page": page, "form": form})


@staff_view(READ)
def campaign_list(request: StaffRequest) -> HttpResponse:
    allowed = can(request.user, "rescue.activity")
    form = CampaignForm(request.POST or None, user=request.user) if allowed else None
    if request.method == "POST":
        if form is None:
            return redirect("rescue:campaign_list")
        if form.is_valid():
            data = form.cleaned_data
            try:
                activities.campaign_record(actor=request.user, **data)
            except DomainError as exc:
                form_refuse(form, exc)
            else:
                messages.success(request, "已登记专项活动。")
                return redirect("rescue:campaign_list")
    qs = selectors.campaigns(user=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "rescue/campaign_list.html", {"page": page, "form": form,
                                                         "total": sum(qs.values_list("person_times", flat=True))})  # fmt: skip


@staff_view(READ)
def visit_list(request: StaffRequest) -> HttpResponse:
    allowed = can(request.user, "rescue.activity")
    form = VisitForm(request.POST or None, user=request.user) if allowed else None
    if request.method == "POST":
        if form is None:
            return redirect("rescue:visit_list")
        if form.is_valid():
            try:
                activities.minor_visit_record(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form_refuse(form, exc)
            else:
                messages.success(request, "已登记走访。")
                return redirect("rescue:visit_list")
    page = Paginator(selectors.minor_visits(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "rescue/visit_list.html", {"page": page, "form": form})
