"""Writes of the aggregate data sets: definitions (the city), a unit's values and its completion, the level
above's approval, return and unapproval. Keyword-only; refusals are ``DatasetError`` with a Chinese message naming
the element or field; ``PermissionDenied`` when the acting user lacks the capability. ``actor=None`` is the system
(the seed). Every row is ``Audited``: each create, change and delete goes to the audit chain with its actor.

Concurrency: every write to one unit's period locks the data set's row first (one order for all writers, so
they cannot deadlock) and re-reads what it checks; an entry form carries the version of the values it showed, and
a save over values changed since is refused instead of overwriting them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from minzheng.core.audit import Action, audit_append
from minzheng.core.models import Region, User
from minzheng.core.roles import Role, can, refusal, require, roles_with
from minzheng.core.scope import region_within_scope
from minzheng.datasets import rules
from minzheng.datasets.errors import DatasetError
from minzheng.datasets.models import Approval, Completion, DataElement, DataSet, DataSetElement, DataValue

# --- definitions --------------------------------------------------------------------------------------------


def element_create(
    *, actor: User | None, name: str, unit: str, value_type: str = rules.ValueType.INTEGER, description: str = "",
    code: str = "",
) -> DataElement:  # fmt: skip
    """A data element (数据项): one number a unit reports, with its unit and how it is counted."""
    if actor is not None:
        require(actor, "datasets.define")
    name, unit, code = (name or "").strip(), (unit or "").strip(), (code or "").strip()
    if not name:
        raise DatasetError("请填写数据项名称", field="name")
    if not unit:
        raise DatasetError(f"请填写“{name}”的计量单位", field="unit")
    if value_type not in rules.ValueType.values:
        raise DatasetError("数值类型无效", field="value_type")
    if DataElement.objects.filter(name=name).exists():
        raise DatasetError(f"数据项“{name}”已存在", field="name")
    if code and DataElement.objects.filter(code=code).exists():
        raise DatasetError(f"指标标识“{code}”已被其他数据项使用", field="code")
    return DataElement.objects.create(
        name=name, unit=unit, value_type=value_type, description=(description or "").strip()[:300], code=code
    )


def _definition_check(*, title: str, period_type: str, report_level: str, timely_days: int,
                      elements: list[DataElement]) -> None:  # fmt: skip
    if not title:
        raise DatasetError("请填写报表名称", field="title")
    if period_type not in rules.PeriodType.values:
        raise DatasetError("请选择报告期（月报、季报或年报）", field="period_type")
    if report_level not in rules.REPORT_LEVELS:
        raise DatasetError("请选择填报层级", field="report_level")
    if not 0 <= timely_days <= 90:
        raise DatasetError("报送时限应在期末后0至90天之间", field="timely_days")
    if not elements:
        raise DatasetError(f"报表“{title}”至少应包含一个数据项", field="elements")


def data_set_create(
    *, actor: User | None, title: str, period_type: str, report_level: str, elements: Iterable[DataElement],
    timely_days: int = 10, description: str = "", active: bool = True,
) -> DataSet:  # fmt: skip
    """A data set: its elements (in the order given), the period type, the level that reports it (the level above
    approves) and the days after a period's end within which a report is on time."""
    if actor is not None:
        require(actor, "datasets.define")
    title, chosen = (title or "").strip(), list(elements)
    _definition_check(title=title, period_type=period_type, report_level=report_level, timely_days=timely_days,
                      elements=chosen)  # fmt: skip
    if DataSet.objects.filter(title=title).exists():
        raise DatasetError(f"报表“{title}”已存在", field="title")
    with transaction.atomic():
        data_set = DataSet.objects.create(
            title=title, period_type=period_type, report_level=report_level, timely_days=timely_days,
            description=(description or "").strip(), active=active, created_by=actor,
        )  # fmt: skip
        DataSetElement.objects.bulk_create(
            DataSetElement(data_set=data_set, element=e, order=i) for i, e in enumerate(chosen)
        )
    return data_set


def data_set_update(
    *, actor: User, data_set: DataSet, title: str, period_type: str, report_level: str,
    elements: Iterable[DataElement], timely_days: int, description: str = "", active: bool = True,
) -> DataSet:  # fmt: skip
    """Change a definition. Once values are reported, the period type and the reporting level stay (the values are
    keyed by them); elements may be added or left out (values already reported keep their element)."""
    require(actor, "datasets.define")
    title, chosen = (title or "").strip(), list(elements)
    _definition_check(title=title, period_type=period_type, report_level=report_level, timely_days=timely_days,
                      elements=chosen)  # fmt: skip
    with transaction.atomic():
        locked = DataSet.objects.select_for_update().get(pk=data_set.pk)
        if DataSet.objects.filter(title=title).exclude(pk=locked.pk).exists():
            raise DatasetError(f"报表“{title}”已存在", field="title")
        reported = DataValue.objects.filter(data_set=locked).exists()
        if reported and (period_type, report_level) != (locked.period_type, locked.report_level):
            raise DatasetError(
                f"报表“{locked.title}”已有填报数据，不能更改报告期或填报层级", field="period_type"
            )
        locked.title, locked.period_type, locked.report_level = title, period_type, report_level
        locked.timely_days, locked.description, locked.active = (
            timely_days,
            (description or "").strip(),
            active,
        )
        locked.save(
            update_fields=["title", "period_type", "report_level", "timely_days", "description", "active"]
        )
        DataSetElement.objects.filter(data_set=locked).delete()
        DataSetElement.objects.bulk_create(
            DataSetElement(data_set=locked, element=e, order=i) for i, e in enumerate(chosen)
        )
    return locked


def data_set_elements(data_set: DataSet) -> list[DataElement]:
    return [m.element for m in DataSetElement.objects.filter(data_set=data_set).select_related("element")]


# --- a unit's period ----------------------------------------------------------------------------------------


def _period_check(data_set: DataSet, period: date, *, today: date) -> None:
    if not rules.period_is_start(data_set.period_type, period):
        raise DatasetError(f"报告期应为{data_set.get_period_type_display()}的起始日", field="period")
    if period > today:
        raise DatasetError(f"{data_set.period_label(period)}尚未开始，不能填报", field="period")


def _unit_check(actor: User | None, data_set: DataSet, region: Region) -> None:
    if region.level != data_set.report_level:
        raise DatasetError(
            f"“{data_set.title}”由{rules.REPORT_LEVELS[data_set.report_level]}填报，“{region.name}”不是填报单位",
            field="region",
        )
    if actor is not None and not region_within_scope(actor, region):
        raise DatasetError(f"“{region.name}”不在您的管辖范围内，不能填报", field="region")


def unit_version(*, data_set: DataSet, region: Region, period: date) -> str:
    """A short digest of what a unit's period holds now (values with their times, completion, approval): an entry
    form carries the one it was drawn from, and a save is refused if it changed since."""
    parts = [
        f"{e}:{v}:{t.isoformat()}"
        for e, v, t in DataValue.objects.filter(data_set=data_set, region=region, period=period)
        .order_by("element_id")
        .values_list("element_id", "value", "entered_at")
    ]
    done = Completion.objects.filter(data_set=data_set, region=region, period=period).values_list(
        "completed_at"
    )
    approval = Approval.objects.filter(data_set=data_set, region=region, period=period).values_list(
        "state", "decided_at"
    )
    parts += [f"c:{row[0].isoformat()}" for row in done] + [f"a:{s}:{t.isoformat()}" for s, t in approval]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _locked_period(data_set: DataSet, region: Region, period: date) -> DataSet:
    """Lock the data set's row (the one lock every write of a unit's period takes first)."""
    return DataSet.objects.select_for_update().get(pk=data_set.pk)


def _approved(data_set: DataSet, region: Region, period: date) -> bool:
    return Approval.objects.filter(
        data_set=data_set, region=region, period=period, state=Approval.State.APPROVED
    ).exists()


def values_save(
    *, actor: User | None, data_set: DataSet, region: Region, period: date, values: Mapping[int, str | None],
    expected_version: str | None = None, at: datetime | None = None,
) -> int:  # fmt: skip
    """Save a unit's values for one period: ``values`` maps element id → the typed text (blank removes the
    value). Every value is checked first; nothing is written if one is wrong (the message names each element).
    Refused once the period is approved (locked), and when ``expected_version`` no longer matches (someone saved
    in between). Returns how many values changed."""
    if actor is not None:
        require(actor, "datasets.enter")
    now = at or timezone.now()
    _unit_check(actor, data_set, region)
    _period_check(data_set, period, today=timezone.localdate(now))
    elements = {e.pk: e for e in data_set_elements(data_set)}
    unknown = [pk for pk in values if pk not in elements]
    if unknown:
        raise DatasetError("表单中有不属于本报表的数据项，请刷新后重新填报")
    parsed: dict[int, Decimal | None] = {}
    errors: list[tuple[int, str]] = []
    for pk, text in values.items():
        if text is None or not str(text).strip():
            parsed[pk] = None
            continue
        try:
            parsed[pk] = rules.value_parse(
                str(text), value_type=elements[pk].value_type, label=elements[pk].name
            )
        except ValueError as exc:
            errors.append((pk, str(exc)))
    if errors:
        raise DatasetError("；".join(message for _, message in errors), field=f"e{errors[0][0]}")
    changed = 0
    with transaction.atomic():
        _locked_period(data_set, region, period)
        label = f"{region.name}{data_set.period_label(period)}的“{data_set.title}”"
        if _approved(data_set, region, period):
            raise DatasetError(f"{label}已审核通过，数据已锁定；如需修改，请审核单位取消审核")
        if expected_version is not None and expected_version != unit_version(
            data_set=data_set, region=region, period=period
        ):
            raise DatasetError(f"{label}已被他人修改，请刷新页面查看最新数据后重新填报")
        existing = {
            v.element_id: v
            for v in DataValue.objects.filter(region=region, period=period, element_id__in=list(parsed))
        }
        for pk, number in parsed.items():
            current = existing.get(pk)
            if number is None:
                if current is not None:
                    current.delete()
                    changed += 1
            elif current is None:
                DataValue.objects.create(data_set=data_set, element_id=pk, region=region, period=period,
                                         value=number, entered_by=actor, entered_at=now)  # fmt: skip
                changed += 1
            elif current.value != number:
                current.value, current.entered_by, current.entered_at = number, actor, now
                current.data_set = data_set
                current.save(update_fields=["value", "entered_by", "entered_at", "data_set"])
                changed += 1
    return changed


def period_complete(
    *, actor: User | None, data_set: DataSet, region: Region, period: date, at: datetime | None = None
) -> Completion:
    """The unit marks its period complete (本期填报完毕并上报): every element must have a value (0 where nothing
    happened). On time when done within the data set's timely days after the period's end."""
    if actor is not None:
        require(actor, "datasets.enter")
    now = at or timezone.now()
    today = timezone.localdate(now)
    _unit_check(actor, data_set, region)
    _period_check(data_set, period, today=today)
    label = f"{region.name}{data_set.period_label(period)}的“{data_set.title}”"
    with transaction.atomic():
        _locked_period(data_set, region, period)
        if Completion.objects.filter(data_set=data_set, region=region, period=period).exists():
            raise DatasetError(f"{label}已上报")
        filled = set(
            DataValue.objects.filter(data_set=data_set, region=region, period=period).values_list(
                "element_id", flat=True
            )
        )
        missing = [e.name for e in data_set_elements(data_set) if e.pk not in filled]
        if missing:
            raise DatasetError(
                "、".join(f"“{name}”" for name in missing) + "未填写（没有发生的填0），不能上报"
            )
        on_time = rules.is_on_time(data_set.period_type, period, data_set.timely_days, today)
        return Completion.objects.create(data_set=data_set, region=region, period=period, completed_by=actor,
                                         completed_at=now, on_time=on_time)  # fmt: skip


def _approver_check(actor: User | None, data_set: DataSet, region: Region, what: str) -> None:
    if actor is None:
        return
    require(actor, "datasets.approve")
    level = data_set.approve_level
    if actor.region is None or actor.region.level != level or not region_within_scope(actor, region):
        raise DatasetError(
            f"“{data_set.title}”由{rules.LEVEL_LABELS[level]}{what}，您不是“{region.name}”的上级{rules.LEVEL_LABELS[level]}"
        )


def unapprove_rule() -> str:
    """Why 取消审核 is narrower than approving, and who takes it (the roles of ``datasets.unapprove``)."""
    holders = "、".join(role.label for role in Role if role in roles_with("datasets.unapprove"))
    return f"取消审核会解锁已计入统计指标的数据，须由审核层级或其上级的{holders}办理"


def _unapprover_check(actor: User | None, data_set: DataSet, region: Region) -> None:
    if actor is None:
        return
    if not can(actor, "datasets.unapprove"):
        raise PermissionDenied(f"{unapprove_rule()}（{refusal(actor, 'datasets.unapprove')}）")
    level = data_set.approve_level
    if actor.region is None or not rules.level_at_or_above(actor.region.level, level):
        raise DatasetError(
            f"“{data_set.title}”由{rules.LEVEL_LABELS[level]}或其上级取消审核，您所在的层级不能取消"
        )
    if not region_within_scope(actor, region):
        raise DatasetError(f"“{region.name}”不在您的管辖范围内，不能取消审核")


def _decide(
    *, actor: User | None, data_set: DataSet, region: Region, period: date, state: str, reason: str,
    at: datetime | None,
) -> Approval:  # fmt: skip
    now = at or timezone.now()
    obj, created = Approval.objects.get_or_create(
        data_set=data_set, region=region, period=period,
        defaults={"state": state, "decided_by": actor, "decided_at": now, "reason": reason},
    )  # fmt: skip
    if not created:
        obj.state, obj.decided_by, obj.decided_at, obj.reason = state, actor, now, reason
        obj.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    return obj


def period_approve(
    *, actor: User | None, data_set: DataSet, region: Region, period: date, at: datetime | None = None
) -> Approval:
    """审核通过: the unit's period must be reported; its values are locked from then on."""
    _approver_check(actor, data_set, region, "审核")
    label = f"{region.name}{data_set.period_label(period)}的“{data_set.title}”"
    with transaction.atomic():
        _locked_period(data_set, region, period)
        if not Completion.objects.filter(data_set=data_set, region=region, period=period).exists():
            raise DatasetError(f"{label}尚未上报，不能审核")
        if _approved(data_set, region, period):
            raise DatasetError(f"{label}已审核通过")
        return _decide(actor=actor, data_set=data_set, region=region, period=period,
                       state=Approval.State.APPROVED, reason="", at=at)  # fmt: skip


def period_return(
    *,
    actor: User | None,
    data_set: DataSet,
    region: Region,
    period: date,
    reason: str,
    at: datetime | None = None,
) -> Approval:
    """退回: the unit corrects and reports again (its report is withdrawn; on time or late is judged anew)."""
    _approver_check(actor, data_set, region, "审核")
    reason = (reason or "").strip()
    if not reason:
        raise DatasetError("退回须说明理由", field="reason")
    label = f"{region.name}{data_set.period_label(period)}的“{data_set.title}”"
    with transaction.atomic():
        _locked_period(data_set, region, period)
        completion = Completion.objects.filter(data_set=data_set, region=region, period=period).first()
        if completion is None:
            raise DatasetError(f"{label}尚未上报，无需退回")
        if _approved(data_set, region, period):
            raise DatasetError(f"{label}已审核通过，须先取消审核再退回")
        completion.delete()
        return _decide(actor=actor, data_set=data_set, region=region, period=period,
                       state=Approval.State.RETURNED, reason=reason[:300], at=at)  # fmt: skip


def period_unapprove(
    *,
    actor: User | None,
    data_set: DataSet,
    region: Region,
    period: date,
    reason: str,
    at: datetime | None = None,
) -> Approval:
    """取消审核, with a reason: the values open again for the unit (the report stays reported; approve again, or
    return it). Narrower than approving: ``datasets.unapprove`` (the offices' responsible roles), at the approving
    level or above it, over the unit's region; a 镇街经办人 who approved a community's report asks the district.
    The decision (state, actor, time, reason) is in the audit chain (``Approval`` is ``Audited``)."""
    _unapprover_check(actor, data_set, region)
    reason = (reason or "").strip()
    if not reason:
        raise DatasetError("取消审核须说明理由", field="reason")
    label = f"{region.name}{data_set.period_label(period)}的“{data_set.title}”"
    with transaction.atomic():
        _locked_period(data_set, region, period)
        if not _approved(data_set, region, period):
            raise DatasetError(f"{label}未审核通过，无需取消审核")
        return _decide(actor=actor, data_set=data_set, region=region, period=period,
                       state=Approval.State.UNAPPROVED, reason=reason[:300], at=at)  # fmt: skip


def export_log(*, actor: User, data_set: DataSet, what: str) -> None:
    audit_append(action=Action.EXPORT, obj=data_set, actor=actor, detail=f"导出“{data_set.title}”{what}")
