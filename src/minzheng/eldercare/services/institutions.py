"""Institutions: registration, rating, beds, operator accounts, residents, staff and their training."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from minzheng.core.models import Region, User
from minzheng.core.roles import can, refusal, require
from minzheng.core.scope import OutOfScopeError, access_scoped, region_within_scope
from minzheng.core.uscc import UsccError, parse_uscc
from minzheng.core.values import phone_clean
from minzheng.eldercare.eligibility import tekun_enrollment_for
from minzheng.eldercare.models import (
    BedCount,
    CareLevel,
    Institution,
    InstitutionKind,
    Ownership,
    Rating,
    Resident,
    SkillLevel,
    Staff,
    StaffPost,
    Training,
)
from minzheng.eldercare.services._common import EldercareError, check_text, institution_for
from minzheng.registry.models import Person

RESIDENTIAL_KINDS = (InstitutionKind.NURSING_HOME, InstitutionKind.TOWN_HOME)


def _person_in_scope(actor: User, person: Person | int, *, label: str = "人员") -> Person:
    pk = person.pk if isinstance(person, Person) else person
    try:
        found = access_scoped(actor, Person, pk, label=label)
    except OutOfScopeError as exc:
        raise EldercareError(str(exc), field="person") from exc
    if found.status != Person.Status.NORMAL:
        raise EldercareError(
            f"{found.name}的人员状态为“{found.get_status_display()}”，不能办理", field="person"
        )
    return found


def institution_create(
    *,
    actor: User,
    name: str,
    kind: str,
    ownership: str,
    region: Region,
    address: str = "",
    phone: str = "",
    uscc: str = "",
    chain: str = "",
    opened_on: date | None = None,
) -> Institution:
    """登记养老服务机构 (区局/市局), in a region of the actor's subtree."""
    require(actor, "eldercare.institution_manage")
    name = check_text(name, label="机构名称", field="name", max_length=100)
    if kind not in InstitutionKind.values:
        raise EldercareError("请选择机构类型", field="kind")
    if ownership not in Ownership.values:
        raise EldercareError("请选择运营性质", field="ownership")
    if not region_within_scope(actor, region):
        raise EldercareError(f"“{region.name}”不在您的管辖范围内", field="region")
    if uscc:
        try:
            uscc = parse_uscc(uscc).code
        except UsccError as exc:
            raise EldercareError(f"统一社会信用代码有误：{exc.reason}", field="uscc") from exc
    if Institution.objects.filter(region=region, name=name).exists():
        raise EldercareError(f"{region.name}已有名为“{name}”的机构", field="name")
    return Institution.objects.create(
        name=name,
        kind=kind,
        ownership=ownership,
        region=region,
        address=check_text(address, label="地址", field="address", max_length=200, required=False),
        phone=check_text(phone_clean(phone), label="联系电话", field="phone", max_length=20, required=False),
        uscc=uscc,
        chain=check_text(chain, label="连锁品牌", field="chain", max_length=50, required=False),
        opened_on=opened_on,
    )


def institution_rate(*, actor: User, institution: Institution, rating: int, rated_on: date) -> Institution:
    """等级评定 (GB/T 37276-2018, 一级 … 五级) of a nursing home or 敬老院, by the 区局 or 市局."""
    require(actor, "eldercare.institution_manage")
    with transaction.atomic():
        inst = institution_for(actor, institution, what="评定机构等级", lock=True)
        if inst.kind not in RESIDENTIAL_KINDS:
            raise EldercareError(
                "等级评定只适用于养老院、敬老院（GB/T 37276-2018《养老机构等级划分与评定》）"
            )
        if rating not in Rating.values:
            raise EldercareError("等级应为一级至五级", field="rating")
        inst.rating, inst.rated_on = rating, rated_on
        inst.save(update_fields=["rating", "rated_on"])
    return inst


def institution_set_active(*, actor: User, institution: Institution, active: bool) -> Institution:
    require(actor, "eldercare.institution_manage")
    with transaction.atomic():
        inst = institution_for(actor, institution, what="变更机构运营状态", lock=True)
        inst.active = active
        inst.save(update_fields=["active"])
    return inst


def institution_operator_attach(*, actor: User, institution: Institution, user: User) -> None:
    """Give a 机构经办人 account the right to act for the institution. Its region must contain the
    institution's, so that every request dispatched to the institution is in the account's scope."""
    require(actor, "eldercare.institution_manage")
    inst = institution_for(actor, institution, what="设置机构经办人")
    if not can(user, "eldercare.institution_own"):
        raise EldercareError(
            f"账号{user}不能作为机构经办人：{refusal(user, 'eldercare.institution_own')}", field="user"
        )
    if not region_within_scope(user, inst.region):
        raise EldercareError(
            f"账号{user}的所属区划不包含“{inst.name}”所在区划，不能作为其经办人", field="user"
        )
    inst.operators.add(user)


def institution_beds_set(*, actor: User, institution: Institution, care_level: str, beds: int) -> BedCount:
    """床位数 of one care level; never below the residents currently at that level."""
    if care_level not in CareLevel.values:
        raise EldercareError("请选择护理等级", field="care_level")
    if beds < 0:
        raise EldercareError("床位数不能为负数", field="beds")
    with transaction.atomic():
        inst = institution_for(actor, institution, what="设置床位", lock=True)
        if inst.kind not in RESIDENTIAL_KINDS + (InstitutionKind.DAY_CARE,):
            raise EldercareError(f"{inst.get_kind_display()}不设床位")
        occupied = Resident.objects.filter(
            institution=inst, care_level=care_level, left_on__isnull=True
        ).count()
        if beds < occupied:
            raise EldercareError(
                f"{CareLevel(care_level).label}床位现有{occupied}位老人入住，床位数不能少于{occupied}",
                field="beds",
            )
        row, _ = BedCount.objects.update_or_create(
            institution=inst, care_level=care_level, defaults={"beds": beds}
        )
    return row


def resident_admit(
    *,
    actor: User,
    institution: Institution,
    person: Person,
    care_level: str,
    admitted_on: date,
    tekun: bool = False,
) -> Resident:
    """入住: a free bed of the care level is needed; a person lives in one institution at a time.
    特困 集中供养 (《社会救助暂行办法》第十九条) residents carry their assistance enrollment."""
    if care_level not in CareLevel.values:
        raise EldercareError("请选择护理等级", field="care_level")
    with transaction.atomic():
        inst = institution_for(actor, institution, what="办理入住", lock=True)
        if inst.kind not in RESIDENTIAL_KINDS:
            raise EldercareError(f"{inst.get_kind_display()}不办理入住", field="institution")
        who = _person_in_scope(actor, person, label="入住老人")
        beds = (
            BedCount.objects.filter(institution=inst, care_level=care_level)
            .values_list("beds", flat=True)
            .first()
        )
        occupied = Resident.objects.filter(
            institution=inst, care_level=care_level, left_on__isnull=True
        ).count()
        if not beds or occupied >= beds:
            raise EldercareError(
                f"{inst.name}{CareLevel(care_level).label}床位已满（{occupied}/{beds or 0}）",
                field="care_level",
            )
        enrollment = tekun_enrollment_for(person_id=who.pk, on=admitted_on) if tekun else None
        try:
            with transaction.atomic():
                return Resident.objects.create(
                    institution=inst,
                    person=who,
                    care_level=care_level,
                    admitted_on=admitted_on,
                    tekun=tekun,
                    tekun_enrollment=enrollment,
                )
        except IntegrityError as exc:
            current = (
                Resident.objects.filter(person=who, left_on__isnull=True)
                .select_related("institution")
                .first()
            )
            where = current.institution.name if current else "其他机构"
            raise EldercareError(f"{who.name}已在{where}入住，须先办理离院", field="person") from exc


def resident_discharge(*, actor: User, resident: Resident, left_on: date, reason: str) -> Resident:
    reason = check_text(reason, label="离院原因", field="reason", max_length=100)
    with transaction.atomic():
        institution_for(actor, resident.institution_id, what="办理离院")
        row = Resident.objects.select_for_update().get(pk=resident.pk)
        if row.left_on is not None:
            raise EldercareError("该老人已离院")
        if left_on < row.admitted_on:
            raise EldercareError("离院日期不能早于入住日期", field="left_on")
        row.left_on, row.leave_reason = left_on, reason
        row.save(update_fields=["left_on", "leave_reason"])
    return row


def staff_add(
    *, actor: User, institution: Institution, person: Person, post: str, hired_on: date, skill_level: str = ""
) -> Staff:
    if post not in StaffPost.values:
        raise EldercareError("请选择岗位", field="post")
    if skill_level not in SkillLevel.values:
        raise EldercareError("职业技能等级无效", field="skill_level")
    with transaction.atomic():
        inst = institution_for(actor, institution, what="登记工作人员")
        who = _person_in_scope(actor, person)
        if Staff.objects.filter(institution=inst, person=who, left_on__isnull=True).exists():
            raise EldercareError(f"{who.name}已是{inst.name}的在职人员", field="person")
        return Staff.objects.create(
            institution=inst, person=who, post=post, skill_level=skill_level, hired_on=hired_on
        )


def staff_leave(*, actor: User, staff: Staff, left_on: date) -> Staff:
    with transaction.atomic():
        institution_for(actor, staff.institution_id, what="办理离职")
        row = Staff.objects.select_for_update().get(pk=staff.pk)
        if row.left_on is not None:
            raise EldercareError("该人员已离职")
        row.left_on = left_on
        row.save(update_fields=["left_on"])
    return row


def training_record(
    *,
    actor: User,
    staff: Staff,
    course: str,
    start_on: date,
    end_on: date,
    hours: int,
    passed: bool = True,
    organiser: str = "",
    certificate_no: str = "",
) -> Training:
    """培训记录 of a worker: counts towards "养老护理（管理）人员培训" when passed."""
    institution_for(actor, staff.institution_id, what="登记培训")
    course = check_text(course, label="培训项目", field="course", max_length=100)
    if end_on < start_on:
        raise EldercareError("结束日期不能早于开始日期", field="end_on")
    if hours <= 0:
        raise EldercareError("学时应大于0", field="hours")
    return Training.objects.create(
        staff=staff,
        course=course,
        organiser=check_text(organiser, label="组织单位", field="organiser", max_length=100, required=False),
        start_on=start_on,
        end_on=end_on,
        hours=hours,
        passed=passed,
        certificate_no=check_text(
            certificate_no, label="证书编号", field="certificate_no", max_length=40, required=False
        ),
    )
