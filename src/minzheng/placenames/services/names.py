"""The name register and the naming applications."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from minzheng.casework.models import Case
from minzheng.casework.services import case_open
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.placenames import rules
from minzheng.placenames.casetypes import CASE_TYPE, NOTICE_DAYS
from minzheng.placenames.errors import PlacenamesError
from minzheng.placenames.models import NamingApplication, PlaceName
from minzheng.placenames.services.common import geometry_clean, scope_check


def _pinyin(name: str, kind: str, manual: str) -> tuple[str, bool]:
    manual = " ".join((manual or "").split())
    if manual:
        if not all(ch.isalpha() or ch in " '" for ch in manual):
            raise PlacenamesError("汉语拼音只能含字母、空格和隔音符号（'）", field="pinyin")
        return manual, True
    return rules.pinyin_of(name, kind), False


def name_check(
    *,
    name: str,
    kind: str,
    pinyin: str = "",
    exclude_place: PlaceName | None = None,
    exclude_application: NamingApplication | None = None,
) -> list[rules.Problem]:
    """The standard-name check of a proposed name: its form (规范汉字, 通名, forbidden words) and, across the whole
    city (not the user's scope: 重名 and 同音 are the city's), no name of the same class in use nor one proposed in
    an open application with the same characters or the same toneless pinyin."""
    if kind not in rules.KIND_LABELS:
        raise PlacenamesError("请选择地名类别", field="kind")
    problems = rules.check_form(name, kind)
    if any(p.code == "characters" for p in problems):
        return problems
    spelled, _ = _pinyin(name, kind, pinyin)
    key = rules.sound_key(spelled)
    kinds = [k for k, c in rules.CLASS_OF.items() if c == rules.CLASS_OF[kind]]
    in_use = PlaceName.objects.filter(name_class=rules.CLASS_OF[kind], status=PlaceName.Status.IN_USE)
    if exclude_place is not None:
        in_use = in_use.exclude(pk=exclude_place.pk)
    existing = [
        (n, k, f"{r}（地名录）")
        for n, k, r in in_use.filter(sound_key=key).values_list("name", "sound_key", "region__name")
    ]
    existing += [
        (n, k, f"{r}（地名录）")
        for n, k, r in in_use.filter(name=name)
        .exclude(sound_key=key)
        .values_list("name", "sound_key", "region__name")
    ]
    pending = NamingApplication.objects.filter(kind__in=kinds, case__closed_at__isnull=True).select_related(
        "case"
    )
    if exclude_application is not None:
        pending = pending.exclude(pk=exclude_application.pk)
    for app in pending:
        app_key = rules.sound_key(_pinyin(app.name, app.kind, app.pinyin)[0])
        if app.name == name or app_key == key:
            existing.append((app.name, app_key, f"办理中的申请{app.case.number}"))
    return problems + rules.check_against(name, kind, key, existing)


def _refuse_problems(problems: list[rules.Problem]) -> None:
    if problems:
        raise PlacenamesError("标准名称核查未通过：" + "；".join(p.message for p in problems), field="name")


def _create(
    *, actor: User | None, name: str, kind: str, region: Region, valid_from: date, pinyin: str, geometry: str,
    description: str, origin: str, predecessor: PlaceName | None = None, approval: str = "",
) -> PlaceName:  # fmt: skip
    spelled, manual = _pinyin(name, kind, pinyin)
    try:
        with transaction.atomic():
            return PlaceName.objects.create(
                kind=kind, name_class=rules.CLASS_OF[kind], name=name, generic=rules.generic_of(name, kind),
                pinyin=spelled, pinyin_manual=manual, sound_key=rules.sound_key(spelled), region=region,
                geometry=geometry_clean(geometry), description=description[:300], origin=origin,
                valid_from=valid_from, predecessor=predecessor, approval=approval[:100], created_by=actor,
            )  # fmt: skip
    except IntegrityError:
        raise PlacenamesError(f"地名录中已有在用的“{name}”", field="name") from None


def place_name_record(
    *,
    actor: User | None,
    name: str,
    kind: str,
    region: Region,
    valid_from: date,
    pinyin: str = "",
    geometry: str = "",
    description: str = "",
    approval: str = "",
) -> PlaceName:
    """Enter an existing standard name (既有地名登记, e.g. from the 地名普查) into the register, after the same
    standard-name check as a new one."""
    if actor is not None:
        require(actor, "placenames.register")
    scope_check(actor, region, "登记地名")
    name = name.strip()
    _refuse_problems(name_check(name=name, kind=kind, pinyin=pinyin))
    return _create(
        actor=actor, name=name, kind=kind, region=region, valid_from=valid_from, pinyin=pinyin, geometry=geometry,
        description=description, origin=PlaceName.Origin.RECORDED, approval=approval,
    )  # fmt: skip


def _retire(place: PlaceName, *, on: date, reason: str) -> PlaceName:
    locked = PlaceName.objects.select_for_update().get(pk=place.pk)
    if locked.status != PlaceName.Status.IN_USE:
        raise PlacenamesError(f"“{locked.name}”已于{locked.valid_to:%Y年%m月%d日}停用")
    if on < locked.valid_from:
        raise PlacenamesError(f"停用日期不能早于启用日期{locked.valid_from:%Y年%m月%d日}", field="on")
    locked.status, locked.valid_to, locked.retire_reason = PlaceName.Status.RETIRED, on, reason[:200]
    locked.save(update_fields=["status", "valid_to", "retire_reason"])
    return locked


def place_name_retire(*, actor: User | None, place: PlaceName, on: date, reason: str) -> PlaceName:
    """停用 (the road was removed, the village merged): the record stays, closed on ``on`` with the reason."""
    if actor is not None:
        require(actor, "placenames.register")
    scope_check(actor, place.region, "停用地名")
    if not (reason or "").strip():
        raise PlacenamesError("停用须说明原因", field="reason")
    with transaction.atomic():
        return _retire(place, on=on, reason=reason.strip())


def place_name_rename(
    *, actor: User | None, place: PlaceName, new_name: str, on: date, approval: str = "", pinyin: str = "",
    reason: str = "",
) -> PlaceName:  # fmt: skip
    """更名: the old record is retired on the day before ``on`` (kept, with its dates) and a new one starts on
    ``on`` pointing back at it. Called by the approval of a renaming application; never without one in the
    pages (条例第四条第三款)."""
    new_name = new_name.strip()
    if new_name == place.name:
        raise PlacenamesError("新名称与原名称相同", field="name")
    _refuse_problems(name_check(name=new_name, kind=place.kind, pinyin=pinyin, exclude_place=place))
    with transaction.atomic():
        old = _retire(place, on=max(on - timedelta(days=1), place.valid_from), reason=f"更名为“{new_name}”")
        return _create(
            actor=actor, name=new_name, kind=old.kind, region=old.region, valid_from=on, pinyin=pinyin,
            geometry=old.geometry, description=reason or old.description, origin=PlaceName.Origin.RENAMED,
            predecessor=old, approval=approval,
        )  # fmt: skip


# --- applications --------------------------------------------------------------------------------------------


def application_create(
    *,
    actor: User,
    action: str,
    kind: str,
    name: str,
    region: Region,
    reason: str,
    applicant: str,
    pinyin: str = "",
    geometry: str = "",
    target: PlaceName | None = None,
    at: datetime | None = None,
) -> NamingApplication:
    """申报 a naming (or renaming of ``target``): the standard-name check first, so a duplicate, a homophone, a
    forbidden word or a road without its 通名 is refused at the counter, naming what is wrong."""
    require(actor, "placenames.apply")
    name = (name or "").strip()
    if action not in NamingApplication.Action.values:
        raise PlacenamesError("请选择申请事项（命名或更名）", field="action")
    if action == NamingApplication.Action.RENAME:
        if target is None or target.status != PlaceName.Status.IN_USE:
            raise PlacenamesError("更名须选择地名录中在用的原地名", field="target")
        kind, region = target.kind, target.region
        if name == target.name:
            raise PlacenamesError("新名称与原名称相同", field="name")
    if not (reason or "").strip():
        raise PlacenamesError("请填写命名理由与含义", field="reason")
    if not (applicant or "").strip():
        raise PlacenamesError("请填写申报单位", field="applicant")
    scope_check(actor, region, "申报地名命名、更名")
    _refuse_problems(name_check(name=name, kind=kind, pinyin=pinyin, exclude_place=target))
    geometry = geometry_clean(geometry)
    label = NamingApplication.Action(action).label
    with transaction.atomic():
        case = case_open(
            case_type=CASE_TYPE, actor=actor, region=region, title=f"{label}“{name}”", at=at or timezone.now()
        )
        return NamingApplication.objects.create(
            case=case, action=action, kind=kind, name=name, pinyin=" ".join(pinyin.split()), region=region,
            geometry=geometry, reason=reason.strip()[:300], applicant=applicant.strip()[:100], target=target,
        )  # fmt: skip


def application_apply_move(*, case: Case, action: str, actor: User, at: datetime, **context: Any) -> None:
    """The consequences of a move (the case engine calls this inside the move's transaction)."""
    app = NamingApplication.objects.select_for_update().get(case=case)
    comment = case.events.order_by("-id").values_list("comment", flat=True).first() or ""
    today = timezone.localdate(at)
    if action == "review":
        app.assessment = comment
        _refuse_problems(name_check(name=app.name, kind=app.kind, pinyin=app.pinyin, exclude_place=app.target,
                                    exclude_application=app))  # fmt: skip
        app.save(update_fields=["assessment"])
    elif action == "expert":
        app.expert_opinion = comment
        app.notice_from, app.notice_until = today, today + timedelta(days=NOTICE_DAYS - 1)
        app.save(update_fields=["expert_opinion", "notice_from", "notice_until"])
    elif action == "notice_end":
        app.consultation = comment
        app.save(update_fields=["consultation"])
    elif action == "approve":
        _approve(app, actor=actor, at=at, today=today)
    elif action in ("refuse", "reject", "withdraw"):
        app.decided_at = at
        app.save(update_fields=["decided_at"])


def _approve(app: NamingApplication, *, actor: User, at: datetime, today: date) -> None:
    """批准: the name enters the register from the day of approval, with the case number as its approval."""
    approval = f"{app.case.number}"
    _refuse_problems(name_check(name=app.name, kind=app.kind, pinyin=app.pinyin, exclude_place=app.target,
                                exclude_application=app))  # fmt: skip
    if app.action == NamingApplication.Action.RENAME:
        assert app.target is not None
        place = place_name_rename(
            actor=actor, place=app.target, new_name=app.name, on=today, approval=approval, pinyin=app.pinyin,
            reason=app.reason,
        )  # fmt: skip
    else:
        place = _create(
            actor=actor, name=app.name, kind=app.kind, region=app.region, valid_from=today, pinyin=app.pinyin,
            geometry=app.geometry, description=app.reason, origin=PlaceName.Origin.NAMED, approval=approval,
        )  # fmt: skip
    app.place_name, app.decided_at = place, at
    app.save(update_fields=["place_name", "decided_at"])
