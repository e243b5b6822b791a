"""The portal's side of the reports ("随手拍") and 12349 help requests a citizen files: which citizen owns which
grid intake request (the grid keeps no citizen), who said "this is my problem too", the photos the site keeps, the
citizen's rating, and how far the citizen has been told of the event's progress."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q


def photo_token() -> str:
    return secrets.token_urlsafe(24)


class CitizenReport(models.Model):
    """One report or help request of a citizen: filed by them (``request``), or an existing open report they
    joined with "这也是我的问题" (``supported``: ``event`` set, no request of their own)."""

    class Kind(models.TextChoices):
        REPORT = "report", "随手拍"
        HELP = "help", "12349求助"

    citizen = models.ForeignKey(
        "portal.Citizen", verbose_name="公众用户", on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    request = models.OneToOneField(
        "grid.Open311Request",
        verbose_name="受理请求",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    event = models.ForeignKey(
        "grid.Event", verbose_name="事件", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supported = models.BooleanField("附议（这也是我的问题）", default=False)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    notified_upto = models.PositiveBigIntegerField(
        "已通知到的流转记录", default=0, help_text="已告知该用户的最后一条案件流转记录编号"
    )
    stars = models.PositiveSmallIntegerField("评分", null=True, blank=True)
    rating_comment = models.CharField("评价内容", max_length=300, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)

    class Meta:
        verbose_name = "公众上报与求助"
        verbose_name_plural = "公众上报与求助"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "event"], condition=Q(supported=True), name="portal_report_support_once"
            ),
            models.CheckConstraint(
                condition=Q(supported=True, event__isnull=False) | Q(supported=False, request__isnull=False),
                name="portal_report_filed_or_supported",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}#{self.pk}"

    @property
    def number(self) -> str:
        """The intake's request number the citizen was told ("" for a report only supported)."""
        return self.request.service_request_id if self.request is not None else ""


class ReportPhoto(models.Model):
    """A photo sent with a report, kept by the site with its metadata (EXIF: place, device) taken out, and served
    at an unguessable address — the address the grid event's 媒体链接 holds."""

    report = models.ForeignKey(
        CitizenReport, verbose_name="上报", on_delete=models.CASCADE, related_name="photos"
    )
    token = models.CharField("访问令牌", max_length=40, unique=True, default=photo_token)
    file = models.FileField("照片", upload_to="portal/reports/%Y/%m/")
    content_type = models.CharField("类型", max_length=30)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "上报照片"
        verbose_name_plural = "上报照片"

    def __str__(self) -> str:
        return f"照片#{self.pk}"
