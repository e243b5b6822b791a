"""The materials ledger (物资台账): items with their unit and value per unit (元), campaigns (专项行动: epidemic
prevention, winter relief…), a stock per item and region, and every movement — receipt (入库), transfer down the
region tree (下拨: 调出 and 调入), issue (发放) to a registry person or to a unit.

The stock never goes below zero: an issue or transfer takes stock with one conditional UPDATE
(``… SET quantity = quantity − n WHERE quantity ≥ n``) and a CHECK constraint holds the same line."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet


class Item(Audited):
    class Category(models.TextChoices):
        MASK = "mask", "口罩"
        LEAFLET = "leaflet", "宣传资料"
        RELIEF = "relief", "生活救助物资"
        PROTECTIVE = "protective", "防护用品"
        OTHER = "other", "其他"

    name = models.CharField("物资名称", max_length=100, unique=True)
    category = models.CharField("类别", max_length=12, choices=Category.choices)
    unit = models.CharField("计量单位", max_length=10)
    unit_value_fen = models.BigIntegerField("单价(分)")
    active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "物资品目"
        verbose_name_plural = "物资品目"
        ordering = ["category", "name"]
        constraints = [models.CheckConstraint(condition=Q(unit_value_fen__gte=0), name="supplies_item_value")]

    def __str__(self) -> str:
        return self.name


class Campaign(Audited):
    name = models.CharField("专项行动", max_length=100, unique=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        verbose_name = "专项行动"
        verbose_name_plural = "专项行动"
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name


class Stock(models.Model):
    item = models.ForeignKey(Item, verbose_name="物资", on_delete=models.PROTECT, related_name="stocks")
    region = models.ForeignKey(Region, verbose_name="存放区划", on_delete=models.PROTECT, related_name="+")
    quantity = models.BigIntegerField("库存数量", default=0)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "库存"
        verbose_name_plural = "库存"
        ordering = ["region__code", "item__name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "region"], name="supplies_stock_item_region"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="supplies_stock_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.region.name}{self.item.name}库存"

    @property
    def value_fen(self) -> int:
        return self.quantity * self.item.unit_value_fen


class Movement(Audited):
    class Kind(models.TextChoices):
        RECEIPT = "receipt", "入库"
        TRANSFER_OUT = "transfer_out", "下拨调出"
        TRANSFER_IN = "transfer_in", "下拨调入"
        ISSUE = "issue", "发放"

    class RecipientKind(models.TextChoices):
        PERSON = "person", "个人"
        UNIT = "unit", "单位"

    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    item = models.ForeignKey(Item, verbose_name="物资", on_delete=models.PROTECT, related_name="movements")
    region = models.ForeignKey(Region, verbose_name="库存区划", on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(
        Campaign,
        verbose_name="专项行动",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements",
    )
    quantity = models.BigIntegerField("数量")
    value_fen = models.BigIntegerField("折价(分)")
    day = models.DateField("日期")
    source = models.CharField("来源", max_length=100, blank=True)
    counterpart = models.ForeignKey(
        Region,
        verbose_name="调入/调出区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_kind = models.CharField("领取对象", max_length=10, choices=RecipientKind.choices, blank=True)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="领取人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_name = models.CharField("领取单位", max_length=100, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "出入库记录"
        verbose_name_plural = "出入库记录"
        ordering = ["-day", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="supplies_movement_positive"),
            models.CheckConstraint(
                condition=~Q(kind="issue")
                | Q(recipient_kind="person", person__isnull=False)
                | Q(recipient_kind="unit", person__isnull=True) & ~Q(unit_name=""),
                name="supplies_issue_recipient",
            ),
        ]
        indexes = [models.Index(fields=["kind", "day"], name="supplies_movement_kind_day_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.item.name}{self.quantity}{self.item.unit}"
