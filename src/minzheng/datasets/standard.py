"""The data sets the bureau collects as reported totals (created by the seed and on first use; the city may add
others on the definition pages). Each says in its description why a total per unit and period fits, and not a
record per item: nobody registers who attended a talk or took a leaflet, and the count is all the bureau reports.

- 民政法治宣传月报: 《关于实行国家机关“谁执法谁普法”普法责任制的意见》(中办发〔2017〕31号) makes each department
  publicise the laws it enforces; the towns (streets) report their sessions, audience and materials monthly, the
  district bureau approves.
- 文明祭扫宣传季报: 《关于进一步推动殡葬改革促进殡葬事业发展的指导意见》(民发〔2018〕5号) asks for 文明节俭祭扫
  promotion in the communities; villages and communities report their talks, letters of initiative handed out and
  volunteer services quarterly (清明 falls in the second quarter), the town approves.
"""

from __future__ import annotations

from dataclasses import dataclass

from minzheng.datasets.models import DataElement, DataSet
from minzheng.datasets.rules import PeriodType


@dataclass(frozen=True)
class ElementSpec:
    code: str
    name: str
    unit: str
    description: str


@dataclass(frozen=True)
class DataSetSpec:
    title: str
    period_type: str
    report_level: str
    timely_days: int
    description: str
    elements: tuple[ElementSpec, ...]


LAW = DataSetSpec(
    title="民政法治宣传月报",
    period_type=PeriodType.MONTHLY,
    report_level="town",
    timely_days=10,
    description=(
        "各乡镇（街道）每月汇总本辖区开展的民政法律法规宣传（“谁执法谁普法”，中办发〔2017〕31号），"
        "次月10日前上报，区民政局审核。宣传活动以场次、受众人次和资料份数计，参加者不登记个人信息，"
        "逐条登记既无必要也不可行，故按单位、按月报送汇总数。"
    ),
    elements=(
        ElementSpec(
            "law_sessions",
            "普法宣传活动",
            "场",
            "本月举办的民政法律法规宣传活动（讲座、咨询、进村入户宣讲）场次",
        ),
        ElementSpec("law_audience", "普法宣传受众", "人次", "各场活动参加群众人次之和（现场清点或签到人数）"),
        ElementSpec("law_materials", "发放普法宣传资料", "份", "发放的宣传折页、手册、海报份数"),
    ),
)

SWEEPING = DataSetSpec(
    title="文明祭扫宣传季报",
    period_type=PeriodType.QUARTERLY,
    report_level="community",
    timely_days=15,
    description=(
        "各村（社区）每季度汇总文明节俭祭扫和殡葬改革宣传（民发〔2018〕5号），季后15日内上报，乡镇（街道）审核；"
        "清明所在的第二季度为宣传高峰。倡议书和志愿服务以份数、人次计，不对应到人，故按单位、按季报送汇总数。"
    ),
    elements=(
        ElementSpec("sweeping_talks", "文明祭扫宣传活动", "场", "本季度入户、广场、村民会议等宣传活动场次"),
        ElementSpec("sweeping_letters", "发放文明祭扫倡议书", "份", "发放的《文明祭扫倡议书》份数"),
        ElementSpec("sweeping_volunteers", "文明祭扫志愿服务", "人次", "参加文明祭扫劝导、引导的志愿者人次"),
    ),
)

STANDARD: tuple[DataSetSpec, ...] = (LAW, SWEEPING)


def standard_ensure() -> list[DataSet]:
    """Create the standard data sets and their elements where missing (idempotent; an existing definition is left
    as the city changed it). As the system: no acting user."""
    from minzheng.datasets.services import data_set_create, element_create

    made = []
    for spec in STANDARD:
        elements = []
        for item in spec.elements:
            element = DataElement.objects.filter(code=item.code).first() or element_create(
                actor=None, name=item.name, unit=item.unit, description=item.description, code=item.code
            )
            elements.append(element)
        data_set = DataSet.objects.filter(title=spec.title).first() or data_set_create(
            actor=None, title=spec.title, period_type=spec.period_type, report_level=spec.report_level,
            timely_days=spec.timely_days, description=spec.description, elements=elements,
        )  # fmt: skip
        made.append(data_set)
    return made
