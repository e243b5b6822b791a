"""Writes of funeral work: death registration, cremations, the 惠民殡葬 subsidy, plots, outreach. Keyword-only; refusals
are ``FuneralError`` with a Chinese message naming the field, ``PermissionDenied`` when the acting user lacks the
capability. The 清明 bookings are in ``booking.py``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from minzheng.benefits.errors import BenefitsError
from minzheng.benefits.models import Program
from minzheng.benefits.selectors import standard_amount
from minzheng.benefits.services import enrollments_end_on_death, payment_record_one_off, program_ensure
from minzheng.core.audit import Action, audit_append
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import access_scoped, region_within_scope
from minzheng.funeral import rules
from minzheng.funeral.errors import FuneralError
from minzheng.funeral.models import Cemetery, Cremation, Death, FuneralHome, Outreach, Plot, Subsidy
from minzheng.registry.models import Person
from minzheng.registry.services import person_set_status


def subsidy_program() -> Program:
    """The ledger's 惠民殡葬补助 program (one-off payments; created on first use)."""
    return program_ensure(
        code=rules.SUBSIDY_PROGRAM, name=rules.SUBSIDY_PROGRAM_NAME, unit=Program.Unit.PERSON, periodic=False
    )


# --- deaths ------------------------------------------------------------------------------------------------------


def death_register(
    *,
    actor: User,
    person: Person,
    died_on: date,
    place: str,
    cause: str,
    certificate_kind: str,
    reporter_name: str,
    reporter_relation: str,
    certificate_number: str = "",
    place_detail: str = "",
    reporter_phone: str = "",
    reporter: Person | None = None,
    at: datetime | None = None,
) -> Death:
    """死亡登记: the death of registry ``person``. In one transaction: the record; the registry's own status change
    to 死亡 on ``died_on`` (``registry.services.person_set_status``: scope, status history, household membership
    ends); and the ledger's one death rule (``benefits.services.enrollments_end_on_death``: every enrollment ends
    with the month of death). A person the registry already records as deceased (e.g. by the police) keeps that
    status; the ledger rule still runs."""
    require(actor, "funeral.death_register")
    rules.certificate_required(certificate_kind)
    if place not in Death.Place.values:
        raise FuneralError("请选择死亡地点类别", field="place")
    if cause not in Death.Cause.values:
        raise FuneralError("请选择死亡原因类别", field="cause")
    reporter_name, reporter_relation = (reporter_name or "").strip(), (reporter_relation or "").strip()
    if not reporter_name:
        raise FuneralError("请填写报告人姓名", field="reporter_name")
    if not reporter_relation:
        raise FuneralError("请填写报告人与死者关系", field="reporter_relation")
    if reporter is not None and reporter.pk == person.pk:
        raise FuneralError("丧事承办人不能是死者本人", field="reporter")
    now = at or timezone.now()
    with transaction.atomic():
        locked = access_scoped(actor, Person, person.pk, lock=True, label="人员")
        rules.died_on_check(died_on, birth_date=locked.birth_date, today=timezone.localdate(now))
        if Death.objects.filter(person=locked).exists():
            raise FuneralError(f"{locked.name}的死亡已登记，不能重复登记", field="person")
        if locked.status not in (Person.Status.NORMAL, Person.Status.DECEASED):
            raise FuneralError(
                f"{locked.name}的人员状态为“{locked.get_status_display()}”，不能登记死亡", field="person"
            )
        death = Death.objects.create(
            person=locked, died_on=died_on, place=place, place_detail=(place_detail or "").strip()[:200],
            cause=cause, certificate_kind=certificate_kind, certificate_number=(certificate_number or "").strip(),
            reporter_name=reporter_name[:50], reporter_relation=reporter_relation[:20],
            reporter_phone=(reporter_phone or "").strip(), reporter=reporter, region=locked.region,
            registered_by=actor, registered_at=now,
        )  # fmt: skip
        if locked.status == Person.Status.NORMAL:
            person_set_status(
                actor=actor, person=locked, status=Person.Status.DECEASED, date=died_on,
                reason=f"死亡登记（{death.get_cause_display()}，{death.get_certificate_kind_display()}）",
            )  # fmt: skip
        enrollments_end_on_death(person=locked, died_on=died_on, actor=actor)
    return death


# --- cremations --------------------------------------------------------------------------------------------------


def funeral_home_for(actor: User, home: FuneralHome) -> FuneralHome:
    """The funeral home the operator acts for (an operator acts only for the homes they are named on)."""
    if not home.operators.filter(pk=actor.pk).exists():
        raise FuneralError(f"您不是{home.name}的经办人，不能登记其火化记录", field="funeral_home")
    return home


def cremation_record(
    *,
    actor: User | None,
    funeral_home: FuneralHome,
    number: str,
    cremated_on: date,
    body_source: str,
    deceased_name: str = "",
    deceased_id_number: str = "",
    death: Death | None = None,
) -> Cremation:
    """火化记录 of ``funeral_home``. The deceased is linked to their death registration when known (by ``death`` or
    by the ID number: 《殡葬管理条例》第十三条, a cremation follows a 死亡证明); a body whose identity is unknown (公安
    移交) is recorded by name or description only. ``actor=None``: the system (seed)."""
    if actor is not None:
        require(actor, "funeral.cremation")
        funeral_home_for(actor, funeral_home)
    number = (number or "").strip()
    if not number:
        raise FuneralError("请填写火化证号", field="number")
    if body_source not in Cremation.Source.values:
        raise FuneralError("请选择遗体来源", field="body_source")
    if cremated_on > timezone.localdate():
        raise FuneralError("火化日期不能晚于今天", field="cremated_on")
    id_number = rules.id_number_clean(deceased_id_number, field="deceased_id_number", label="死者身份证号") if (
        deceased_id_number or ""
    ).strip() else ""  # fmt: skip
    if death is None and id_number:
        death = Death.objects.filter(person__id_number=id_number).select_related("person").first()
    if death is not None:
        if cremated_on < death.died_on:
            raise FuneralError(f"火化日期不能早于死亡日期{death.died_on:%Y-%m-%d}", field="cremated_on")
        deceased_name, id_number = death.person.name, death.person.id_number
    if not (deceased_name or "").strip():
        raise FuneralError("请填写死者姓名（身份不明的写明“无名氏”及特征）", field="deceased_name")
    with transaction.atomic():
        if Cremation.objects.filter(number=number).exists():
            raise FuneralError(f"火化证号{number}已登记", field="number")
        if death is not None and Cremation.objects.filter(death=death).exists():
            raise FuneralError(f"{death.person.name}已有火化记录", field="deceased_id_number")
        return Cremation.objects.create(
            funeral_home=funeral_home, number=number, cremated_on=cremated_on, body_source=body_source, death=death,
            deceased_name=deceased_name.strip()[:50], deceased_id_number=id_number, region=funeral_home.region,
            created_by=actor,
        )  # fmt: skip


# --- the 惠民殡葬 subsidy -------------------------------------------------------------------------------------------


def _city() -> Region:
    city = Region.objects.filter(parent__isnull=True).order_by("code").first()
    if city is None:
        raise FuneralError("区划表为空，请先加载区划")
    return city


def subsidy_check(*, cremation: Cremation) -> tuple[Death, int]:
    """Who qualifies and for how much (``rules.subsidy_resident``): a registered death, cremated at a funeral home
    of the city, of a resident whose 户籍 is in the city, not yet granted; the amount is the ledger's standard of
    the 惠民殡葬 program in force on the cremation day for the deceased's region."""
    death = cremation.death
    if death is None:
        raise FuneralError("该火化记录未关联死亡登记，不能发放惠民殡葬补助", field="cremation")
    person = death.person
    hukou = person.hukou_region.path if person.hukou_region_id else None
    if not rules.subsidy_resident(hukou_path=hukou, city_path=_city().path):
        raise FuneralError(f"{person.name}不是本市户籍居民，不享受惠民殡葬补助", field="cremation")
    if Subsidy.objects.filter(death=death).exists():
        raise FuneralError(f"{person.name}的惠民殡葬补助已发放", field="cremation")
    try:
        amount = standard_amount(program=subsidy_program(), region=death.region, on=cremation.cremated_on)
    except BenefitsError as exc:
        raise FuneralError(f"惠民殡葬补助标准：{exc.message}", field="cremation") from exc
    return death, amount


def subsidy_grant(*, actor: User, cremation: Cremation, payee: Person, at: datetime | None = None) -> Subsidy:
    """惠民殡葬补助: pay the basic-service subsidy once, as a one-off payment line on the ledger
    (``benefits.services.payment_record_one_off``) to ``payee`` (the family's 丧事承办人, a registry person)."""
    require(actor, "funeral.subsidy")
    paid_at = at or timezone.now()
    with transaction.atomic():
        locked = (
            Cremation.objects.select_for_update(of=("self",))
            .select_related("death__person__hukou_region")
            .get(pk=cremation.pk)
        )
        death, amount = subsidy_check(cremation=locked)
        if not region_within_scope(actor, death.region):
            raise FuneralError(f"{death.person.name}不在您的管辖范围内，不能发放补助", field="cremation")
        if payee.pk == death.person_id:
            raise FuneralError("领取人不能是死者本人，请选择丧事承办人", field="payee")
        try:
            payment = payment_record_one_off(
                actor=actor, program=subsidy_program(), person=payee, region=death.region, amount_fen=amount,
                paid_at=paid_at, source=f"{locked.funeral_home.name}惠民殡葬基本服务",
                basis={"death": death.pk, "cremation": locked.pk, "standard_fen": amount},
            )  # fmt: skip
        except BenefitsError as exc:
            raise FuneralError(exc.message, field="payee") from exc
        return Subsidy.objects.create(
            death=death, cremation=locked, payee=payee, amount_fen=amount, payment_id=payment.pk,
            region=death.region, granted_by=actor, granted_at=paid_at,
        )  # fmt: skip


# --- cemeteries and plots -----------------------------------------------------------------------------------------


def _cemetery_scope(actor: User | None, cemetery: Cemetery) -> None:
    if actor is None:
        return
    require(actor, "funeral.cemetery")
    if (
        not region_within_scope(actor, cemetery.region)
        and not cemetery.operators.filter(pk=actor.pk).exists()
    ):
        raise FuneralError(f"{cemetery.name}不在您的管辖范围内", field="cemetery")


def plot_add(*, actor: User | None, cemetery: Cemetery, code: str) -> Plot:
    _cemetery_scope(actor, cemetery)
    code = (code or "").strip()
    if not code:
        raise FuneralError("请填写墓位编号", field="code")
    if Plot.objects.filter(cemetery=cemetery, code=code).exists():
        raise FuneralError(f"{cemetery.name}已有墓位{code}", field="code")
    return Plot.objects.create(cemetery=cemetery, code=code)


def plot_assign(
    *, actor: User | None, plot: Plot, holder: Person, death: Death | None = None, at: datetime | None = None
) -> Plot:
    """A plot's right of use to ``holder`` (预订), or the interment of ``death`` in it (安葬). A plot holds one
    deceased; an occupied plot is not reassigned."""
    _cemetery_scope(actor, plot.cemetery)
    with transaction.atomic():
        locked = Plot.objects.select_for_update().get(pk=plot.pk)
        if locked.status == Plot.Status.OCCUPIED:
            raise FuneralError(f"墓位{locked.code}已安葬，不能再分配", field="plot")
        if locked.holder_id is not None and locked.holder_id != holder.pk:
            raise FuneralError(f"墓位{locked.code}已由他人预订", field="plot")
        if death is not None and Plot.objects.filter(death=death).exclude(pk=locked.pk).exists():
            raise FuneralError(f"{death.person.name}已安葬于其他墓位", field="death")
        locked.holder, locked.death = holder, death
        locked.status = Plot.Status.OCCUPIED if death is not None else Plot.Status.RESERVED
        locked.changed_at = at or timezone.now()
        locked.save(update_fields=["holder", "death", "status", "changed_at"])
    return locked


# --- outreach ----------------------------------------------------------------------------------------------------


def outreach_record(
    *, actor: User | None, region: Region, day: date, booklets: int, banners: int, note: str = ""
) -> Outreach:
    """殡葬改革宣传 of one day in one region (booklets handed out, banners hung); recording a day again replaces it."""
    if actor is not None:
        require(actor, "funeral.outreach")
        if not region_within_scope(actor, region):
            raise FuneralError(f"“{region.name}”不在您的管辖范围内", field="region")
    if booklets < 0 or banners < 0:
        raise FuneralError("宣传册和横幅数量不能为负数", field="booklets")
    row, _ = Outreach.objects.update_or_create(
        day=day, region=region,
        defaults={"booklets": booklets, "banners": banners, "note": (note or "").strip()[:200], "created_by": actor},
    )  # fmt: skip
    audit_append(
        action=Action.UPDATE,
        obj=row,
        actor=actor,
        detail=f"殡葬改革宣传：宣传册{booklets}本，横幅{banners}幅",
    )
    return row


def funeral_home_add(*, name: str, region: Region, address: str = "") -> FuneralHome:
    home, _ = FuneralHome.objects.get_or_create(name=name, defaults={"region": region, "address": address})
    return home


def cemetery_add(*, name: str, kind: str, region: Region, address: str = "") -> Cemetery:
    cemetery, _ = Cemetery.objects.get_or_create(
        name=name, defaults={"kind": kind, "region": region, "address": address}
    )
    return cemetery


def person_death(*, person: Any) -> Death | None:
    return Death.objects.filter(person=person).first()
