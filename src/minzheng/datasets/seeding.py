"""Demo reports of the standard data sets for a year (``minzheng seed`` step 96): every unit reports every period of
the year by rule — a few talks a month per town (more in the 宪法宣传日 month of December), audiences and materials
in proportion; the communities' 文明祭扫 peak in the second quarter (清明) — each unit's numbers drawn from the random
seed, so a re-run makes the same ones. Most periods are reported on time and approved; some late, some returned with
a reason, a few unapproved again, and in the year's last period some units have not reported and some reports
wait for approval: the pages show every state.

Set-based: one ``executemany`` per table and data set, ``ON CONFLICT DO NOTHING`` on the natural keys, so the step
is resumable (what exists is kept). Demo values (演示数据), not the seed document's: it quotes no such totals.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from minzheng.core.models import Region
from minzheng.datasets import rules
from minzheng.datasets.models import Approval, Completion, DataSet, DataValue
from minzheng.datasets.services import data_set_elements
from minzheng.datasets.standard import LAW, STANDARD, DataSetSpec, standard_ensure

TZ = ZoneInfo("Asia/Shanghai")
RETURN_REASON = "受众人次与活动场次明显不符，请核实后重新上报"
UNAPPROVE_REASON = "发现宣传资料份数与物资台账不一致，取消审核待核实"


@dataclass
class Plan:
    values: list[tuple]
    completions: list[tuple]
    approvals: list[tuple]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


def _numbers(spec: DataSetSpec, period: date, rng: random.Random) -> list[int]:
    """Plausible numbers of one unit and period, by rule."""
    if spec is LAW:
        sessions = rng.randint(1, 3) + (2 if period.month == 12 else 0)  # 12月4日 国家宪法日
        audience = sessions * rng.randint(30, 120)
        return [sessions, audience, audience * rng.randint(1, 3)]
    peak = period.month == 4  # the quarter of 清明
    talks = rng.randint(2, 5) if peak else rng.randint(0, 2)
    return [talks, (talks + (1 if peak else 0)) * rng.randint(40, 150), talks * rng.randint(2, 8)]


def plan_make(*, spec: DataSetSpec, data_set: DataSet, units: list[Region], year: int, random_seed: int,
              today: date) -> Plan:  # fmt: skip
    elements = [e.pk for e in data_set_elements(data_set)]
    periods = [
        p for p in rules.periods_between(spec.period_type, date(year, 1, 1), date(year, 12, 31))
        if rules.deadline(spec.period_type, p, spec.timely_days) + timedelta(days=30) < today
    ]  # fmt: skip
    plan = Plan([], [], [])
    ops = connection.ops
    for unit in units:
        rng = random.Random(f"{random_seed}:{spec.title}:{unit.code}")
        for i, period in enumerate(periods):
            last = i == len(periods) - 1
            end = rules.period_end(spec.period_type, period)
            numbers = _numbers(spec, period, rng)
            draw = rng.random()
            entered = _at(end + timedelta(days=rng.randint(1, spec.timely_days)), 10)
            if last and draw < 0.08:  # not reported yet: the first element typed, the rest still blank
                numbers = numbers[:1]
            for element, number in zip(elements, numbers, strict=False):
                plan.values.append((data_set.pk, element, unit.pk, ops.adapt_datefield_value(period),
                                    ops.adapt_decimalfield_value(Decimal(number), 14, 2),
                                    ops.adapt_datetimefield_value(entered)))  # fmt: skip
            if last and draw < 0.08:
                continue
            late = rng.random() < 0.12
            delay = spec.timely_days + rng.randint(1, 20) if late else rng.randint(0, spec.timely_days - 1)
            completed = max(entered, _at(end + timedelta(days=1 + delay), 16))
            decided = completed + timedelta(days=rng.randint(2, 7))
            if draw < 0.12:  # returned: the unit has not reported again
                plan.approvals.append(_approval(data_set, unit, period, Approval.State.RETURNED, decided,
                                                RETURN_REASON))  # fmt: skip
                continue
            plan.completions.append((data_set.pk, unit.pk, ops.adapt_datefield_value(period),
                                     ops.adapt_datetimefield_value(completed),
                                     rules.is_on_time(spec.period_type, period, spec.timely_days,
                                                      completed.date())))  # fmt: skip
            if last and draw < 0.35:  # waiting for the level above
                continue
            state, reason = Approval.State.APPROVED, ""
            if draw < 0.15:
                state, reason = Approval.State.UNAPPROVED, UNAPPROVE_REASON
            plan.approvals.append(_approval(data_set, unit, period, state, decided, reason))
    return plan


def _approval(data_set: DataSet, unit: Region, period: date, state: str, at: datetime, reason: str) -> tuple:
    ops = connection.ops
    return (data_set.pk, unit.pk, ops.adapt_datefield_value(period), state, ops.adapt_datetimefield_value(at),
            reason)  # fmt: skip


def _insert(table: str, columns: list[str], rows: list[tuple], keys: str) -> None:
    if not rows:
        return
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks}) ON CONFLICT ({keys}) DO NOTHING"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def datasets_seed(
    *, scale: float, random_seed: int = 2020, year: int | None = None, today: date | None = None
) -> str:
    """The standard data sets and a year of demo reports (``year`` or 2020) from every unit."""
    from minzheng.reports.registry import data_changed

    year = year or 2020
    today = today or timezone.localdate()
    made = {"values": 0, "completions": 0, "approvals": 0}
    with transaction.atomic():
        data_sets = standard_ensure()
        for spec, data_set in zip(STANDARD, data_sets, strict=True):
            units = list(Region.objects.filter(level=spec.report_level).order_by("code"))
            plan = plan_make(spec=spec, data_set=data_set, units=units, year=year, random_seed=random_seed,
                             today=today)  # fmt: skip
            _insert(DataValue._meta.db_table,
                    ["data_set_id", "element_id", "region_id", "period", "value", "entered_at"],
                    plan.values, "element_id, region_id, period")  # fmt: skip
            _insert(Completion._meta.db_table,
                    ["data_set_id", "region_id", "period", "completed_at", "on_time"],
                    plan.completions, "data_set_id, region_id, period")  # fmt: skip
            _insert(Approval._meta.db_table,
                    ["data_set_id", "region_id", "period", "state", "decided_at", "reason"],
                    plan.approvals, "data_set_id, region_id, period")  # fmt: skip
        for label in ("datasets.datavalue", "datasets.completion", "datasets.approval"):
            data_changed(label)
    made["values"] = DataValue.objects.filter(period__year=year).count()
    made["completions"] = Completion.objects.filter(period__year=year).count()
    made["approvals"] = Approval.objects.filter(period__year=year, state=Approval.State.APPROVED).count()
    returned = Approval.objects.filter(period__year=year, state=Approval.State.RETURNED).count()
    return (
        f"汇总报表{len(STANDARD)}张；{year}年数据值{made['values']}条，上报{made['completions']}份，"
        f"审核通过{made['approvals']}份，退回{returned}份（演示数据）"
    )
