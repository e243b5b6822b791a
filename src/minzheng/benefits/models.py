"""待遇发放台账 (the benefits ledger): programs, standards, enrollments, payroll runs and payment lines.

Every allowance the bureau pays — 低保, 特困, 临时救助, 价格临时补贴 and whatever comes later — is a
:class:`Program`; who receives what from when to when is an :class:`Enrollment` with its amount history
(:class:`EnrollmentAmount`); each month's money leaves through one :class:`PayrollRun` per program whose
lines are :class:`Payment` rows. Money is integer 分 (fen) throughout.

Months are stored as the first day of the month (``date(2021, 3, 1)`` is March 2021).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet


class Program(models.Model):
    """救助/补贴项目. The six programs of social assistance are created by a data migration; other
    domains add theirs through ``services.program_ensure``."""

    class Unit(models.TextChoices):
        PERSON = "person", "按人"
        HOUSEHOLD = "household", "按户"

    code = models.CharField("项目代码", max_length=30, unique=True)
    name = models.CharField("项目名称", max_length=50)
    unit = models.CharField("发放单位", max_length=10, choices=Unit.choices, default=Unit.PERSON)
    periodic = models.BooleanField("按月发放", default=True, help_text="否：一次性发放（如临时救助）")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "救助项目"
        verbose_name_plural = "救助项目"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Standard(Audited):
    """A dated, region-scoped amount of a program (保障标准, 照料护理标准…): data the city manager edits,
    never a constant in code (domain.md "How to treat unverified amounts").

    ``region`` is the city or a district; for an enrollment the most specific ancestor wins. Periods of
    one (program, region, category) never overlap: a new standard closes the previous one the day
    before it takes effect (``services.standard_create``).
    """

    program = models.ForeignKey(
        Program, verbose_name="项目", on_delete=models.PROTECT, related_name="standards"
    )
    region = models.ForeignKey(Region, verbose_name="适用区划", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(
        "类别",
        max_length=30,
        blank=True,
        default="",
        help_text="如特困照料护理：self_care/partial_care/full_care",
    )
    effective_from = models.DateField("起始日期")
    effective_to = models.DateField("截止日期", null=True, blank=True, help_text="空：长期有效")
    amount_fen = models.BigIntegerField("标准(分/月)")
    is_demo = models.BooleanField("演示数据", default=False, help_text="未经核实的演示数值，不是海口官方标准")
    source = models.CharField("依据", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "保障标准"
        verbose_name_plural = "保障标准"
        ordering = ["program", "region__code", "category", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "region", "category", "effective_from"], name="benefits_standard_unique"
            ),
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="benefits_standard_amount_nonneg"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="benefits_standard_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.category or ''} {self.effective_from}"


class Enrollment(Audited):
    """保障记录: one recipient (person or household, paid to ``person``) in one program, from
    ``start_month`` through ``end_month`` (inclusive; empty = open).

    Payroll pays every month from ``start_month`` through ``end_month`` that no pause covers, the full
    monthly amount in force for that month (:class:`EnrollmentAmount`); see ``rules.payment_months``.
    ``status`` is what the page shows; the months decide the money.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "正常发放"
        SUSPENDED = "suspended", "暂停发放"
        STOPPED = "stopped", "停止发放"

    program = models.ForeignKey(
        Program, verbose_name="项目", on_delete=models.PROTECT, related_name="enrollments"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name="领取人", on_delete=models.PROTECT, related_name="enrollments"
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name="户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    members_count = models.PositiveSmallIntegerField("保障人数", default=1)
    category = models.CharField("类别", max_length=30, blank=True, default="")
    start_month = models.DateField("起始发放月")
    end_month = models.DateField("末次发放月", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    stop_reason = models.CharField("停发/暂停原因", max_length=200, blank=True)
    case = models.ForeignKey(
        "casework.Case",
        verbose_name="审批案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_due = models.DateField("下次复核日期", null=True, blank=True)
    bank_name = models.CharField("开户银行", max_length=50, blank=True)
    bank_account = models.CharField("银行账号", max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    # Not columns: set by ``selectors.enrollment_list_for_person`` for the month it is asked about.
    current_amount_fen: int | None
    paid_now: bool

    class Meta:
        verbose_name = "保障记录"
        verbose_name_plural = "保障记录"
        ordering = ["-id"]
        constraints = [
            # one open enrollment per person and program: a second one would pay twice
            models.UniqueConstraint(
                fields=["program", "person"],
                condition=Q(end_month__isnull=True),
                name="benefits_enrollment_one_open",
            ),
            models.CheckConstraint(
                condition=Q(end_month__isnull=True) | Q(end_month__gte=models.F("start_month")),
                name="benefits_enrollment_months_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "start_month"], name="benefits_enrollment_prog_idx"),
            models.Index(fields=["person", "program"], name="benefits_enrollment_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.person_id}"


class EnrollmentAmount(Audited):
    """The monthly amount of an enrollment from ``from_month`` on, until a later row replaces it. A change
    never rewrites a month whose payroll is approved (``services.enrollment_change_amount``)."""

    enrollment = models.ForeignKey(
        Enrollment, verbose_name="保障记录", on_delete=models.CASCADE, related_name="amounts"
    )
    from_month = models.DateField("起始月")
    amount_fen = models.BigIntegerField("月发放金额(分)")
    members_count = models.PositiveSmallIntegerField("保障人数", default=1)
    reason = models.CharField("变更原因", max_length=200, blank=True)
    basis = models.JSONField("核算依据", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "enrollment__region"

    class Meta:
        verbose_name = "发放金额变更"
        verbose_name_plural = "发放金额变更"
        ordering = ["enrollment", "from_month"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "from_month"], name="benefits_amount_unique"),
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="benefits_amount_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} {self.from_month:%Y-%m} {self.amount_fen}"


class EnrollmentPause(Audited):
    """暂停发放 from ``from_month`` through ``to_month`` (empty: until resumed). Payroll skips those months."""

    enrollment = models.ForeignKey(
        Enrollment, verbose_name="保障记录", on_delete=models.CASCADE, related_name="pauses"
    )
    from_month = models.DateField("暂停起始月")
    to_month = models.DateField("恢复前末月", null=True, blank=True)
    reason = models.CharField("暂停原因", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("操作时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "enrollment__region"

    class Meta:
        verbose_name = "暂停发放"
        verbose_name_plural = "暂停发放"
        ordering = ["enrollment", "from_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"], condition=Q(to_month__isnull=True), name="benefits_pause_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} 暂停 {self.from_month:%Y-%m}"


class PayrollRun(Audited):
    """工资单: one program's payments for one month, computed by set-based SQL (``payroll.py``) and moved
    draft → reviewed → approved → exported → reconciled by ``services.payroll``.

    ``kind``: the regular monthly run (one per program and month); a 重发 run re-pays the failed lines of
    a reconciled run; a 补发 run pays months already approved that an enrollment registered later was
    entitled to; a 一次性发放 run collects, per program and month, the payments already handed over when a
    case was decided (临时救助's 先行救助 from a town's 备用金): it is made reconciled, never computed
    (``services.payments.payment_record_one_off``). Totals are recomputed from the Payment rows, never
    accumulated.
    """

    class Kind(models.TextChoices):
        REGULAR = "regular", "月度发放"
        ARREARS = "arrears", "补发"
        REISSUE = "reissue", "失败重发"
        ONE_OFF = "one_off", "一次性发放"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEWED = "reviewed", "已复核"
        APPROVED = "approved", "已审批"
        EXPORTED = "exported", "已导出银行文件"
        RECONCILED = "reconciled", "已对账"

    program = models.ForeignKey(Program, verbose_name="项目", on_delete=models.PROTECT, related_name="runs")
    month = models.DateField("发放月份")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    parent = models.ForeignKey(
        "self",
        verbose_name="原工资单",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reissues",
    )
    region = models.ForeignKey(Region, verbose_name="范围", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    payees = models.PositiveIntegerField("领取人数", default=0)
    lines = models.PositiveIntegerField("明细笔数", default=0)
    person_times = models.PositiveIntegerField("保障人次", default=0)
    amount_fen = models.BigIntegerField("总金额(分)", default=0)
    failed_lines = models.PositiveIntegerField("失败笔数", default=0)
    failed_fen = models.BigIntegerField("失败金额(分)", default=0)
    computing = models.BooleanField("计算中", default=False, help_text="计算未完成（中断后须重新计算）")
    compute_token = models.CharField("计算批次", max_length=32, blank=True, editable=False)
    stale = models.BooleanField("须重新计算", default=False, help_text="计算后保障记录或标准有变动")
    computed_at = models.DateTimeField("计算完成时间", null=True, blank=True)
    job = models.ForeignKey(
        "core.Job",
        verbose_name="最近的计算任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="制表人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("制表时间", auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="复核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("复核时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导出人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    exported_at = models.DateTimeField("导出时间", null=True, blank=True)
    reconciled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="对账人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reconciled_at = models.DateTimeField("对账时间", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "工资单"
        verbose_name_plural = "工资单"
        ordering = ["-month", "program", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "month"], condition=Q(kind="regular"), name="benefits_run_regular_once"
            )
        ]

    def __str__(self) -> str:
        suffix = "" if self.kind == self.Kind.REGULAR else f"（{self.get_kind_display()}）"
        return f"{self.program}{self.month:%Y年%m月}工资单{suffix}"

    @property
    def frozen(self) -> bool:
        return self.status not in {self.Status.DRAFT, self.Status.REVIEWED}


class PayrollReview(models.Model):
    """区局复核: a district reviewer's sign-off on their district's part of a run. The run is 已复核 when
    every district with lines has signed (``services.payroll.payroll_run_review``)."""

    run = models.ForeignKey(
        PayrollRun, verbose_name="工资单", on_delete=models.CASCADE, related_name="reviews"
    )
    district = models.ForeignKey(Region, verbose_name="区", on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="复核人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("复核时间")
    payees = models.PositiveIntegerField("复核时领取人数")
    amount_fen = models.BigIntegerField("复核时金额(分)")
    comment = models.CharField("意见", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "district"

    class Meta:
        verbose_name = "区局复核"
        verbose_name_plural = "区局复核"
        ordering = ["run", "district__code"]
        constraints = [models.UniqueConstraint(fields=["run", "district"], name="benefits_review_once")]

    def __str__(self) -> str:
        return f"{self.run_id} {self.district_id}"


class Payment(models.Model):
    """One payment line: ``amount_fen`` for benefit month ``month`` to ``person`` under ``enrollment``.

    Nobody is paid twice, whatever happens (re-runs, a killed run, two clicks): a partial unique index
    allows one regular payment per (program, enrollment, month), and a failed payment is re-paid by at
    most one 重发 line (unique ``reissue_of``). Rows are written by set-based SQL (``payroll.py``), so
    there is no per-row audit; each computation writes one summary entry.
    """

    class Kind(models.TextChoices):
        REGULAR = "regular", "应发"
        REISSUE = "reissue", "重发"

    class Status(models.TextChoices):
        PENDING = "pending", "待发放"
        PAID = "paid", "已发放"
        FAILED = "failed", "发放失败"
        REISSUED = "reissued", "失败已重发"

    run = models.ForeignKey(
        PayrollRun, verbose_name="工资单", on_delete=models.CASCADE, related_name="payments", db_index=False
    )
    program = models.ForeignKey(
        Program, verbose_name="项目", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    enrollment = models.ForeignKey(
        Enrollment, verbose_name="保障记录", on_delete=models.PROTECT, related_name="payments", db_index=False
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name="领取人", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    region = models.ForeignKey(
        Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    month = models.DateField("待遇月份")
    kind = models.CharField("类型", max_length=8, choices=Kind.choices, default=Kind.REGULAR)
    reissue_of = models.ForeignKey(
        "self",
        verbose_name="原发放明细",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    amount_fen = models.BigIntegerField("金额(分)")
    members_count = models.PositiveSmallIntegerField("保障人数", default=1)
    bank_name = models.CharField("开户银行", max_length=50, blank=True)
    bank_account = models.CharField("银行账号", max_length=40, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    bank_code = models.CharField("银行返回码", max_length=20, blank=True)
    bank_reason = models.CharField("失败原因", max_length=200, blank=True)
    settled_at = models.DateTimeField("对账时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "发放明细"
        verbose_name_plural = "发放明细"
        ordering = ["run", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "enrollment", "month"],
                condition=Q(kind="regular"),
                name="benefits_payment_regular_once",
            ),
            models.UniqueConstraint(
                fields=["reissue_of"],
                condition=Q(reissue_of__isnull=False),
                name="benefits_payment_reissue_once",
            ),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="benefits_payment_amount_pos"),
        ]
        indexes = [
            models.Index(fields=["run", "person"], name="benefits_payment_run_idx"),
            models.Index(fields=["person", "month"], name="benefits_payment_person_idx"),
            models.Index(fields=["program", "month", "region"], name="benefits_payment_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.person_id} {self.amount_fen}"
