"""Staff pages of funeral work: deaths (list, export, register), cremations (list, export, record, detail with the
惠民殡葬 subsidy), cemeteries and plots, 清明 (daily counts with export, bookings with export, check-in), proxy
sweepings (list, done with photos) and the moderation of memorial messages. Every page through ``staff_view``;
records through the scoped selectors; ID numbers masked; exports audited, and so is every page showing people's
records (a "查看" entry naming the records shown: PIPL, 等保 2.0 三级 audit of reads of personal data)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minzheng.core.audit import Action, audit_append, audit_records_viewed
from minzheng.core.errors import DomainError
from minzheng.core.excel import xlsx_response
from minzheng.core.masking import mask_citizen_id
from minzheng.core.money import format_yuan
from minzheng.core.roles import can
from minzheng.core.web import act_and_back, form_errors_text, form_refuse, staff_view
from minzheng.funeral import booking, remembrance, selectors, services
from minzheng.funeral.forms import (
    CheckInForm,
    CremationForm,
    DeathForm,
    ModerateForm,
    ProxyDoneForm,
    RefuseForm,
    RescheduleForm,
    SubsidyForm,
)
from minzheng.funeral.models import FuneralHome

READ = "funeral.read"
PAGE_SIZE = 50


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 1900 < int(raw) < 3000 else timezone.localdate().year


def _export_log(request: HttpRequest, what: str) -> None:
    audit_append(
        action=Action.EXPORT,
        object_type="funeral",
        object_repr=what,
        actor=request.user,
        detail=f"导出{what}",
    )


def _view_log(
    request: HttpRequest, object_type: str, what: str, shown: list, persons: list | None = None
) -> None:
    """The page's "查看" entry (``core.audit.audit_records_viewed``)."""
    audit_records_viewed(actor=request.user, shown=shown, persons=persons, what=what, object_type=object_type)


def _table(request: HttpRequest, context: dict) -> HttpResponse:
    """The shared list page: ``rows`` of cells (numbers with thousands separators), ``links`` for the first cells."""
    rows = [[f"{c:,}" if isinstance(c, int) else c for c in row] for row in context.pop("rows")]
    links = context.pop("links", None) or [None] * len(rows)
    return render(request, "funeral/table.html", {**context, "table": list(zip(links, rows, strict=True))})


def _page(request: HttpRequest, qs):  # noqa: ANN001, ANN202
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


# --- deaths ------------------------------------------------------------------------------------------------------

DEATH_HEADERS = [
    "死者",
    "身份证号",
    "死亡日期",
    "死亡地点",
    "原因类别",
    "死亡证明",
    "报告人",
    "与死者关系",
    "所属区划",
]


def _death_row(d) -> list:  # noqa: ANN001
    return [
        d.person.name, mask_citizen_id(d.person.id_number), f"{d.died_on:%Y-%m-%d}",
        d.get_place_display() + (f"（{d.place_detail}）" if d.place_detail else ""), d.get_cause_display(),
        d.get_certificate_kind_display(), d.reporter_name, d.reporter_relation, d.region.name,
    ]  # fmt: skip


@staff_view(READ)
@require_GET
def death_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    page = _page(request, selectors.death_list(user=request.user, year=year))
    shown = list(page)
    _view_log(
        request, "funeral.death", f"{year}年死亡登记第{page.number}页", shown, [d.person_id for d in shown]
    )
    return _table(request, {
        "title": "死亡登记", "year": year, "page": page, "headers": DEATH_HEADERS,
        "rows": [_death_row(d) for d in page], "testid": "deaths",
        "export": reverse("funeral:death_export") if can(request.user, "export") else "",
        "new": reverse("funeral:death_new") if can(request.user, "funeral.death_register") else "",
        "new_label": "登记死亡",
        "note": "死亡登记同时将人员库中的人员状态变更为“死亡”，并按台账统一规则自死亡次月起停发其全部待遇。",
    })  # fmt: skip


@staff_view("export")
@require_GET
def death_export(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    _export_log(request, f"{year}年死亡登记")
    rows = (
        _death_row(d) for d in selectors.death_list(user=request.user, year=year).iterator(chunk_size=2000)
    )
    return xlsx_response(f"死亡登记-{year}.xlsx", sheet="死亡登记", headers=DEATH_HEADERS, rows=rows)


@staff_view("funeral.death_register")
def death_new(request: HttpRequest) -> HttpResponse:
    form = DeathForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            death = services.death_register(actor=request.user, **data)
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(
                request, f"已登记{death.person.name}的死亡，其待遇自{death.died_on:%Y年%m月}后停发。"
            )
            return redirect("funeral:death_list")
    return render(
        request,
        "funeral/form.html",
        {"form": form, "title": "登记死亡", "back": reverse("funeral:death_list")},
    )


# --- cremations and the subsidy ----------------------------------------------------------------------------------

CREMATION_HEADERS = [
    "火化证号",
    "死者",
    "身份证号",
    "火化日期",
    "遗体来源",
    "殡仪馆",
    "死亡登记",
    "惠民殡葬补助",
]


def _cremation_row(c) -> list:  # noqa: ANN001
    subsidy = getattr(c, "subsidy", None)
    return [
        c.number, c.deceased_name, mask_citizen_id(c.deceased_id_number) if c.deceased_id_number else "—",
        f"{c.cremated_on:%Y-%m-%d}", c.get_body_source_display(), c.funeral_home.name,
        "已关联" if c.death_id else "未关联", format_yuan(subsidy.amount_fen) if subsidy else "—",
    ]  # fmt: skip


@staff_view(READ)
@require_GET
def cremation_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    page = _page(request, selectors.cremation_list(user=request.user, year=year))
    shown = list(page)
    persons = [c.death.person_id if c.death_id else None for c in shown]
    _view_log(request, "funeral.cremation", f"{year}年火化记录第{page.number}页", shown, persons)
    return _table(request, {
        "title": "火化记录", "year": year, "page": page, "headers": CREMATION_HEADERS,
        "rows": [_cremation_row(c) for c in page], "testid": "cremations",
        "links": [reverse("funeral:cremation_detail", args=[c.pk]) for c in page],
        "export": reverse("funeral:cremation_export") if can(request.user, "export") else "",
        "new": reverse("funeral:cremation_new") if can(request.user, "funeral.cremation") else "",
        "new_label": "登记火化",
        "note": "《殡葬管理条例》第十三条：火化须凭医疗卫生机构或公安机关出具的死亡证明。本市户籍居民火化的，享受惠民殡葬基本服务补助。",
    })  # fmt: skip


@staff_view("export")
@require_GET
def cremation_export(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    _export_log(request, f"{year}年火化记录")
    rows = (
        _cremation_row(c)
        for c in selectors.cremation_list(user=request.user, year=year).iterator(chunk_size=2000)
    )
    return xlsx_response(f"火化记录-{year}.xlsx", sheet="火化记录", headers=CREMATION_HEADERS, rows=rows)


@staff_view("funeral.cremation")
def cremation_new(request: HttpRequest) -> HttpResponse:
    homes = FuneralHome.objects.filter(operators=request.user, active=True)
    form = CremationForm(request.POST or None, homes=homes)
    if request.method == "POST" and form.is_valid():
        try:
            cremation = services.cremation_record(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记{cremation}。")
            return redirect("funeral:cremation_list")
    return render(
        request,
        "funeral/form.html",
        {"form": form, "title": "登记火化记录", "back": reverse("funeral:cremation_list")},
    )


@staff_view(READ)
@require_GET
def cremation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cremation = selectors.cremation_get(user=request.user, pk=pk)
    audit_append(
        action=Action.VIEW, obj=cremation, actor=request.user, detail=f"查看火化记录{cremation.number}"
    )
    subsidy = getattr(cremation, "subsidy", None)
    may_grant = can(request.user, "funeral.subsidy") and subsidy is None and cremation.death_id is not None
    initial = {"payee": cremation.death.reporter_id} if may_grant and cremation.death.reporter_id else None
    return render(request, "funeral/cremation_detail.html", {
        "c": cremation, "row": dict(zip(CREMATION_HEADERS, _cremation_row(cremation), strict=True)),
        "subsidy": subsidy, "form": SubsidyForm(initial=initial, user=request.user) if may_grant else None,
    })  # fmt: skip


@staff_view("funeral.subsidy")
@require_POST
def subsidy_grant(request: HttpRequest, pk: int) -> HttpResponse:
    cremation = selectors.cremation_get(user=request.user, pk=pk)
    back = reverse("funeral:cremation_detail", args=[pk])
    form = SubsidyForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    return act_and_back(
        request,
        lambda: services.subsidy_grant(actor=request.user, cremation=cremation, payee=form.cleaned_data["payee"]),
        back=back, success="已发放惠民殡葬补助（一次性发放，已记入资金台账）。",
    )  # fmt: skip


# --- cemeteries --------------------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def cemetery_list(request: HttpRequest) -> HttpResponse:
    cemeteries = list(selectors.cemetery_list(user=request.user))
    rows = [
        [c.name, c.get_kind_display(), c.region.name, c.plots_total, c.plots_free, c.plots_occupied]
        for c in cemeteries
    ]
    return _table(request, {
        "title": "公墓与墓位", "headers": ["公墓", "类型", "所在区划", "墓位", "空置", "已安葬"], "rows": rows,
        "links": [reverse("funeral:cemetery_detail", args=[c.pk]) for c in cemeteries], "testid": "cemeteries",
        "note": "《殡葬管理条例》第十五条：禁止在公墓和农村公益性墓地以外的区域建造坟墓。",
    })  # fmt: skip


@staff_view(READ)
@require_GET
def cemetery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cemetery = selectors.cemetery_get(user=request.user, pk=pk)
    page = _page(request, cemetery.plots.select_related("holder", "death__person").order_by("code"))
    named = [p for p in page if p.holder_id or p.death_id]
    persons = [p.holder_id for p in named] + [p.death.person_id for p in named if p.death]
    _view_log(request, "funeral.plot", f"{cemetery.name}墓位第{page.number}页", named, persons)
    rows = [
        [
            p.code,
            p.get_status_display(),
            p.holder.name if p.holder else "—",
            p.death.person.name if p.death else "—",
        ]
        for p in page
    ]
    return _table(request, {
        "title": f"{cemetery.name}墓位", "headers": ["墓位编号", "状态", "使用权人", "安葬者"], "rows": rows,
        "page": page, "testid": "plots", "back": reverse("funeral:cemetery_list"),
    })  # fmt: skip


# --- 清明 ----------------------------------------------------------------------------------------------------------

COUNT_HEADERS = [
    "日期",
    "现场祭扫（人次）",
    "车辆（台次）",
    "网上祭祀（人次）",
    "代祭扫（人次）",
    "宣传册（本）",
    "横幅（幅）",
]


def _counts(request: HttpRequest) -> tuple[object, list]:
    season = selectors.season_current()
    if season is None:
        return None, []
    start = min(season.sweep_from, date(season.year, 3, 1))
    days = selectors.daily_counts(user=request.user, start=start, end=season.sweep_to)
    rows = [
        [f"{d.day:%Y-%m-%d}", d.visitors, d.vehicles, d.online, d.proxies, d.booklets, d.banners]
        for d in days
        if d.visitors or d.vehicles or d.online or d.proxies or d.booklets or d.banners
    ]
    return season, rows


@staff_view(READ)
@require_GET
def qingming(request: HttpRequest) -> HttpResponse:
    season, rows = _counts(request)
    note = (
        f"{season}：祭扫日期{season.sweep_from:%m月%d日}至{season.sweep_to:%m月%d日}，"
        f"预约时间{timezone.localtime(season.booking_opens):%m月%d日%H:%M}至{timezone.localtime(season.booking_closes):%m月%d日%H:%M}，"
        f"每人每个公墓每季限预约一次，每单最多{season.max_visitors}人。"
        if season else "尚未设置清明祭扫季。"
    )  # fmt: skip
    return _table(request, {
        "title": "清明祭扫每日统计", "headers": COUNT_HEADERS, "rows": rows, "testid": "daily-counts", "note": note,
        "export": reverse("funeral:qingming_export") if can(request.user, "export") and season else "",
        "new": reverse("funeral:booking_list"), "new_label": "预约明细",
        "checkin": CheckInForm() if can(request.user, "funeral.checkin") else None,
    })  # fmt: skip


@staff_view("export")
@require_GET
def qingming_export(request: HttpRequest) -> HttpResponse:
    season, rows = _counts(request)
    _export_log(request, "清明祭扫每日统计")
    return xlsx_response(
        f"清明祭扫每日统计-{season.year if season else ''}.xlsx",
        sheet="每日统计",
        headers=COUNT_HEADERS,
        rows=rows,
    )


BOOKING_HEADERS = ["预约码", "预约人", "身份证号", "公墓", "日期", "时段", "人数", "车牌号", "状态"]


def _booking_row(b) -> list:  # noqa: ANN001
    return [
        b.code, b.name, mask_citizen_id(b.id_number), b.cemetery.name, f"{b.slot.day:%Y-%m-%d}",
        f"{b.slot.starts:%H:%M}-{b.slot.ends:%H:%M}", b.visitors, b.plate or "—", b.get_status_display(),
    ]  # fmt: skip


def _day(request: HttpRequest) -> date | None:
    """The list's day (``?day=2021-04-04``): the bookings of one sweeping day, as the gate works through them."""
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return None


@staff_view(READ)
@require_GET
def booking_list(request: HttpRequest) -> HttpResponse:
    season, day = selectors.season_current(), _day(request)
    page = _page(
        request,
        selectors.booking_list(user=request.user, season=season, day=day).order_by(
            "slot__day", "slot__starts", "id"
        ),
    )
    shown = list(page)
    what = f"{day:%Y-%m-%d}的" if day else ""
    _view_log(request, "funeral.booking", f"清明祭扫预约{what}第{page.number}页", shown)
    export = reverse("funeral:booking_export") + (f"?day={day:%Y-%m-%d}" if day else "")
    return _table(request, {
        "title": "清明祭扫预约" + (f"（{day:%m月%d日}）" if day else ""), "headers": BOOKING_HEADERS,
        "rows": [_booking_row(b) for b in shown], "links": [reverse("funeral:booking_detail", args=[b.pk]) for b in shown],
        "page": page, "testid": "bookings", "back": reverse("funeral:qingming"), "day_filter": True, "day": day,
        "export": export if can(request.user, "export") and season else "",
    })  # fmt: skip


@staff_view("export")
@require_GET
def booking_export(request: HttpRequest) -> HttpResponse:
    season, day = selectors.season_current(), _day(request)
    what = f"{day:%Y-%m-%d}" if day else ""
    _export_log(request, f"清明祭扫预约{what}")
    qs = selectors.booking_list(user=request.user, season=season, day=day).order_by(
        "slot__day", "slot__starts", "id"
    )
    rows = (_booking_row(b) for b in qs.iterator(chunk_size=2000))
    name = f"清明祭扫预约{('-' + what) if what else ''}.xlsx"
    return xlsx_response(name, sheet="祭扫预约", headers=BOOKING_HEADERS, rows=rows)


@staff_view(READ)
@require_GET
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One booking; for those who may change it (``funeral.booking_change``) while it is booked: 改期 to a slot of
    the same cemetery and season with a place left (the usual step, primary), and 取消 with a reason."""
    b = selectors.booking_get(user=request.user, pk=pk)
    audit_append(action=Action.VIEW, obj=b, actor=request.user, detail=f"查看祭扫预约{b.code}")
    may_change = can(request.user, "funeral.booking_change") and b.status == b.Status.BOOKED
    slots = booking.slots_for_change(b) if may_change else []
    return render(request, "funeral/booking_detail.html", {
        "b": b, "row": dict(zip(BOOKING_HEADERS, _booking_row(b), strict=True)), "may_change": may_change,
        "reschedule": RescheduleForm(slots=slots) if may_change and slots else None,
        "refuse": RefuseForm() if may_change else None,
    })  # fmt: skip


@staff_view("funeral.booking_change")
@require_POST
def booking_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    b = selectors.booking_get(user=request.user, pk=pk)
    back = reverse("funeral:booking_detail", args=[pk])
    form = RescheduleForm(request.POST, slots=booking.slots_for_change(b))
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    return act_and_back(
        request,
        lambda: booking.booking_reschedule(
            actor=request.user, booking=b, slot_id=form.cleaned_data["slot"], reason=form.cleaned_data["reason"]
        ),
        back=back, success="已改期，预约码不变，原时段名额已退回。",
    )  # fmt: skip


@staff_view("funeral.booking_change")
@require_POST
def booking_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    b = selectors.booking_get(user=request.user, pk=pk)
    back = reverse("funeral:booking_detail", args=[pk])
    form = RefuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    return act_and_back(
        request, lambda: booking.booking_refuse(actor=request.user, booking=b, reason=form.cleaned_data["reason"]),
        back=back, success="已取消该预约，名额已退回。",
    )  # fmt: skip


@staff_view("funeral.checkin")
@require_POST
def check_in(request: HttpRequest) -> HttpResponse:
    form = CheckInForm(request.POST)
    back = reverse("funeral:qingming")
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    return act_and_back(
        request, lambda: booking.booking_check_in(actor=request.user, code=form.cleaned_data["code"]),
        back=back, success="核验通过，准予入园。",
    )  # fmt: skip


# --- proxy sweeping and memorial messages ------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def proxy_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "ordered")
    page = _page(request, selectors.proxy_list(user=request.user, status=status))
    _view_log(request, "funeral.proxyorder", f"代祭扫委托第{page.number}页", list(page))
    return render(request, "funeral/proxy_list.html", {
        "page": page, "status": status, "can_do": can(request.user, "funeral.proxy"), "form": ProxyDoneForm(),
    })  # fmt: skip


@staff_view("funeral.proxy")
@require_POST
def proxy_done(request: HttpRequest, pk: int) -> HttpResponse:
    order = selectors.proxy_get(user=request.user, pk=pk)
    form = ProxyDoneForm(request.POST)
    back = reverse("funeral:proxy_list")
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    photos = request.FILES.getlist("photos")
    return act_and_back(
        request,
        lambda: remembrance.proxy_order_complete(actor=request.user, order=order, photos=photos, note=form.cleaned_data["note"]),
        back=back, success="已完成代祭扫，照片已回传家属。",
    )  # fmt: skip


@staff_view("funeral.moderate")
@require_GET
def message_list(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.messages_pending(user=request.user).order_by("created_at", "id"))
    return render(request, "funeral/message_list.html", {"page": page})


@staff_view("funeral.moderate")
@require_POST
def message_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_get(user=request.user, pk=pk)
    form = ModerateForm(request.POST)
    back = reverse("funeral:message_list")
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    approve = form.cleaned_data["approve"]
    return act_and_back(
        request, lambda: remembrance.message_moderate(actor=request.user, message=message, approve=approve),
        back=back, success="留言已发布。" if approve else "留言未予发布。",
    )  # fmt: skip
