"""儿童主任/督导员, their visits (a high risk opens a follow-up case), the welfare institution's intake of abandoned
infants, and outreach events (宣讲)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from minzheng.casework.services import case_open
from minzheng.children import rules
from minzheng.children.casetypes import RISK
from minzheng.children.errors import ChildrenError
from minzheng.children.models import InfantIntake, Outreach, Visit, WelfareHome, Worker
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import access_scoped, region_within_scope
from minzheng.core.values import phone_clean
from minzheng.registry.models import Person
from minzheng.registry.selectors import person_age

# 儿童主任 serves a 村/居, 儿童督导员 a 乡镇/街道 (民发〔2019〕34号).
POST_LEVEL = {Worker.Post.DIRECTOR: Region.Level.COMMUNITY, Worker.Post.SUPERVISOR: Region.Level.TOWN}


def _not_future(day: date, *, field: str, label: str) -> None:
    if day > timezone.localdate():
        raise ChildrenError(f"{label}不能晚于今天", field=field)


def worker_appoint(
    *, actor: User, person: Person, post: str, region: Region, appointed_on: date, phone: str = ""
) -> Worker:
    """登记儿童主任（每个村/居一名）或儿童督导员（每个乡镇/街道一名）, 民发〔2019〕34号. The post's previous holder, if
    any, must leave first (``worker_leave``)."""
    require(actor, "children.workers")
    if post not in POST_LEVEL:
        raise ChildrenError("岗位须为儿童主任或儿童督导员", field="post")
    level = POST_LEVEL[post]
    if region.level != level:
        raise ChildrenError(
            f"{Worker.Post(post).label}按{Region.Level(level).label}设置，“{region.name}”是{region.get_level_display()}",
            field="region",
        )
    if not region_within_scope(actor, region):
        raise ChildrenError(f"“{region.name}”不在您的管辖范围内", field="region")
    if person.status != Person.Status.NORMAL or person_age(person, on=appointed_on) < rules.ADULT_AGE:
        raise ChildrenError(f"{person.name}须为在册的成年人", field="person")
    _not_future(appointed_on, field="appointed_on", label="任职日期")
    with transaction.atomic():
        current = (
            Worker.objects.select_for_update().filter(region=region, post=post, left_on__isnull=True).first()
        )
        if current is not None:
            raise ChildrenError(
                f"{region.name}已有{Worker.Post(post).label}{current.person.name}，请先登记其离任",
                field="region",
            )
        return Worker.objects.create(
            person=person,
            post=post,
            region=region,
            phone=phone_clean(phone) if phone else "",
            appointed_on=appointed_on,
        )


def worker_leave(*, actor: User, worker: Worker, left_on: date) -> Worker:
    require(actor, "children.workers")
    with transaction.atomic():
        locked = access_scoped(actor, Worker, worker.pk, lock=True, label="儿童主任/督导员")
        if locked.left_on is not None:
            raise ChildrenError(f"{locked}已于{locked.left_on:%Y-%m-%d}离任")
        if left_on < locked.appointed_on:
            raise ChildrenError("离任日期不能早于任职日期", field="left_on")
        locked.left_on = left_on
        locked.save(update_fields=["left_on"])
    return locked


def visit_record(
    *,
    actor: User,
    worker: Worker,
    child: Person,
    category: str,
    visited_on: date,
    risk: str,
    findings: str,
    follow_up: str = "",
    at: datetime | None = None,
) -> Visit:
    """A visit to a 留守/困境 child (民发〔2019〕34号: 定期走访、督促监护、报告). A high risk opens the follow-up case
    ``children_risk`` for the town (``rules.follow_up_needed``)."""
    require(actor, "children.visit")
    if category not in rules.ChildCategory.values:
        raise ChildrenError("请选择儿童类别", field="category")
    if risk not in rules.Risk.values:
        raise ChildrenError("请选择风险等级", field="risk")
    if not (findings or "").strip():
        raise ChildrenError("请填写走访情况", field="findings")
    _not_future(visited_on, field="visited_on", label="走访日期")
    if worker.left_on is not None and worker.left_on < visited_on or worker.appointed_on > visited_on:
        raise ChildrenError(f"{worker}在{visited_on:%Y-%m-%d}不在任", field="worker")
    if not region_within_scope(actor, child.region) or not child.region.path.startswith(worker.region.path):
        raise ChildrenError(f"{child.name}不在{worker.region.name}或您的管辖范围内", field="child")
    if person_age(child, on=visited_on) >= rules.ADULT_AGE:
        raise ChildrenError(f"{child.name}走访时已成年，不属于儿童关爱对象", field="child")
    if rules.follow_up_needed(risk) and not (follow_up or "").strip():
        raise ChildrenError("高风险须填写已采取或建议的跟进措施", field="follow_up")
    with transaction.atomic():
        visit = Visit.objects.create(
            worker=worker,
            child=child,
            region=child.region,
            category=category,
            visited_on=visited_on,
            risk=risk,
            findings=findings.strip(),
            follow_up=(follow_up or "").strip()[:300],
            created_by=actor,
        )
        if rules.follow_up_needed(risk):
            visit.case = case_open(
                case_type=RISK,
                actor=actor,
                region=child.region,
                title=f"{child.name}（{rules.ChildCategory(category).label}）高风险跟进",
                subject=child,
                comment=visit.follow_up,
                at=at,
            )
            visit.save(update_fields=["case"])
    return visit


def welfare_home_ensure(*, name: str, region: Region) -> WelfareHome:
    """The institution ``name`` (made if missing; the seed and tests use it, there is no page to found one)."""
    home, _ = WelfareHome.objects.get_or_create(name=name, defaults={"region": region})
    return home


def infant_intake_record(
    *,
    actor: User,
    home: WelfareHome,
    received_on: date,
    found_on: date,
    found_place: str,
    gender: str,
    estimated_birth: date,
    police_report: str,
    disabled: bool = False,
    health_note: str = "",
) -> InfantIntake:
    """The institution receives an abandoned infant or child, on the 公安机关's 捡拾报案证明 (《民政部 公安部关于
    开展查找不到生父母的打拐解救儿童收养工作的通知》 and the 弃婴 procedure: police report first) [U wording]."""
    require(actor, "children.intake")
    home = access_scoped(actor, WelfareHome, home.pk, label="儿童福利机构")
    if gender not in ("M", "F"):
        raise ChildrenError("请选择性别", field="gender")
    if not (found_place or "").strip():
        raise ChildrenError("请填写发现地点", field="found_place")
    if not (police_report or "").strip():
        raise ChildrenError("请填写公安机关捡拾报案证明编号", field="police_report")
    _not_future(received_on, field="received_on", label="接收日期")
    if found_on > received_on:
        raise ChildrenError("发现日期不能晚于接收日期", field="found_on")
    if estimated_birth > found_on:
        raise ChildrenError("估计出生日期不能晚于发现日期", field="estimated_birth")
    if (received_on - estimated_birth).days >= 365 * rules.ADULT_AGE:
        raise ChildrenError("接收对象须为未成年人", field="estimated_birth")
    return InfantIntake.objects.create(
        home=home,
        region=home.region,
        received_on=received_on,
        found_on=found_on,
        found_place=found_place.strip()[:200],
        gender=gender,
        estimated_birth=estimated_birth,
        disabled=disabled,
        health_note=(health_note or "").strip()[:200],
        police_report=police_report.strip()[:50],
        created_by=actor,
    )


def outreach_record(
    *, actor: User, region: Region, held_on: date, title: str, speaker: str, audience: int, children: int = 0
) -> Outreach:
    """A 宣讲 of 农村留守儿童和困境儿童关爱保护政策 held in a village/community (or a town's square)."""
    require(actor, "children.outreach")
    if region.level not in (Region.Level.TOWN, Region.Level.COMMUNITY):
        raise ChildrenError("宣讲地点须为乡镇/街道或村/社区", field="region")
    if not region_within_scope(actor, region):
        raise ChildrenError(f"“{region.name}”不在您的管辖范围内", field="region")
    _not_future(held_on, field="held_on", label="宣讲日期")
    if not (title or "").strip() or not (speaker or "").strip():
        raise ChildrenError("请填写宣讲主题和宣讲人", field="title")
    if audience < 1:
        raise ChildrenError("参加人数至少为1", field="audience")
    if children < 0 or children > audience:
        raise ChildrenError("其中儿童及监护人人数不能超过参加人数", field="children")
    return Outreach.objects.create(
        region=region,
        held_on=held_on,
        title=title.strip()[:100],
        speaker=speaker.strip()[:50],
        audience=audience,
        children=children,
        created_by=actor,
    )
