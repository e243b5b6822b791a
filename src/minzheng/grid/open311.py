"""Open311 GeoReport v2 under /open311/v2/ (https://wiki.open311.org/GeoReport_v2, domain.md §13), so that
the 12345 hotline system or any Open311 client can file events and follow them.

Every endpoint answers in XML (mandatory in the spec) and JSON, chosen by the extension. Reads are public
and carry no personal data (no reporter, contact or account); filing needs an ``api_key`` (403 without a
valid one). Errors are ``[{code, description}]`` (``<errors><error>…``) with 400, 403 or 404; an unknown
``jurisdiction_id`` is 404. Internal states map to open/closed, the detail goes to ``status_notes``, and
``expected_datetime`` is the handling deadline of the event's category.

The public feed (``GET requests``, ``GET requests/<id>``) lists only what citizens and hotlines filed
(sources ``open311`` and ``hotline``, received requests included) — never what grid workers, staff or
internal systems reported — and only in categories whose ``public_feed`` is not internal; the category's
``public_feed`` says whether the description and the location are shown (grid/categories.py gives the
reasons). A shown description has ID and phone numbers taken out. What is not public answers 404, like
what does not exist: a number says nothing about what lies behind it.

A POST is form-encoded, as the spec says (``application/x-www-form-urlencoded``, or ``multipart/form-data``);
a JSON body gets a 400 that says so. Its text goes through the input boundary (core.inputs: control and
bidi characters refused, ``media_url`` http(s) only), each refusal a 400 naming the parameter.

A POST is checked and stored, then answered with its request number (``OR…``); the job worker files it
as an event within a second or two (services/intake.py), and until then ``GET /requests/OR….json`` shows
it as open, "已接收，待登记". Events reported on the pages are listed under their case numbers.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from xml.etree import ElementTree as ET

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from minzheng.core.errors import DomainError
from minzheng.core.inputs import text_check, url_check, url_is_http
from minzheng.grid import rules
from minzheng.grid.casetypes import GridEvent
from minzheng.grid.models import Event, EventCategory, Open311Request
from minzheng.grid.rules import check_attribute_definitions
from minzheng.grid.services import open311_client_authenticate
from minzheng.grid.services.intake import open311_request_accept

FORMATS = ("xml", "json")
MAX_REQUESTS = 1000
MAX_RANGE = timedelta(days=90)
CLOSED_STATES = frozenset({"closed", "evaluated", "void"})
_PLURALS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
}
_ATTRIBUTE_KEY = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")
PUBLIC_SOURCES = (Event.Source.OPEN311, Event.Source.HOTLINE)  # what citizens and hotlines filed
Feed = EventCategory.PublicFeed
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# ID and phone numbers a caller may have typed into a description: never in the public feed
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])|(?<!\d)\d{15}(?!\d)")
_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(?:1[3-9]\d[- ]?\d{4}[- ]?\d{4}|0\d{2,3}-?\d{7,8})(?!\d)")


def jurisdiction_id() -> str:
    """Our jurisdiction (settings.OPEN311_JURISDICTION_ID, default "haikou.gov.cn")."""
    return getattr(settings, "OPEN311_JURISDICTION_ID", "haikou.gov.cn")


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


# --- rendering ------------------------------------------------------------------------------------------


def _xml_value(parent: ET.Element, tag: str, value: Any) -> None:
    element = ET.SubElement(parent, tag)
    if isinstance(value, list):
        for item in value:
            _xml_value(element, _PLURALS.get(tag, "item"), item)
    elif isinstance(value, dict):
        for key, inner in value.items():
            _xml_value(element, key, inner)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def render_xml(root: str, payload: list[dict[str, Any]] | dict[str, Any]) -> bytes:
    """``<services><service>…</service></services>`` for a list, ``<service_definition>…`` for an object."""
    element = ET.Element(root)
    for item in payload if isinstance(payload, list) else [payload]:
        parent = ET.SubElement(element, _PLURALS[root]) if isinstance(payload, list) else element
        for key, value in item.items():
            _xml_value(parent, key, value)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def _respond(
    fmt: str, root: str, payload: list[dict[str, Any]] | dict[str, Any], status: int = 200
) -> HttpResponse:
    if fmt == "json":
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    return HttpResponse(render_xml(root, payload), status=status, content_type="text/xml; charset=utf-8")


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _respond(
        fmt if fmt in FORMATS else "xml", "errors", [{"code": status, "description": description}], status
    )


def open311_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Check the format and the jurisdiction; turn refusals into the spec's error answers."""

    def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        fmt = fmt.lower()
        if fmt not in FORMATS:
            return _error("xml", 404, f"不支持的格式“{fmt}”，请使用 .xml 或 .json")
        given = (request.POST.get("jurisdiction_id") or request.GET.get("jurisdiction_id") or "").strip()
        if given and given != jurisdiction_id():
            return _error(fmt, 404, f"jurisdiction_id “{given}” 不存在（本系统为 {jurisdiction_id()}）")
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return _error(fmt, exc.status, exc.description)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


# --- services -------------------------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def service_payload(category: EventCategory) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or f"{category.parent.name} · {category.name}",
        "metadata": bool(category.attributes),
        "type": "realtime",
        "keywords": category.keywords or None,
        "group": category.parent.name,
    }


def _leaves() -> list[EventCategory]:
    return list(
        EventCategory.objects.filter(active=True, parent__isnull=False, parent__active=True)
        .select_related("parent")
        .order_by("parent__order", "parent__code", "order", "code")
    )


@require_GET
@open311_view
def services(request: HttpRequest, *, fmt: str) -> HttpResponse:
    """GET Service List: the leaf categories of the event classification."""
    return _respond(fmt, "services", [service_payload(c) for c in _leaves()])


def _service(code: str) -> EventCategory:
    category = (
        EventCategory.objects.filter(code=code, active=True, parent__isnull=False)
        .select_related("parent")
        .first()
    )
    if category is None:
        raise Open311Error(404, f"service_code “{code}” 不存在")
    return category


@require_GET
@open311_view
def service_definition(request: HttpRequest, code: str, *, fmt: str) -> HttpResponse:
    """GET Service Definition: the attributes of one service."""
    category = _service(code)
    attributes = [
        {**a, "description": a["description"] or None}
        for a in check_attribute_definitions(category.attributes)
    ]
    return _respond(fmt, "service_definition", {"service_code": category.code, "attributes": attributes})


# --- requests ---------------------------------------------------------------------------------------------


def public_description(text: str) -> str:
    """A description as the public feed shows it: ID and phone numbers taken out."""
    text = _ID_NUMBER.sub("[证件号码已隐去]", text)
    return _PHONE.sub("[电话号码已隐去]", text)


def _shown(
    policy: str, *, description: str, address: str | None, address_id: str, lat: Any, long: Any, media: str
) -> dict[str, Any]:
    """The fields the category's ``public_feed`` lets the public see (None for the rest)."""
    full = policy == Feed.FULL
    return {
        "description": public_description(description) if policy in (Feed.FULL, Feed.DESCRIPTION) else None,
        "address": address if full else None,
        "address_id": (address_id or None) if full else None,
        "lat": lat if full else None,
        "long": long if full else None,
        "media_url": media if full and url_is_http(media) else None,
    }


def request_payload(event: Event) -> dict[str, Any]:
    """One service request, without personal data, as its category's ``public_feed`` allows."""
    case = event.case
    state_label = GridEvent.state_label(case.state)
    notes = (
        f"{state_label}（{event.get_satisfaction_display()}）"
        if event.satisfaction and case.state == "evaluated"
        else state_label
    )
    if event.department_id:
        agency = event.department.name
    elif case.state in ("to_grid", "handled_grid"):
        agency = f"{case.region.name}（网格自行处置）"
    else:
        agency = None
    category = event.category
    deadline = rules.category_deadline(amount=category.deadline_amount, unit=category.deadline_unit)
    shown = _shown(
        category.public_feed, description=event.description, address=event.address or case.region.name,
        address_id=event.address_id, lat=event.lat, long=event.long, media=event.media_url,
    )  # fmt: skip
    return {
        "service_request_id": _public_id(event),
        "status": "closed" if case.state in CLOSED_STATES else "open",
        "status_notes": notes,
        "service_name": category.name,
        "service_code": category.code,
        "description": shown["description"],
        "agency_responsible": agency,
        "service_notice": f"处置时限{deadline.describe()}",
        "requested_datetime": _iso(case.opened_at),
        "updated_datetime": _iso(event.updated_at),
        "expected_datetime": _iso(event.handle_due_at),
        "address": shown["address"],
        "address_id": shown["address_id"],
        "zipcode": None,
        "lat": shown["lat"],
        "long": shown["long"],
        "media_url": shown["media_url"],
    }


def _public_id(event: Event) -> str:
    """The number the caller knows: the Open311 request's for what came through Open311, else the case's."""
    try:
        return event.open311_request.service_request_id
    except Open311Request.DoesNotExist:
        return event.case.number


def pending_payload(row: Open311Request) -> dict[str, Any]:
    """A request received but not yet filed (the worker files it within seconds)."""
    deadline = rules.category_deadline(amount=row.category.deadline_amount, unit=row.category.deadline_unit)
    shown = _shown(
        row.category.public_feed, description=row.description, address=row.address or None,
        address_id=row.address_id, lat=row.lat, long=row.long, media=row.media_url,
    )  # fmt: skip
    return {
        "service_request_id": row.service_request_id,
        "status": "open",
        "status_notes": "已接收，待登记",
        "service_name": row.category.name,
        "service_code": row.category.code,
        "description": shown["description"],
        "agency_responsible": None,
        "service_notice": f"处置时限{deadline.describe()}",
        "requested_datetime": _iso(row.received_at),
        "updated_datetime": _iso(row.received_at),
        "expected_datetime": None,
        "address": shown["address"],
        "address_id": shown["address_id"],
        "zipcode": None,
        "lat": shown["lat"],
        "long": shown["long"],
        "media_url": shown["media_url"],
    }


def _events() -> Any:
    """The public feed's events: filed by citizens or hotlines, in a category that is not internal."""
    return (
        Event.objects.filter(source__in=PUBLIC_SOURCES)
        .exclude(category__public_feed=Feed.INTERNAL)
        .select_related("case", "case__region", "category", "department", "open311_request")
        .order_by("-case__opened_at", "-pk")
    )


def _by_ids(ids: list[str]) -> list[dict[str, Any]]:
    """Requests by the numbers callers hold: Open311 request numbers (filed or not) and case numbers —
    only those the public feed shows."""
    request_pks = [pk for pk in map(Open311Request.pk_from, ids) if pk is not None]
    events = list(_events().filter(Q(case__number__in=ids) | Q(open311_request__pk__in=request_pks)))
    pending = (
        Open311Request.objects.filter(pk__in=request_pks, event__isnull=True)
        .exclude(category__public_feed=Feed.INTERNAL)
        .select_related("category")
    )
    return [request_payload(e) for e in events] + [pending_payload(r) for r in pending.order_by("-pk")]


def _parse_date(request: HttpRequest, name: str) -> datetime | None:
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = parse_datetime(raw.replace(" ", "+"))
    except ValueError:
        value = None
    if value is None:
        raise Open311Error(400, f"{name} “{raw}” 不是 W3C 日期时间（如 2021-01-01T00:00:00+08:00）")
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _csv(request: HttpRequest, name: str) -> list[str]:
    return [v.strip() for v in (request.GET.get(name) or "").split(",") if v.strip()]


def _list_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    ids = _csv(request, "service_request_id")
    if ids:  # overrides every other filter
        return _respond(fmt, "service_requests", _by_ids(ids[:MAX_REQUESTS]))
    start, end = _parse_date(request, "start_date"), _parse_date(request, "end_date")
    end = end or (start + MAX_RANGE if start else timezone.now())
    start = start or end - MAX_RANGE
    if start > end:
        raise Open311Error(400, "start_date 晚于 end_date")
    if end - start > MAX_RANGE:
        raise Open311Error(400, "start_date 与 end_date 的间隔不能超过90天")
    events = _events().filter(case__opened_at__gte=start, case__opened_at__lte=end)
    codes = _csv(request, "service_code")
    if codes:
        events = events.filter(category__code__in=codes)
    statuses = set(_csv(request, "status"))
    if statuses - {"open", "closed"}:
        raise Open311Error(400, "status 只能为 open 或 closed")
    if statuses == {"open"}:
        events = events.exclude(case__state__in=CLOSED_STATES)
    elif statuses == {"closed"}:
        events = events.filter(case__state__in=CLOSED_STATES)
    return _respond(fmt, "service_requests", [request_payload(e) for e in events[:MAX_REQUESTS]])


def _attributes(request: HttpRequest) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in request.POST:
        match = _ATTRIBUTE_KEY.match(key)
        if match:
            got = request.POST.getlist(key)
            values[match.group(1)] = got if match.group(2) or len(got) > 1 else got[0]
    return values


LOOKUP_TTL = 10.0  # seconds: a key switched off, or a category changed, takes effect within this time
_lookups: dict[tuple[str, str], tuple[float, Any]] = {}


def _cached(kind: str, key: str, load: Callable[[], Any]) -> Any:
    """The intake's two look-ups (API key → client, service code → category), kept per process for
    ``LOOKUP_TTL`` seconds: they would otherwise be two of the three queries of every POST."""
    now = time.monotonic()
    hit = _lookups.get((kind, key))
    if hit is not None and now - hit[0] < LOOKUP_TTL:
        return hit[1]
    value = load()
    if len(_lookups) > 1000:
        _lookups.clear()
    _lookups[(kind, key)] = (now, value)
    return value


def _service_or_none(code: str) -> EventCategory | None:
    try:
        return EventCategory.objects.get(code=code, active=True, parent__isnull=False)
    except EventCategory.DoesNotExist:
        return None


# (parameter, Chinese label, multi-line) of the free text a POST carries
_TEXT_PARAMETERS = (
    ("description", "事件描述", True),
    ("address_string", "地址", False),
    ("address_id", "地址编号", False),
    ("first_name", "名", False),
    ("last_name", "姓", False),
    ("phone", "电话", False),
    ("email", "电子邮箱", False),
    ("account_id", "账号", False),
)


def _checked_text(request: HttpRequest) -> dict[str, str]:
    """The POST's free text through the input boundary (core.inputs); a refusal is a DomainError."""
    post = request.POST
    values = {
        name: text_check(post.get(name, ""), field=name, label=label, multiline=multiline)
        for name, label, multiline in _TEXT_PARAMETERS
    }
    for key in post:
        if _ATTRIBUTE_KEY.match(key):
            for value in post.getlist(key):
                text_check(value, field=key, label="附加字段", multiline=True)
    values["media_url"] = url_check(post.get("media_url", ""), field="media_url", label="媒体链接")
    return values


def _create_request(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.content_type not in FORM_TYPES:
        raise Open311Error(
            400,
            f"请求体须为表单编码（application/x-www-form-urlencoded 或 multipart/form-data），"
            f"GeoReport v2 不接受“{request.content_type or '无类型'}”的请求体",
        )
    post = request.POST
    key = post.get("api_key", "").strip()
    client = _cached("client", key, lambda: open311_client_authenticate(key))
    if client is None:
        raise Open311Error(403, "api_key 缺失或无效")
    if client.jurisdiction_id != jurisdiction_id():
        raise Open311Error(403, f"该 api_key 不属于辖区 {jurisdiction_id()}")
    code = post.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, "缺少 service_code")
    category = _cached("service", code, lambda: _service_or_none(code))
    if category is None:
        raise Open311Error(400, f"service_code “{code}” 不存在")
    try:
        text = _checked_text(request)
        name = " ".join(v for v in (text["last_name"].strip(), text["first_name"].strip()) if v)
        request_row = open311_request_accept(
            client=client,
            category=category,
            description=text["description"],
            lat=post.get("lat") or None,
            long=post.get("long") or None,
            address=text["address_string"],
            address_id=text["address_id"],
            attributes=_attributes(request),
            media_url=text["media_url"],
            contact_name=name,
            contact_phone=text["phone"].strip(),
            contact_email=text["email"].strip(),
            account_id=text["account_id"].strip(),
        )
    except DomainError as exc:
        field = {"lat": "lat/long", "address_string": "address_string"}.get(exc.field, exc.field)
        raise Open311Error(400, f"{field}：{exc.message}" if field else exc.message) from exc
    deadline = rules.category_deadline(amount=category.deadline_amount, unit=category.deadline_unit)
    public = category.public_feed != Feed.INTERNAL
    answer = {
        "service_request_id": request_row.service_request_id,
        "service_notice": f"已接收，将登记派遣；处置时限{deadline.describe()}"
        + ("" if public else "；此类事项涉及个人情况，不在公开列表中显示"),
        "account_id": request_row.account_id or None,
    }
    return _respond(fmt, "service_requests", [answer])


@csrf_exempt
@require_http_methods(["GET", "POST"])
@open311_view
def requests(request: HttpRequest, *, fmt: str) -> HttpResponse:
    """GET Service Requests (filters) or POST Service Request (needs api_key)."""
    if request.method == "POST":
        return _create_request(request, fmt)
    return _list_requests(request, fmt)


@require_GET
@open311_view
def request_detail(request: HttpRequest, request_id: str, *, fmt: str) -> HttpResponse:
    """GET Service Request: one request, in the same list shape."""
    found = _by_ids([request_id])
    if not found:
        raise Open311Error(404, f"service_request_id “{request_id}” 不存在或不公开")
    return _respond(fmt, "service_requests", found)
