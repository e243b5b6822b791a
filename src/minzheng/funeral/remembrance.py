"""代祭扫 and 网上祭祀: proxy sweeping orders done by the cemetery's staff with photos returned to the family; online
memorial pages whose visits are counted per day and whose messages are shown once staff approve them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import region_within_scope
from minzheng.core.values import phone_clean
from minzheng.funeral import rules
from minzheng.funeral.errors import FuneralError
from minzheng.funeral.models import (
    Cemetery,
    Death,
    Memorial,
    MemorialMessage,
    MemorialVisitDay,
    Plot,
    ProxyOrder,
    ProxyPhoto,
)

PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}
PHOTO_MAX_BYTES = 8 * 1024 * 1024
MESSAGE_MAX = 500

# --- proxy sweeping ----------------------------------------------------------------------------------------


def proxy_order_create(
    *,
    cemetery: Cemetery,
    deceased_name: str,
    requester_name: str,
    requester_id_number: str,
    requester_phone: str,
    day: date,
    plot: Plot | None = None,
    now: datetime | None = None,
) -> ProxyOrder:
    """A family orders 代祭扫 for ``day`` (from the portal or the hotline)."""
    now = now or timezone.now()
    if not (deceased_name or "").strip():
        raise FuneralError("请填写逝者姓名", field="deceased_name")
    if not (requester_name or "").strip():
        raise FuneralError("请填写委托人姓名", field="requester_name")
    phone = phone_clean(requester_phone, field="requester_phone", label="委托人电话")
    if not phone:
        raise FuneralError("请填写委托人电话（用于回传照片）", field="requester_phone")
    if day < timezone.localdate(now):
        raise FuneralError("祭扫日期不能早于今天", field="day")
    if plot is not None and plot.cemetery_id != cemetery.pk:
        raise FuneralError(f"墓位{plot.code}不在{cemetery.name}", field="plot")
    return ProxyOrder.objects.create(
        cemetery=cemetery, plot=plot, deceased_name=deceased_name.strip()[:50],
        requester_name=requester_name.strip()[:50],
        requester_id_number=rules.id_number_clean(requester_id_number, field="requester_id_number", label="委托人身份证号"),
        requester_phone=phone, day=day, ordered_at=now,
    )  # fmt: skip


def proxy_order_complete(
    *, actor: User, order: ProxyOrder, photos: Sequence[Any], note: str = "", at: datetime | None = None
) -> ProxyOrder:
    """The cemetery's staff record the sweeping done, with at least one photo for the family (jpeg/png/webp)."""
    require(actor, "funeral.proxy")
    if not photos:
        raise FuneralError("请上传至少一张祭扫照片（回传给家属）", field="photos")
    for photo in photos:
        if getattr(photo, "content_type", "image/jpeg") not in PHOTO_TYPES:
            raise FuneralError(f"照片“{photo.name}”须为JPEG、PNG或WebP格式", field="photos")
        if photo.size > PHOTO_MAX_BYTES:
            raise FuneralError(f"照片“{photo.name}”超过8MB", field="photos")
    with transaction.atomic():
        locked = (
            ProxyOrder.objects.select_for_update(of=("self",)).select_related("cemetery").get(pk=order.pk)
        )
        if not locked.cemetery.operators.filter(pk=actor.pk).exists():
            raise FuneralError(f"您不是{locked.cemetery.name}的经办人", field="order")
        if locked.status != ProxyOrder.Status.ORDERED:
            raise FuneralError(f"该代祭扫状态为“{locked.get_status_display()}”", field="order")
        for photo in photos:
            ProxyPhoto.objects.create(order=locked, image=photo)
        locked.status, locked.done_at, locked.done_by = ProxyOrder.Status.DONE, at or timezone.now(), actor
        locked.note = (note or "").strip()[:200]
        locked.save(update_fields=["status", "done_at", "done_by", "note"])
    return locked


# --- online memorials --------------------------------------------------------------------------------------


def memorial_create(
    *,
    name: str,
    region: Region,
    death: Death | None = None,
    born_on: date | None = None,
    died_on: date | None = None,
) -> Memorial:
    """A family opens an online memorial (from the portal); linked to the death registration where known."""
    if not (name or "").strip():
        raise FuneralError("请填写逝者姓名", field="name")
    if death is not None:
        name, died_on, born_on = death.person.name, death.died_on, death.person.birth_date
    if born_on and died_on and died_on < born_on:
        raise FuneralError("逝世日期不能早于出生日期", field="died_on")
    return Memorial.objects.create(
        name=name.strip()[:50], region=region, death=death, born_on=born_on, died_on=died_on
    )


def memorial_visit(*, memorial: Memorial, day: date | None = None) -> None:
    """One online visit (网上祭祀人次): one upsert of the day's counter, no row per visit."""
    table = MemorialVisitDay._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (memorial_id, day, visits) VALUES (%s, %s, 1) "
            f"ON CONFLICT (memorial_id, day) DO UPDATE SET visits = {table}.visits + 1",
            [memorial.pk, day or timezone.localdate()],
        )


def message_post(
    *, memorial: Memorial, author: str, text: str, now: datetime | None = None
) -> MemorialMessage:
    """A message left on a memorial: waits for staff approval before anyone sees it."""
    author, text = (author or "").strip(), (text or "").strip()
    if not author:
        raise FuneralError("请填写留言人", field="author")
    if not text:
        raise FuneralError("请填写留言内容", field="text")
    if len(text) > MESSAGE_MAX:
        raise FuneralError(f"留言不能超过{MESSAGE_MAX}字，实为{len(text)}字", field="text")
    return MemorialMessage.objects.create(
        memorial=memorial, author=author[:50], text=text, created_at=now or timezone.now()
    )


def message_moderate(*, actor: User, message: MemorialMessage, approve: bool) -> MemorialMessage:
    """Staff approve (发布) or reject a pending message of a memorial in their region."""
    require(actor, "funeral.moderate")
    with transaction.atomic():
        locked = (
            MemorialMessage.objects.select_for_update(of=("self",))
            .select_related("memorial__region")
            .get(pk=message.pk)
        )
        if not region_within_scope(actor, locked.memorial.region):
            raise FuneralError("该纪念馆不在您的管辖范围内", field="message")
        if locked.status != MemorialMessage.Status.PENDING:
            raise FuneralError(f"该留言已审核（{locked.get_status_display()}）", field="message")
        locked.status = MemorialMessage.Status.APPROVED if approve else MemorialMessage.Status.REJECTED
        locked.moderated_by, locked.moderated_at = actor, timezone.now()
        locked.save(update_fields=["status", "moderated_by", "moderated_at"])
    return locked


def memorial_messages_shown(*, memorial: Memorial) -> list[MemorialMessage]:
    """What the public sees: approved messages only."""
    return list(memorial.messages.filter(status=MemorialMessage.Status.APPROVED).order_by("created_at"))
