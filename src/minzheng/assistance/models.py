"""社会救助: applications on the case engine, the household means test behind them, reviews of those
enrolled, the 临时救助 备用金 and the dated parameters of the local rules.

Money lives in the benefits ledger (Enrollment, Payment); this app keeps what decides it: the members,
incomes and assets the case worker recorded, the decision with its reasons and the rules' parameters.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.assistance.rules import (
    ASSET_LABELS,
    DISABILITY_LABELS,
    INCOME_LABELS,
    PARAMS,
    PROGRAM_LABELS,
    REVIEW_OUTCOME_LABELS,
    SINGLE_PERSON_LABELS,
)
from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet

PROGRAM_CHOICES = list(PROGRAM_LABELS.items())


class Parameter(Audited):
    """One dated value of a local rule's parameter (domain.md: Haikou amounts and limits are [U], so they
    are data the city manager edits, with audit). A value applies from ``effective_from`` in ``region``'s
    subtree until a later value for the same code replaces it; the most specific region wins."""

    code = models.CharField("参数", max_length=40, choices=[(p.code, p.label) for p in PARAMS])
    region = models.ForeignKey(Region, verbose_name="适用区划", on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField("起始日期")
    value = models.DecimalField("数值", max_digits=12, decimal_places=4)
    source = models.CharField("依据", max_length=300, blank=True)
    demo = models.BooleanField("演示数据", default=False, help_text="未经核实的演示数值，不是海口官方标准")
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
        verbose_name = "救助参数"
        verbose_name_plural = "救助参数"
        ordering = ["code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "region", "effective_from"], name="assistance_param_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} {self.effective_from} {self.value}"


class CpiMonth(Audited):
    """One month's consumer price index, year on year (the price-subsidy linkage's input, domain.md §4)."""

    month = models.DateField("月份", unique=True, help_text="该月1日")
    cpi_yoy = models.DecimalField("CPI同比涨幅(%)", max_digits=5, decimal_places=2)
    food_yoy = models.DecimalField(
        "食品价格同比涨幅(%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    source = models.CharField("数据来源", max_length=200, blank=True)
    demo = models.BooleanField("演示数据", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "居民消费价格指数"
        verbose_name_plural = "居民消费价格指数"
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} CPI {self.cpi_yoy}%"


class Assessment(Audited):
    """家庭经济状况调查/核对: the members living together, their incomes and assets, as recorded by the case
    worker for one application or one review (《社会救助暂行办法》第十一条)."""

    program = models.CharField("救助项目", max_length=20, choices=PROGRAM_CHOICES)
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        "registry.Household",
        verbose_name="户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant = models.ForeignKey(
        "registry.Person", verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField("调查日期")
    single_person_reason = models.CharField(
        "单人户理由", max_length=20, blank=True, choices=list(SINGLE_PERSON_LABELS.items())
    )
    unstable_income = models.BooleanField(
        "收入不稳定且有劳动能力成员", default=False, help_text="决定复核周期"
    )
    no_supporter = models.BooleanField("无法定义务人或其无履行能力", default=False, help_text="特困")
    orphan = models.BooleanField("符合孤儿条件", default=False, help_text="特困：未成年人")
    care_items_failed = models.PositiveSmallIntegerField(
        "不能完成的自理项目数",
        default=0,
        help_text="自主吃饭、穿衣、上下床、如厕、室内行走、洗澡，6项中不能完成的项数",
    )
    rigid_expenses_fen = models.BigIntegerField("刚性支出(分/月)", default=0, help_text="支出型临时救助")
    result = models.JSONField("核对结果", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "家庭经济状况调查"
        verbose_name_plural = "家庭经济状况调查"

    def __str__(self) -> str:
        return f"{self.applicant_id} {self.on}"


class AssessmentMember(Audited):
    """A member of the household at the time of the assessment, and whether they live together."""

    assessment = models.ForeignKey(
        Assessment, verbose_name="调查", on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name="成员", on_delete=models.PROTECT, related_name="+"
    )
    relation = models.CharField("与申请人/户主关系", max_length=20, blank=True)
    is_applicant = models.BooleanField("申请人", default=False)
    included = models.BooleanField("共同生活", default=True)
    exclusion_reason = models.CharField("不计入原因", max_length=100, blank=True)
    disability_kind = models.CharField(
        "残疾类别", max_length=15, blank=True, choices=list(DISABILITY_LABELS.items())
    )
    disability_grade = models.PositiveSmallIntegerField("残疾等级", null=True, blank=True)
    major_illness = models.BooleanField("重特大疾病", default=False)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "assessment__region"

    class Meta:
        verbose_name = "调查成员"
        verbose_name_plural = "调查成员"
        ordering = ["assessment", "-is_applicant", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "person"], name="assistance_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.assessment_id}"


class Income(Audited):
    member = models.ForeignKey(
        AssessmentMember, verbose_name="成员", on_delete=models.CASCADE, related_name="incomes"
    )
    income_type = models.CharField("收入类型", max_length=20, choices=list(INCOME_LABELS.items()))
    monthly_fen = models.BigIntegerField("月收入(分)")
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "member__assessment__region"

    class Meta:
        verbose_name = "收入"
        verbose_name_plural = "收入"
        ordering = ["member", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(monthly_fen__gte=0), name="assistance_income_nonneg")
        ]

    def __str__(self) -> str:
        return f"{self.get_income_type_display()} {self.monthly_fen}"


class Asset(Audited):
    assessment = models.ForeignKey(
        Assessment, verbose_name="调查", on_delete=models.CASCADE, related_name="assets"
    )
    member = models.ForeignKey(
        AssessmentMember,
        verbose_name="所有人",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assets",
    )
    asset_type = models.CharField("财产类型", max_length=20, choices=list(ASSET_LABELS.items()))
    value_fen = models.BigIntegerField("价值(分)", default=0)
    count = models.PositiveSmallIntegerField("数量", default=1)
    livelihood = models.BooleanField("生活、就业必需", default=False)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "assessment__region"

    class Meta:
        verbose_name = "财产"
        verbose_name_plural = "财产"
        ordering = ["assessment", "id"]
        constraints = [models.CheckConstraint(condition=Q(value_fen__gte=0), name="assistance_asset_nonneg")]

    def __str__(self) -> str:
        return f"{self.get_asset_type_display()} {self.value_fen}"


class Application(Audited):
    """An application for one program, moving through the case engine (``case``); the decision and the
    enrollment it produced."""

    case = models.OneToOneField(
        "casework.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="assistance_application"
    )
    program = models.CharField("救助项目", max_length=20, choices=PROGRAM_CHOICES)
    kind = models.CharField(
        "类别", max_length=20, blank=True, help_text="临时救助：急难型/支出型；特困：集中/分散供养"
    )
    region = models.ForeignKey(Region, verbose_name="受理地区划", on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(
        "registry.Person",
        verbose_name="申请人",
        on_delete=models.PROTECT,
        related_name="assistance_applications",
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name="户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    via_residence_permit = models.BooleanField("持居住证在居住地申请", default=False)
    assessment = models.OneToOneField(
        Assessment, verbose_name="家庭经济状况调查", on_delete=models.PROTECT, related_name="application"
    )
    requested_fen = models.BigIntegerField("申请/拟救助金额(分)", default=0, help_text="临时救助")
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved = models.BooleanField("批准", null=True, blank=True)
    decision_amount_fen = models.BigIntegerField("核定金额(分/月)", null=True, blank=True)
    decision_members = models.PositiveSmallIntegerField("保障人口", null=True, blank=True)
    decision_start_month = models.DateField("发放起始月", null=True, blank=True)
    decision_reason = models.TextField("决定理由", blank=True)
    decision_lines = models.JSONField("核算过程", null=True, blank=True)
    enrollment = models.ForeignKey(
        "benefits.Enrollment",
        verbose_name="保障记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "救助申请"
        verbose_name_plural = "救助申请"
        ordering = ["-id"]
        indexes = [models.Index(fields=["program", "decided_at"], name="assistance_app_decided_idx")]

    def __str__(self) -> str:
        return f"{self.get_program_display()}申请 {self.applicant_id}"


class ReviewPlan(models.Model):
    """The review schedule of one enrollment (动态管理, domain.md §1) and the assessment it rests on
    (the latest one: a change of standard re-runs it)."""

    enrollment = models.OneToOneField(
        "benefits.Enrollment",
        verbose_name="保障记录",
        on_delete=models.CASCADE,
        related_name="assistance_plan",
    )
    program = models.CharField("救助项目", max_length=20, choices=PROGRAM_CHOICES)
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(
        Assessment, verbose_name="最近一次调查", on_delete=models.PROTECT, related_name="+"
    )
    interval_months = models.PositiveSmallIntegerField("复核周期(月)")
    next_due = models.DateField("下次复核日期")
    active = models.BooleanField("在保", default=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "复核计划"
        verbose_name_plural = "复核计划"
        indexes = [models.Index(fields=["active", "next_due"], name="assistance_plan_due_idx")]

    def __str__(self) -> str:
        return f"{self.enrollment_id} {self.next_due}"


class Review(Audited):
    """One 复核 of an enrollment: the case worker re-investigates and proposes, the county decides
    (增发/减发/停发, 《社会救助暂行办法》第十三条)."""

    class Status(models.TextChoices):
        OPEN = "open", "调查中"
        PROPOSED = "proposed", "待区县确认"
        CONFIRMED = "confirmed", "已确认"

    plan = models.ForeignKey(
        ReviewPlan, verbose_name="复核计划", on_delete=models.PROTECT, related_name="reviews"
    )
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    assessment = models.OneToOneField(
        Assessment, verbose_name="家庭经济状况调查", on_delete=models.PROTECT, related_name="review"
    )
    due_on = models.DateField("应复核日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(
        "复核结论", max_length=12, blank=True, choices=list(REVIEW_OUTCOME_LABELS.items())
    )
    exit_flag = models.BooleanField("拟退出", default=False)
    new_amount_fen = models.BigIntegerField("复核后金额(分/月)", null=True, blank=True)
    effective_month = models.DateField("调整/停发起始月", null=True, blank=True)
    lines = models.JSONField("核算过程", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="复核人", on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField("开始时间")
    proposed_at = models.DateTimeField("提出意见时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "复核"
        verbose_name_plural = "复核"
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=~Q(status="confirmed"), name="assistance_one_open_review"
            )
        ]

    def __str__(self) -> str:
        return f"复核 {self.plan_id} {self.due_on}"


class ReserveAccount(Audited):
    """临时救助备用金 held by one 乡镇/街道 (民发〔2018〕23号 [U]), with its running balance."""

    town = models.OneToOneField(Region, verbose_name="乡镇/街道", on_delete=models.PROTECT, related_name="+")
    balance_fen = models.BigIntegerField("余额(分)", default=0)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "town"

    class Meta:
        verbose_name = "临时救助备用金"
        verbose_name_plural = "临时救助备用金"
        constraints = [
            models.CheckConstraint(condition=Q(balance_fen__gte=0), name="assistance_reserve_nonneg")
        ]

    def __str__(self) -> str:
        return f"{self.town_id} 备用金"


class ReserveEntry(Audited):
    class Kind(models.TextChoices):
        TOP_UP = "top_up", "拨付"
        DRAW = "draw", "支取（先行救助）"
        RETURN = "return", "退回"

    account = models.ForeignKey(
        ReserveAccount, verbose_name="备用金", on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    amount_fen = models.BigIntegerField("金额(分)")
    balance_after_fen = models.BigIntegerField("余额(分)")
    application = models.ForeignKey(
        Application,
        verbose_name="救助申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "account__town"

    class Meta:
        verbose_name = "备用金流水"
        verbose_name_plural = "备用金流水"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_fen}"
