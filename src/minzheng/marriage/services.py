"""Writes of marriage registration: offices, appointments, registration of marriage and divorce, refusals,
divorce applications through the cooling-off, corrections. Keyword-only; refusals are ``MarriageError`` with a
Chinese message naming the field; ``PermissionDenied`` when the acting user lacks the capability. A registrar
acts only for an office they are a registrar of. ``actor=None`` is the system (the seed, the nightly expiry).

Concurrency: a booking takes a place of the day by one conditional UPDATE (``slot_take``); a registration
locks both parties' registry rows (in primary-key order, so two registrations cannot deadlock) before checking
for an existing marriage, then the office's counter row of the series and year (``serial_allocate``), all in
one transaction — so no one is married twice and the numbers are unique and gap-free.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from minzheng.core.audit import Action, audit_append
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.workdays import is_workday
from minzheng.marriage import rules
from minzheng.marriage.errors import MarriageError
from minzheng.marriage.models import (
    Appointment,
    Counter,
    DaySlot,
    DivorceApplication,
    Kind,
    Office,
    Party,
    Refusal,
    Registration,
    Reissue,
)
from minzheng.registry.models import Person

CITY_OFFICE_NAME = "海口市民政局婚姻登记处"


# --- offices -----------------------------------------------------------------------------------------


def offices_ensure() -> list[Office]:
    """The city's office (at the city node, the one taking foreign-related and 港澳台 registrations) and one per
    district, named after them; created on first use, never changed afterwards."""
    offices = []
    city = Region.objects.filter(parent__isnull=True).order_by("code").first()
    if city is None:
        raise MarriageError("区划表为空，请先加载区划")
    nodes = [city, *Region.objects.filter(level=Region.Level.DISTRICT).order_by("code")]
    for node in nodes:
        code = node.code[:6]
        name = CITY_OFFICE_NAME if node.pk == city.pk else f"{node.name}民政局婚姻登记处"
        office, _ = Office.objects.get_or_create(
            code=code, defaults={"name": name, "region": node, "takes_foreign": node.pk == city.pk}
        )
        offices.append(office)
    return offices


def office_registrar_add(*, actor: User | None, office: Office, user: User) -> None:
    if actor is not None:
        require(actor, "marriage.offices")
    require(user, "marriage.register")  # only a registrar may be one
    office.registrars.add(user)
    audit_append(action=Action.UPDATE, obj=office, actor=actor, detail=f"设置婚姻登记员{user.get_username()}")


def office_capacity_set(*, actor: User, office: Office, daily_capacity: int) -> Office:
    """The daily capacity of future days not yet opened (days already booked keep theirs)."""
    require(actor, "marriage.offices")
    if daily_capacity < 1:
        raise MarriageError("每日预约接待量至少为1", field="daily_capacity")
    office.daily_capacity = daily_capacity
    office.save(update_fields=["daily_capacity"])
    return office


def _office_act(actor: User | None, office: Office, capability: str) -> None:
    if actor is None:
        return
    require(actor, capability)
    if not office.registrars.filter(pk=actor.pk).exists():
        raise MarriageError(f"您不是{office.name}的婚姻登记员，不能为其办理", field="office")


def _couple_check(*, man: Person, woman: Person) -> None:
    if man.pk == woman.pk:
        raise MarriageError("男方与女方不能是同一人", field="woman")
    if man.gender != "M":
        raise MarriageError(f"男方{man.name}在人口信息中的性别不是男", field="man")
    if woman.gender != "F":
        raise MarriageError(f"女方{woman.name}在人口信息中的性别不是女", field="woman")


def _party_check(*, office: Office, party: str) -> None:
    """《婚姻登记条例》第四条: foreign-related, 港澳台 and 华侨 registrations at the designated (city) office."""
    if party not in Party.values:
        raise MarriageError("当事人类别无效", field="party")
    if party != Party.MAINLAND and not office.takes_foreign:
        raise MarriageError(
            f"{Party(party).label}的婚姻登记由市婚姻登记处办理，{office.name}不能办理（婚姻登记条例第四条）",
            field="party",
        )


# --- appointments ------------------------------------------------------------------------------------


def slot_take(*, office: Office, day: date) -> None:
    """Take one place of ``office``'s ``day``: the day's row is made on first use with the office's capacity,
    then one ``UPDATE … SET booked = booked + 1 WHERE booked < capacity`` takes a place or finds none — two
    clerks booking the last place at once get one place and one refusal, never an overbooked day."""
    DaySlot.objects.bulk_create(
        [DaySlot(office=office, day=day, capacity=office.daily_capacity)], ignore_conflicts=True
    )
    taken = DaySlot.objects.filter(office=office, day=day, booked__lt=F("capacity")).update(
        booked=F("booked") + 1
    )
    if not taken:
        raise MarriageError(f"{office.name}{day:%Y年%m月%d日}的预约已满，请选择其他日期", field="day")


def _slot_release(*, office: Office, day: date) -> None:
    DaySlot.objects.filter(office=office, day=day, booked__gt=0).update(booked=F("booked") - 1)


def appointment_book(
    *,
    actor: User | None,
    office: Office,
    day: date,
    man: Person,
    woman: Person,
    kind: str = Kind.MARRIAGE,
    party: str = Party.MAINLAND,
    phone: str = "",
    today: date | None = None,
) -> Appointment:
    """Book a day at an office for a couple (结婚 or 离婚), within the office's daily capacity."""
    _office_act(actor, office, "marriage.book")
    today = today or timezone.localdate()
    if day < today:
        raise MarriageError("预约日期不能早于今天", field="day")
    if kind not in Kind.values:
        raise MarriageError("业务类别无效", field="kind")
    _couple_check(man=man, woman=woman)
    _party_check(office=office, party=party)
    open_ = Appointment.objects.filter(status=Appointment.Status.BOOKED, day__gte=today)
    for person, role in ((man, "man"), (woman, "woman")):
        if open_.filter(Q(man=person) | Q(woman=person)).exists():
            raise MarriageError(f"{person.name}已有未办理的婚姻登记预约，请先办理或取消", field=role)
    with transaction.atomic():
        slot_take(office=office, day=day)
        return Appointment.objects.create(
            office=office, day=day, kind=kind, party=party, man=man, woman=woman, phone=phone[:20],
            created_by=actor,
        )  # fmt: skip


def appointment_cancel(*, actor: User | None, appointment: Appointment) -> Appointment:
    _office_act(actor, appointment.office, "marriage.book")
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.status != Appointment.Status.BOOKED:
            raise MarriageError(f"该预约{locked.get_status_display()}，不能取消")
        locked.status = Appointment.Status.CANCELLED
        locked.save(update_fields=["status"])
        _slot_release(office=locked.office, day=locked.day)
    return locked


def appointment_from_citizen(
    *,
    office: Office,
    day: date,
    applicant: Person,
    other: Person,
    kind: str = Kind.MARRIAGE,
    party: str = Party.MAINLAND,
    phone: str = "",
    today: date | None = None,
) -> Appointment:
    """An appointment a party books themself (the citizens' site): ``appointment_book``'s rules, plus what the
    registrar would refuse on the day that the records already show — said as the law's grounds say it, never
    with the other party's records (《婚姻登记条例》第六条: 一方或者双方已有配偶; 民法典 第一千零四十七条 age;
    a divorce by agreement needs the two to be married to each other) — and the office's working days. The two
    parties' rows are locked first, so a double submit books once."""
    today = today or timezone.localdate()
    if applicant.pk == other.pk:
        raise MarriageError("对方不能是您本人", field="other_id_number")
    if kind not in Kind.values:
        raise MarriageError("业务类别无效", field="kind")
    if day < today:
        raise MarriageError("预约日期不能早于今天", field="day")
    if not is_workday(day):
        raise MarriageError(f"{day:%Y年%m月%d日}是法定休假日，婚姻登记处不办公，请选择工作日", field="day")
    man, woman = (applicant, other) if applicant.gender == "M" else (other, applicant)
    _couple_check(man=man, woman=woman)
    _party_check(office=office, party=party)
    with transaction.atomic():
        _lock_persons(man, woman)
        if kind == Kind.MARRIAGE:
            for person in (man, woman):
                refusal = rules.marriage_age_refusal(
                    gender=person.gender, born=person.birth_date, on=day, name=person.name
                )
                if refusal:
                    raise MarriageError(refusal, field="day")
            if current_marriage(man) is not None or current_marriage(woman) is not None:
                raise MarriageError(
                    "婚姻登记记录显示一方或者双方已有配偶，不予办理结婚登记（《婚姻登记条例》第六条、民法典第一千零四十二条）；"
                    "如记录有误，请携带身份证件到婚姻登记处核实"
                )
        else:
            marriage = current_marriage(man)
            if marriage is None or marriage.woman_id != woman.pk:
                raise MarriageError(
                    "婚姻登记记录中没有您与对方有效的结婚登记，不能预约协议离婚登记；如在外地登记结婚，"
                    "请携带结婚证到婚姻登记处咨询",
                    field="kind",
                )
        open_ = Appointment.objects.filter(status=Appointment.Status.BOOKED, day__gte=today)
        if open_.filter(Q(man=applicant) | Q(woman=applicant)).exists():
            raise MarriageError("您已有未办理的婚姻登记预约，请先办理或取消后再预约", field="day")
        if open_.filter(Q(man=other) | Q(woman=other)).exists():
            raise MarriageError("暂不能为对方预约，请与对方核实或到婚姻登记处咨询", field="other_id_number")
        return appointment_book(
            actor=None, office=office, day=day, man=man, woman=woman, kind=kind, party=party, phone=phone,
            today=today,
        )  # fmt: skip


def _appointment_close(appointment: Appointment | None, status: str) -> None:
    if appointment is None:
        return
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if locked.status != Appointment.Status.BOOKED:
        raise MarriageError(f"该预约{locked.get_status_display()}，不能再办理", field="appointment")
    locked.status = status
    locked.save(update_fields=["status"])


# --- the register ------------------------------------------------------------------------------------


def current_marriage(person: Person) -> Registration | None:
    """The person's marriage in the platform's records: a valid marriage registration not dissolved by a
    divorce registration, whose spouse is alive (a marriage ends with the death of a spouse)."""
    qs = (
        Registration.objects.filter(
            kind=Kind.MARRIAGE, status=Registration.Status.VALID, dissolved_on__isnull=True
        )
        .filter(Q(man=person) | Q(woman=person))
        .select_related("man", "woman", "office")
    )
    for reg in qs:
        spouse = reg.woman if reg.man_id == person.pk else reg.man
        if spouse.status != Person.Status.DECEASED:
            return reg
    return None


def marriage_refusal_reasons(*, man: Person, woman: Person, on: date) -> list[str]:
    """Why a couple may not marry on ``on`` (《婚姻登记条例》第六条 as the Civil Code leaves it): under age
    (民法典 第一千零四十七条), already married in the platform's records (第一千零四十二条 重婚之禁止), not a
    living, registered person. Non-voluntariness and prohibited kinship (第一千零四十六条、第一千零四十八条) are
    found by the registrar's questioning and the parties' declarations, not by the records: the registrar
    records them as a refusal's reasons."""
    reasons = []
    for person in (man, woman):
        if person.status in (Person.Status.DECEASED, Person.Status.MERGED):
            reasons.append(f"{person.name}的人员状态为“{person.get_status_display()}”")
    for person in (man, woman):
        refusal = rules.marriage_age_refusal(
            gender=person.gender, born=person.birth_date, on=on, name=person.name
        )
        if refusal:
            reasons.append(refusal)
    for person in (man, woman):
        existing = current_marriage(person)
        if existing is not None:
            reasons.append(
                f"{person.name}已有配偶（{existing.office.name}{existing.registered_on:%Y年%m月%d日}登记，"
                f"字号{existing.number}），不得重婚（民法典第一千零四十二条）"
            )
    return reasons


def serial_allocate(*, office: Office, series: str, year: int) -> int:
    """The next serial of ``office``'s ``series`` (J, L, BJ, BL) in ``year``: the counter row is made on first
    use, then locked and advanced inside the caller's transaction (a rollback gives the number back)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("serial_allocate must run inside the registration's transaction")
    Counter.objects.bulk_create([Counter(office=office, series=series, year=year)], ignore_conflicts=True)
    counter = Counter.objects.select_for_update().get(office=office, series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _lock_persons(*people: Person) -> None:
    """Lock the parties' registry rows in primary-key order: two registrations of the same person wait for
    each other instead of both finding them unmarried."""
    list(Person.objects.select_for_update().filter(pk__in=[p.pk for p in people]).order_by("pk").values("pk"))


def _presence_check(*, both_present: bool, documents_checked: bool) -> None:
    if not both_present:
        raise MarriageError("双方须亲自到婚姻登记机关办理（民法典第一千零四十九条）", field="both_present")
    if not documents_checked:
        raise MarriageError("须查验双方的身份证件、户口簿和声明书后方可登记", field="documents_checked")


def marriage_register(
    *,
    actor: User | None,
    office: Office,
    man: Person,
    woman: Person,
    on: date,
    both_present: bool,
    documents_checked: bool,
    party: str = Party.MAINLAND,
    appointment: Appointment | None = None,
) -> Registration:
    """结婚登记 (民法典 第一千零四十九条; 《婚姻登记条例》第七条: 符合结婚条件的，应当当场予以登记，发给结婚证):
    both parties present, their documents and declarations checked, both of age on the registration date, neither
    married in the platform's records; the certificate 字号 is the office's next J serial of the year."""
    _office_act(actor, office, "marriage.register")
    _couple_check(man=man, woman=woman)
    _party_check(office=office, party=party)
    _presence_check(both_present=both_present, documents_checked=documents_checked)
    if appointment is not None and (appointment.office_id != office.pk or appointment.kind != Kind.MARRIAGE):
        raise MarriageError("预约不是本机关的结婚登记预约", field="appointment")
    with transaction.atomic():
        _lock_persons(man, woman)
        man.refresh_from_db(fields=["status"])
        woman.refresh_from_db(fields=["status"])
        reasons = marriage_refusal_reasons(man=man, woman=woman, on=on)
        if reasons:
            raise MarriageError(
                "不符合结婚登记条件：" + "；".join(reasons) + "。请作出不予登记决定并告知当事人。"
            )
        _appointment_close(appointment, Appointment.Status.DONE)
        return _registration_create(
            actor=actor, office=office, kind=Kind.MARRIAGE, man=man, woman=woman, on=on, party=party,
            appointment=appointment,
        )  # fmt: skip


def _registration_create(
    *,
    actor: User | None,
    office: Office,
    kind: str,
    man: Person,
    woman: Person,
    on: date,
    party: str,
    appointment: Appointment | None = None,
    marriage: Registration | None = None,
) -> Registration:
    serial = serial_allocate(office=office, series=rules.PREFIX[kind], year=on.year)
    number = rules.certificate_number(kind=kind, region_code=office.code, year=on.year, serial=serial)
    return Registration.objects.create(
        kind=kind, office=office, number=number, year=on.year, serial=serial, registered_on=on, party=party,
        man=man, woman=woman, both_present=True, documents_checked=True, appointment=appointment,
        marriage=marriage, created_by=actor,
    )  # fmt: skip


def registration_refuse(
    *,
    actor: User | None,
    office: Office,
    kind: str,
    man: Person,
    woman: Person,
    on: date,
    reasons: str,
    appointment: Appointment | None = None,
) -> Refusal:
    """不予登记, with the reasons told to the parties (《婚姻登记条例》第七条、第十三条: 不予登记的，应当向当事人
    说明理由)."""
    _office_act(actor, office, "marriage.refuse")
    reasons = (reasons or "").strip()
    if not reasons:
        raise MarriageError("不予登记须写明理由", field="reasons")
    if kind not in Kind.values:
        raise MarriageError("登记类别无效", field="kind")
    with transaction.atomic():
        _appointment_close(appointment, Appointment.Status.REFUSED)
        return Refusal.objects.create(
            office=office, kind=kind, man=man, woman=woman, on=on, reasons=reasons[:2000], appointment=appointment,
            created_by=actor,
        )  # fmt: skip


# --- divorce by agreement ----------------------------------------------------------------------------


def divorce_accept(
    *,
    actor: User | None,
    office: Office,
    marriage: Registration,
    received_on: date,
    both_present: bool,
    agreement_checked: bool,
) -> DivorceApplication:
    """受理离婚登记申请 (民法典 第一千零七十六条: 双方自愿离婚的，应当签订书面离婚协议，亲自到婚姻登记机关申请;
    民发〔2020〕116号: 受理 and the 回执单): the cooling-off runs 30 days from the day after (``rules``)."""
    _office_act(actor, office, "marriage.divorce_accept")
    if not both_present:
        raise MarriageError("离婚登记申请须双方亲自到场提出（民法典第一千零七十六条）", field="both_present")
    if not agreement_checked:
        raise MarriageError("须查验双方签订的书面离婚协议书", field="agreement_checked")
    if (
        marriage.kind != Kind.MARRIAGE
        or marriage.status != Registration.Status.VALID
        or marriage.dissolved_on
    ):
        raise MarriageError(f"{marriage.number}不是有效的婚姻登记", field="marriage")
    for person in (marriage.man, marriage.woman):
        if person.status == Person.Status.DECEASED:
            raise MarriageError(f"{person.name}已死亡，婚姻关系已终止，不能申请离婚登记", field="marriage")
    cooling = rules.cooling_off_end(received_on)
    _, collect = rules.collect_window(received_on)
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=marriage.pk)
        if locked.divorce_applications.filter(status=DivorceApplication.Status.COOLING).exists():
            raise MarriageError("该婚姻已有在办的离婚登记申请", field="marriage")
        return DivorceApplication.objects.create(
            office=office, marriage=locked, man=locked.man, woman=locked.woman, received_on=received_on,
            cooling_off_ends=cooling, collect_ends=collect, agreement_checked=True, created_by=actor,
        )  # fmt: skip


def _lock_application(application: DivorceApplication) -> DivorceApplication:
    locked = DivorceApplication.objects.select_for_update().select_related(
        "marriage", "man", "woman", "office"
    )
    return locked.get(pk=application.pk)


def divorce_withdraw(
    *, actor: User | None, application: DivorceApplication, by: str, on: date
) -> DivorceApplication:
    """撤回 within the cooling-off (民法典 第一千零七十七条第一款: 任何一方不愿意离婚的，可以向婚姻登记机关撤回):
    one party suffices; ``by`` is "M" or "F"."""
    _office_act(actor, application.office, "marriage.divorce_accept")
    if by not in ("M", "F"):
        raise MarriageError("请选择撤回的一方", field="by")
    with transaction.atomic():
        app = _lock_application(application)
        if app.status != DivorceApplication.Status.COOLING:
            raise MarriageError(f"该申请{app.get_status_display()}，不能撤回")
        if on < app.received_on:
            raise MarriageError("撤回日期不能早于受理日期", field="on")
        if on > app.cooling_off_ends:
            raise MarriageError(
                f"冷静期已于{app.cooling_off_ends:%Y年%m月%d日}届满，不能再撤回；双方不来申领离婚证的，"
                f"{app.collect_ends:%Y年%m月%d日}后视为撤回",
                field="on",
            )
        app.status, app.closed_on, app.withdrawn_by = DivorceApplication.Status.WITHDRAWN, on, by
        app.save(update_fields=["status", "closed_on", "withdrawn_by"])
    return app


def divorce_register(
    *,
    actor: User | None,
    application: DivorceApplication,
    on: date,
    both_present: bool,
    documents_checked: bool,
    appointment: Appointment | None = None,
) -> Registration:
    """离婚登记 (民法典 第一千零七十八条; 第一千零七十七条第二款): within the 30 days after the cooling-off both
    come back and ask for the certificate; the registry then registers the divorce, issues an L-numbered
    certificate and the marriage is dissolved on that day (both persons' status read from here)."""
    office = application.office
    _office_act(actor, office, "marriage.register")
    _presence_check(both_present=both_present, documents_checked=documents_checked)
    with transaction.atomic():
        app = _lock_application(application)
        if app.status != DivorceApplication.Status.COOLING:
            raise MarriageError(f"该申请{app.get_status_display()}，不能登记离婚")
        start, end = app.cooling_off_ends, app.collect_ends
        if on <= start:
            raise MarriageError(f"冷静期至{start:%Y年%m月%d日}届满，届满后方可申领离婚证", field="on")
        if on > end:
            raise MarriageError(f"申领期已于{end:%Y年%m月%d日}届满，申请视为撤回", field="on")
        marriage = Registration.objects.select_for_update().get(pk=app.marriage_id)
        _lock_persons(app.man, app.woman)
        if marriage.status != Registration.Status.VALID or marriage.dissolved_on:
            raise MarriageError(f"{marriage.number}已不是有效的婚姻登记")
        _appointment_close(appointment, Appointment.Status.DONE)
        divorce = _registration_create(
            actor=actor, office=office, kind=Kind.DIVORCE, man=app.man, woman=app.woman, on=on,
            party=marriage.party, appointment=appointment, marriage=marriage,
        )  # fmt: skip
        marriage.dissolved_on = on
        marriage.save(update_fields=["dissolved_on"])
        app.status, app.closed_on, app.registration = DivorceApplication.Status.REGISTERED, on, divorce
        app.save(update_fields=["status", "closed_on", "registration"])
    return divorce


def divorce_expire(*, today: date | None = None) -> int:
    """视为撤回 (民法典 第一千零七十七条第二款: 未申请的，视为撤回离婚登记申请): every application still open after
    its collection window is closed in one UPDATE, on the window's last day. Run daily by the worker or
    ``minzheng manage marriage_expire``; returns how many were closed (one audit entry for them)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        due = DivorceApplication.objects.filter(
            status=DivorceApplication.Status.COOLING, collect_ends__lt=today
        )
        count = due.update(status=DivorceApplication.Status.LAPSED, closed_on=F("collect_ends"))
        if count:
            audit_append(
                action=Action.BULK, object_type="marriage.divorceapplication",
                detail=f"{count}件离婚登记申请逾期未申领离婚证，视为撤回（截至{today:%Y-%m-%d}）",
            )  # fmt: skip
    return count


# --- corrections -------------------------------------------------------------------------------------


def registration_reissue(
    *, actor: User | None, registration: Registration, office: Office, on: date, reason: str
) -> Reissue:
    """补领 (《婚姻登记条例》第十七条: 结婚证、离婚证遗失或者损毁的，可以申请补领): the registration keeps its
    字号; the reissued certificate carries the office's next BJ/BL serial."""
    _office_act(actor, office, "marriage.correct")
    reason = (reason or "").strip()
    if not reason:
        raise MarriageError("请填写补领原因", field="reason")
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status != Registration.Status.VALID:
            raise MarriageError(f"{locked.number}已撤销，不能补领")
        if on < locked.registered_on:
            raise MarriageError("补领日期不能早于登记日期", field="on")
        series = rules.REISSUE_PREFIX[locked.kind]
        serial = serial_allocate(office=office, series=series, year=on.year)
        number = rules.certificate_number(
            kind=locked.kind, region_code=office.code, year=on.year, serial=serial, reissue=True
        )
        return Reissue.objects.create(
            registration=locked, office=office, number=number, on=on, reason=reason[:200], created_by=actor
        )


def registration_revoke(
    *, actor: User | None, registration: Registration, on: date, judgment: str, reason: str
) -> Registration:
    """撤销 by a court's judgment (民法典 第一千零五十二条、第一千零五十三条: the people's court revokes a marriage
    made under duress or with a concealed serious illness; 第一千零五十四条: 无效的或者被撤销的婚姻自始没有法律
    约束力). The record is kept, marked revoked with the judgment; its number is never given again."""
    if actor is not None:
        _office_act(actor, registration.office, "marriage.correct")
    judgment, reason = (judgment or "").strip(), (reason or "").strip()
    if not judgment:
        raise MarriageError("请填写人民法院判决书文号", field="judgment")
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status != Registration.Status.VALID:
            raise MarriageError(f"{locked.number}已撤销")
        if on < locked.registered_on:
            raise MarriageError("撤销日期不能早于登记日期", field="on")
        locked.status, locked.revoked_on = Registration.Status.REVOKED, on
        locked.revoke_judgment, locked.revoke_reason = judgment[:100], reason[:200]
        locked.save(update_fields=["status", "revoked_on", "revoke_judgment", "revoke_reason"])
    return locked


# --- reads that are audited --------------------------------------------------------------------------


def registration_view_log(*, actor: User, registration: Registration, what: str = "查看") -> None:
    audit_append(
        action=Action.VIEW, obj=registration, actor=actor, detail=f"{what}婚姻登记{registration.number}"
    )


def appointment_view_log(*, actor: User, appointment: Appointment) -> None:
    audit_append(action=Action.VIEW, obj=appointment, actor=actor,
                 detail=f"查看{appointment.office.name}{appointment.day:%Y-%m-%d}的婚姻登记预约")  # fmt: skip


def register_search_log(*, actor: User, q: str, count: int) -> None:
    audit_append(action=Action.VIEW, object_type="marriage.registration", actor=actor,
                 detail=f"检索婚姻登记档案“{q}”，{count}条")  # fmt: skip


def register_export_log(*, actor: User, detail: str) -> None:
    audit_append(action=Action.EXPORT, object_type="marriage.registration", actor=actor, detail=detail)
