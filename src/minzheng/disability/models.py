"""Disability certificates (残疾人证) of registry persons and the applications for the two subsidies.

A certificate belongs to a registry person (the registry keeps the person; this app keeps what the 残联
certified: 类别, 等级, the 20-character number, validity). An application is a case of the case engine
(``casetypes.SubsidyApplication``); its approval enrols the person in the ledger program of the subsidy, whose
monthly payroll reads its lines from this app's payroll source (``payroll.py``): the rules decide each
month, so a death, a lost certificate, a grade that no longer qualifies or a household leaving 低保 stops the
money from the next month.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet
from minzheng.disability.rules import GRADE_LABELS, KIND_LABELS, SUBSIDY_LABELS


class Certificate(Audited):
    class Status(models.TextChoices):
        VALID = "valid", "有效"
        REVOKED = "revoked", "已注销"

    person = models.ForeignKey(
        "registry.Person", verbose_name="持证人", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField("残疾人证号", max_length=20, unique=True)
    kind = models.PositiveSmallIntegerField("残疾类别", choices=[(int(k), v) for k, v in KIND_LABELS.items()])
    grade = models.PositiveSmallIntegerField("残疾等级", choices=list(GRADE_LABELS.items()))
    issued_on = models.DateField("发证日期")
    valid_until = models.DateField("有效期至", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.VALID)
    revoked_on = models.DateField("注销日期", null=True, blank=True)
    revoke_reason = models.CharField("注销原因", max_length=200, blank=True)
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "残疾人证"
        verbose_name_plural = "残疾人证"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="valid"), name="disability_one_valid_certificate"
            ),
            models.CheckConstraint(condition=Q(grade__gte=1) & Q(grade__lte=4), name="disability_grade_1_4"),
        ]
        indexes = [models.Index(fields=["person", "status"], name="disability_cert_person_idx")]

    def __str__(self) -> str:
        return f"残疾人证{self.number[-2:]}（{self.get_kind_display()}{self.get_grade_display()}）"


class Application(Audited):
    class Subsidy(models.TextChoices):
        LIVING = "living", SUBSIDY_LABELS["living"]
        CARE = "care", SUBSIDY_LABELS["care"]

    case = models.OneToOneField(
        "casework.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="disability_application"
    )
    subsidy = models.CharField("补贴", max_length=10, choices=Subsidy.choices)
    person = models.ForeignKey(
        "registry.Person", verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    certificate = models.ForeignKey(
        Certificate, verbose_name="残疾人证", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="受理地区划", on_delete=models.PROTECT, related_name="+")
    approved = models.BooleanField("批准", null=True, blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    category = models.CharField("补贴类别", max_length=20, blank=True)
    amount_fen = models.BigIntegerField("核定月标准(分)", null=True, blank=True)
    start_month = models.DateField("发放起始月", null=True, blank=True)
    decision_reason = models.TextField("决定理由", blank=True)
    enrollment = models.ForeignKey(
        "benefits.Enrollment", verbose_name="保障记录", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "两项补贴申请"
        verbose_name_plural = "两项补贴申请"
        ordering = ["-id"]
        indexes = [models.Index(fields=["subsidy", "decided_at"], name="disability_app_decided_idx")]

    def __str__(self) -> str:
        return f"{self.get_subsidy_display()}申请"
