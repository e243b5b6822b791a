"""Writes to a person's record, plus the audited reads of personal data (view, reveal, export).

Every create and update is audited by the :class:`~minzheng.core.audited.Audited` mixin (before and
after values, acting user from the request); reading a record, revealing a masked value and exporting
are audited here with :func:`~minzheng.core.audit.audit_append`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from django.db import IntegrityError, transaction

from minzheng.core.audit import Action, audit_append
from minzheng.core.ids import CitizenId, CitizenIdError, parse_citizen_id
from minzheng.core.masking import mask_citizen_id, mask_phone
from minzheng.core.models import Region, User
from minzheng.core.roles import Perm, can, require
from minzheng.core.scope import OutOfScopeError, access_scoped
from minzheng.registry import selectors
from minzheng.registry.life_events import person_died
from minzheng.registry.models import Gender, House, Membership, Person, PersonStatusChange
from minzheng.registry.rules import PersonFactError, check_given_facts, id_reversed, name_initials
from minzheng.registry.services._common import (
    RegistryError,
    check_date,
    check_phone,
    check_text,
    managed_region,
    today,
)

_FACT_FIELDS = {"性别": "gender", "出生日期": "birth_date"}


def _citizen_id(raw: str | None) -> CitizenId:
    try:
        return parse_citizen_id(raw or "")
    except CitizenIdError as exc:
        raise RegistryError(f"身份证号码{exc.reason}", field="id_number") from exc


def _check_facts(cid: CitizenId, *, gender: str | None, birth_date: date | None) -> None:
    """Gender and birth date come from the ID (GB 11643-1999); given ones must agree with it."""
    if gender and gender not in Gender.values:
        raise RegistryError(f"性别应为“男”或“女”，实为“{gender}”", field="gender")
    try:
        check_given_facts(cid, gender=gender or None, birth_date=birth_date)
    except PersonFactError as exc:
        raise RegistryError(exc.reason, field=_FACT_FIELDS.get(exc.field, "")) from exc


def _check_unique(number: str, *, exclude_pk: int | None = None) -> None:
    qs = Person.objects.filter(id_number=number)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise RegistryError(f"身份证号码{mask_citizen_id(number)}已登记，不能重复录入", field="id_number")


def _visible_house(actor: User, house: House | None) -> House | None:
    if house is None:
        return None
    try:
        return access_scoped(actor, House.objects.select_related("grid"), house.pk, label="房屋")
    except OutOfScopeError as exc:
        raise RegistryError(str(exc), field="residence_house") from exc


def person_create(
    *,
    actor: User,
    id_number: str,
    name: str,
    gender: str | None = None,
    birth_date: date | None = None,
    ethnicity: str = "汉族",
    phone: str = "",
    hukou_region: Region | None = None,
    hukou_address: str = "",
    residence_house: House | None = None,
    region: Region | None = None,
    residence_permit_no: str = "",
    residence_permit_until: date | None = None,
) -> Person:
    """Register one person. The ID is validated (GB 11643-1999) and gender and birth date derived from
    it; given ones must agree. The person is managed by the grid of the residence house, else by the
    given grid/community, else by the hukou region — which must lie in the actor's scope."""
    require(actor, Perm.EDIT_REGISTRY)
    cid = _citizen_id(id_number)
    _check_facts(cid, gender=gender, birth_date=birth_date)
    clean_name = check_text(name, field="name", label="姓名", max_length=50, required=True)
    house = _visible_house(actor, residence_house)
    if house is not None:
        managed = managed_region(actor, house.grid, field="residence_house")
    else:
        managed = managed_region(actor, region or hukou_region, field="region")
    person = Person(
        id_number=cid.number,
        id_reversed=id_reversed(cid.number),
        name=clean_name,
        name_initials=name_initials(clean_name),
        gender=cid.gender,
        birth_date=cid.birth_date,
        ethnicity=check_text(ethnicity, field="ethnicity", label="民族", max_length=20) or "汉族",
        phone=check_phone(phone),
        hukou_region=hukou_region,
        hukou_address=check_text(hukou_address, field="hukou_address", label="户籍地址", max_length=200),
        residence_house=house,
        region=managed,
        residence_permit_no=check_text(
            residence_permit_no, field="residence_permit_no", label="居住证号", max_length=30
        ),
        residence_permit_until=residence_permit_until,
    )
    _check_unique(cid.number)
    try:
        with transaction.atomic():
            person.save(force_insert=True)
    except IntegrityError as exc:  # a concurrent insert of the same number
        raise RegistryError(
            f"身份证号码{mask_citizen_id(cid.number)}已登记，不能重复录入", field="id_number"
        ) from exc
    return person


PERSON_EDITABLE = frozenset(
    {
        "id_number",
        "name",
        "gender",
        "birth_date",
        "ethnicity",
        "phone",
        "hukou_region",
        "hukou_address",
        "residence_house",
        "region",
        "residence_permit_no",
        "residence_permit_until",
    }
)


def person_update(*, actor: User, person: Person, **changes: Any) -> Person:
    """Correct or complete a record. A new ID number re-derives gender and birth date; ``residence_house``
    moves the person (see :func:`person_move_house`); status changes go through
    :func:`person_set_status`. Only the fields that changed are saved (and audited)."""
    require(actor, Perm.EDIT_REGISTRY)
    unknown = sorted(set(changes) - PERSON_EDITABLE)
    if unknown:
        raise RegistryError(f"字段“{unknown[0]}”不能在此修改", field=unknown[0])
    with transaction.atomic():
        person = access_scoped(actor, Person, person.pk, lock=True, label="人员")
        changed = _apply_identity(person, changes) + _apply_details(person, changes)
        changed += _apply_residence(actor, person, changes)
        if changed:
            person.save(update_fields=sorted({*changed, "updated_at"}))
    return person


def _apply_identity(person: Person, changes: dict[str, Any]) -> list[str]:
    changed: list[str] = []
    if changes.get("id_number") and changes["id_number"] != person.id_number:
        cid = _citizen_id(changes["id_number"])
        if cid.number != person.id_number:
            _check_unique(cid.number, exclude_pk=person.pk)
            person.id_number, person.id_reversed = cid.number, id_reversed(cid.number)
            person.gender, person.birth_date = cid.gender, cid.birth_date
            changed += ["id_number", "id_reversed", "gender", "birth_date"]
    current = CitizenId(
        number=person.id_number,
        birth_date=person.birth_date,
        gender=person.gender,  # type: ignore[arg-type]
        region_code=person.id_number[:6],
    )
    _check_facts(current, gender=changes.get("gender"), birth_date=changes.get("birth_date"))
    if "name" in changes:
        name = check_text(changes["name"], field="name", label="姓名", max_length=50, required=True)
        if name != person.name:
            person.name, person.name_initials = name, name_initials(name)
            changed += ["name", "name_initials"]
    return changed


_TEXTS = {
    "ethnicity": ("民族", 20),
    "hukou_address": ("户籍地址", 200),
    "residence_permit_no": ("居住证号", 30),
}


def _apply_details(person: Person, changes: dict[str, Any]) -> list[str]:
    values: dict[str, Any] = {}
    for field, (label, max_length) in _TEXTS.items():
        if field in changes:
            values[field] = check_text(changes[field], field=field, label=label, max_length=max_length)
    if "phone" in changes:
        values["phone"] = check_phone(changes["phone"])
    for field in ("hukou_region", "residence_permit_until"):
        if field in changes:
            values[field] = changes[field]
    changed = [f for f, v in values.items() if getattr(person, f) != v]
    for field in changed:
        setattr(person, field, values[field])
    return changed


def _apply_residence(actor: User, person: Person, changes: dict[str, Any]) -> list[str]:
    """The management region follows the residence house; without a house it may be set directly."""
    if "residence_house" in changes:
        house = _visible_house(actor, changes["residence_house"])
        if house is not None:
            region = managed_region(actor, house.grid, field="residence_house")
        else:
            region = person.region
        changed = [] if house == person.residence_house else ["residence_house"]
        person.residence_house = house
        if region.pk != person.region_id:
            person.region = region
            changed.append("region")
        return changed
    if changes.get("region") is not None and changes["region"].pk != person.region_id:
        if person.residence_house_id is not None:
            raise RegistryError("有居住房屋的人员由房屋所在网格管理，请通过“迁居”变更", field="region")
        person.region = managed_region(actor, changes["region"], field="region")
        return ["region"]
    return []


def person_move_house(*, actor: User, person: Person, house: House | None) -> Person:
    """迁居: the person now lives in ``house`` (None: no known house) and is managed by its grid."""
    return person_update(actor=actor, person=person, residence_house=house)


# 《户口登记条例》第八条 (死亡注销户口) and 第十条 (迁出注销户口): a deceased or moved-out person leaves
# the household register, so their open membership ends on the same date.
_LEAVES_HOUSEHOLD = {Person.Status.DECEASED, Person.Status.MOVED_OUT}
_SETTABLE_STATUSES = {Person.Status.NORMAL, Person.Status.DECEASED, Person.Status.MOVED_OUT}


def person_set_status(*, actor: User, person: Person, status: str, date: date | None, reason: str) -> Person:
    """Record 死亡 / 迁出 (or a return to 正常) with its date and reason, kept in the status history.
    Death and moving out end the open household membership (《户口登记条例》第八条、第十条); a head
    who leaves leaves the household without a head until a new one is set. A death also runs the registered
    death hooks in the same transaction (``registry.life_events``: the ledger ends the person's enrollments)."""
    require(actor, Perm.EDIT_REGISTRY)
    if status not in _SETTABLE_STATUSES:
        raise RegistryError("人员状态只能变更为正常、死亡或迁出（合并请在疑似重复中处理）", field="status")
    reason = check_text(reason, field="reason", label="变更原因", max_length=200, required=True)
    with transaction.atomic():
        person = access_scoped(actor, Person, person.pk, lock=True, label="人员")
        if person.status == status:
            raise RegistryError(f"人员状态已是“{person.get_status_display()}”", field="status")
        if person.status == Person.Status.MERGED:
            raise RegistryError("该记录已合并至其他人员，不能再变更状态", field="status")
        day = check_date(date, field="date", label="变更日期", not_before=person.birth_date)
        PersonStatusChange.objects.create(
            person=person, status_from=person.status, status_to=status, date=day, reason=reason, actor=actor
        )
        person.status, person.status_date = status, day
        person.save(update_fields=["status", "status_date", "updated_at"])
        if status in _LEAVES_HOUSEHOLD:
            _leave_household(person, day=day, reason=Person.Status(status).label)
        if status == Person.Status.DECEASED:
            # the layers above act on the death in this same transaction (the ledger ends the enrollments)
            person_died(person=person, died_on=day, actor=actor)
    return person


def _leave_household(person: Person, *, day: date, reason: str) -> None:
    from minzheng.registry.services.households import membership_close

    membership = Membership.objects.filter(person=person, end_date__isnull=True).first()
    if membership is not None:
        membership_close(membership, day=max(day, membership.start_date), reason=reason)


# --- audited reads of personal data -------------------------------------------------------------


def person_view_log(*, actor: User, person: Person) -> None:
    """Reading a person's record is itself recorded (PIPL; 等保 2.0 三级 audit of personal data)."""
    audit_append(action=Action.VIEW, obj=person, actor=actor, detail="查看人员信息")


def person_search_log(*, actor: User, q: str, count: int) -> None:
    audit_append(
        action=Action.VIEW,
        object_type="registry.person",
        object_repr="人员查询",
        actor=actor,
        detail=f"人员查询“{q}”，返回{count}条",
    )


RevealField = Literal["id_number", "phone"]
_REVEAL_LABELS: dict[str, str] = {"id_number": "完整身份证号码", "phone": "完整联系电话"}


def person_reveal(*, actor: User, person: Person, field: RevealField) -> str:
    """The unmasked ID number or phone, for a user with the right to see it; always audited."""
    if field not in _REVEAL_LABELS:
        raise RegistryError(f"不能显示字段“{field}”", field="field")
    require(actor, Perm.REVEAL_PERSONAL)
    person = access_scoped(actor, Person, person.pk, label="人员")
    audit_append(action=Action.REVEAL, obj=person, actor=actor, detail=f"查看{_REVEAL_LABELS[field]}")
    return getattr(person, field)


EXPORT_MAX_ROWS = 1_000_000  # one XLSX sheet holds 1,048,576 rows
EXPORT_HEADERS = (
    "身份证号码",
    "姓名",
    "性别",
    "出生日期",
    "年龄",
    "民族",
    "联系电话",
    "户籍地址",
    "管理网格/社区",
    "人员状态",
)


@dataclass(frozen=True)
class PersonExport:
    count: int
    revealed: bool
    rows: Iterator[tuple[Any, ...]]


def person_export(*, actor: User, q: str, region: Region | None = None) -> PersonExport:
    """Every match of a search, in scope, as table rows: ID numbers and phones masked unless the user
    may reveal them (core.roles Perm.REVEAL_PERSONAL). The export is audited with the query and count."""
    require(actor, Perm.EXPORT)
    qs = selectors.person_search_queryset(user=actor, q=q, region=region)
    count = qs[: EXPORT_MAX_ROWS + 1].count()
    if count > EXPORT_MAX_ROWS:
        raise RegistryError(f"查询结果超过{EXPORT_MAX_ROWS}条，超出单个文件上限，请缩小查询范围", field="q")
    revealed = can(actor, Perm.REVEAL_PERSONAL)
    scope = f"，范围{region.name}" if region is not None else ""
    audit_append(
        action=Action.EXPORT,
        object_type="registry.person",
        object_repr="人员查询结果",
        actor=actor,
        detail=f"导出人员查询“{q}”{scope}的结果{count}条（身份证号码{'完整' if revealed else '脱敏'}）",
    )
    day = today()
    rows = (_export_row(p, revealed=revealed, day=day) for p in qs.iterator(chunk_size=2000))
    return PersonExport(count=count, revealed=revealed, rows=rows)


def _export_row(person: Person, *, revealed: bool, day: date) -> tuple[Any, ...]:
    return (
        person.id_number if revealed else mask_citizen_id(person.id_number),
        person.name,
        person.get_gender_display(),
        person.birth_date.isoformat(),
        selectors.person_age(person, on=day),
        person.ethnicity,
        person.phone if revealed else mask_phone(person.phone),
        person.hukou_address,
        person.region.name,
        person.get_status_display(),
    )
