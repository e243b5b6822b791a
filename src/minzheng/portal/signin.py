"""Sign-in by real name: 身份证号码 + 姓名 + a one-time code sent by text message.

Where the code goes (the rule that decides what the session may see):

- The registry holds the person (ID and name match) with a mobile number on record: the code goes to that number,
  whatever number was typed, and the session is *verified* — it may show the bureau's records of the person
  (payments, reviews due, household).
- Otherwise (not in the registry, or no mobile on record): the code goes to the number typed, and the session is
  *unverified* — it may use the services and see what the citizen filed here, nothing the bureau holds. An account
  keeps the number it was first bound to; another number needs a counter clerk (the account's records stay with
  the person who holds the phone).

The same answer is given whether or not the registry knows the ID ("身份信息核验不通过"), so the page does not tell
who is in the registry. Limits (settings, counted from the sent codes themselves, so they hold across processes):
one code per number per ``PORTAL_SMS_INTERVAL_SECONDS``, ``PORTAL_SMS_PER_PHONE_HOUR``/``…_DAY`` per number,
``PORTAL_SMS_PER_ID_DAY`` per ID number, ``PORTAL_SMS_PER_IP_HOUR`` per address; a code lives
``PORTAL_CODE_MINUTES`` and dies after ``PORTAL_CODE_ATTEMPTS`` wrong tries. 《个人信息保护法》第十四条: consent to
the notice of its current version is recorded when the sign-in succeeds.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from minzheng.core.audit import Action, audit_append
from minzheng.core.errors import DomainError
from minzheng.core.ids import CitizenIdError, parse_citizen_id
from minzheng.core.inputs import text_check
from minzheng.core.masking import mask_phone
from minzheng.core.values import is_mobile, mobile_clean
from minzheng.portal.models import Citizen, CitizenSession, Consent, SignInChallenge
from minzheng.portal.sms import sms_send
from minzheng.registry.models import Person

NOTICE_VERSION = "2026-12"


class SignInError(DomainError):
    pass


def _code_hash(challenge_key: str, code: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{challenge_key}:{code}".encode(), hashlib.sha256
    ).hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class CodeSent:
    challenge: SignInChallenge
    phone_masked: str
    to_record: bool


def _limit(count: int, allowed: int, message: str, field: str = "") -> None:
    if count >= allowed:
        raise SignInError(message, field=field or None)


def _limits_check(id_number: str, phone: str, ip: str | None) -> None:
    now = timezone.now()
    sent = SignInChallenge.objects
    last = sent.filter(phone=phone).order_by("-created_at").values_list("created_at", flat=True).first()
    interval = settings.PORTAL_SMS_INTERVAL_SECONDS
    if last is not None and (now - last).total_seconds() < interval:
        wait = interval - int((now - last).total_seconds())
        raise SignInError(f"验证码已发送，请{wait}秒后再试", field="phone")
    hour, day = now - timedelta(hours=1), now - timedelta(days=1)
    _limit(
        sent.filter(phone=phone, created_at__gte=hour).count(),
        settings.PORTAL_SMS_PER_PHONE_HOUR,
        "该手机号一小时内获取验证码次数过多，请稍后再试",
        "phone",
    )
    _limit(
        sent.filter(phone=phone, created_at__gte=day).count(),
        settings.PORTAL_SMS_PER_PHONE_DAY,
        "该手机号今日获取验证码次数已达上限，请明天再试",
        "phone",
    )
    _limit(
        sent.filter(id_number=id_number, created_at__gte=day).count(),
        settings.PORTAL_SMS_PER_ID_DAY,
        "该身份证号码今日获取验证码次数已达上限，请明天再试",
        "id_number",
    )
    if ip:
        _limit(
            sent.filter(ip=ip, created_at__gte=hour).count(),
            settings.PORTAL_SMS_PER_IP_HOUR,
            "本网络一小时内获取验证码次数过多，请稍后再试",
        )


def code_request(*, id_number: str, name: str, phone: str, consent: bool, ip: str | None) -> CodeSent:
    """Check the identity as far as the page may, apply the limits and send a code."""
    if not consent:
        raise SignInError("请阅读并同意《个人信息处理告知书》后再获取验证码", field="consent")
    try:
        number = parse_citizen_id(id_number).number
    except CitizenIdError as exc:
        raise SignInError(f"身份证号码：{exc.reason}", field="id_number") from exc
    name = text_check(name, field="name", label="姓名").strip()
    if not name:
        raise SignInError("请填写姓名", field="name")
    try:
        phone = mobile_clean(phone)
    except DomainError as exc:
        raise SignInError(exc.message, field="phone") from None

    person = Person.objects.filter(id_number=number).only("name", "phone", "status").first()
    if person is not None and person.name != name:
        raise SignInError("身份信息核验不通过：请核对身份证号码与姓名", field="name")
    if person is not None and person.status in (Person.Status.DECEASED, Person.Status.MERGED):
        raise SignInError("身份信息核验不通过：请核对身份证号码与姓名", field="name")
    record_phone = person.phone if person is not None and is_mobile(person.phone) else ""
    account = Citizen.objects.filter(id_number=number).only("phone").first()
    if record_phone:
        target = record_phone
    else:
        if not phone:
            raise SignInError("请填写接收验证码的手机号码", field="phone")
        if account is not None and account.phone != phone:
            raise SignInError(
                f"该身份证号码已绑定手机号{mask_phone(account.phone)}，更换手机号请携带身份证到社区或镇街窗口办理",
                field="phone",
            )
        target = phone
    _limits_check(number, target, ip)

    code = f"{secrets.randbelow(1_000_000):06d}"
    key = secrets.token_hex(16)
    challenge = SignInChallenge.objects.create(
        id_number=number,
        name=name,
        phone=target,
        phone_on_record=bool(record_phone),
        ip=ip,
        code_hash=f"{key}:{_code_hash(key, code)}",
        consent_version=NOTICE_VERSION,
        expires_at=timezone.now() + timedelta(minutes=settings.PORTAL_CODE_MINUTES),
    )
    text = f"【海口民政】您的登录验证码为{code}，{settings.PORTAL_CODE_MINUTES}分钟内有效。如非本人操作，请忽略。"
    if not sms_send(target, text, purpose="登录验证码", logged_text=text.replace(code, "******")):
        raise SignInError("短信发送失败，请稍后再试")
    return CodeSent(challenge=challenge, phone_masked=mask_phone(target), to_record=bool(record_phone))


@dataclass(frozen=True)
class SignedIn:
    citizen: Citizen
    session: CitizenSession
    token: str


def code_verify(*, challenge_id: int, code: str, ip: str | None) -> SignedIn:
    """Check the code; on success open a session (and the account on first sign-in) and record the consent."""
    code = "".join(code.split())
    refusal: SignInError | None = None
    with transaction.atomic():  # a wrong try is counted and committed before the page refuses it
        challenge = SignInChallenge.objects.select_for_update().filter(pk=challenge_id).first()
        if challenge is None or challenge.used_at is not None:
            raise SignInError("验证码已失效，请重新获取", field="code")
        if challenge.expires_at <= timezone.now():
            raise SignInError("验证码已过期，请重新获取", field="code")
        if challenge.attempts >= settings.PORTAL_CODE_ATTEMPTS:
            raise SignInError("验证码错误次数过多，请重新获取", field="code")
        key, digest = challenge.code_hash.split(":", 1)
        if re.fullmatch(r"\d{6}", code) and hmac.compare_digest(digest, _code_hash(key, code)):
            challenge.used_at = timezone.now()
            challenge.save(update_fields=["used_at"])
        else:
            SignInChallenge.objects.filter(pk=challenge.pk).update(attempts=F("attempts") + 1)
            left = settings.PORTAL_CODE_ATTEMPTS - challenge.attempts - 1
            refusal = SignInError(
                f"验证码错误，还可尝试{left}次" if left > 0 else "验证码错误次数过多，请重新获取",
                field="code",
            )
    if refusal is not None:
        raise refusal

    person = Person.objects.filter(id_number=challenge.id_number).only("pk").first()
    now = timezone.now()
    with transaction.atomic():
        citizen, _ = Citizen.objects.select_for_update().get_or_create(
            id_number=challenge.id_number,
            defaults={"name": challenge.name, "phone": challenge.phone},
        )
        citizen.name = challenge.name
        citizen.phone = challenge.phone
        citizen.person = person
        citizen.last_sign_in = now
        citizen.save()
        Consent.objects.get_or_create(citizen=citizen, version=challenge.consent_version, defaults={"ip": ip})
        token = secrets.token_urlsafe(32)
        session = CitizenSession.objects.create(
            citizen=citizen,
            token_hash=token_hash(token),
            verified=challenge.phone_on_record and person is not None,
            last_seen=now,
            ip=ip,
        )
        audit_append(
            action=Action.LOGIN,
            obj=citizen,
            actor_name=citizen.audit_name,
            ip=ip,
            detail="公众服务登录（已与人口库实名核验）"
            if session.verified
            else "公众服务登录（未与人口库核验）",
        )
    return SignedIn(citizen=citizen, session=session, token=token)


def session_for(token: str) -> CitizenSession | None:
    """The live session of a cookie's token (idle and absolute limits), its last visit refreshed."""
    if not token:
        return None
    session = (
        CitizenSession.objects.select_related("citizen")
        .filter(token_hash=token_hash(token), ended_at__isnull=True)
        .first()
    )
    if session is None:
        return None
    now = timezone.now()
    idle = timedelta(minutes=settings.PORTAL_SESSION_IDLE_MINUTES)
    absolute = timedelta(hours=settings.PORTAL_SESSION_MAX_HOURS)
    if now - session.last_seen > idle or now - session.created_at > absolute:
        CitizenSession.objects.filter(pk=session.pk).update(ended_at=now)
        return None
    if (now - session.last_seen).total_seconds() > 60:  # one write a minute at most, not one per page
        CitizenSession.objects.filter(pk=session.pk).update(last_seen=now)
    return session


def sign_out(session: CitizenSession) -> None:
    CitizenSession.objects.filter(pk=session.pk, ended_at__isnull=True).update(ended_at=timezone.now())
    audit_append(action=Action.LOGOUT, obj=session.citizen, actor_name=session.citizen.audit_name)
