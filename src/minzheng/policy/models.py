"""The bureau's policy documents (规范性文件 and other policy documents): 文号, title, issuer, the dates in force,
the full text. Public documents: every staff member reads the whole library; the issuing region says whose they are."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet


class Document(Audited):
    class Kind(models.TextChoices):
        NORMATIVE = "normative", "行政规范性文件"
        OTHER = "other", "其他政策文件"

    class Topic(models.TextChoices):
        ASSISTANCE = "assistance", "社会救助"
        ELDERCARE = "eldercare", "养老服务"
        COMMUNITY = "community", "基层治理与社区建设"
        WELFARE = "welfare", "社会福利与慈善"
        SERVICES = "services", "社会事务"
        ORGS = "orgs", "社会组织"
        OTHER = "other", "其他"

    number = models.CharField("文号", max_length=60, unique=True)
    title = models.CharField("标题", max_length=200)
    issuer = models.CharField("发文机关", max_length=100)
    region = models.ForeignKey(
        Region, verbose_name="发文机关所在区划", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("文件类型", max_length=10, choices=Kind.choices, default=Kind.NORMATIVE)
    topic = models.CharField("业务领域", max_length=12, choices=Topic.choices)
    issued_on = models.DateField("印发日期")
    effective_from = models.DateField("施行日期")
    effective_until = models.DateField("有效期至", null=True, blank=True)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    repeal_reason = models.CharField("废止说明", max_length=200, blank=True)
    body = models.TextField("全文")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    # public documents: the library reads them all; ``visible_to`` gives the issuing region's own (for edits)
    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "政策文件"
        verbose_name_plural = "政策文件"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=models.F("effective_from")),
                name="policy_document_in_force_after_start",
            )
        ]
        indexes = [models.Index(fields=["topic", "issued_on"], name="policy_doc_topic_issued_idx")]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"

    def status_on(self, day: date) -> str:
        if self.repealed_on and self.repealed_on <= day:
            return "已废止"
        if day < self.effective_from:
            return "未施行"
        if self.effective_until and day > self.effective_until:
            return "已失效"
        return "有效"


class ParameterLink(Audited):
    """A dated parameter of the platform set by a document: the parameter's key (``assistance.<code>`` for a 救助参数,
    ``benefits.<program>[.<category>]`` for a 保障标准, see ``core.parameters``) and the date its value takes effect,
    with the article that sets it. Keyed, not a foreign key: the parameters belong to other apps, and a value
    entered again for the same date keeps its document."""

    key = models.CharField("参数", max_length=80)
    effective_from = models.DateField("起始日期")
    document = models.ForeignKey(
        Document, verbose_name="政策文件", on_delete=models.PROTECT, related_name="parameter_links"
    )
    clause = models.CharField("条款", max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "文件设定的参数"
        verbose_name_plural = "文件设定的参数"
        ordering = ["key", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "effective_from"], name="policy_parameter_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.effective_from}：{self.document.number}"
