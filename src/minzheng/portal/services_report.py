"""Reports ("随手拍") and 12349 help requests on the citizens' site, on the grid's event intake.

Filing goes through ``grid.public.citizen_request_accept`` — the Open311 intake, with its checks and messages — and
the portal keeps which citizen owns which request (``CitizenReport``). Reads of the grid's events follow the public
Open311 feed's privacy (grid/open311.py, issue 13): only what citizens and hotlines filed, never an internal
category; a place only where the category's ``public_feed`` shows it. Nothing here shows a name, a phone, an ID
number or an address to anyone but the citizen who sent it.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils import timezone

from minzheng.casework.models import CaseEvent
from minzheng.core.errors import DomainError
from minzheng.core.inputs import url_check
from minzheng.core.models import Region
from minzheng.grid import public as grid_public
from minzheng.grid.models import Event, EventCategory, Open311Request
from minzheng.grid.open311 import CLOSED_STATES, PUBLIC_SOURCES, public_description
from minzheng.portal.models import Citizen
from minzheng.portal.models_report import CitizenReport, ReportPhoto, photo_token
from minzheng.portal.notify import notify
from minzheng.portal.reminders import reminder_register

Feed = EventCategory.PublicFeed
NEARBY_METRES = 200
NEARBY_LIMIT = 5
EARTH_METRES = 6_371_000

# --- a case's progress in a resident's words ----------------------------------------------------------------

RECEIVED = "已收到，正在登记"
STATE_WORDS = {
    "reported": "已登记，等待受理",
    "filed": "已受理，正在安排处理单位",
    "to_department": "已交处理单位办理",
    "to_grid": "已交社区网格员上门办理",
    "handled_department": "已处理，正在核查处理结果",
    "handled_grid": "已处理，正在核查处理结果",
    "closed": "已办结",
    "evaluated": "已办结，已回访",
    "void": "未予受理（如重复反映或不属于受理范围）",
}
ACTION_WORDS = {
    "return": "处理单位退回，正在重新安排",
    "rework": "核查未通过，正在重新处理",
    "reopen": "回访不满意，正在重新办理",
}


def state_words(state: str | None) -> str:
    return STATE_WORDS.get(state or "", RECEIVED)


@dataclass(frozen=True)
class Step:
    at: datetime
    words: str


def _moves() -> Any:
    """A case's moves, in order, with only what the history shows (prefetched for a list: ``Prefetch``)."""
    return CaseEvent.objects.order_by("at", "pk").only("case_id", "at", "action", "from_state", "to_state")


def _history(
    event: Event | None, received_at: datetime | None, moves: list[CaseEvent] | None = None
) -> list[Step]:
    """The moves of the event's case as a resident would say them (no comment, no staff name); ``moves``: the
    case's moves already read (in the order of ``_moves``), else they are read here."""
    steps = [Step(received_at, "收到反映")] if received_at else []
    if event is None:
        return steps
    if moves is None:
        moves = list(_moves().filter(case_id=event.case_id))
    for move in moves:
        if move.action != "open" and move.from_state == move.to_state:
            continue  # notes, supervision, the citizen's own rating: no change of state
        steps.append(Step(move.at, ACTION_WORDS.get(move.action) or state_words(move.to_state)))
    return steps


def _place(event: Event | None) -> str:
    """The community the event is in (never the address or the point); "" while it is not placed yet."""
    if event is None:
        return ""
    region = event.case.region
    if region.level == Region.Level.GRID and region.parent is not None:
        region = region.parent
    return "" if region.parent_id is None else region.name


# --- the public status page ---------------------------------------------------------------------------------


@dataclass
class PublicReport:
    public_id: str
    category: str
    state: str
    closed: bool
    opened_at: datetime
    description: str | None
    place: str
    history: list[Step]
    supporters: int
    photo_urls: list[str] = field(default_factory=list)


def _public_id(event: Event) -> str:
    try:
        return event.open311_request.service_request_id
    except Open311Request.DoesNotExist:
        return event.case.number


def _public_events() -> Any:
    return (
        Event.objects.filter(source__in=PUBLIC_SOURCES)
        .exclude(category__public_feed=Feed.INTERNAL)
        .select_related("case", "case__region", "category", "open311_request")
    )


def public_report(public_id: str) -> PublicReport | None:
    """A report as anyone may see it, by the number its sender holds (``OR…`` or the case number); None when
    there is none, or its category is not public (the same answer: a number says nothing of what lies behind)."""
    request_pk = Open311Request.pk_from(public_id)
    event: Event | None
    row: Open311Request | None = None
    if request_pk is not None:
        row = (
            Open311Request.objects.filter(pk=request_pk)
            .exclude(category__public_feed=Feed.INTERNAL)
            .select_related("category")
            .first()
        )
        if row is None:
            return None
        event = _public_events().filter(pk=row.event_id).first() if row.event_id else None
    else:
        event = _public_events().filter(case__number=public_id).first()
        if event is None:
            return None
    category = event.category if event is not None else row.category  # type: ignore[union-attr]
    policy = category.public_feed
    text = event.description if event is not None else row.description  # type: ignore[union-attr]
    state = event.case.state if event is not None else None
    links = CitizenReport.objects.filter(kind=CitizenReport.Kind.REPORT)
    photos: list[str] = []
    if policy == Feed.FULL:
        own = (
            ReportPhoto.objects.filter(report__request=row) if row is not None else ReportPhoto.objects.none()
        )
        photos = [reverse("portal:report_photo", args=[p.token]) for p in own]
    return PublicReport(
        public_id=public_id,
        category=category.name,
        state=state_words(state),
        closed=state in CLOSED_STATES,
        opened_at=event.case.opened_at if event is not None else row.received_at,  # type: ignore[union-attr]
        description=public_description(text)[:500] if policy in (Feed.FULL, Feed.DESCRIPTION) else None,
        place=_place(event) if policy in (Feed.FULL, Feed.DESCRIPTION) else "",
        history=_history(event, row.received_at if row is not None else None),
        supporters=links.filter(event=event, supported=True).count() if event is not None else 0,
        photo_urls=photos,
    )


# --- nearby open reports (before filing) ----------------------------------------------------------------------


@dataclass(frozen=True)
class Nearby:
    public_id: str
    event_id: int
    category: str
    description: str
    state: str
    opened_on: date
    metres: int


def metres_between(lat1: float, long1: float, lat2: float, long2: float) -> float:
    """Great-circle distance (haversine) in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(long2 - long1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_METRES * math.asin(math.sqrt(a))


def _open_public_events(category: EventCategory) -> Any:
    """Open events of ``category`` the public feed shows with their place (policy "full")."""
    if category.public_feed != Feed.FULL:
        return Event.objects.none()
    return (
        _public_events()
        .filter(category=category, category__public_feed=Feed.FULL, lat__isnull=False, long__isnull=False)
        .exclude(case__state__in=CLOSED_STATES)
    )


def nearby_open_reports(
    *,
    category: EventCategory,
    lat: float,
    long: float,
    metres: int = NEARBY_METRES,
    limit: int = NEARBY_LIMIT,
) -> list[Nearby]:
    """The open reports of the same category within ``metres`` of the point, nearest first — only in a category
    whose place is public anyway (a report of a dispute or a dwelling is never placed for a stranger)."""
    dlat = metres / 111_320
    dlong = metres / (111_320 * max(math.cos(math.radians(lat)), 0.01))
    rows = _open_public_events(category).filter(
        lat__gte=lat - dlat, lat__lte=lat + dlat, long__gte=long - dlong, long__lte=long + dlong
    )[:200]
    found = []
    for event in rows:
        distance = metres_between(lat, long, event.lat, event.long)
        if distance <= metres:
            found.append(
                Nearby(
                    public_id=_public_id(event),
                    event_id=event.pk,
                    category=event.category.name,
                    description=public_description(event.description)[:60],
                    state=state_words(event.case.state),
                    opened_on=timezone.localtime(event.case.opened_at).date(),
                    metres=round(distance),
                )
            )
    return sorted(found, key=lambda n: (n.metres, n.event_id))[:limit]


# --- photos: the platform's check, then the metadata taken out ------------------------------------------------

_JPEG, _PNG, _WEBP = b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF"
_PNG_METADATA = {b"eXIf", b"tEXt", b"iTXt", b"zTXt", b"tIME"}


def _jpeg_clean(data: bytes) -> bytes:
    """Drop the APP1…APP15 and comment segments (EXIF with the GPS point and the device, XMP) of a JPEG."""
    out, i = bytearray(data[:2]), 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker == 0xDA:  # start of scan: the image data follows
            break
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        if not (0xE1 <= marker <= 0xEF or marker == 0xFE):
            out += data[i : i + 2 + length]
        i += 2 + length
    return bytes(out + data[i:])


def _png_clean(data: bytes) -> bytes:
    out, i = bytearray(data[:8]), 8
    while i + 8 <= len(data):
        length = struct.unpack(">I", data[i : i + 4])[0]
        kind = data[i + 4 : i + 8]
        if kind not in _PNG_METADATA:
            out += data[i : i + 12 + length]
        i += 12 + length
    return bytes(out)


def _webp_clean(data: bytes) -> bytes:
    chunks, i = bytearray(), 12
    while i + 8 <= len(data):
        kind, length = data[i : i + 4], struct.unpack("<I", data[i + 4 : i + 8])[0]
        chunk = bytearray(data[i : i + 8 + length + (length & 1)])
        if kind == b"VP8X":
            chunk[8] &= ~0x0C & 0xFF  # the EXIF and XMP flags
        if kind not in (b"EXIF", b"XMP "):
            chunks += chunk
        i += 8 + length + (length & 1)
    return b"RIFF" + struct.pack("<I", len(chunks) + 4) + b"WEBP" + bytes(chunks)


def photo_clean(data: bytes) -> tuple[bytes, str, str]:
    """The image without its metadata: (bytes, content type, extension)."""
    if data.startswith(_JPEG):
        return _jpeg_clean(data), "image/jpeg", "jpg"
    if data.startswith(_PNG):
        return _png_clean(data), "image/png", "png"
    if data.startswith(_WEBP) and data[8:12] == b"WEBP":
        return _webp_clean(data), "image/webp", "webp"
    return data, "image/gif", "gif"


# --- filing, joining, rating ------------------------------------------------------------------------------------


def report_file(
    *,
    citizen: Citizen,
    kind: str,
    category_code: str,
    description: str,
    lat: Any = None,
    long: Any = None,
    address: str = "",
    address_id: str = "",
    attributes: dict[str, Any] | None = None,
    photos: list[UploadedFile] | None = None,
    site_url: str = "",
) -> CitizenReport:
    """File a report or help request through the grid's intake (the Open311 one) and link it to the citizen.
    A photo is kept by the site (checked as every upload of the platform, metadata taken out) and the event's
    媒体链接 points at it (``site_url``: the site's address, e.g. https://host)."""
    photos = photos or []
    grid_public.photos_check(photos)
    if len(photos) > 1:
        raise DomainError("每次上报可附一张照片", field="photo")
    token = photo_token()
    media_url = f"{site_url}{reverse('portal:report_photo', args=[token])}" if photos else ""
    try:
        media_url = url_check(media_url, field="photo", label="照片链接")
    except DomainError:
        media_url = (
            ""  # a host the URL rules refuse (an intranet name without a dot): the photo stays on the site
        )
    with transaction.atomic():
        request = grid_public.citizen_request_accept(
            kind=kind,
            category_code=category_code,
            description=description,
            lat=lat,
            long=long,
            address=address,
            address_id=address_id,
            attributes=attributes,
            media_url=media_url,
            contact_name=citizen.name,
            contact_phone=citizen.phone,
            account_id=citizen.audit_name,
        )
        link = CitizenReport.objects.create(citizen=citizen, kind=kind, request=request)
        for photo in photos:
            data, content_type, ext = photo_clean(photo.read())
            ReportPhoto.objects.create(
                report=link,
                token=token,
                content_type=content_type,
                file=ContentFile(data, name=f"photo.{ext}"),
            )
    return link


def report_support(*, citizen: Citizen, event_id: int) -> CitizenReport:
    """ "这也是我的问题": the citizen joins an open public report instead of filing it again; they follow its
    progress from now on (counted once per citizen)."""
    event = _public_events().filter(pk=event_id, category__public_feed=Feed.FULL).first()
    if event is None or event.case.state in CLOSED_STATES:
        raise DomainError("该问题已办结或不存在，请重新上报", field="event")
    existing = CitizenReport.objects.filter(citizen=citizen, event=event).first()
    if existing is not None:
        return existing
    if CitizenReport.objects.filter(citizen=citizen, request__event=event).exists():
        raise DomainError("这是您自己上报的问题", field="event")
    last = (
        CaseEvent.objects.filter(case_id=event.case_id).order_by("-pk").values_list("pk", flat=True).first()
    )
    try:
        with transaction.atomic():
            link = CitizenReport.objects.create(
                citizen=citizen,
                kind=CitizenReport.Kind.REPORT,
                event=event,
                supported=True,
                notified_upto=last or 0,
            )
            supporters = CitizenReport.objects.filter(event=event, supported=True).count()
            grid_public.event_citizen_support(event=event, supporters=supporters)  # the staff see it too
            return link
    except IntegrityError:  # a double tap
        return CitizenReport.objects.get(citizen=citizen, event=event, supported=True)


def link_event(link: CitizenReport) -> Event | None:
    """The event of the citizen's report (filed by the intake's worker a moment after it was sent)."""
    if link.event_id is None and link.request_id is not None:
        event_id = (
            Open311Request.objects.filter(pk=link.request_id).values_list("event_id", flat=True).first()
        )
        if event_id is not None:
            CitizenReport.objects.filter(pk=link.pk).update(event_id=event_id)
            link.event_id = event_id
    if link.event_id is None:
        return None
    return Event.objects.select_related("case", "case__region", "category").get(pk=link.event_id)


def report_rate(*, citizen: Citizen, link: CitizenReport, stars: int, comment: str = "") -> CitizenReport:
    """The citizen rates what they filed, once, when it is closed; the grid keeps it as the 回访满意度."""
    with transaction.atomic():
        locked = CitizenReport.objects.select_for_update().get(pk=link.pk, citizen=citizen)
        if locked.rated_at is not None:
            raise DomainError("您已评价过，每件只能评价一次", field="stars")
        if locked.supported:
            raise DomainError("请由上报人评价", field="stars")
        event = link_event(locked)
        if event is None:
            raise DomainError("办结后才能评价", field="stars")
        grid_public.event_citizen_rating(event=event, stars=stars, comment=comment)
        locked.stars, locked.rating_comment, locked.rated_at = stars, comment.strip()[:300], timezone.now()
        locked.save(update_fields=["stars", "rating_comment", "rated_at"])
    return locked


# --- what the citizen sees of their own ---------------------------------------------------------------------


@dataclass
class MyItem:
    link: CitizenReport
    public_id: str
    category: str
    state: str
    closed: bool
    rateable: bool
    opened_at: datetime
    description: str
    history: list[Step]
    public: bool
    photo_urls: list[str]


def my_item(link: CitizenReport) -> MyItem:
    return _my_item(link, link_event(link), None)


def _my_item(link: CitizenReport, event: Event | None, moves: list[CaseEvent] | None) -> MyItem:
    """``event``: the link's event if the intake has filed it; ``moves``: its case's moves if already read."""
    row = link.request
    state = event.case.state if event is not None else None
    if row is not None:  # filed by the citizen: what they sent
        category = event.category if event is not None else row.category
        public_id = _public_id(event) if event is not None else row.service_request_id
        opened_at, description, received_at = row.received_at, row.description, row.received_at
    elif event is not None:  # "这也是我的问题": someone else's report, as the public feed shows it
        category, public_id = event.category, _public_id(event)
        opened_at, description, received_at = (
            event.case.opened_at,
            public_description(event.description),
            None,
        )
    else:  # the table's check: filed (a request) or supported (an event)
        raise ValueError(f"{link} has neither a request nor an event")
    return MyItem(
        link=link,
        public_id=public_id,
        category=category.name,
        state=state_words(state),
        closed=state in CLOSED_STATES,
        rateable=not link.supported and link.rated_at is None and state in grid_public.RATED_STATES,
        opened_at=opened_at,
        description=description,
        history=_history(event, received_at, moves),
        public=category.public_feed != Feed.INTERNAL,
        photo_urls=[reverse("portal:report_photo", args=[p.token]) for p in link.photos.all()],
    )


def my_list(citizen: Citizen, kind: str) -> list[MyItem]:
    """The citizen's latest 100 reports (or help requests) with their events, photos and moves: a fixed number of
    queries however many there are (the links filled first, then one query each for links, photos, moves)."""
    _links_filled(citizen)
    links = (
        CitizenReport.objects.filter(citizen=citizen, kind=kind)
        .select_related(
            "request",
            "request__category",
            "event__case__region",
            "event__category",
            "event__open311_request",
        )
        .prefetch_related("photos", Prefetch("event__case__events", queryset=_moves(), to_attr="moves"))
    )
    items = []
    for link in links[:100]:
        event = link.event
        # Prefetch(to_attr="moves") puts the list on the case: an attribute the stubs cannot know of
        moves: list[CaseEvent] | None = getattr(event.case, "moves", None) if event is not None else None
        items.append(_my_item(link, event, moves))
    return items


# --- notifications: one message per change of state ------------------------------------------------------------


def _detail_url(link: CitizenReport) -> str:
    name = "portal:help_detail" if link.kind == CitizenReport.Kind.HELP else "portal:report_mine_detail"
    return reverse(name, args=[link.pk])


def _links_filled(citizen: Citizen | None = None) -> None:
    """Links (of ``citizen``, else all) whose request the intake has filed since: point them at the event (one
    UPDATE)."""
    filed = Open311Request.objects.filter(pk=OuterRef("request_id")).values("event_id")[:1]
    links = CitizenReport.objects.filter(event__isnull=True, request__event__isnull=False)
    if citizen is not None:
        links = links.filter(citizen=citizen)
    links.update(event_id=Subquery(filed))


def updates_notify(*, citizen: Citizen | None = None) -> int:
    """Tell each citizen (or only ``citizen``) of every change of state of their reports and help requests since
    the last time, one inbox message (and text) per change; returns how many were sent."""
    _links_filled()
    newer = CaseEvent.objects.filter(case__grid_event=OuterRef("event_id"), pk__gt=OuterRef("notified_upto"))
    links = CitizenReport.objects.filter(event__isnull=False).filter(Exists(newer))
    if citizen is not None:
        links = links.filter(citizen=citizen)
    sent = 0
    for link in links.select_related("citizen", "event", "event__category", "request"):
        event = link.event
        if event is None:  # filtered out above (event__isnull=False)
            continue
        moves = CaseEvent.objects.filter(case_id=event.case_id, pk__gt=link.notified_upto).order_by("pk")
        last = link.notified_upto
        for move in moves.only("pk", "at", "action", "from_state", "to_state"):
            last = move.pk
            if move.action == "open" or move.from_state == move.to_state:
                continue
            words = ACTION_WORDS.get(move.action) or state_words(move.to_state)
            what = "12349求助" if link.kind == CitizenReport.Kind.HELP else f"反映的“{event.category.name}”"
            sent += notify(
                link.citizen,
                title=f"您{what}{words}",
                body=f"{timezone.localtime(move.at):%Y-%m-%d %H:%M}",
                url=_detail_url(link),
                key=f"grid-event:{link.pk}:{move.pk}",
            )
        CitizenReport.objects.filter(pk=link.pk, notified_upto__lt=last).update(notified_upto=last)
    return sent


@reminder_register("events")
def events_remind(day: date) -> int:
    """The daily run: changes of state nobody has been told of yet (the pages tell on each visit too)."""
    return updates_notify()
