"""The counter's side of citizens' accounts: look one up by its full ID number (a resident asks why no code
arrives, or which number the account is bound to), and bind another mobile number after seeing the ID card.

An account's bound number matters only for sign-ins the registry cannot verify (no mobile number on record): a
person the registry holds with a number always receives the code there, and that number is changed on the
registry's person page, not here. Rebinding ends every open session of the account. Both are audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from minzheng.core.audit import Action, audit_append
from minzheng.core.errors import DomainError
from minzheng.core.ids import CitizenIdError, parse_citizen_id
from minzheng.core.masking import mask_phone
from minzheng.core.models import User
from minzheng.core.roles import require
from minzheng.core.values import mobile_clean
from minzheng.portal.models import Citizen, CitizenSession, SignInChallenge, SmsMessage


class AccountError(DomainError):
    pass


@dataclass(frozen=True)
class AccountView:
    citizen: Citizen | None
    id_number: str
    codes: list[SignInChallenge]
    messages: list[SmsMessage]


def account_lookup(*, actor: User, id_number: str) -> AccountView:
    """The account of one full ID number, with its last sign-in codes and the last texts to its number."""
    require(actor, "portal.support")
    try:
        number = parse_citizen_id(id_number).number
    except CitizenIdError as exc:
        raise AccountError(f"身份证号码：{exc.reason}", field="id_number") from exc
    citizen = Citizen.objects.select_related("person").filter(id_number=number).first()
    codes = list(SignInChallenge.objects.filter(id_number=number).order_by("-created_at")[:10])
    phones = {c.phone for c in codes} | ({citizen.phone} if citizen else set())
    messages = list(SmsMessage.objects.filter(phone__in=phones).order_by("-created_at")[:20])
    audit_append(
        action=Action.VIEW,
        obj=citizen,
        object_type="portal.citizen",
        object_id=str(citizen.pk) if citizen else "",
        detail=f"查询公众用户账号 {number}",
    )
    return AccountView(citizen=citizen, id_number=number, codes=codes, messages=messages)


def phone_rebind(*, actor: User, citizen: Citizen, phone: str, id_card_checked: bool, reason: str) -> Citizen:
    require(actor, "portal.rebind")
    if not id_card_checked:
        raise AccountError("请先现场核验居民身份证原件，并勾选确认", field="id_card_checked")
    try:
        phone = mobile_clean(phone)
    except DomainError as exc:
        raise AccountError(exc.message, field="phone") from None
    if not phone:
        raise AccountError("请填写新绑定手机号", field="phone")
    reason = reason.strip()
    if not reason:
        raise AccountError("请填写更换原因", field="reason")
    with transaction.atomic():
        locked = Citizen.objects.select_for_update().get(pk=citizen.pk)
        if locked.phone == phone:
            raise AccountError("新手机号与当前绑定的手机号相同", field="phone")
        before = mask_phone(locked.phone)
        locked.phone = phone
        locked.save(update_fields=["phone"])
        ended = CitizenSession.objects.filter(citizen=locked, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )
        audit_append(
            action=Action.UPDATE,
            obj=locked,
            before={"绑定手机号": before},
            after={"绑定手机号": mask_phone(phone)},
            detail=f"现场核验身份证后更换绑定手机号，原因：{reason}；结束登录会话{ended}个",
        )
    return locked
