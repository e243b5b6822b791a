"""Aggregate data sets (汇总报表), after DHIS2: a data element is one number a unit reports (场次, 份, 人次); a data
set groups elements under a period type, the region level that reports it and the level above that approves it;
a data value is one element's number for one unit and one period; a completion is the unit's "本期已填报完毕"
(on time or late against the data set's timely days); an approval is the level above's decision on the unit's
period — approved (locked against edits), returned with a reason, or unapproved again with a reason.

Used only where a record per item is not worth keeping: the bureau counts the sessions held and the leaflets
handed out, never who attended. Values are audited (``Audited``) and scoped to the unit's region subtree.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet
from minzheng.datasets.rules import (
    APPROVE_LEVEL,
    LEVEL_LABELS,
    REPORT_LEVELS,
    PeriodType,
    ValueType,
    period_label,
)


class DataElement(Audited):
    code = models.CharField(
        "指标标识", max_length=40, blank=True, default="",
        help_text="供统计指标引用的英文标识（可空）；汇总指标按它求和",
    )  # fmt: skip
    name = models.CharField("数据项名称", max_length=60, unique=True)
    value_type = models.CharField(
        "数值类型", max_length=10, choices=ValueType.choices, default=ValueType.INTEGER
    )
    unit = models.CharField("计量单位", max_length=10)
    description = models.CharField("口径说明", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "数据项"
        verbose_name_plural = "数据项"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="datasets_element_code_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class DataSet(Audited):
    title = models.CharField("报表名称", max_length=60, unique=True)
    description = models.TextField(
        "填报说明", blank=True, help_text="口径、填报对象，以及为何以汇总数上报而非逐条登记"
    )
    period_type = models.CharField("报告期", max_length=10, choices=PeriodType.choices)
    report_level = models.CharField(
        "填报层级", max_length=10, choices=[(k, v) for k, v in REPORT_LEVELS.items()]
    )
    timely_days = models.PositiveSmallIntegerField("报送时限（期末后天数）", default=10)
    active = models.BooleanField("启用", default=True)
    elements = models.ManyToManyField(
        DataElement, verbose_name="数据项", through="DataSetElement", related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "汇总报表"
        verbose_name_plural = "汇总报表"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    @property
    def approve_level(self) -> str:
        return APPROVE_LEVEL[self.report_level]

    def get_approve_level_display(self) -> str:
        return LEVEL_LABELS[self.approve_level]

    def period_label(self, start) -> str:  # type: ignore[no-untyped-def]
        return period_label(self.period_type, start)


class DataSetElement(models.Model):
    data_set = models.ForeignKey(
        DataSet, verbose_name="报表", on_delete=models.CASCADE, related_name="members"
    )
    element = models.ForeignKey(
        DataElement, verbose_name="数据项", on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "报表数据项"
        verbose_name_plural = "报表数据项"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["data_set", "element"], name="datasets_member_unique")]

    def __str__(self) -> str:
        return f"报表{self.data_set_id}数据项{self.element_id}"


class DataValue(Audited):
    data_set = models.ForeignKey(DataSet, verbose_name="报表", on_delete=models.PROTECT, related_name="+")
    element = models.ForeignKey(
        DataElement, verbose_name="数据项", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="填报单位", on_delete=models.PROTECT, related_name="+")
    period = models.DateField("报告期（起始日）")
    value = models.DecimalField("数值", max_digits=14, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    entered_at = models.DateTimeField("填报时间")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "数据值"
        verbose_name_plural = "数据值"
        ordering = ["period", "region_id", "element_id"]
        constraints = [
            models.UniqueConstraint(fields=["element", "region", "period"], name="datasets_value_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="datasets_value_not_negative"),
        ]
        indexes = [models.Index(fields=["data_set", "period", "region"], name="datasets_value_set_idx")]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} 数据项{self.element_id}"


class Completion(Audited):
    data_set = models.ForeignKey(DataSet, verbose_name="报表", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, verbose_name="填报单位", on_delete=models.PROTECT, related_name="+")
    period = models.DateField("报告期（起始日）")
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上报人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    completed_at = models.DateTimeField("上报时间")
    on_time = models.BooleanField("按时上报")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "报表上报"
        verbose_name_plural = "报表上报"
        ordering = ["period", "region_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["data_set", "region", "period"], name="datasets_completion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"报表{self.data_set_id} {self.period:%Y-%m}上报"


class Approval(Audited):
    class State(models.TextChoices):
        APPROVED = "approved", "已审核"
        RETURNED = "returned", "已退回"
        UNAPPROVED = "unapproved", "已取消审核"

    data_set = models.ForeignKey(DataSet, verbose_name="报表", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, verbose_name="填报单位", on_delete=models.PROTECT, related_name="+")
    period = models.DateField("报告期（起始日）")
    state = models.CharField("审核状态", max_length=12, choices=State.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField("审核时间")
    reason = models.CharField("理由", max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "报表审核"
        verbose_name_plural = "报表审核"
        ordering = ["period", "region_id"]
        constraints = [
            models.UniqueConstraint(fields=["data_set", "region", "period"], name="datasets_approval_unique")
        ]
        indexes = [models.Index(fields=["data_set", "state", "period"], name="datasets_approval_state_idx")]

    def __str__(self) -> str:
        return f"报表{self.data_set_id} {self.period:%Y-%m}{self.get_state_display()}"
