"""Charity organisations with their public-fundraising qualification, public fundraising campaigns (募捐方案备案),
donations received in money and in kind (goods valued in 元, each with its 捐赠票据 number or the recorded reason
why none was issued), and distributions to registry persons or to institutions.

A campaign keeps its running totals (received and distributed, money and goods apart); a distribution moves the
distributed total with one conditional UPDATE that refuses to pass the received total, and the database's CHECK
constraints hold the same line (《慈善法》第五十三条 专款专用)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet


class Kind(models.TextChoices):
    MONEY = "money", "资金"
    GOODS = "goods", "物资"


class Organisation(Audited):
    name = models.CharField("慈善组织名称", max_length=100, unique=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    public_fundraising = models.BooleanField("具有公开募捐资格", default=False)
    qualification_number = models.CharField("公开募捐资格证书编号", max_length=50, blank=True)
    qualified_on = models.DateField("取得资格日期", null=True, blank=True)
    receipt_prefix = models.CharField("捐赠票据号前缀", max_length=8, unique=True)
    receipt_seq = models.PositiveIntegerField("已开具票据序号", default=0)
    region = models.ForeignKey(
        Region, verbose_name="登记机关所在区划", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "慈善组织"
        verbose_name_plural = "慈善组织"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Campaign(Audited):
    organisation = models.ForeignKey(
        Organisation, verbose_name="慈善组织", on_delete=models.PROTECT, related_name="campaigns"
    )
    name = models.CharField("募捐活动名称", max_length=100)
    purpose = models.CharField("募捐目的与款物用途", max_length=300)
    filing_number = models.CharField("备案编号", max_length=50, unique=True)
    filed_on = models.DateField("备案日期")
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("终止日期")
    emergency = models.BooleanField("应对重大突发事件", default=False)
    goal_fen = models.BigIntegerField("募捐目标(分)", default=0)
    region = models.ForeignKey(
        Region, verbose_name="备案机关所在区划", on_delete=models.PROTECT, related_name="+"
    )
    money_received_fen = models.BigIntegerField("已募资金(分)", default=0)
    goods_received_fen = models.BigIntegerField("已募物资折价(分)", default=0)
    money_distributed_fen = models.BigIntegerField("已拨付资金(分)", default=0)
    goods_distributed_fen = models.BigIntegerField("已发放物资折价(分)", default=0)
    distribution_seq = models.PositiveIntegerField("已编发放单序号", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "公开募捐活动"
        verbose_name_plural = "公开募捐活动"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(money_distributed_fen__lte=F("money_received_fen")),
                name="charity_money_within_received",
            ),
            models.CheckConstraint(
                condition=Q(goods_distributed_fen__lte=F("goods_received_fen")),
                name="charity_goods_within_received",
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="charity_campaign_period"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def money_balance_fen(self) -> int:
        return self.money_received_fen - self.money_distributed_fen

    @property
    def goods_balance_fen(self) -> int:
        return self.goods_received_fen - self.goods_distributed_fen


class Donation(Audited):
    class DonorKind(models.TextChoices):
        PERSON = "person", "个人"
        ORGANISATION = "organisation", "单位"

    class NoReceipt(models.TextChoices):
        ISSUED = "", "已开具票据"
        ANONYMOUS = "anonymous", "捐赠人匿名"
        DECLINED = "declined", "捐赠人放弃票据"

    campaign = models.ForeignKey(
        Campaign, verbose_name="募捐活动", on_delete=models.PROTECT, related_name="donations"
    )
    kind = models.CharField("捐赠形式", max_length=10, choices=Kind.choices)
    donor_name = models.CharField("捐赠人", max_length=100, blank=True)
    donor_kind = models.CharField("捐赠人类别", max_length=15, choices=DonorKind.choices)
    donor_public = models.BooleanField("同意公开捐赠人名称", default=False)
    amount_fen = models.BigIntegerField("金额或折价(分)")
    goods_name = models.CharField("物资名称", max_length=100, blank=True)
    quantity = models.PositiveIntegerField("数量", null=True, blank=True)
    unit = models.CharField("单位", max_length=10, blank=True)
    unit_value_fen = models.BigIntegerField("单价(分)", null=True, blank=True)
    receipt_number = models.CharField("捐赠票据号", max_length=30, null=True, blank=True, unique=True)
    no_receipt = models.CharField(
        "未开票原因", max_length=10, choices=NoReceipt.choices, blank=True, default=""
    )
    received_on = models.DateField("接收日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "campaign__region"

    class Meta:
        verbose_name = "接受捐赠"
        verbose_name_plural = "接受捐赠"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="charity_donation_positive"),
            models.CheckConstraint(
                condition=Q(receipt_number__isnull=False, no_receipt="")
                | Q(receipt_number__isnull=True) & ~Q(no_receipt=""),
                name="charity_donation_receipt_or_reason",
            ),
        ]
        indexes = [models.Index(fields=["kind", "received_on"], name="charity_donation_kind_day_idx")]

    def __str__(self) -> str:
        return f"捐赠{self.receipt_number or self.get_no_receipt_display()}"


class Distribution(Audited):
    class RecipientKind(models.TextChoices):
        PERSON = "person", "个人"
        INSTITUTION = "institution", "单位/机构"

    campaign = models.ForeignKey(
        Campaign, verbose_name="募捐活动", on_delete=models.PROTECT, related_name="distributions"
    )
    reference = models.CharField("发放单号", max_length=30, unique=True)
    kind = models.CharField("发放形式", max_length=10, choices=Kind.choices)
    amount_fen = models.BigIntegerField("金额或折价(分)")
    goods_name = models.CharField("物资名称", max_length=100, blank=True)
    quantity = models.PositiveIntegerField("数量", null=True, blank=True)
    unit = models.CharField("单位", max_length=10, blank=True)
    recipient_kind = models.CharField("受益对象", max_length=15, choices=RecipientKind.choices)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="受益人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    institution_name = models.CharField("受赠单位", max_length=100, blank=True)
    purpose = models.CharField("用途", max_length=200)
    distributed_on = models.DateField("发放日期")
    region = models.ForeignKey(Region, verbose_name="受益地区划", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "慈善款物发放"
        verbose_name_plural = "慈善款物发放"
        ordering = ["-distributed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="charity_distribution_positive"),
            models.CheckConstraint(
                condition=Q(recipient_kind="person", person__isnull=False)
                | Q(recipient_kind="institution", person__isnull=True) & ~Q(institution_name=""),
                name="charity_distribution_recipient",
            ),
        ]
        indexes = [models.Index(fields=["kind", "distributed_on"], name="charity_dist_kind_day_idx")]

    def __str__(self) -> str:
        return f"发放单{self.reference}"
