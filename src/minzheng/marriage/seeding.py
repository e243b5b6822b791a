"""The synthetic year of marriage registration (``minzheng seed`` step 60) and the demo's day of work.

- The offices: the city's (涉外、港澳台) and one per district (``services.offices_ensure``).
- The year (default 2020): the seed's 17,413 marriages × S, of which 75 × S foreign-related at the city office
  (seed document section (六)), made through the rules, not around them: the couples are people of the
  registry who are of age on their registration day (``rules.age_on``, 民法典 第一千零四十七条) and married to
  no one in the records (each person at most once, and none already registered); each registers at their
  district's office on a working day of the year. The rows go in set-based (one executemany per office, the
  office's J counter advanced to the last serial in the same transaction), so numbers are consecutive from
  the counter — gap-free — and a re-run makes only the remainder (resumable).
- The demo: appointments from today for a week at every office (a few a day, within capacity, through
  ``appointment_book``) and two divorce applications whose cooling-off has just ended at the first district
  office that is not the first district (the demo registrar ``hunyin``'s), so the registrar's home page has
  today's work.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from minzheng.core.audit import Action, audit_append
from minzheng.core.models import Region, User
from minzheng.core.workdays import is_workday
from minzheng.marriage import rules
from minzheng.marriage.models import (
    Appointment,
    Counter,
    DivorceApplication,
    Kind,
    Office,
    Party,
    Registration,
    verify_token,
)
from minzheng.marriage.services import (
    appointment_book,
    divorce_accept,
    divorce_expire,
    office_registrar_add,
    offices_ensure,
)
from minzheng.registry.models import Person
from minzheng.reports.figures import seed_target
from minzheng.reports.registry import data_changed

FOREIGN_PARTIES = (Party.FOREIGN, Party.HMT, Party.OVERSEAS)
DEMO_DAYS = 7
DEMO_PER_DAY = 3


def _candidates(
    *, gender: str, year: int, exclude: set[int], limit: int, rng: random.Random, within: str = ""
) -> list[Person]:
    """Living people of ``gender`` who are of marriageable age all year (born in the 20 years before the year
    they reach it) and not in ``exclude``; in a random order of the seed."""
    minimum = rules.MIN_AGE[gender]
    youngest = date(year - minimum - 1, 12, 31)
    qs = (
        Person.objects.filter(gender=gender, status=Person.Status.NORMAL, birth_date__lte=youngest,
                              birth_date__gt=date(year - minimum - 20, 1, 1))
        .order_by("pk")
    )  # fmt: skip
    if within:
        qs = qs.filter(region__code__startswith=within)
    ids = [pk for pk in qs.values_list("pk", flat=True).iterator(chunk_size=20000) if pk not in exclude]
    rng.shuffle(ids)
    chosen = Person.objects.select_related("region").in_bulk(ids[: limit * 2])
    return [chosen[i] for i in ids[: limit * 2] if i in chosen]


def _married_ids() -> set[int]:
    pairs = Registration.objects.filter(kind=Kind.MARRIAGE).values_list("man_id", "woman_id")
    return {pk for pair in pairs for pk in pair}


def _working_days(year: int) -> list[date]:
    day, days = date(year, 1, 1), []
    while day.year == year:
        if is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _year_seed(*, offices: dict[str, Office], scale: float, rng: random.Random, year: int) -> tuple[int, int]:
    target, foreign_target = seed_target("marriages", scale), seed_target("foreign_marriages", scale)
    done = Registration.objects.filter(kind=Kind.MARRIAGE, year=year)
    missing = max(0, target - done.count())
    foreign_missing = min(missing, max(0, foreign_target - done.exclude(party=Party.MAINLAND).count()))
    if not missing:
        return 0, 0
    taken = (
        _married_ids()
        | set(Appointment.objects.filter(status=Appointment.Status.BOOKED).values_list("man_id", flat=True))
        | set(Appointment.objects.filter(status=Appointment.Status.BOOKED).values_list("woman_id", flat=True))
    )
    men = _candidates(gender="M", year=year, exclude=taken, limit=missing, rng=rng)
    women = _candidates(gender="F", year=year, exclude=taken, limit=missing, rng=rng)
    days = _working_days(year)
    city = next(o for o in offices.values() if o.takes_foreign)
    plan: dict[int, list[tuple[date, Person, Person, str]]] = {}
    made = foreign = 0
    for husband, wife in zip(men, women, strict=False):
        if made == missing:
            break
        day = rng.choice(days)
        # the rules, as the registration service applies them (the seed writes in bulk, so it checks here)
        if rules.age_on(husband.birth_date, day) < rules.MIN_AGE["M"]:
            continue
        if rules.age_on(wife.birth_date, day) < rules.MIN_AGE["F"]:
            continue
        party = Party.MAINLAND
        office = offices.get(husband.region.code[:6]) or city
        if foreign < foreign_missing:
            party, office = rng.choice(FOREIGN_PARTIES), city
            foreign += 1
        plan.setdefault(office.pk, []).append((day, husband, wife, party))
        made += 1
    by_pk = {o.pk: o for o in offices.values()}
    with transaction.atomic():
        for office_pk, rows in plan.items():
            office = by_pk[office_pk]
            Counter.objects.bulk_create(
                [Counter(office=office, series="J", year=year)], ignore_conflicts=True
            )
            counter = Counter.objects.select_for_update().get(office=office, series="J", year=year)
            rows.sort(key=lambda r: (r[0], r[1].pk))
            regs = []
            for i, (day, husband, wife, party) in enumerate(rows, start=counter.last + 1):
                regs.append(Registration(
                    kind=Kind.MARRIAGE, office=office, year=year, serial=i, registered_on=day, party=party,
                    number=rules.certificate_number(kind=Kind.MARRIAGE, region_code=office.code, year=year, serial=i),
                    man=husband, woman=wife, both_present=True, documents_checked=True, token=verify_token(),
                ))  # fmt: skip
            Registration.objects.bulk_create(regs, batch_size=2000)
            counter.last += len(rows)
            counter.save(update_fields=["last"])
        data_changed(
            "marriage.registration"
        )  # a bulk insert sends no signals: the figures must be recomputed
        audit_append(
            action=Action.BULK, object_type="marriage.registration",
            detail=f"演示数据：{year}年结婚登记{made}对（其中涉外、涉港澳台{foreign}对）",
        )  # fmt: skip
    return made, foreign


def _demo_day(*, offices: dict[str, Office], rng: random.Random, today: date) -> int:
    """A week of appointments from ``today`` at every office that has none today: couples of the office's
    district (the city office: of the whole city) who may marry today."""
    booked = 0
    taken = (
        _married_ids()
        | set(Appointment.objects.filter(status=Appointment.Status.BOOKED).values_list("man_id", flat=True))
        | set(Appointment.objects.filter(status=Appointment.Status.BOOKED).values_list("woman_id", flat=True))
    )
    for office in offices.values():
        if Appointment.objects.filter(office=office, day=today).exists():
            continue
        need = DEMO_DAYS * DEMO_PER_DAY

        within = "" if office.takes_foreign else office.code
        men = _candidates(gender="M", year=today.year, exclude=taken, limit=need, rng=rng, within=within)
        women = _candidates(gender="F", year=today.year, exclude=taken, limit=need, rng=rng, within=within)
        for i, (husband, wife) in enumerate(list(zip(men, women, strict=False))[:need]):
            day = today + timedelta(days=i // DEMO_PER_DAY)
            appointment_book(actor=None, office=office, day=day, man=husband, woman=wife, today=today,
                             phone="13800000000")  # fmt: skip
            taken |= {husband.pk, wife.pk}
            booked += 1
    return booked


def _demo_divorces(*, office: Office, today: date) -> int:
    """Two applications received 31 days ago at ``office`` (their cooling-off over: both may come back today)."""
    if DivorceApplication.objects.filter(office=office).exists():
        return 0
    received = today - timedelta(days=rules.COOLING_OFF_DAYS + 1)
    marriages = Registration.objects.filter(
        office=office, kind=Kind.MARRIAGE, status=Registration.Status.VALID, dissolved_on__isnull=True,
        registered_on__lt=received,
    ).select_related("man", "woman").order_by("pk")[:2]  # fmt: skip
    made = 0
    for marriage in marriages:
        divorce_accept(actor=None, office=office, marriage=marriage, received_on=received, both_present=True,
                       agreement_checked=True)  # fmt: skip
        made += 1
    return made


def marriage_seed(*, scale: float, random_seed: int = 2020, year: int | None = None) -> str:
    offices = {o.code: o for o in offices_ensure()}
    if not Person.objects.exists():
        return f"婚姻登记机关{len(offices)}个；人房信息为空，未生成登记数据"
    year = year or 2020
    rng = random.Random(random_seed * 31 + year)
    made, foreign = _year_seed(offices=offices, scale=scale, rng=rng, year=year)
    today = timezone.localdate()
    booked = _demo_day(offices=offices, rng=rng, today=today)
    districts = sorted(code for code, o in offices.items() if not o.takes_foreign)
    divorces = 0
    if len(districts) > 1:
        divorces = _demo_divorces(office=offices[districts[1]], today=today)
    lapsed = divorce_expire(today=today)
    total = Registration.objects.filter(kind=Kind.MARRIAGE, year=year).count()
    return (
        f"婚姻登记机关{len(offices)}个；{year}年结婚登记{total}对（本次新增{made}对，其中涉外{foreign}对）；"
        f"预约{booked}个，离婚登记申请{divorces}件，视为撤回{lapsed}件（演示数据）"
    )


def marriage_demo_attach(*, users: dict[str, User]) -> str:
    """``minzheng demo``: each demo 婚姻登记员 is made a registrar of the office of its region."""
    attached = []
    for user in users.values():
        if not user.region_id or not _is_registrar_role(user):
            continue
        code = Region.objects.get(pk=user.region_id).code[:6]
        office = Office.objects.filter(code=code).first()
        if office is not None and not office.registrars.filter(pk=user.pk).exists():
            office_registrar_add(actor=None, office=office, user=user)
        if office is not None:
            attached.append(f"{user.get_username()}→{office.name}")
    return "、".join(attached) or "无婚姻登记员演示账号"


def _is_registrar_role(user: User) -> bool:
    from minzheng.core.roles import can

    return can(user, "marriage.register")
