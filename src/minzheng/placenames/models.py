"""Place names: the city's register of standard names with their history, the naming and renaming applications
(a case of the case engine), the 地名标志 (路名牌, 村牌) with their inspections, the boundary markers (界桩) between
administrative areas with joint inspections, repairs of either, and the dated record of region-tree changes.

History is never rewritten: a rename retires the old record (status, ``valid_to``) and adds a new one pointing
back at it (``predecessor``); a retirement only closes the record. A region-tree change (区划调整) is a dated
record here; the region tree itself (``core.Region``) is core's and is not edited by this app.
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet, user_region
from minzheng.placenames.rules import CLASS_LABELS, KIND_LABELS

KIND_CHOICES = list(KIND_LABELS.items())
_USER = settings.AUTH_USER_MODEL


class PlaceName(Audited):
    """One standard name (标准地名) over the time it was in force. A rename or retirement keeps this row."""

    class Status(models.TextChoices):
        IN_USE = "in_use", "在用"
        RETIRED = "retired", "已停用"

    class Origin(models.TextChoices):
        NAMED = "named", "新命名"
        RENAMED = "renamed", "更名"
        RECORDED = "recorded", "既有地名登记"

    kind = models.CharField("地名类别", max_length=12, choices=KIND_CHOICES)
    name_class = models.CharField(
        "查重类别", max_length=12, choices=list(CLASS_LABELS.items()), editable=False
    )
    name = models.CharField("标准名称", max_length=50)
    generic = models.CharField("通名", max_length=10, blank=True)
    pinyin = models.CharField("汉语拼音", max_length=120)
    pinyin_manual = models.BooleanField("拼音人工审定", default=False)
    sound_key = models.CharField("同音键", max_length=120, editable=False)
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    geometry = models.TextField("位置（GeoJSON）", blank=True)
    description = models.CharField("位置描述与含义", max_length=300, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.IN_USE)
    origin = models.CharField("来源", max_length=10, choices=Origin.choices, default=Origin.RECORDED)
    valid_from = models.DateField("启用日期")
    valid_to = models.DateField("停用日期", null=True, blank=True)
    retire_reason = models.CharField("停用原因", max_length=200, blank=True)
    predecessor = models.ForeignKey(
        "self",
        verbose_name="原地名",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
    )
    approval = models.CharField("批准文号", max_length=100, blank=True)
    created_by = models.ForeignKey(_USER, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")  # fmt: skip
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "标准地名"
        verbose_name_plural = "标准地名"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_class", "name"], condition=Q(status="in_use"), name="placename_unique_in_use"
            ),
        ]
        indexes = [
            models.Index(fields=["name_class", "sound_key"], name="placename_sound_idx"),
            models.Index(fields=["kind", "origin", "valid_from"], name="placename_named_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class NamingApplication(Audited):
    """地名命名、更名申请: the case's domain data (``casetypes.NamingCase``)."""

    class Action(models.TextChoices):
        NAME = "name", "命名"
        RENAME = "rename", "更名"

    case = models.OneToOneField("casework.Case", verbose_name="案件", on_delete=models.PROTECT,
                                related_name="naming_application")  # fmt: skip
    action = models.CharField("申请事项", max_length=10, choices=Action.choices)
    kind = models.CharField("地名类别", max_length=12, choices=KIND_CHOICES)
    name = models.CharField("拟用名称", max_length=50)
    pinyin = models.CharField("汉语拼音（人工审定，留空则自动生成）", max_length=120, blank=True)
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    geometry = models.TextField("位置（GeoJSON）", blank=True)
    reason = models.CharField("命名理由与含义", max_length=300)
    applicant = models.CharField("申报单位", max_length=100)
    target = models.ForeignKey(PlaceName, verbose_name="原地名", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")  # fmt: skip
    assessment = models.TextField("综合评估意见", blank=True)
    expert_opinion = models.TextField("专家论证意见", blank=True)
    notice_from = models.DateField("公示开始", null=True, blank=True)
    notice_until = models.DateField("公示截止", null=True, blank=True)
    consultation = models.TextField("征求意见情况", blank=True)
    place_name = models.ForeignKey(PlaceName, verbose_name="批准的标准地名", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")  # fmt: skip
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "地名命名更名申请"
        verbose_name_plural = "地名命名更名申请"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}“{self.name}”"


class Sign(Audited):
    """A 地名标志: a 路名牌 of a road (its standard name) or a 村牌 of a village (条例第十九条、第二十条)."""

    class Kind(models.TextChoices):
        ROAD = "road", "路名牌"
        VILLAGE = "village", "村牌"

    class Status(models.TextChoices):
        GOOD = "good", "完好"
        DAMAGED = "damaged", "损坏待修"
        REMOVED = "removed", "已拆除"

    kind = models.CharField("标志类别", max_length=10, choices=Kind.choices)
    code = models.CharField("标志编号", max_length=30, unique=True)
    place_name = models.ForeignKey(PlaceName, verbose_name="标示地名", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="signs")  # fmt: skip
    text = models.CharField("标示名称", max_length=50)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    lat = models.DecimalField("纬度", max_digits=9, decimal_places=6)
    lng = models.DecimalField("经度", max_digits=9, decimal_places=6)
    installed_on = models.DateField("设置日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.GOOD)
    created_by = models.ForeignKey(_USER, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")  # fmt: skip

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "地名标志"
        verbose_name_plural = "地名标志"
        ordering = ["-id"]
        indexes = [models.Index(fields=["kind", "installed_on"], name="placename_sign_installed_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.code}（{self.text}）"


class Condition(models.TextChoices):
    GOOD = "good", "完好"
    DAMAGED = "damaged", "损坏"
    MISSING = "missing", "缺失"


class SignInspection(models.Model):
    sign = models.ForeignKey(
        Sign, verbose_name="地名标志", on_delete=models.PROTECT, related_name="inspections"
    )
    inspected_on = models.DateField("巡查日期")
    condition = models.CharField("状况", max_length=10, choices=Condition.choices)
    note = models.CharField("情况说明", max_length=200, blank=True)
    inspector = models.ForeignKey(
        _USER, verbose_name="巡查人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "地名标志巡查"
        verbose_name_plural = "地名标志巡查"
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return f"{self.inspected_on:%Y-%m-%d}巡查（{self.get_condition_display()}）"


class MarkerQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """A marker stands between two areas: either side's staff see it (joint inspection)."""
        region = user_region(user)
        if region is None:
            return self.none()
        if region.parent_id is None:
            return self
        return self.filter(
            Q(region_a__path__startswith=region.path) | Q(region_b__path__startswith=region.path)
        )


class BoundaryMarker(Audited):
    """A 界桩 on the line between two administrative areas."""

    class Status(models.TextChoices):
        INTACT = "intact", "完好"
        DAMAGED = "damaged", "损毁待修"

    number = models.CharField("界桩编号", max_length=30, unique=True)
    region_a = models.ForeignKey(Region, verbose_name="一侧区划", on_delete=models.PROTECT, related_name="+")
    region_b = models.ForeignKey(
        Region, verbose_name="另一侧区划", on_delete=models.PROTECT, related_name="+"
    )
    lat = models.DecimalField("纬度", max_digits=9, decimal_places=6)
    lng = models.DecimalField("经度", max_digits=9, decimal_places=6)
    installed_on = models.DateField("埋设日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.INTACT)

    objects = MarkerQuerySet.as_manager()
    scope_region_field = "region_a"

    class Meta:
        verbose_name = "界桩"
        verbose_name_plural = "界桩"
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=~Q(region_a=models.F("region_b")), name="marker_two_sides")
        ]

    def __str__(self) -> str:
        return f"界桩{self.number}"


class JointInspection(models.Model):
    marker = models.ForeignKey(BoundaryMarker, verbose_name="界桩", on_delete=models.PROTECT,
                               related_name="inspections")  # fmt: skip
    inspected_on = models.DateField("检查日期")
    parties = models.CharField("参加检查单位", max_length=200)
    condition = models.CharField("状况", max_length=10, choices=Condition.choices)
    note = models.CharField("情况说明", max_length=200, blank=True)
    inspector = models.ForeignKey(
        _USER, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "界桩联合检查"
        verbose_name_plural = "界桩联合检查"
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return f"{self.inspected_on:%Y-%m-%d}联合检查（{self.get_condition_display()}）"


class Repair(Audited):
    """A damage report and its repair, of a sign or of a boundary marker; it may come from a grid event (the
    event's case on the case engine, ``source_case``)."""

    class Status(models.TextChoices):
        OPEN = "open", "待修复"
        DONE = "done", "已修复"

    sign = models.ForeignKey(Sign, verbose_name="地名标志", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="repairs")  # fmt: skip
    marker = models.ForeignKey(BoundaryMarker, verbose_name="界桩", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="repairs")  # fmt: skip
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    damage = models.CharField("损坏情况", max_length=200)
    reported_on = models.DateField("报告日期")
    source_case = models.ForeignKey("casework.Case", verbose_name="来源事件", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")  # fmt: skip
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    repaired_on = models.DateField("修复日期", null=True, blank=True)
    repair_note = models.CharField("修复情况", max_length=200, blank=True)
    created_by = models.ForeignKey(_USER, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")  # fmt: skip

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "损坏修复"
        verbose_name_plural = "损坏修复"
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(sign__isnull=False) & Q(marker__isnull=True))
                | (Q(sign__isnull=True) & Q(marker__isnull=False)),
                name="repair_sign_or_marker",
            ),
            models.UniqueConstraint(
                fields=["sign"], condition=Q(status="open"), name="repair_one_open_per_sign"
            ),
            models.UniqueConstraint(
                fields=["marker"], condition=Q(status="open"), name="repair_one_open_per_marker"
            ),
        ]
        indexes = [models.Index(fields=["status", "repaired_on"], name="placename_repair_done_idx")]

    def __str__(self) -> str:
        return f"{self.sign or self.marker}的修复"


class RegionChange(Audited):
    """A 区划调整 as a dated record: what changed for which region, from when, by whose approval. The region tree
    (``core.Region``) keeps its current state; this app keeps the history."""

    class Kind(models.TextChoices):
        RENAME = "rename", "更名"
        REPARENT = "reparent", "隶属关系变更"
        MERGE = "merge", "撤并"
        ABOLISH = "abolish", "撤销"
        CREATE = "create", "设立"
        BOUNDARY = "boundary", "行政区域界线变更"

    kind = models.CharField("调整类别", max_length=10, choices=Kind.choices)
    region = models.ForeignKey(Region, verbose_name="涉及区划", on_delete=models.PROTECT, related_name="+")
    old_name = models.CharField("原名称", max_length=100, blank=True)
    new_name = models.CharField("新名称", max_length=100, blank=True)
    old_parent = models.ForeignKey(Region, verbose_name="原上级", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")  # fmt: skip
    new_parent = models.ForeignKey(Region, verbose_name="新上级（或并入区划）", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")  # fmt: skip
    effective_on = models.DateField("生效日期")
    approval = models.CharField("批准机关及文号", max_length=150)
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(_USER, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")  # fmt: skip
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "区划调整记录"
        verbose_name_plural = "区划调整记录"
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.effective_on:%Y-%m-%d} {self.get_kind_display()}"
