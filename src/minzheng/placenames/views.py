"""Staff pages of place names: the register (list, export, detail with history, record, retire, the
standard-name check), naming applications (list, export, new, detail with the case's moves), signs (list, map,
export, new, detail with inspections and repairs), boundary markers, repairs and region-tree changes. Every page
through ``staff_view``; records through the scoped selectors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from minzheng.casework.models import Case
from minzheng.casework.services import case_transition
from minzheng.core.audit import Action, audit_append
from minzheng.core.errors import DomainError
from minzheng.core.models import Region
from minzheng.core.roles import can
from minzheng.core.scope import OutOfScopeError, region_within_scope
from minzheng.core.selectors import region_get
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
from minzheng.placenames import forms as f
from minzheng.placenames import selectors, services
from minzheng.placenames.casetypes import NamingCase
from minzheng.placenames.errors import PlacenamesError
from minzheng.placenames.models import BoundaryMarker, NamingApplication, PlaceName, Repair, Sign
from minzheng.placenames.rules import FORBIDDEN, KIND_LABELS, pinyin_of

READ = "placenames.read"


def _form_page(request: StaffRequest, form: Any, title: str, back: str, intro: str = "") -> HttpResponse:
    return render(
        request, "placenames/form.html", {"form": form, "title": title, "back": back, "intro": intro}
    )


def _region(request: StaffRequest, code: str) -> Region:
    try:
        return region_get(user=request.user, code=code)
    except OutOfScopeError:
        raise PlacenamesError("所选区划不存在或不在您的管辖范围内", field="region") from None


def _export(
    request: StaffRequest,
    qs: Any,
    *,
    what: str,
    filename: str,
    headers: Sequence[str],
    row: Callable[[Any], Any],
) -> HttpResponseBase:
    """The list as XLSX, its export audited (``placenames.<what>``)."""

    def audit() -> None:
        audit_append(
            action=Action.EXPORT,
            object_type=f"placenames.{what}",
            actor=request.user,
            detail=f"导出{filename}",
        )

    return list_export(request, qs, filename=filename, headers=headers, row=row, audit=audit)


def _name_filters(request: StaffRequest) -> dict[str, str]:
    """The register's filters: in use unless asked otherwise."""
    return list_filters(request, "q", "kind", "status", defaults={"status": "in_use"})


def _post_form(
    request: StaffRequest, form_class: type, back: str, fn: Callable[[dict[str, Any]], Any], success: str
) -> HttpResponse:
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    return act_and_back(request, lambda: fn(form.cleaned_data), back=back, success=success)


# --- the register ----------------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def name_list(request: StaffRequest) -> HttpResponse:
    filters = _name_filters(request)
    return list_page(request, selectors.name_list(user=request.user, **filters), template="placenames/name_list.html",
                     filters=filters, context={
                         "kinds": list(KIND_LABELS.items()), "statuses": PlaceName.Status.choices,
                         "can_register": can(request.user, "placenames.register"), "can_export": can(request.user, "export"),
                     })  # fmt: skip


@staff_view("export")
@require_GET
def name_export(request: StaffRequest) -> HttpResponseBase:
    qs = selectors.name_list(user=request.user, **_name_filters(request))

    def row(p: Any) -> list[Any]:
        return [
            p.name, p.pinyin, p.get_kind_display(), p.region.name, p.get_status_display(), p.get_origin_display(),
            f"{p.valid_from:%Y-%m-%d}", f"{p.valid_to:%Y-%m-%d}" if p.valid_to else "", p.approval, p.geometry,
        ]  # fmt: skip

    headers = [
        "标准名称",
        "汉语拼音",
        "类别",
        "所属区划",
        "状态",
        "来源",
        "启用日期",
        "停用日期",
        "批准文号",
        "位置（GeoJSON）",
    ]
    return _export(request, qs, what="placename", filename="地名录", headers=headers, row=row)


@staff_view(READ)
@require_GET
def name_detail(request: StaffRequest, pk: int) -> HttpResponse:
    place = selectors.name_get(user=request.user, pk=pk)
    return render(request, "placenames/name_detail.html", {
        "place": place, "history": selectors.name_history(place=place), "signs": place.signs.order_by("-id")[:50],
        "can_retire": can(request.user, "placenames.register") and place.status == PlaceName.Status.IN_USE,
        "can_rename": can(request.user, "placenames.apply") and place.status == PlaceName.Status.IN_USE
        and region_within_scope(request.user, place.region),
        "retire": f.RetireForm(),
    })  # fmt: skip


@staff_view("placenames.register")
def name_new(request: StaffRequest) -> HttpResponse:
    form = f.RecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            place = services.place_name_record(
                actor=request.user, name=data["name"], kind=data["kind"], region=_region(request, data["region"]),
                valid_from=data["valid_from"], pinyin=data["pinyin"], geometry=data["geometry"], approval=data["approval"],
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已将“{place.name}”录入地名录。")
            return redirect("placenames:name_detail", pk=place.pk)
    return _form_page(request, form, "登记既有标准地名", reverse("placenames:name_list"),
                      "既有地名（如地名普查成果）录入前同样核查重名、同音和禁用字词；新命名和更名须走申请。")  # fmt: skip


@staff_view("placenames.register")
@require_POST
def name_retire(request: StaffRequest, pk: int) -> HttpResponse:
    place = selectors.name_get(user=request.user, pk=pk)
    return _post_form(request, f.RetireForm, reverse("placenames:name_detail", args=[pk]),
                      lambda d: services.place_name_retire(actor=request.user, place=place, on=d["on"], reason=d["reason"]),
                      "已停用，原记录保留在地名录历史中。")  # fmt: skip


@staff_view(READ)
@require_GET
def name_check(request: StaffRequest) -> HttpResponse:
    form = f.CheckForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            problems = services.name_check(name=data["name"], kind=data["kind"], pinyin=data["pinyin"])
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            result = {"problems": problems, "pinyin": data["pinyin"] or pinyin_of(data["name"], data["kind"])}
    return render(
        request, "placenames/name_check.html", {"form": form, "result": result, "forbidden": FORBIDDEN}
    )


# --- applications ----------------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def application_list(request: StaffRequest) -> HttpResponse:
    filters = list_filters(request, "state", "action")
    return list_page(request, selectors.application_list(user=request.user, **filters),
                     template="placenames/application_list.html", filters=filters, context={
                         "states": list(NamingCase.states.items()), "actions": NamingApplication.Action.choices,
                         "can_apply": can(request.user, "placenames.apply"), "can_export": can(request.user, "export"),
                     })  # fmt: skip


@staff_view("export")
@require_GET
def application_export(request: StaffRequest) -> HttpResponseBase:
    qs = selectors.application_list(user=request.user, **list_filters(request, "state", "action"))

    def row(a: Any) -> list[Any]:
        return [
            a.case.number, a.get_action_display(), a.get_kind_display(), a.name, a.region.name, a.applicant,
            NamingCase.state_label(a.case.state), f"{a.notice_from:%Y-%m-%d}" if a.notice_from else "",
            f"{a.notice_until:%Y-%m-%d}" if a.notice_until else "", f"{a.decided_at:%Y-%m-%d}" if a.decided_at else "",
        ]  # fmt: skip

    headers = [
        "编号",
        "申请事项",
        "类别",
        "拟用名称",
        "所属区划",
        "申报单位",
        "状态",
        "公示开始",
        "公示截止",
        "决定日期",
    ]
    return _export(request, qs, what="application", filename="地名命名更名申请", headers=headers, row=row)


@staff_view("placenames.apply")
def application_new(request: StaffRequest) -> HttpResponse:
    initial = {"action": "rename", "target": request.GET["target"]} if request.GET.get("target") else None
    form = f.ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target = selectors.name_get(user=request.user, pk=data["target"]) if data["target"] else None
            if target is None and not data["region"]:
                raise PlacenamesError("请选择所属区划", field="region")
            region = target.region if target else _region(request, data["region"])
            app = services.application_create(
                actor=request.user, action=data["action"], kind=data["kind"], name=data["name"], region=region,
                reason=data["reason"], applicant=data["applicant"], pinyin=data["pinyin"], geometry=data["geometry"],
                target=target,
            )  # fmt: skip
        except OutOfScopeError:
            form.add_error("target", "原地名不存在或不在您的管辖范围内")
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记申请{app.case.number}，标准名称核查通过。")
            return redirect("placenames:application_detail", pk=app.pk)
    return _form_page(request, form, "登记地名命名、更名申请", reverse("placenames:application_list"),
                      "提交时核查重名、同音（同类地名全市范围）、禁用字词和通名；审查、专家论证、公示期满后报市批准。")  # fmt: skip


@staff_view(READ)
@require_GET
def application_detail(request: StaffRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(user=request.user, pk=pk)
    return render(request, "placenames/application_detail.html", {
        "app": app, "case": app.case, "state_label": NamingCase.state_label(app.case.state),
        "pinyin": app.pinyin or pinyin_of(app.name, app.kind),
    })  # fmt: skip


@staff_view(READ)
@require_POST
def application_act(request: StaffRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(user=request.user, pk=pk)
    return _post_form(request, f.ActForm, reverse("placenames:application_detail", args=[pk]),
                      lambda d: case_transition(actor=request.user, case=app.case, action=d["action"],
                                                comment=d["comment"] or "", expected_state=d["expected_state"]),
                      "已办理。")  # fmt: skip


# --- signs -----------------------------------------------------------------------------------------------------


def _sign_filters(request: StaffRequest) -> dict[str, str]:
    return list_filters(request, "kind", "status", "q")


@staff_view(READ)
@require_GET
def sign_list(request: StaffRequest) -> HttpResponse:
    filters = _sign_filters(request)
    return list_page(request, selectors.sign_list(user=request.user, **filters), template="placenames/sign_list.html",
                     filters=filters, context={
                         "kinds": Sign.Kind.choices, "statuses": Sign.Status.choices,
                         "can_edit": can(request.user, "placenames.signs"), "can_export": can(request.user, "export"),
                         "case": request.GET.get("case", "")[:40],
                     })  # fmt: skip


@staff_view(READ)
@require_GET
def sign_map(request: StaffRequest) -> HttpResponse:
    return render(request, "placenames/sign_map.html", {"filters": _sign_filters(request), "kinds": Sign.Kind.choices,
                                                         "statuses": Sign.Status.choices})  # fmt: skip


@staff_view(READ)
@require_GET
def sign_points(request: StaffRequest) -> JsonResponse:
    qs = selectors.sign_list(user=request.user, **_sign_filters(request))
    points = [
        {"lat": float(s.lat), "lng": float(s.lng), "code": s.code, "text": s.text, "kind": s.get_kind_display(),
         "status": s.get_status_display(), "damaged": s.status == Sign.Status.DAMAGED,
         "url": reverse("placenames:sign_detail", args=[s.pk])}
        for s in qs[:5000]
    ]  # fmt: skip
    return JsonResponse({"total": qs.count(), "signs": points})


@staff_view(READ)
@require_GET
def marker_points(request: StaffRequest) -> JsonResponse:
    """The boundary markers the user sees (either side in their region), for the signs map: place, state, page."""
    qs = selectors.marker_list(user=request.user)
    points = [
        {"lat": float(m.lat), "lng": float(m.lng), "number": m.number, "sides": f"{m.region_a.name}—{m.region_b.name}",
         "status": m.get_status_display(), "damaged": m.status == BoundaryMarker.Status.DAMAGED,
         "url": reverse("placenames:marker_detail", args=[m.pk])}
        for m in qs[:5000]
    ]  # fmt: skip
    return JsonResponse({"total": qs.count(), "markers": points})


@staff_view("export")
@require_GET
def sign_export(request: StaffRequest) -> HttpResponseBase:
    qs = selectors.sign_list(user=request.user, **_sign_filters(request))

    def row(s: Any) -> list[Any]:
        return [
            s.code, s.get_kind_display(), s.text, s.region.name, float(s.lat), float(s.lng), f"{s.installed_on:%Y-%m-%d}",
            s.get_status_display(),
        ]  # fmt: skip

    headers = ["标志编号", "类别", "标示名称", "所在区划", "纬度", "经度", "设置日期", "状态"]
    return _export(request, qs, what="sign", filename="地名标志", headers=headers, row=row)


@staff_view("placenames.signs")
def sign_new(request: StaffRequest) -> HttpResponse:
    form = f.SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            place = (
                selectors.name_get(user=request.user, pk=data["place_name"]) if data["place_name"] else None
            )
            sign = services.sign_register(
                actor=request.user, kind=data["kind"], code=data["code"], region=_region(request, data["region"]),
                lat=data["lat"], lng=data["lng"], installed_on=data["installed_on"], place_name=place, text=data["text"],
            )  # fmt: skip
        except OutOfScopeError:
            form.add_error("place_name", "地名不存在或不在您的管辖范围内")
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记{sign}。")
            return redirect("placenames:sign_detail", pk=sign.pk)
    return _form_page(request, form, "登记地名标志", reverse("placenames:sign_list"),
                      "路名牌须标示地名录中在用的标准地名（《地名管理条例》第十九条）。")  # fmt: skip


@staff_view(READ)
@require_GET
def sign_detail(request: StaffRequest, pk: int) -> HttpResponse:
    sign = selectors.sign_get(user=request.user, pk=pk)
    return render(request, "placenames/sign_detail.html", {
        "sign": sign, "inspections": sign.inspections.select_related("inspector")[:50],
        "repairs": sign.repairs.select_related("source_case").order_by("-id")[:50],
        "can_edit": can(request.user, "placenames.signs") and sign.status != Sign.Status.REMOVED,
        "inspect": f.InspectForm(), "report": f.RepairForm(initial={"case_number": request.GET.get("case", "")}),
    })  # fmt: skip


@staff_view("placenames.signs")
@require_POST
def sign_inspect(request: StaffRequest, pk: int) -> HttpResponse:
    sign = selectors.sign_get(user=request.user, pk=pk)
    return _post_form(request, f.InspectForm, reverse("placenames:sign_detail", args=[pk]),
                      lambda d: services.sign_inspect(actor=request.user, sign=sign, on=d["on"], condition=d["condition"],
                                                      note=d["note"]),
                      "已登记巡查。")  # fmt: skip


def _source_case(request: StaffRequest, number: str) -> Case | None:
    number = (number or "").strip()
    if not number:
        return None
    case = Case.objects.visible_to(request.user).filter(number=number).first()
    if case is None:
        raise PlacenamesError(f"事件编号{number}不存在或不在您的管辖范围内", field="case_number")
    return case


@staff_view("placenames.signs")
@require_POST
def sign_report(request: StaffRequest, pk: int) -> HttpResponse:
    sign = selectors.sign_get(user=request.user, pk=pk)
    return _post_form(request, f.RepairForm, reverse("placenames:sign_detail", args=[pk]),
                      lambda d: services.repair_open(actor=request.user, sign=sign, on=d["on"], damage=d["damage"],
                                                     source_case=_source_case(request, d["case_number"])),
                      "已登记损坏报告，待修复。")  # fmt: skip


# --- boundary markers ------------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def marker_list(request: StaffRequest) -> HttpResponse:
    filters = list_filters(request, "status")
    return list_page(request, selectors.marker_list(user=request.user, **filters), template="placenames/marker_list.html",
                     filters=filters, context={
                         "status": filters["status"], "statuses": BoundaryMarker.Status.choices,
                         "can_edit": can(request.user, "placenames.markers"), "case": request.GET.get("case", "")[:40],
                     })  # fmt: skip


@staff_view("placenames.markers")
def marker_new(request: StaffRequest) -> HttpResponse:
    form = f.MarkerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            other = Region.objects.filter(code=data["region_b"]).first()
            if other is None:
                raise PlacenamesError("另一侧区划不存在", field="region_b")
            marker = services.marker_register(
                actor=request.user, number=data["number"], region_a=_region(request, data["region_a"]), region_b=other,
                lat=data["lat"], lng=data["lng"], installed_on=data["installed_on"],
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记{marker}。")
            return redirect("placenames:marker_detail", pk=marker.pk)
    return _form_page(request, form, "登记界桩", reverse("placenames:marker_list"))


@staff_view(READ)
@require_GET
def marker_detail(request: StaffRequest, pk: int) -> HttpResponse:
    marker = selectors.marker_get(user=request.user, pk=pk)
    return render(request, "placenames/marker_detail.html", {
        "marker": marker, "inspections": marker.inspections.all()[:50], "repairs": marker.repairs.order_by("-id")[:50],
        "can_edit": can(request.user, "placenames.markers"), "inspect": f.JointInspectForm(),
        "report": f.RepairForm(initial={"case_number": request.GET.get("case", "")}),
    })  # fmt: skip


@staff_view("placenames.markers")
@require_POST
def marker_inspect(request: StaffRequest, pk: int) -> HttpResponse:
    marker = selectors.marker_get(user=request.user, pk=pk)
    return _post_form(request, f.JointInspectForm, reverse("placenames:marker_detail", args=[pk]),
                      lambda d: services.marker_inspect(actor=request.user, marker=marker, on=d["on"], parties=d["parties"],
                                                        condition=d["condition"], note=d["note"]),
                      "已登记联合检查。")  # fmt: skip


@staff_view("placenames.markers")
@require_POST
def marker_report(request: StaffRequest, pk: int) -> HttpResponse:
    marker = selectors.marker_get(user=request.user, pk=pk)
    return _post_form(request, f.RepairForm, reverse("placenames:marker_detail", args=[pk]),
                      lambda d: services.repair_open(actor=request.user, marker=marker, on=d["on"], damage=d["damage"],
                                                     source_case=_source_case(request, d["case_number"])),
                      "已登记损毁报告，待修复。")  # fmt: skip


# --- repairs ---------------------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def repair_list(request: StaffRequest) -> HttpResponse:
    filters = list_filters(request, "status", "what", defaults={"status": "open"})
    may_repair = can(request.user, "placenames.signs") or can(request.user, "placenames.markers")
    return list_page(request, selectors.repair_list(user=request.user, **filters), template="placenames/repair_list.html",
                     filters=filters, context={
                         "statuses": Repair.Status.choices, "can_sign": can(request.user, "placenames.signs"),
                         "can_marker": can(request.user, "placenames.markers"), "can_export": can(request.user, "export"),
                         "complete": f.CompleteForm(),
                         "events": selectors.events_for_repair(user=request.user) if may_repair else [],
                     })  # fmt: skip


@staff_view("export")
@require_GET
def repair_export(request: StaffRequest) -> HttpResponseBase:
    qs = selectors.repair_list(user=request.user, **list_filters(request, "status", "what"))

    def row(r: Any) -> list[Any]:
        return [
            str(r.sign or r.marker), r.region.name, r.damage, f"{r.reported_on:%Y-%m-%d}",
            r.source_case.number if r.source_case else "", r.get_status_display(),
            f"{r.repaired_on:%Y-%m-%d}" if r.repaired_on else "", r.repair_note,
        ]  # fmt: skip

    headers = ["对象", "所在区划", "损坏情况", "报告日期", "来源事件", "状态", "修复日期", "修复情况"]
    return _export(request, qs, what="repair", filename="地名标志和界桩修复", headers=headers, row=row)


@staff_view(READ)
@require_POST
def repair_complete(request: StaffRequest, pk: int) -> HttpResponse:
    repair = selectors.repair_get(user=request.user, pk=pk)
    return _post_form(request, f.CompleteForm, reverse("placenames:repair_list"),
                      lambda d: services.repair_complete(actor=request.user, repair=repair, on=d["on"], note=d["note"]),
                      "已登记修复。")  # fmt: skip


# --- region changes --------------------------------------------------------------------------------------------


@staff_view(READ)
@require_GET
def change_list(request: StaffRequest) -> HttpResponse:
    return list_page(request, selectors.change_list(user=request.user), template="placenames/change_list.html",
                     context={"can_record": can(request.user, "placenames.region_change")})  # fmt: skip


@staff_view("placenames.region_change")
def change_new(request: StaffRequest) -> HttpResponse:
    form = f.ChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            parent = Region.objects.filter(code=data["new_parent"]).first() if data["new_parent"] else None
            change = services.region_change_record(
                actor=request.user, kind=data["kind"], region=_region(request, data["region"]),
                effective_on=data["effective_on"], approval=data["approval"], new_name=data["new_name"],
                new_parent=parent, note=data["note"],
            )  # fmt: skip
        except DomainError as exc:
            form_refuse(form, exc)
        else:
            messages.success(request, f"已登记{change.region.name}的{change.get_kind_display()}。")
            return redirect("placenames:change_list")
    return _form_page(request, form, "登记区划调整", reverse("placenames:change_list"),
                      "区划调整按生效日期逐条记录，保留调整前的名称和隶属；区划树本身由系统管理员按批准文件维护。")  # fmt: skip
