"""地名标志 (路名牌, 村牌) and 界桩: registration, inspections, damage reports and repairs.

Sources: 《地名管理条例》(2022) 第十九条 (a sign shows the standard name; nobody may set up, remove, move, deface,
cover or damage one) and 第二十条 (县级以上地方人民政府 set up and manage signs) [V]; the joint inspection of
boundary markers follows 《行政区域界线管理条例》(国务院令第353号) [U: not read here; the five-yearly joint
inspection by the two sides is the usual practice].
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from minzheng.casework.models import Case
from minzheng.core.models import Region, User
from minzheng.core.roles import require
from minzheng.core.scope import region_within_scope
from minzheng.placenames.errors import PlacenamesError
from minzheng.placenames.models import (
    BoundaryMarker,
    Condition,
    JointInspection,
    PlaceName,
    Repair,
    Sign,
    SignInspection,
)
from minzheng.placenames.rules import STREET_KINDS
from minzheng.placenames.services.common import point_check, scope_check


def sign_register(
    *, actor: User | None, kind: str, code: str, region: Region, lat: Decimal, lng: Decimal, installed_on: date,
    place_name: PlaceName | None = None, text: str = "",
) -> Sign:  # fmt: skip
    """设置 a sign: a 路名牌 shows a street's standard name in use (条例第十九条); a 村牌 a village's name."""
    if actor is not None:
        require(actor, "placenames.signs")
    scope_check(actor, region, "设置地名标志")
    point_check(lat, lng)
    if kind == Sign.Kind.ROAD:
        if place_name is None or place_name.kind not in STREET_KINDS:
            raise PlacenamesError("路名牌须标示地名录中的街路巷名称", field="place_name")
        place_name.refresh_from_db(fields=["status"])
        if place_name.status != PlaceName.Status.IN_USE:
            raise PlacenamesError(
                f"“{place_name.name}”已停用，路名牌须标示在用的标准地名", field="place_name"
            )
        text = place_name.name
    elif kind == Sign.Kind.VILLAGE:
        text = (text or (place_name.name if place_name else "")).strip()
        if not text:
            raise PlacenamesError("村牌须填写标示的村名", field="text")
    else:
        raise PlacenamesError("请选择标志类别", field="kind")
    try:
        with transaction.atomic():
            return Sign.objects.create(
                kind=kind, code=code.strip(), place_name=place_name, text=text, region=region, lat=lat, lng=lng,
                installed_on=installed_on, created_by=actor,
            )  # fmt: skip
    except IntegrityError:
        raise PlacenamesError(f"标志编号{code}已登记", field="code") from None


def _open_repair(*, actor: User | None, sign: Sign | None, marker: BoundaryMarker | None, region: Region,
                 damage: str, on: date, source_case: Case | None) -> Repair:  # fmt: skip
    try:
        with transaction.atomic():
            return Repair.objects.create(
                sign=sign, marker=marker, region=region, damage=damage[:200], reported_on=on,
                source_case=source_case, created_by=actor,
            )  # fmt: skip
    except IntegrityError:
        raise PlacenamesError(f"{sign or marker}已有待修复的报告") from None


def sign_inspect(
    *, actor: User | None, sign: Sign, on: date, condition: str, note: str = ""
) -> SignInspection:
    """巡查: a damaged or missing sign is marked 损坏待修 and a repair opened (unless one is open)."""
    if actor is not None:
        require(actor, "placenames.signs")
    scope_check(actor, sign.region, "巡查地名标志")
    if condition not in Condition.values:
        raise PlacenamesError("请选择状况", field="condition")
    if condition != Condition.GOOD and not note.strip():
        raise PlacenamesError("损坏或缺失须说明情况", field="note")
    with transaction.atomic():
        locked = Sign.objects.select_for_update().get(pk=sign.pk)
        if locked.status == Sign.Status.REMOVED:
            raise PlacenamesError(f"{locked}已拆除")
        inspection = SignInspection.objects.create(
            sign=locked, inspected_on=on, condition=condition, note=note.strip()[:200], inspector=actor
        )
        if condition != Condition.GOOD and not locked.repairs.filter(status=Repair.Status.OPEN).exists():
            _open_repair(actor=actor, sign=locked, marker=None, region=locked.region,
                         damage=f"巡查发现{Condition(condition).label}：{note.strip()}", on=on, source_case=None)  # fmt: skip
            locked.status = Sign.Status.DAMAGED
            locked.save(update_fields=["status"])
    return inspection


def repair_open(
    *, actor: User, on: date, damage: str, sign: Sign | None = None, marker: BoundaryMarker | None = None,
    source_case: Case | None = None,
) -> Repair:  # fmt: skip
    """A damage report (损坏报告) of a sign or a marker, possibly from a grid event: ``source_case`` is the event's
    case on the case engine (the user must be able to see it), so the report links back to what was reported."""
    if (sign is None) == (marker is None):
        raise PlacenamesError("请选择一块地名标志或一个界桩")
    if not (damage or "").strip():
        raise PlacenamesError("请填写损坏情况", field="damage")
    if sign is not None:
        require(actor, "placenames.signs")
        scope_check(actor, sign.region, "报告地名标志损坏")
        region = sign.region
    else:
        assert marker is not None
        require(actor, "placenames.markers")
        if not (region_within_scope(actor, marker.region_a) or region_within_scope(actor, marker.region_b)):
            raise PlacenamesError(f"{marker}不在您的管辖范围内", field="marker")
        region = marker.region_a
    if source_case is not None and not Case.objects.visible_to(actor).filter(pk=source_case.pk).exists():
        raise PlacenamesError("来源事件不存在或不在您的管辖范围内", field="source_case")
    with transaction.atomic():
        repair = _open_repair(actor=actor, sign=sign, marker=marker, region=region, damage=damage.strip(), on=on,
                              source_case=source_case)  # fmt: skip
        if sign is not None:
            Sign.objects.filter(pk=sign.pk).update(status=Sign.Status.DAMAGED)
        else:
            BoundaryMarker.objects.filter(pk=marker.pk).update(status=BoundaryMarker.Status.DAMAGED)  # type: ignore[union-attr]
    return repair


def repair_complete(*, actor: User | None, repair: Repair, on: date, note: str) -> Repair:
    """修复 (or 修复安装): the sign or marker is back in order from ``on``."""
    if actor is not None:
        require(actor, "placenames.signs" if repair.sign_id else "placenames.markers")
        scope_check(actor, repair.region, "登记修复")
    if not (note or "").strip():
        raise PlacenamesError("请填写修复情况", field="note")
    with transaction.atomic():
        locked = Repair.objects.select_for_update().get(pk=repair.pk)
        if locked.status != Repair.Status.OPEN:
            raise PlacenamesError("该报告已登记修复")
        if on < locked.reported_on:
            raise PlacenamesError("修复日期不能早于报告日期", field="on")
        locked.status, locked.repaired_on, locked.repair_note = Repair.Status.DONE, on, note.strip()[:200]
        locked.save(update_fields=["status", "repaired_on", "repair_note"])
        if locked.sign_id:
            Sign.objects.filter(pk=locked.sign_id).update(status=Sign.Status.GOOD)
        else:
            BoundaryMarker.objects.filter(repairs=locked).update(status=BoundaryMarker.Status.INTACT)
    return locked


def marker_register(
    *, actor: User | None, number: str, region_a: Region, region_b: Region, lat: Decimal, lng: Decimal,
    installed_on: date,
) -> BoundaryMarker:  # fmt: skip
    """A 界桩 on the line between two areas of the same level (two districts, two towns …)."""
    if actor is not None:
        require(actor, "placenames.markers")
        if not (region_within_scope(actor, region_a) or region_within_scope(actor, region_b)):
            raise PlacenamesError("界桩两侧的区划都不在您的管辖范围内", field="region_a")
    if region_a.pk == region_b.pk:
        raise PlacenamesError("界桩两侧须是两个不同的区划", field="region_b")
    if region_a.level != region_b.level:
        raise PlacenamesError("界桩两侧须是同一级的区划", field="region_b")
    point_check(lat, lng)
    try:
        with transaction.atomic():
            return BoundaryMarker.objects.create(
                number=number.strip(),
                region_a=region_a,
                region_b=region_b,
                lat=lat,
                lng=lng,
                installed_on=installed_on,
            )
    except IntegrityError:
        raise PlacenamesError(f"界桩编号{number}已登记", field="number") from None


def marker_inspect(
    *, actor: User | None, marker: BoundaryMarker, on: date, parties: str, condition: str, note: str = ""
) -> JointInspection:
    """联合检查 by both sides: the parties are named; a damaged or missing marker opens a repair."""
    if actor is not None:
        require(actor, "placenames.markers")
        if not (region_within_scope(actor, marker.region_a) or region_within_scope(actor, marker.region_b)):
            raise PlacenamesError(f"{marker}不在您的管辖范围内")
    if not (parties or "").strip():
        raise PlacenamesError("请填写参加联合检查的双方单位", field="parties")
    if condition not in Condition.values:
        raise PlacenamesError("请选择状况", field="condition")
    if condition != Condition.GOOD and not note.strip():
        raise PlacenamesError("损毁或缺失须说明情况", field="note")
    with transaction.atomic():
        locked = BoundaryMarker.objects.select_for_update().get(pk=marker.pk)
        inspection = JointInspection.objects.create(
            marker=locked, inspected_on=on, parties=parties.strip()[:200], condition=condition,
            note=note.strip()[:200], inspector=actor,
        )  # fmt: skip
        if condition != Condition.GOOD and not locked.repairs.filter(status=Repair.Status.OPEN).exists():
            _open_repair(actor=actor, sign=None, marker=locked, region=locked.region_a,
                         damage=f"联合检查发现{Condition(condition).label}：{note.strip()}", on=on, source_case=None)  # fmt: skip
            locked.status = BoundaryMarker.Status.DAMAGED
            locked.save(update_fields=["status"])
    return inspection
