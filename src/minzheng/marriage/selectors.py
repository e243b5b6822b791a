"""Reads of the marriage register, always through ``visible_to`` (a registrar: their offices' records; the city
manager: all) or ``access_scoped``; and the public verification of a certificate by its token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from minzheng.core.models import User
from minzheng.core.scope import OutOfScopeError, access_scoped
from minzheng.marriage.models import (
    Appointment,
    DaySlot,
    DivorceApplication,
    Kind,
    Office,
    Refusal,
    Registration,
    Reissue,
)
from minzheng.marriage.rules import mask_name
from minzheng.registry.models import Person

MARITAL_LABELS = {"unmarried": "未婚（无登记记录）", "married": "已婚", "divorced": "离婚", "widowed": "丧偶"}


def offices_of(*, user: User) -> QuerySet[Office]:
    return Office.objects.visible_to(user).order_by("code")


def office_get(*, user: User, pk: Any) -> Office:
    return access_scoped(user, Office.objects.visible_to(user), pk, label="婚姻登记机关")


def registration_list(
    *, user: User, q: str = "", kind: str = "", year: int | None = None
) -> QuerySet[Registration]:
    """The register, searched by certificate 字号 or a party's name / ID number (exact)."""
    qs = Registration.objects.visible_to(user).select_related("office", "man", "woman")
    q = (q or "").strip()
    if q:
        if q[:1].upper() in ("J", "L", "B"):
            qs = qs.filter(number__istartswith=q)
        elif len(q) == 18:
            qs = qs.filter(Q(man__id_number=q.upper()) | Q(woman__id_number=q.upper()))
        else:
            qs = qs.filter(Q(man__name=q) | Q(woman__name=q))
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-registered_on", "-id")


def registration_get(*, user: User, pk: Any) -> Registration:
    return access_scoped(
        user, Registration.objects.visible_to(user).select_related("office", "man", "woman", "marriage"), pk,
        label="婚姻登记",
    )  # fmt: skip


def appointments_on(*, user: User, day: date, office: Office | None = None) -> QuerySet[Appointment]:
    qs = Appointment.objects.visible_to(user).filter(day=day).select_related("office", "man", "woman")
    if office is not None:
        qs = qs.filter(office=office)
    return qs.order_by("office__code", "id")


def places_left(*, office: Office, days: list[date]) -> dict[date, int]:
    """Places left at ``office`` on each of ``days`` for the public booking page (a day no one has booked yet
    has the office's capacity): one query."""
    rows = DaySlot.objects.filter(office=office, day__in=days).values_list("day", "capacity", "booked")
    left = {day: capacity - booked for day, capacity, booked in rows}
    return {d: left.get(d, office.daily_capacity) for d in days}


def appointment_get(*, user: User, pk: Any) -> Appointment:
    return access_scoped(
        user, Appointment.objects.visible_to(user).select_related("office", "man", "woman"), pk, label="预约"
    )


def divorce_list(*, user: User, status: str = "") -> QuerySet[DivorceApplication]:
    qs = DivorceApplication.objects.visible_to(user).select_related("office", "man", "woman", "marriage")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-received_on", "-id")


def divorce_get(*, user: User, pk: Any) -> DivorceApplication:
    return access_scoped(
        user,
        DivorceApplication.objects.visible_to(user).select_related(
            "office", "man", "woman", "marriage", "registration"
        ),
        pk,
        label="离婚登记申请",
    )


def refusal_list(*, user: User) -> QuerySet[Refusal]:
    return Refusal.objects.visible_to(user).select_related("office", "man", "woman").order_by("-on", "-id")


def reissues_of(*, registration: Registration) -> list[Reissue]:
    return list(
        Reissue.objects.filter(registration=registration).select_related("office").order_by("on", "id")
    )


def marital_status(person: Person) -> tuple[str, Registration | None]:
    """The person's marital status as the platform's records show it (the registry keeps none): ``married`` by
    a valid marriage not dissolved whose spouse lives; else the last of a divorce (``divorced``) or a spouse's
    death (``widowed``); ``unmarried`` when no valid registration exists (a revoked marriage never bound,
    民法典 第一千零五十四条)."""
    marriages = list(
        Registration.objects.filter(kind=Kind.MARRIAGE, status=Registration.Status.VALID)
        .filter(Q(man=person) | Q(woman=person))
        .select_related("man", "woman")
        .order_by("-registered_on", "-id")
    )
    for reg in marriages:
        spouse = reg.woman if reg.man_id == person.pk else reg.man
        if reg.dissolved_on is None and spouse.status != Person.Status.DECEASED:
            return "married", reg
    if not marriages:
        return "unmarried", None
    last = marriages[0]
    if last.dissolved_on is not None:
        divorce = last.divorces.filter(status=Registration.Status.VALID).order_by("-registered_on").first()
        return "divorced", divorce or last
    return "widowed", last


@dataclass(frozen=True)
class Verified:
    number: str
    kind: str
    registered_on: date
    office: str
    man: str
    woman: str
    valid: bool
    status: str
    reissues: list[str]


def certificate_verify(*, token: str) -> Verified:
    """What the public verification page shows for a certificate's token: only what proves authenticity (the
    字号, the date, the office, masked names, whether it stands). An unknown token is not told apart from a
    mistyped one."""
    reg = Registration.objects.select_related("office", "man", "woman").filter(token=token).first()
    if reg is None:
        raise OutOfScopeError("婚姻登记证")
    status = reg.get_status_display()
    if reg.kind == Kind.MARRIAGE and reg.dissolved_on and reg.status == Registration.Status.VALID:
        status = "有效（该婚姻已登记离婚）"
    return Verified(
        number=reg.number, kind=reg.get_kind_display(), registered_on=reg.registered_on, office=reg.office.name,
        man=mask_name(reg.man.name), woman=mask_name(reg.woman.name), valid=reg.status == Registration.Status.VALID,
        status=status, reissues=[r.number for r in reissues_of(registration=reg)],
    )  # fmt: skip
