"""One case engine for everything that moves through states: an assistance application, a grid event,
a 12349 help request, a marriage appointment… A domain keeps its own data in a model with a one-to-one
link to :class:`Case`; the state, deadlines, timeline, attachments and supervision live here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet

if TYPE_CHECKING:
    from minzheng.casework.types import CaseType


class Case(Audited):
    case_type = models.CharField("案件类型", max_length=40)
    number = models.CharField("案件编号", max_length=40, unique=True)
    title = models.CharField("标题", max_length=200)
    state = models.CharField("状态", max_length=30)
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(
        "registry.Person",
        verbose_name="当事人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField("登记时间")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state_entered_at = models.DateTimeField("进入当前状态时间")
    state_due_at = models.DateTimeField("本环节时限", null=True, blank=True)
    due_at = models.DateTimeField("办结时限", null=True, blank=True)
    extended = models.BooleanField("已延期", default=False)
    supervised = models.BooleanField("督办中", default=False)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    # Not columns: set by the worklist on the rows it shows (the case's type and its state's label).
    kind: type[CaseType]
    state_label: str

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["case_type", "state"], name="case_type_state_idx"),
            models.Index(
                fields=["state_due_at"], name="case_open_due_idx", condition=Q(closed_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CaseEvent(models.Model):
    """The timeline: who did what when, from which state to which, with what comment. Append-only."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField("操作", max_length=40)
    action_label = models.CharField("操作名称", max_length=40)
    from_state = models.CharField("原状态", max_length=30, blank=True)
    to_state = models.CharField("新状态", max_length=30, blank=True)
    comment = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "案件流转记录"
        verbose_name_plural = "案件流转记录"
        ordering = ["case", "at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action_label}"


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        CaseEvent,
        verbose_name="流转记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    file = models.FileField("文件", upload_to="cases/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "案件附件"
        verbose_name_plural = "案件附件"

    def __str__(self) -> str:
        return self.name


class Supervision(models.Model):
    """督办: a higher level presses for a case to be handled, with a note and an optional deadline."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="supervisions")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="督办人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("督办时间")
    note = models.TextField("督办意见")
    due_at = models.DateTimeField("督办时限", null=True, blank=True)
    resolved_at = models.DateTimeField("解除时间", null=True, blank=True)

    class Meta:
        verbose_name = "督办"
        verbose_name_plural = "督办"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.case_id} 督办"
