"""What the grid offers the citizens' site (``portal``), which must file through the same intake as Open311 and
must not reach past the grid's rules.

- ``citizen_channel(kind)``: the Open311 client a channel of the site files through (a row staff see and may switch
  off on the clients page; it holds no usable key — the site calls the intake in-process, not over HTTP). The
  event's ``client`` is how staff see that a citizen filed it on the site.
- ``report_categories()`` / ``help_categories()``: what a citizen may choose. A report ("随手拍") is about a public
  place: only categories the public Open311 feed shows (``public_feed`` not internal, issue 13). A 12349 help
  request is about one person's circumstances: the internal categories routed to 民政 (``handler_function``
  civil_affairs), e.g. 困难群众求助, 独居老人关爱 — never shown in the public feed.
- ``citizen_request_accept(...)``: the Open311 intake (``services.intake.open311_request_accept``: the same
  checks and messages as an Open311 POST) after refusing a category the channel does not offer, with the same
  message as an unknown one (a guessed code learns nothing).
- ``photos_check``: the platform's photo upload check (the one ``event_report`` applies).
- ``event_citizen_support(event)``: another resident says "这也是我的问题" on the site — a line on the case's
  timeline (no state change), so the staff see how many people a problem bothers without a duplicate event.
- ``event_citizen_rating(...)``: the citizen's own rating of a closed event, on the event's 回访满意度 when the
  回访 has not been recorded yet, and on the case's timeline for the staff (the 回访评价 step stays theirs).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from minzheng.casework.models import CaseEvent
from minzheng.grid.models import Department, Event, EventCategory, Open311Client, Open311Request
from minzheng.grid.services._common import GridError, check_text
from minzheng.grid.services.events import _check_photos
from minzheng.grid.services.intake import open311_request_accept

REPORT = "report"
HELP = "help"
CHANNELS = {
    REPORT: "公众服务网站（随手拍）",
    HELP: "公众服务网站（12349网上求助）",
}
RATED_STATES = frozenset({"closed", "evaluated"})  # 已结案待评价, 已评价


def citizen_channel(kind: str) -> Open311Client:
    """The client of the site's channel ``kind`` (created on first use, with a key nobody holds)."""
    name = CHANNELS[kind]
    client = Open311Client.objects.filter(name=name).first()
    if client is not None:
        return client
    from minzheng.grid.open311 import jurisdiction_id

    key_hash = hashlib.sha256(secrets.token_bytes(32)).hexdigest()  # the key itself is never kept
    try:
        with transaction.atomic():
            return Open311Client.objects.create(
                name=name,
                source=Open311Client.Source.OPEN311,
                jurisdiction_id=jurisdiction_id(),
                key_prefix="",
                key_hash=key_hash,
            )
    except IntegrityError:  # created by a concurrent request
        return Open311Client.objects.get(name=name)


def _leaves() -> Any:
    return (
        EventCategory.objects.filter(active=True, parent__isnull=False, parent__active=True)
        .select_related("parent")
        .order_by("parent__order", "parent__code", "order", "code")
    )


def report_categories() -> list[EventCategory]:
    return list(_leaves().exclude(public_feed=EventCategory.PublicFeed.INTERNAL))


def help_categories() -> list[EventCategory]:
    return list(
        _leaves().filter(
            public_feed=EventCategory.PublicFeed.INTERNAL,
            handler_function=Department.Function.CIVIL_AFFAIRS,
        )
    )


def categories_for(kind: str) -> list[EventCategory]:
    return report_categories() if kind == REPORT else help_categories()


def citizen_request_accept(
    *,
    kind: str,
    category_code: str,
    description: str,
    lat: Any = None,
    long: Any = None,
    address: str = "",
    address_id: str = "",
    attributes: dict[str, Any] | None = None,
    media_url: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    account_id: str = "",
) -> Open311Request:
    """File what a citizen sent on the site through the Open311 intake of channel ``kind``."""
    category = next((c for c in categories_for(kind) if c.code == category_code), None)
    if category is None:
        raise GridError("请选择有效的事件分类", field="category")  # the intake's message for an unknown one
    client = citizen_channel(kind)
    if not client.active:
        raise GridError("网上受理已暂停，请拨打12345或12349热线反映", field="")
    return open311_request_accept(
        client=client,
        category=category,
        description=description,
        lat=lat,
        long=long,
        address=address,
        address_id=address_id,
        attributes=attributes,
        media_url=media_url,
        contact_name=contact_name,
        contact_phone=contact_phone,
        account_id=account_id,
    )


def photos_check(photos: Sequence[UploadedFile]) -> None:
    """At most 9 images of 10 MB, recognised by their first bytes (JPEG, PNG, GIF, WebP); ``GridError``."""
    _check_photos(photos)


def event_citizen_support(*, event: Event, supporters: int) -> None:
    """Record on the case's timeline that a resident joined the report (``supporters``: how many have now)."""
    case = Event.objects.select_related("case").get(pk=event.pk).case
    CaseEvent.objects.create(
        case=case,
        at=timezone.now(),
        actor=None,
        action="citizen_support",
        action_label="群众附议",
        from_state=case.state,
        to_state=case.state,
        comment=f"又有市民在公众服务网站反映同一问题（共{supporters}人附议）",
    )


SATISFACTION_BY_STARS = {
    5: Event.Satisfaction.SATISFIED,
    4: Event.Satisfaction.SATISFIED,
    3: Event.Satisfaction.BASIC,
    2: Event.Satisfaction.DISSATISFIED,
    1: Event.Satisfaction.DISSATISFIED,
}


def event_citizen_rating(*, event: Event, stars: int, comment: str = "") -> Event:
    """The person who filed a closed event rates it (1–5 stars, a comment): 4–5 满意, 3 基本满意, 1–2 不满意.

    The rating becomes the event's 回访满意度 while the 回访 is not recorded (state 已结案待评价; the staff's
    回访评价 still moves the case and may correct it); an event already evaluated keeps the staff's grade. Either
    way the rating is a line on the case's timeline (no state change), so whoever does the 回访 reads it."""
    if stars not in SATISFACTION_BY_STARS:
        raise GridError("请选择1到5星", field="stars")
    comment = check_text(comment, field="comment", label="评价内容", max_length=300)
    with transaction.atomic():
        locked = Event.objects.select_for_update(of=("self",)).select_related("case").get(pk=event.pk)
        state = locked.case.state
        if state not in RATED_STATES:
            raise GridError("办结后才能评价", field="stars")
        satisfaction = SATISFACTION_BY_STARS[stars]
        if state == "closed" and not locked.satisfaction:
            locked.satisfaction = satisfaction
            locked.save(update_fields=["satisfaction", "updated_at"])
        CaseEvent.objects.create(
            case=locked.case,
            at=timezone.now(),
            actor=None,
            action="citizen_rating",
            action_label="群众网上评价",
            from_state=state,
            to_state=state,
            comment=f"{stars}星（{Event.Satisfaction(satisfaction).label}）"
            + (f"：{comment}" if comment else ""),
        )
    return locked
