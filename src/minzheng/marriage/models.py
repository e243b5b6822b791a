"""The marriage register: the registry offices (婚姻登记机关) and their daily capacity, appointments, registrations
of marriage and divorce with their certificate numbers, refusals (不予登记), divorce applications through the
cooling-off, and the corrections (补领, 撤销) that keep the original record.

Every record belongs to an office. A registrar acts for, and reads, only the offices they are a registrar of
(``Office.registrars``); the city manager reads every office's (``marriage.read_all``). ``visible_to(user)`` on
each model does both (``OfficeScopedQuerySet``).

The register keeps the parties as registry persons (``registry.Person``): the registry has no marital-status
field, so the status is read from here (``selectors.marital_status``) — a valid marriage registration not yet
dissolved by a divorce registration or the death of the spouse.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.roles import can
from minzheng.core.scope import ScopedQuerySet


def verify_token() -> str:
    return secrets.token_urlsafe(18)


class OfficeScopedQuerySet(ScopedQuerySet):
    """The records of the offices a user may read: all of their region's for ``marriage.read_all``, else
    those of the offices the user is a registrar of; nothing for anyone without ``marriage.read``."""

    office_path = "office"

    def visible_to(self, user: Any) -> Any:
        if not can(user, "marriage.read"):
            return self.none()
        if can(user, "marriage.read_all"):
            return super().visible_to(user)
        prefix = f"{self.office_path}__" if self.office_path else ""
        return self.filter(**{f"{prefix}registrars": user})


class OfficeQuerySet(OfficeScopedQuerySet):
    office_path = ""


class Office(Audited):
    """A 婚姻登记机关: the city's (its 行政区划代码 460100) and each district's. Foreign-related and 港澳台
    registrations are taken only where ``takes_foreign`` (《婚姻登记条例》第四条: the bodies the provincial
    department designates; in Haikou the city office)."""

    code = models.CharField("行政区划代码", max_length=6, unique=True)
    name = models.CharField("名称", max_length=60)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    takes_foreign = models.BooleanField("办理涉外及港澳台婚姻登记", default=False)
    daily_capacity = models.PositiveIntegerField("每日预约接待量", default=40)
    address = models.CharField("地址", max_length=200, blank=True)
    registrars = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="婚姻登记员", blank=True, related_name="marriage_offices"
    )

    objects = OfficeQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "婚姻登记机关"
        verbose_name_plural = "婚姻登记机关"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    MARRIAGE = "marriage", "结婚登记"
    DIVORCE = "divorce", "离婚登记"


class Party(models.TextChoices):
    """Who the parties are (《婚姻登记条例》第四条): a foreign-related or 港澳台/华侨 registration only at the city
    office."""

    MAINLAND = "mainland", "内地居民"
    FOREIGN = "foreign", "涉外（一方为外国人）"
    HMT = "hmt", "涉港澳台（一方为港澳台居民）"
    OVERSEAS = "overseas", "涉华侨（一方为华侨）"


class DaySlot(models.Model):
    """An office's capacity on a day and how much of it is booked: a booking takes a place by a conditional
    ``UPDATE … SET booked = booked + 1 WHERE booked < capacity`` (no overbooking under concurrency)."""

    office = models.ForeignKey(Office, verbose_name="登记机关", on_delete=models.PROTECT, related_name="+")
    day = models.DateField("日期")
    capacity = models.PositiveIntegerField("接待量")
    booked = models.PositiveIntegerField("已预约", default=0)

    objects = OfficeScopedQuerySet.as_manager()
    scope_region_field = "office__region"

    class Meta:
        verbose_name = "预约日"
        verbose_name_plural = "预约日"
        constraints = [
            models.UniqueConstraint(fields=["office", "day"], name="marriage_slot_office_day"),
            models.CheckConstraint(
                condition=Q(booked__lte=models.F("capacity")), name="marriage_slot_not_over"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}（已预约{self.booked}/{self.capacity}）"


class Appointment(Audited):
    class Status(models.TextChoices):
        BOOKED = "booked", "已预约"
        DONE = "done", "已办理"
        REFUSED = "refused", "不予登记"
        CANCELLED = "cancelled", "已取消"

    office = models.ForeignKey(Office, verbose_name="登记机关", on_delete=models.PROTECT, related_name="+")
    day = models.DateField("预约日期")
    kind = models.CharField("业务", max_length=10, choices=Kind.choices, default=Kind.MARRIAGE)
    party = models.CharField("当事人类别", max_length=10, choices=Party.choices, default=Party.MAINLAND)
    man = models.ForeignKey(
        "registry.Person", verbose_name="男方", on_delete=models.PROTECT, related_name="+"
    )
    woman = models.ForeignKey(
        "registry.Person", verbose_name="女方", on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.BOOKED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="预约登记人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("预约时间", auto_now_add=True)

    objects = OfficeScopedQuerySet.as_manager()
    scope_region_field = "office__region"

    class Meta:
        verbose_name = "婚姻登记预约"
        verbose_name_plural = "婚姻登记预约"
        ordering = ["day", "id"]
        indexes = [models.Index(fields=["office", "day", "status"], name="marriage_appt_day_idx")]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}{self.get_kind_display()}预约"


class Registration(Audited):
    """One registration of marriage or divorce, with its certificate 字号 (unique, gap-free per office, kind and
    year: ``services.serial_allocate``). Never deleted nor renumbered: a 撤销 by a court's judgment marks it
    revoked and keeps it; a 补领 adds a ``Reissue``."""

    class Status(models.TextChoices):
        VALID = "valid", "有效"
        REVOKED = "revoked", "已撤销"

    kind = models.CharField("登记类别", max_length=10, choices=Kind.choices)
    office = models.ForeignKey(Office, verbose_name="登记机关", on_delete=models.PROTECT, related_name="+")
    number = models.CharField("证书字号", max_length=24, unique=True)
    year = models.PositiveSmallIntegerField("登记年度")
    serial = models.PositiveIntegerField("年度序号")
    registered_on = models.DateField("登记日期")
    party = models.CharField("当事人类别", max_length=10, choices=Party.choices, default=Party.MAINLAND)
    man = models.ForeignKey(
        "registry.Person", verbose_name="男方", on_delete=models.PROTECT, related_name="+"
    )
    woman = models.ForeignKey(
        "registry.Person", verbose_name="女方", on_delete=models.PROTECT, related_name="+"
    )
    both_present = models.BooleanField("双方亲自到场")
    documents_checked = models.BooleanField("证件和声明书已查验")
    appointment = models.ForeignKey(
        Appointment, verbose_name="预约", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    marriage = models.ForeignKey(
        "self", verbose_name="所解除的婚姻", null=True, blank=True, on_delete=models.PROTECT,
        related_name="divorces",
    )  # fmt: skip
    dissolved_on = models.DateField("婚姻解除日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.VALID)
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revoke_judgment = models.CharField("撤销依据（判决书文号）", max_length=100, blank=True)
    revoke_reason = models.CharField("撤销原因", max_length=200, blank=True)
    token = models.CharField("核验码", max_length=32, unique=True, default=verify_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记员", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = OfficeScopedQuerySet.as_manager()
    scope_region_field = "office__region"
    audit_exclude = ("token",)

    class Meta:
        verbose_name = "婚姻登记"
        verbose_name_plural = "婚姻登记"
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["office", "kind", "year", "serial"], name="marriage_reg_serial"),
        ]
        indexes = [
            models.Index(fields=["man", "kind", "status"], name="marriage_reg_man_idx"),
            models.Index(fields=["woman", "kind", "status"], name="marriage_reg_woman_idx"),
            models.Index(fields=["registered_on", "kind"], name="marriage_reg_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.number}"


class Counter(models.Model):
    """The last serial given per office, series and year. Locked (``SELECT … FOR UPDATE``) inside the
    registration's transaction: numbers are unique and, since a rolled-back registration rolls back its
    serial too, gap-free."""

    office = models.ForeignKey(Office, verbose_name="登记机关", on_delete=models.PROTECT, related_name="+")
    series = models.CharField("字号前缀", max_length=2)  # J L BJ BL
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "证书字号计数"
        verbose_name_plural = "证书字号计数"
        constraints = [
            models.UniqueConstraint(fields=["office", "series", "year"], name="marriage_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.series}{self.year}年已用至{self.last}号"


class Refusal(Audited):
    """不予登记 (《婚姻登记条例》第六条、第七条; 第十二条 for divorce): what was refused and why, told to the
    parties."""

    office = models.ForeignKey(Office, verbose_name="登记机关", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("登记类别", max_length=10, choices=Kind.choices)
    man = models.ForeignKey(
        "registry.Person", verbose_name="男方", on_delete=models.PROTECT, related_name="+"
    )
    woman = models.ForeignKey(
        "registry.Person", verbose_name="女方", on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField("日期")
    reasons = models.TextField("不予登记的理由")
    appointment = models.ForeignKey(
        Appointment, verbose_name="预约", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记员", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = OfficeScopedQuerySet.as_manager()
    scope_region_field = "office__region"

    class Meta:
        verbose_name = "不予登记"
        verbose_name_plural = "不予登记"
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"不予{self.get_kind_display()}（{self.on:%Y-%m-%d}）"


class DivorceApplication(Audited):
    """离婚登记申请 (民法典 第一千零七十六条、第一千零七十七条; 民发〔2020〕116号): received → 30-day cooling-off in
    which either party may withdraw → 30 days in which both come back for the certificate, else deemed
    withdrawn (``services.divorce_expire``). The period ends are stored when the application is received."""

    class Status(models.TextChoices):
        COOLING = "cooling", "冷静期"
        WITHDRAWN = "withdrawn", "已撤回"
        LAPSED = "lapsed", "视为撤回"
        REGISTERED = "registered", "已登记离婚"
        REFUSED = "refused", "不予登记"

    office = models.ForeignKey(Office, verbose_name="登记机关", on_delete=models.PROTECT, related_name="+")
    marriage = models.ForeignKey(
        Registration, verbose_name="婚姻登记", on_delete=models.PROTECT, related_name="divorce_applications"
    )
    man = models.ForeignKey(
        "registry.Person", verbose_name="男方", on_delete=models.PROTECT, related_name="+"
    )
    woman = models.ForeignKey(
        "registry.Person", verbose_name="女方", on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField("受理日期")
    cooling_off_ends = models.DateField("冷静期届满日")
    collect_ends = models.DateField("申领离婚证截止日")
    agreement_checked = models.BooleanField("已查验离婚协议书（子女抚养、财产及债务处理）")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.COOLING)
    closed_on = models.DateField("结束日期", null=True, blank=True)
    withdrawn_by = models.CharField("撤回方", max_length=1, blank=True)
    registration = models.OneToOneField(
        Registration,
        verbose_name="离婚登记",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="受理人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = OfficeScopedQuerySet.as_manager()
    scope_region_field = "office__region"

    class Meta:
        verbose_name = "离婚登记申请"
        verbose_name_plural = "离婚登记申请"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["marriage"], condition=Q(status="cooling"), name="marriage_one_open_divorce"
            ),
        ]
        indexes = [models.Index(fields=["status", "collect_ends"], name="marriage_divorce_due_idx")]

    def __str__(self) -> str:
        return f"离婚登记申请（{self.received_on:%Y-%m-%d}受理）"


class Reissue(Audited):
    """补领: a new certificate for a registration whose certificate was lost or damaged. The registration and its
    字号 stay as they were; the reissued certificate carries its own BJ/BL number."""

    registration = models.ForeignKey(
        Registration, verbose_name="婚姻登记", on_delete=models.PROTECT, related_name="reissues"
    )
    office = models.ForeignKey(Office, verbose_name="补领机关", on_delete=models.PROTECT, related_name="+")
    number = models.CharField("补领证书字号", max_length=24, unique=True)
    on = models.DateField("补领日期")
    reason = models.CharField("补领原因", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记员", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = OfficeScopedQuerySet.as_manager()
    scope_region_field = "office__region"

    class Meta:
        verbose_name = "补领婚姻登记证"
        verbose_name_plural = "补领婚姻登记证"
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"补领{self.number}"
