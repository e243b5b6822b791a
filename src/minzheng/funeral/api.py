"""JSON API of funeral work under /api/v1/funeral/ (django-ninja, in the OpenAPI document): deaths, cremations and
cemeteries, read as their pages read them — the capability of the pages (``funeral.read``, else 403), the records
through ``selectors.death_list``/``cremation_list``/``cremation_get``/``cemetery_list``/``cemetery_get`` (the user's
region; outside it 404), ID numbers masked as the pages mask them. The pages audit exports, not reads; so does the
API. The cemetery list is staff-only like its page (no public page lists cemeteries).

This module also keeps the booking engine's HTTP entry for the citizen channels (``POST /api/funeral/bookings``,
outside /api/v1: a channel that has identified the citizen by real name books for them, presenting its key
``Authorization: Channel <key>``). Form fields ``slot``, ``id_number``, ``name``, ``visitors``, ``plate``, ``phone``.
Answers JSON: 201 ``{"code"}``; 409 ``{"error": "full"|"duplicate", "message"}``; 422 ``{"field", "message"}``; 403
without a valid key.

Under ``minzheng serve`` that entry is answered by a lean route (``booking_route``, wired in ``config.wsgi``): a plain
WSGI function, without Django's request, URL resolution, middleware or signals, that answers exactly what the whole
stack answers (``booking_answer``, the input boundary's rule and messages, the security headers; see
``booking_route``). A channel has no cookie, no page and no login, so sessions, CSRF, locale, CSP, htmx and the
portal have nothing to do there; the server's CPU per booking is measured by ``minzheng bench booking``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Literal
from urllib.parse import parse_qsl

from django.conf import settings
from django.db import close_old_connections
from django.http import HttpRequest, JsonResponse
from django.http.request import split_domain_port, validate_host
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from ninja import Field, Query, Router, Schema

from minzheng.core import inputs
from minzheng.core.api import InputSchema, PageFilter, keyset_list, responses
from minzheng.core.audit import acting_as
from minzheng.core.masking import mask_citizen_id
from minzheng.core.middleware import InputBoundaryMiddleware
from minzheng.core.roles import require
from minzheng.core.web import StaffRequest
from minzheng.funeral import booking, selectors
from minzheng.funeral.errors import DuplicateBookingError, FuneralError, SlotFullError
from minzheng.funeral.models import Booking, Cemetery, Cremation, Death

router = Router(tags=["殡葬管理"])

READ = "funeral.read"  # every read page of funeral work (funeral.views)


# --- deaths ------------------------------------------------------------------------------------------------------


class DeathItem(Schema):
    id: int
    person_id: int
    name: str = Field(description="死者姓名")
    id_number: str = Field(description="身份证号码（脱敏）")
    died_on: date
    place: str = Field(description="死亡地点类别代码")
    place_label: str
    cause: str = Field(description="死亡原因类别代码")
    cause_label: str
    certificate_kind: str = Field(description="死亡证明类别代码")
    reporter_name: str
    reporter_relation: str
    region_code: str = Field(description="所属区划代码")
    region_name: str

    @staticmethod
    def resolve_name(obj: Death) -> str:
        return obj.person.name

    @staticmethod
    def resolve_id_number(obj: Death) -> str:
        return mask_citizen_id(obj.person.id_number)

    @staticmethod
    def resolve_place_label(obj: Death) -> str:
        return obj.get_place_display()

    @staticmethod
    def resolve_cause_label(obj: Death) -> str:
        return obj.get_cause_display()

    @staticmethod
    def resolve_region_code(obj: Death) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Death) -> str:
        return obj.region.name


class DeathPage(Schema):
    items: list[DeathItem]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


class YearFilter(PageFilter):
    year: int | None = Field(None, ge=1900, le=2999, description="年度（不填为全部年度）")
    region: str | None = Field(None, description="区划代码：只列此区划内的记录")
    date_from: date | None = Field(None, description="日期起（含）")
    date_to: date | None = Field(None, description="日期止（含）")


@router.get(
    "/funeral/deaths", response=responses({200: DeathPage}, 403, 404, 422), summary="死亡登记列表（键集分页）"
)
def death_list(request: StaffRequest, filters: Query[YearFilter]) -> dict[str, Any]:
    return keyset_list(
        request, filters, lambda: selectors.death_list(user=request.user, year=filters.year), capability=READ,
        dates="died_on",
    )  # fmt: skip


# --- cremations --------------------------------------------------------------------------------------------------


class CremationItem(Schema):
    id: int
    number: str = Field(description="火化证号")
    deceased_name: str
    deceased_id_number: str = Field(description="死者身份证号（脱敏；身份不明为空）")
    cremated_on: date
    body_source: str = Field(description="遗体来源代码")
    body_source_label: str
    funeral_home: str
    death_id: int | None = Field(description="关联的死亡登记 id（未关联为 null）")
    region_code: str = Field(description="殡仪馆所在区划代码")
    subsidy_fen: int | None = Field(description="已发放的惠民殡葬补助（分）；未发放为 null")

    @staticmethod
    def resolve_deceased_id_number(obj: Cremation) -> str:
        return mask_citizen_id(obj.deceased_id_number) if obj.deceased_id_number else ""

    @staticmethod
    def resolve_body_source_label(obj: Cremation) -> str:
        return obj.get_body_source_display()

    @staticmethod
    def resolve_funeral_home(obj: Cremation) -> str:
        return obj.funeral_home.name

    @staticmethod
    def resolve_region_code(obj: Cremation) -> str:
        return obj.region.code

    @staticmethod
    def resolve_subsidy_fen(obj: Cremation) -> int | None:
        subsidy = getattr(obj, "subsidy", None)
        return subsidy.amount_fen if subsidy is not None else None


class CremationOut(CremationItem):
    subsidy_granted_at: datetime | None = Field(description="补助发放时间")
    subsidy_payee: str | None = Field(description="补助领取人姓名")

    @staticmethod
    def resolve_subsidy_granted_at(obj: Cremation) -> datetime | None:
        subsidy = getattr(obj, "subsidy", None)
        return subsidy.granted_at if subsidy is not None else None

    @staticmethod
    def resolve_subsidy_payee(obj: Cremation) -> str | None:
        subsidy = getattr(obj, "subsidy", None)
        return subsidy.payee.name if subsidy is not None else None


class CremationPage(Schema):
    items: list[CremationItem]
    next_after: int | None = Field(description="下一页的 after；没有下一页时为 null")


@router.get(
    "/funeral/cremations",
    response=responses({200: CremationPage}, 403, 404, 422),
    summary="火化记录列表（键集分页）",
)
def cremation_list(request: StaffRequest, filters: Query[YearFilter]) -> dict[str, Any]:
    return keyset_list(
        request, filters,
        lambda: selectors.cremation_list(user=request.user, year=filters.year).select_related("region"),
        capability=READ, dates="cremated_on",
    )  # fmt: skip


@router.get(
    "/funeral/cremations/{cremation_id}",
    response=responses({200: CremationOut}, 403, 404, 422),
    summary="火化记录详情",
)
def cremation_detail(request: StaffRequest, cremation_id: int) -> Cremation:
    require(request.user, READ)
    return selectors.cremation_get(user=request.user, pk=cremation_id)


# --- cemeteries --------------------------------------------------------------------------------------------------


class CemeteryOut(Schema):
    id: int
    name: str
    kind: str = Field(description="welfare 公益性公墓 / commercial 经营性公墓 / funeral_home 殡仪馆骨灰堂")
    kind_label: str
    region_code: str = Field(description="所在区划代码")
    region_name: str
    address: str
    active: bool = Field(description="开放")
    plots_total: int = Field(description="墓位")
    plots_free: int = Field(description="空置")
    plots_occupied: int = Field(description="已安葬")

    @staticmethod
    def resolve_kind_label(obj: Cemetery) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_region_code(obj: Cemetery) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Cemetery) -> str:
        return obj.region.name


@router.get(
    "/funeral/cemeteries", response=responses({200: list[CemeteryOut]}, 403), summary="公墓与墓位（按名称）"
)
def cemetery_list(request: StaffRequest) -> list[Cemetery]:
    require(request.user, READ)
    return list(selectors.cemetery_list(user=request.user))


@router.get(
    "/funeral/cemeteries/{cemetery_id}",
    response=responses({200: CemeteryOut}, 403, 404, 422),
    summary="公墓详情",
)
def cemetery_detail(request: StaffRequest, cemetery_id: int) -> Cemetery:
    require(request.user, READ)
    cemetery = selectors.cemetery_get(user=request.user, pk=cemetery_id)
    # the counts as the list has them (the list's own selector, narrowed to this cemetery)
    return selectors.cemetery_list(user=request.user).get(pk=cemetery.pk)


# --- 清明 bookings: staff changes on the day ------------------------------------------------------------------------


class BookingOut(Schema):
    id: int
    code: str = Field(description="预约码（入园二维码的内容，改期后不变）")
    name: str = Field(description="预约人姓名")
    id_number: str = Field(description="身份证号码（脱敏）")
    cemetery_id: int
    cemetery_name: str
    slot_id: int
    day: date = Field(description="祭扫日期")
    starts: str = Field(description="时段开始（HH:MM）")
    ends: str = Field(description="时段结束（HH:MM）")
    visitors: int = Field(description="祭扫人数")
    plate: str = Field(description="车牌号（未驾车为空）")
    status: str = Field(description="booked 已预约 / checked_in 已入园 / cancelled 已取消")
    status_label: str
    reason: str = Field(description="工作人员最近一次改期或取消的原因（预约人本人取消为“本人取消”）")
    handled_at: datetime | None = Field(description="该次处理的时间")

    @staticmethod
    def resolve_id_number(obj: Booking) -> str:
        return mask_citizen_id(obj.id_number)

    @staticmethod
    def resolve_cemetery_name(obj: Booking) -> str:
        return obj.cemetery.name

    @staticmethod
    def resolve_day(obj: Booking) -> date:
        return obj.slot.day

    @staticmethod
    def resolve_starts(obj: Booking) -> str:
        return f"{obj.slot.starts:%H:%M}"

    @staticmethod
    def resolve_ends(obj: Booking) -> str:
        return f"{obj.slot.ends:%H:%M}"

    @staticmethod
    def resolve_status_label(obj: Booking) -> str:
        return obj.get_status_display()


class BookingActionIn(InputSchema):
    action: Literal["reschedule", "cancel"] = Field(
        description="reschedule 改期（到同一公墓、同一祭扫季尚未过去且仍有名额的时段）/ cancel 工作人员取消（名额退回）"
    )
    slot: int | None = Field(None, description="改到的时段 id（改期时必填）")
    reason: str = Field(description="原因（必填，200字以内；预约人可见）")


@router.get(
    "/funeral/bookings/{booking_id}",
    response=responses({200: BookingOut}, 403, 404, 422),
    summary="祭扫预约详情",
)
def booking_detail(request: StaffRequest, booking_id: int) -> Booking:
    require(request.user, READ)
    return selectors.booking_get(user=request.user, pk=booking_id)


@router.post(
    "/funeral/bookings/{booking_id}/actions",
    response=responses({200: BookingOut}, 403, 404, 422),
    summary="祭扫预约改期或取消（时段已满、不属同一公墓和祭扫季、已过、预约已入园或已取消时 422）",
)
def booking_action(request: StaffRequest, booking_id: int, payload: BookingActionIn) -> Booking:
    require(request.user, "funeral.booking_change")
    found = selectors.booking_get(user=request.user, pk=booking_id)
    if payload.action == "cancel":
        return booking.booking_refuse(actor=request.user, booking=found, reason=payload.reason)
    if payload.slot is None:
        raise FuneralError("改期须选择新的时段", field="slot")
    booking.booking_reschedule(actor=request.user, booking=found, slot_id=payload.slot, reason=payload.reason)
    return selectors.booking_get(user=request.user, pk=booking_id)


# --- the citizen channels' booking entry (outside /api/v1) ---------------------------------------------------------


def booking_answer(fields: Mapping[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
    """The booking entry's answer to a channel's form ``fields`` and ``Authorization`` header: (status, JSON body).
    One function for the Django view and the lean route, so both answer alike."""
    key = authorization.removeprefix("Channel ").strip()
    if booking.channel_for_key(key) is None:
        return 403, {"detail": "预约渠道密钥无效"}
    try:
        slot_id, visitors = int(fields.get("slot", "0") or 0), int(fields.get("visitors", "0") or 0)
    except ValueError:
        return 422, {"field": "visitors", "message": "时段和人数须为整数"}
    try:
        made = booking.booking_create(
            request=booking.BookingRequest(
                slot_id=slot_id, id_number=fields.get("id_number", ""), name=fields.get("name", ""),
                visitors=visitors, plate=fields.get("plate", ""), phone=fields.get("phone", ""),
            )
        )  # fmt: skip
    except SlotFullError as exc:
        return 409, {"error": "full", "message": exc.message}
    except DuplicateBookingError as exc:
        return 409, {"error": "duplicate", "message": exc.message}
    except FuneralError as exc:
        return 422, {"field": exc.field, "message": exc.message}
    return 201, {"code": made.code, "slot": made.slot_id}


@csrf_exempt
@require_POST
def booking_post(request: HttpRequest) -> JsonResponse:
    status, body = booking_answer(request.POST, request.headers.get("Authorization", ""))
    return JsonResponse(body, status=status)


# --- the lean route of the booking entry (``minzheng serve``) --------------------------------------------------------

BOOKING_URL_NAME = "funeral_api:booking_post"  # the one definition of the path: urls_api's pattern, reversed
BODY_LIMIT = 4096  # bytes: a booking's six short fields, url-encoded, take a few hundred
_FORM = "application/x-www-form-urlencoded"
_STATUS = {201: "201 Created", 400: "400 Bad Request", 403: "403 Forbidden", 409: "409 Conflict",
           413: "413 Request Entity Too Large", 422: "422 Unprocessable Entity", 500: "500 Internal Server Error"}  # fmt: skip
_log = logging.getLogger("django.request")


def booking_path() -> str:
    """``/api/funeral/bookings``: the URL pattern's path (``urls_api``), under the script prefix."""
    return reverse(BOOKING_URL_NAME)


def _security_headers() -> list[tuple[str, str]]:
    """What SecurityMiddleware and XFrameOptionsMiddleware add to a JSON answer over plain HTTP, from the same
    settings (HSTS and the HTTPS redirect concern HTTPS requests, which the lean route leaves to Django)."""
    headers = []
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        policy = settings.SECURE_REFERRER_POLICY
        value = policy if isinstance(policy, str) else ",".join(policy)
        headers.append(("Referrer-Policy", ",".join(v.strip() for v in value.split(","))))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    headers.append(("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()))
    return headers


def booking_route(application: Any) -> Any:
    """Wrap the site's WSGI application: a channel's url-encoded POST to the booking path over plain HTTP, from an
    allowed host, without a query string, is answered by a plain WSGI function — no HttpRequest, no URL resolution,
    no middleware, no signals — with what the stack would answer for it:

    - the body (at most ``BODY_LIMIT`` bytes, else 413) parsed as Django parses a form (UTF-8, a repeated field's
      last value), then the site's input boundary on every field name and value (``core.inputs``, the labels of
      ``InputBoundaryMiddleware``): a control character is a 400 naming the field, before anything else;
    - ``booking_answer`` (the channel's key, ``booking.booking_create``, the same JSON and status codes);
    - the security headers the middleware would add (from the same settings), ``Content-Length``;
    - the database connection handled as Django's handler does around a request (``close_old_connections`` before
      and after: one persistent connection per thread, closed after an error or at ``CONN_MAX_AGE``);
    - the audit context (no user, the client's address), though a booking writes no audit entry;
    - an unexpected exception: logged to ``django.request`` as Django logs it, 500 with a JSON body.

    Anything else at that path (another method or body type, HTTPS, a query string, a foreign Host) goes to
    ``application`` and is answered as before."""
    path = booking_path()
    headers_base = _security_headers()
    https_only = settings.SECURE_SSL_REDIRECT
    allowed_hosts = settings.ALLOWED_HOSTS

    def answer(
        start_response: Any, status: int, body: dict[str, Any], ascii_only: bool = True
    ) -> list[bytes]:
        data = json.dumps(body, ensure_ascii=ascii_only).encode()
        start_response(
            _STATUS[status],
            [("Content-Type", "application/json"), ("Content-Length", str(len(data))), *headers_base],
        )
        return [data]

    def lean(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > BODY_LIMIT:
            return answer(start_response, 413, {"detail": f"请求内容超过{BODY_LIMIT}字节"}, False)
        raw = environ["wsgi.input"].read(length) if length > 0 else b""
        fields: dict[str, str] = {}
        for key, value in parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True, errors="replace"):
            for field, label, text in InputBoundaryMiddleware._pairs(key, [value], "表单字段"):
                reason = inputs.text_refusal(text, label=label, multiline=True, bidi=False)
                if reason is not None:
                    return answer(start_response, 400, {"field": field or None, "message": reason}, False)
            fields[key] = value
        close_old_connections()
        try:
            with acting_as(None, ip=environ.get("REMOTE_ADDR") or None):
                status, body = booking_answer(fields, environ.get("HTTP_AUTHORIZATION", ""))
        except Exception:
            _log.exception("Internal Server Error: %s", path, extra={"status_code": 500})
            status, body = 500, {"detail": "服务器内部错误，请稍后重试"}
        finally:
            close_old_connections()
        return answer(start_response, status, body)

    def route(environ: dict[str, Any], start_response: Any) -> Any:
        if (
            environ.get("PATH_INFO") == path
            and environ.get("REQUEST_METHOD") == "POST"
            and environ.get("CONTENT_TYPE", "").partition(";")[0].strip() == _FORM
            and not environ.get("QUERY_STRING")
            and not (https_only or environ.get("wsgi.url_scheme") == "https")
            and validate_host(split_domain_port(environ.get("HTTP_HOST", ""))[0], allowed_hosts)
        ):
            return lean(environ, start_response)
        return application(environ, start_response)

    return route
