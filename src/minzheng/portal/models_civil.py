"""Which citizen left which message on an online memorial (the funeral app keeps only the signature shown): so the
citizen sees their own messages while staff have not yet approved them. Bookings, proxy sweepings and marriage
appointments need no link: the domain records already carry the person's ID number."""

from __future__ import annotations

from django.db import models


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
