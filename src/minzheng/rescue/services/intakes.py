"""The station's work with one person: registration (identity, the voluntary principle), the moves of the stay
(``rescue_intake`` on the case engine, whose consequences are applied here), identification and the notices of
family tracing. Rules and their sources: ``rescue/rules.py``."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from minzheng.casework.models import Case
from minzheng.casework.services import case_open, case_transition
from minzheng.casework.topics import case_topic_filter
from minzheng.core.audit import Action, audit_append
from minzheng.core.audited import audit_deferred
from minzheng.core.ids import CitizenIdError, parse_citizen_id
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import region_within_scope
from minzheng.registry.models import Person
from minzheng.rescue import rules
from minzheng.rescue.casetypes import INTAKE, OPEN
from minzheng.rescue.errors import RescueError
from minzheng.rescue.models import Intake, Notice, Rescuee, Station
from minzheng.rescue.rules import Gender, NoticeKind, Source

PHOTO_TYPES = (".jpg", ".jpeg", ".png")


def station_ensure(*, name: str, region: Region, address: str = "", phone: str = "") -> Station:
    """The station (configuration, as the system: the seed and the administrator's setup)."""
    station, _ = Station.objects.get_or_create(
        name=name, defaults={"region": region, "address": address, "phone": phone}
    )
    return station


def _citizen_id(raw: str) -> str:
    try:
        return parse_citizen_id(raw).number
    except CitizenIdError as exc:
        raise RescueError(f"身份证号：{exc}", field="id_number") from exc


def _grid_case(actor: User, pk: Any) -> Case:
    """An open grid event of category 流浪乞讨 the actor may see (through casework's topics: rescue imports no grid)."""
    found = (
        Case.objects.visible_to(actor)
        .filter(case_topic_filter("grid_event", rules.OUTREACH_TOPIC))
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise RescueError("网格事件不存在、不属于“流浪乞讨”类别或不在您的管辖范围内", field="grid_case")
    linked = Intake.objects.filter(grid_case=found).select_related("case").first()
    if linked is not None:
        raise RescueError(f"网格事件{found.number}已登记救助（{linked.case.number}）", field="grid_case")
    return found


def _age(*, person: Person | None, id_number: str, age: int | None, on: datetime) -> int:
    day = timezone.localtime(on).date()
    if person is not None:
        return rules.age_on(person.birth_date, day)
    if id_number:
        return rules.age_on(parse_citizen_id(id_number).birth_date, day)
    if age is None:
        raise RescueError("身份不明的受助人员请填写估计年龄", field="age")
    if not 0 <= age <= 120:
        raise RescueError(f"估计年龄应在0–120周岁之间，实为{age}", field="age")
    return age


def _photo_check(photo: UploadedFile | None) -> None:
    if photo is not None and not (photo.name or "").lower().endswith(PHOTO_TYPES):
        raise RescueError("照片须为JPG或PNG图片", field="photo")


def _rescuee(
    *, actor: User, station: Station, person: Person | None, id_number: str, name: str, gender: str,
    birth_year: int | None, description: str, photo: UploadedFile | None, hukou_place: str, at: datetime,
) -> Rescuee:  # fmt: skip
    """The person's record at the station: the one already there for this registry person or this ID, else new."""
    existing = None
    if person is not None:
        existing = Rescuee.objects.select_for_update().filter(station=station, person=person).first()
    elif id_number:
        existing = Rescuee.objects.select_for_update().filter(station=station, id_number=id_number).first()
    if existing is not None:
        return existing
    with audit_deferred():
        rescuee = Rescuee.objects.create(
            station=station, region=station.region, code=f"tmp-{uuid.uuid4().hex[:14]}", person=person,
            name=(person.name if person else name.strip() or "无名氏")[:50],
            gender=person.gender if person else (gender or Gender.UNKNOWN),
            birth_year=person.birth_date.year if person else birth_year, id_number=id_number,
            hukou_place=hukou_place.strip()[:200], description=description.strip(),
            identified_at=at if (person is not None or id_number) else None, created_by=actor,
        )  # fmt: skip
        rescuee.code = f"SZ{timezone.localtime(at):%Y}{rescuee.pk:06d}"
        if photo is not None:
            rescuee.photo = photo
        rescuee.save()
    return rescuee


def intake_register(
    *,
    actor: User,
    station: Station,
    source: str,
    arrived_at: datetime | None = None,
    id_number: str = "",
    person: Person | None = None,
    name: str = "",
    gender: str = "",
    age: int | None = None,
    description: str = "",
    photo: UploadedFile | None = None,
    hukou_place: str = "",
    impaired: bool = False,
    voluntary: bool = True,
    voluntary_note: str = "",
    reason: str = "",
    belongings: str = "",
    found_place: str = "",
    grid_case_id: Any = None,
    schooling: str = "",
    admit: bool = True,
) -> Intake:
    """求助登记 (办法 第六条, 实施细则 第三条): the person states their name and facts and registers their belongings.

    Identity: an ID number given is checked (GB 11643) and looked up in the registry by exact match — found, the
    stay is linked to the registry person; not found, the number is kept as stated. Without an ID the person is
    recorded as unidentified with their description (体貌特征, photo) for the 寻亲公告 of 民发〔2015〕158号.
    Voluntary principle: an adult of sound mind is helped only if they ask (自愿受助); minors and impaired people may
    be brought by officers (办法 第五条). ``admit`` takes the 甄别 move at once (在站救助 or 在站保护 by age and
    condition); otherwise the case waits in 求助登记 for it or for 不予救助.
    """
    require(actor, "rescue.intake")
    if not region_within_scope(actor, station.region):
        raise RescueError(f"{station.name}不在您的管辖范围内", field="station")
    if source not in Source.values:
        raise RescueError(f"未知的来站方式“{source}”", field="source")
    _photo_check(photo)
    at = arrived_at or timezone.now()
    id_number = _citizen_id(id_number) if (id_number or "").strip() else ""
    if person is None and id_number:
        person = Person.objects.filter(id_number=id_number).first()
    if person is None and not id_number and not description.strip():
        raise RescueError("身份不明的受助人员须登记体貌特征（用于寻亲公告）", field="description")
    years = _age(person=person, id_number=id_number, age=age, on=at)
    if not voluntary and rules.must_seek_voluntarily(age=years, impaired=impaired):
        raise RescueError(
            "成年受助人员须本人自愿求助（自愿受助原则）：本人不愿受助的，只能告知其可向救助站求助，不能登记救助",
            field="voluntary",
        )
    grid_case = _grid_case(actor, grid_case_id) if grid_case_id else None
    with transaction.atomic():
        rescuee = _rescuee(
            actor=actor, station=station, person=person, id_number=id_number, name=name, gender=gender,
            birth_year=timezone.localtime(at).year - years if person is None and not id_number else None,
            description=description, photo=photo, hukou_place=hukou_place, at=at,
        )  # fmt: skip
        staying = Intake.objects.filter(rescuee=rescuee, case__state__in=OPEN).select_related("case").first()
        if staying is not None:
            raise RescueError(
                f"{rescuee.name}正在站内救助（{staying.case.number}），不能重复登记", field="id_number"
            )
        case = case_open(
            case_type=INTAKE, actor=actor, region=station.region, title=f"{rescuee.name}求助登记",
            subject=person, at=at,
        )  # fmt: skip
        intake = Intake.objects.create(
            case=case, station=station, region=station.region, rescuee=rescuee, source=source, grid_case=grid_case,
            found_place=found_place.strip()[:200], arrived_at=at, age=years, minor=rules.is_minor(years),
            impaired=impaired, voluntary=voluntary, voluntary_note=voluntary_note.strip()[:300],
            reason=reason.strip()[:300], belongings=belongings.strip()[:300],
            schooling=schooling if rules.is_minor(years) else "", created_by=actor,
        )  # fmt: skip
        if admit:
            ordinary = rules.may_leave_alone(age=years, impaired=impaired)
            case_transition(actor=actor, case=case, action="admit" if ordinary else "admit_protected", at=at)
    return Intake.objects.select_related("case", "rescuee").get(pk=intake.pk)


def intake_move(*, actor: User, intake: Intake, action: str, comment: str = "", expected_state: str | None = None,
                at: datetime | None = None, **fields: Any) -> Intake:  # fmt: skip
    """Take a move of the stay; the domain's inputs (hand-over record, hospital, days of an extension) in ``fields``."""
    case_transition(actor=actor, case=intake.case, action=action, comment=comment, expected_state=expected_state,
                    at=at, note=comment, **fields)  # fmt: skip
    return Intake.objects.select_related("case", "rescuee").get(pk=intake.pk)


def _required(fields: dict[str, Any], name: str, label: str) -> str:
    value = str(fields.get(name) or "").strip()
    if not value:
        raise RescueError(f"请填写{label}", field=name)
    return value


def intake_apply_move(*, case: Case, action: str, actor: User, at: datetime, **fields: Any) -> None:
    """The consequences of a move of ``rescue_intake`` (inside its transaction)."""
    intake = Intake.objects.select_for_update().select_related("rescuee").get(case=case)
    ordinary = rules.may_leave_alone(age=intake.age, impaired=intake.impaired)
    day = timezone.localtime(at).date()
    changed: list[str] = []
    note = str(fields.get("note") or "").strip()
    if action in ("admit", "discharge", "leave", "extend_request") and not ordinary:
        raise RescueError(
            "未满16周岁的未成年人和疑似精神障碍、智力残疾的受助人员在站保护，不受10天期限限制，不能自行离站，"
            "应由亲属接领或护送返乡（工作规程）"
        )
    if action in ("admit_protected", "discharge_protected") and ordinary:
        raise RescueError("年满16周岁且无精神障碍、智力残疾迹象的受助人员应在站救助（一般不超过10天）")
    if action == "admit":
        intake.stay_until = rules.stay_until(
            arrived=timezone.localtime(intake.arrived_at).date(), age=intake.age, impaired=intake.impaired
        )
        changed.append("stay_until")
    elif action == "extend_approve":
        days = int(fields.get("extend_days") or rules.EXTENSION_DAYS)
        if not 1 <= days <= 90:
            raise RescueError(f"延长天数应在1–90天之间，实为{days}", field="extend_days")
        intake.stay_until = max(intake.stay_until or day, day) + timedelta(days=days)
        changed.append("stay_until")
    elif action == "hospitalize":
        intake.hospital = _required(fields, "hospital", "送医机构")[:100]
        intake.hospitalized_at = at
        changed += ["hospital", "hospitalized_at"]
    elif action == "discharge":
        intake.stay_until = max(intake.stay_until or day, day + timedelta(days=1))
        changed.append("stay_until")
    elif action == "escort":
        if not intake.rescuee.identified:
            raise RescueError("受助人员身份尚未查明，不能护送返乡；请先寻亲或决定安置")
        intake.handover_to = _required(fields, "handover_to", "接收人")[:50]
        intake.handover_relation = _required(fields, "handover_relation", "接收人与受助人员关系或单位")[:50]
        intake.handover_place = _required(fields, "handover_place", "交接地点")[:200]
        intake.handover_at = fields.get("handover_at") or at
        changed += ["handover_to", "handover_relation", "handover_place", "handover_at"]
    elif action == "transfer":
        intake.transfer_to = (str(fields.get("transfer_to") or "") or note)[:100]
        changed.append("transfer_to")
    elif action == "settle":
        arrived = timezone.localtime(intake.arrived_at).date()
        if intake.rescuee.identified:
            raise RescueError("受助人员身份已查明，应护送返乡或由亲属接领，不属于长期滞留安置")
        if not rules.is_long_stay(arrived=arrived, on=day, identified=False):
            raise RescueError(
                f"入站未满{rules.LONG_STAY_MONTHS}个月（{rules.long_stay_from(arrived):%Y年%m月%d日}起可决定安置）"
            )
    elif action == "die":
        intake.death_note = note[:300]
        changed.append("death_note")
    leave = {"refuse": Intake.Leave.REFUSED, "leave": Intake.Leave.SELF, "escort": Intake.Leave.RETURNED,
             "transfer": Intake.Leave.TRANSFERRED, "settle": Intake.Leave.SETTLED, "die": Intake.Leave.DIED}  # fmt: skip
    if action in leave:
        intake.leave, intake.left_at = leave[action], at
        changed += ["leave", "left_at"]
    if changed:
        intake.save(update_fields=changed)


def intake_identify(
    *, actor: User, intake: Intake, id_number: str, hukou_place: str = "", at: datetime | None = None
) -> Rescuee:
    """身份查明: the ID number found (by the person, the police's fingerprint/face/DNA check, a family's report). It is
    checked and looked up in the registry; from this moment the family or authorities must be notified within
    24 hours (``rules.notice_due``)."""
    require(actor, "rescue.station")
    number = _citizen_id(id_number)
    at = at or timezone.now()
    with transaction.atomic():
        rescuee = Rescuee.objects.select_for_update().get(pk=intake.rescuee_id)
        if rescuee.identified:
            raise RescueError(
                f"{rescuee.name}的身份已于{timezone.localtime(rescuee.identified_at):%Y-%m-%d %H:%M}查明"
            )
        person = Person.objects.filter(id_number=number).first()
        other = Rescuee.objects.filter(station=rescuee.station).exclude(pk=rescuee.pk)
        if (person and other.filter(person=person).exists()) or other.filter(id_number=number).exists():
            raise RescueError("该身份证号已有本站受助人员档案，请核对", field="id_number")
        rescuee.person, rescuee.id_number, rescuee.identified_at = person, number, at
        if person is not None:
            rescuee.name, rescuee.gender, rescuee.birth_year = (
                person.name,
                person.gender,
                person.birth_date.year,
            )
        if hukou_place.strip():
            rescuee.hukou_place = hukou_place.strip()[:200]
        rescuee.save(update_fields=["person", "id_number", "identified_at", "name", "gender", "birth_year",
                                    "hukou_place"])  # fmt: skip
    return rescuee


def notice_record(
    *, actor: User, intake: Intake, kind: str, channel: str, recipient: str = "", note: str = "",
    at: datetime | None = None,
) -> Notice:  # fmt: skip
    """寻亲与通知. A notice to the family or authorities needs the identity known (办法 第七条(四)、第九条); a guardian's
    notice is for a minor; a 寻亲公告 is for a person whose identity is unknown (民发〔2015〕158号, within 24 hours of
    arrival). The first family (guardian) notice is the moment the 24-hour rule looks at."""
    require(actor, "rescue.station")
    if kind not in NoticeKind.values:
        raise RescueError(f"未知的通知类别“{kind}”", field="kind")
    if not channel.strip():
        raise RescueError("请填写通知方式或公告的发布渠道", field="channel")
    at = at or timezone.now()
    with transaction.atomic():
        locked = Intake.objects.select_for_update().select_related("rescuee").get(pk=intake.pk)
        identified = locked.rescuee.identified
        if kind in (NoticeKind.FAMILY, NoticeKind.GUARDIAN) and not identified:
            raise RescueError("身份尚未查明，不能通知亲属；请先发布寻亲公告", field="kind")
        if kind == NoticeKind.GUARDIAN and not locked.minor:
            raise RescueError(f"{locked.rescuee.name}不是未成年人，无需通知监护人", field="kind")
        if kind == NoticeKind.ANNOUNCEMENT and identified:
            raise RescueError("受助人员身份已查明，无需发布寻亲公告", field="kind")
        if at < locked.arrived_at:
            raise RescueError("通知时间不能早于入站时间", field="at")
        notice = Notice.objects.create(
            intake=locked, kind=kind, at=at, channel=channel.strip()[:100], recipient=recipient.strip()[:100],
            note=note.strip()[:300], created_by=actor,
        )  # fmt: skip
        field = {NoticeKind.FAMILY: "family_notified_at", NoticeKind.GUARDIAN: "guardian_notified_at"}.get(
            kind
        )
        if field and getattr(locked, field) is None:
            setattr(locked, field, at)
            locked.save(update_fields=[field])
    return notice


def intake_view_log(*, actor: User, intake: Intake) -> None:
    audit_append(action=Action.VIEW, obj=intake, actor=actor, detail=f"查看救助登记{intake.case.number}")


def photo_view_log(*, actor: User, rescuee: Rescuee) -> None:
    """Every look at a rescued person's photo is in the audit log (a photo identifies a person: PIPL's sensitive data)."""
    audit_append(action=Action.VIEW, obj=rescuee, actor=actor, detail=f"查看受助人员{rescuee.code}的照片")


def intake_export_log(*, actor: User, detail: str) -> None:
    audit_append(action=Action.EXPORT, object_type="rescue.intake", actor=actor, detail=detail)
