"""Which citizen left which message on an online memorial (the funeral app keeps only the signature shown): so the
citizen sees their own messages while staff have not yet approved them. The bookings, proxy sweepings and marriage
appointments a citizen makes on the site are followed (``CivilFollow``): the state they were last told of, so a
change made by staff (a cancelled or moved booking, a sweeping done) reaches them once (portal/civil_follow.py)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class MemorialMessageAuthor(models.Model):
    citizen = models.ForeignKey(
        "portal.Citizen", verbose_name="公众用户", on_delete=models.CASCADE, related_name="+"
    )
    message = models.OneToOneField(
        "funeral.MemorialMessage", verbose_name="留言", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = "纪念馆留言的留言人"
        verbose_name_plural = "纪念馆留言的留言人"

    def __str__(self) -> str:
        return f"{self.citizen}的留言"


class CivilFollow(models.Model):
    """A booking, proxy sweeping or marriage appointment the citizen made on the site (exactly one of the three),
    with its state and time as the citizen last knew them (after their own change on the site, or the last
    notice); ``changed_at``: when the site last noticed a change they did not make."""

    citizen = models.ForeignKey(
        "portal.Citizen", verbose_name="公众用户", on_delete=models.CASCADE, related_name="civil_follows"
    )
    appointment = models.ForeignKey(
        "marriage.Appointment", verbose_name="婚姻登记预约", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    booking = models.ForeignKey(
        "funeral.Booking", verbose_name="清明祭扫预约", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    proxy_order = models.ForeignKey(
        "funeral.ProxyOrder", verbose_name="代祭扫", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    status = models.CharField("已告知的状态", max_length=20)
    when = models.CharField("已告知的时间", max_length=40, help_text="预约日期或时段")
    changed_at = models.DateTimeField("最近变更时间", null=True, blank=True)
    created_at = models.DateTimeField("办理时间", auto_now_add=True)

    class Meta:
        verbose_name = "网上预约的办理进度"
        verbose_name_plural = "网上预约的办理进度"
        constraints = [
            models.CheckConstraint(
                condition=Q(appointment__isnull=False, booking__isnull=True, proxy_order__isnull=True)
                | Q(appointment__isnull=True, booking__isnull=False, proxy_order__isnull=True)
                | Q(appointment__isnull=True, booking__isnull=True, proxy_order__isnull=False),
                name="portal_civil_follow_one_record",
            ),
            models.UniqueConstraint(
                fields=["citizen", "appointment"], name="portal_civil_follow_appointment"
            ),
            models.UniqueConstraint(fields=["citizen", "booking"], name="portal_civil_follow_booking"),
            models.UniqueConstraint(fields=["citizen", "proxy_order"], name="portal_civil_follow_proxy"),
        ]
        indexes = [models.Index(fields=["citizen", "changed_at"], name="portal_civil_follow_changed")]

    def __str__(self) -> str:
        return f"{self.citizen}的网上预约#{self.pk}"
