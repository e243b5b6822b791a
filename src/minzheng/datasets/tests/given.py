"""Given-state for the data set tests: definitions made through the services, and moments in Haikou's time."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from minzheng.core.models import Region
from minzheng.core.testing import COMMUNITY_A, TOWN
from minzheng.datasets import rules
from minzheng.datasets.models import DataSet
from minzheng.datasets.services import data_set_create, element_create

TZ = ZoneInfo("Asia/Shanghai")
MARCH = date(2020, 3, 1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


def monthly(personas, *, title: str = "普法宣传月报", timely_days: int = 10) -> DataSet:  # noqa: ANN001
    """A monthly data set the towns report and the districts approve: 场次 (integer) and 经费 (decimal)."""
    sessions = element_create(actor=personas.city, name=f"{title}活动场次", unit="场", code=f"{title}_n")
    money = element_create(
        actor=personas.city, name=f"{title}宣传经费", unit="元", value_type=rules.ValueType.DECIMAL
    )
    return data_set_create(
        actor=personas.city, title=title, period_type=rules.PeriodType.MONTHLY, report_level="town",
        elements=[sessions, money], timely_days=timely_days,
    )  # fmt: skip


def quarterly_community(personas) -> DataSet:  # noqa: ANN001
    talks = element_create(actor=personas.city, name="祭扫宣传场次", unit="场", code="q_talks")
    return data_set_create(
        actor=personas.city, title="祭扫宣传季报", period_type=rules.PeriodType.QUARTERLY,
        report_level="community", elements=[talks], timely_days=15,
    )  # fmt: skip


def town() -> Region:
    return Region.objects.get(code=TOWN)


def community() -> Region:
    return Region.objects.get(code=COMMUNITY_A)


def other_town(district_code: str) -> Region:
    return Region.objects.filter(level="town", code__startswith=district_code).order_by("code").first()


def element_ids(data_set: DataSet) -> list[int]:
    return list(data_set.members.order_by("order").values_list("element_id", flat=True))
