"""The citizens' side of an online assistance application: the form in progress (a draft, kept between the
steps) and, once submitted, which citizen filed which application (the domain's ``Application`` knows the
applicant's registry person, not the portal account). ``key`` is the form's idempotency key: a second submit
of the same form finds the application the first one made."""

from __future__ import annotations

import uuid

from django.db import models


class ApplyDraft(models.Model):
    citizen = models.ForeignKey(
        "portal.Citizen", verbose_name="公众用户", on_delete=models.CASCADE, related_name="apply_drafts"
    )
    key = models.UUIDField("表单编号", default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("申请事项", max_length=30)
    data = models.JSONField("填写内容", default=dict, blank=True)
    created_at = models.DateTimeField("开始时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    application = models.OneToOneField(
        "assistance.Application",
        verbose_name="救助申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    notified_state = models.CharField(
        "已通知的状态", max_length=30, blank=True, help_text="最近一次通知公众用户的办理状态"
    )

    class Meta:
        verbose_name = "网上救助申请"
        verbose_name_plural = "网上救助申请"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"网上救助申请{self.key}"


class ApplyDocument(models.Model):
    """A document uploaded in the form (a photo or PDF), handed to the case as an attachment on submit."""

    draft = models.ForeignKey(
        ApplyDraft, verbose_name="网上救助申请", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField("材料类型", max_length=20)
    file = models.FileField("文件", upload_to="portal/apply/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小(字节)")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["draft", "id"]

    def __str__(self) -> str:
        return self.name
