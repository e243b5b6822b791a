"""Social organisations registered by the city's and districts' 民政 (社会团体, 社会服务机构; foundations only as
recorded from the province), their registration cases, annual reports, penalties and the abnormal-activity
list; the town's filing of 社区社会组织; social workers, their training, the 社工站 of each town and the
government-purchased service projects. Rules and sources: ``rules.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet
from minzheng.orgs import rules


def _user_fk(label: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=label, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip


class Kind(models.TextChoices):
    ASSOCIATION = rules.ASSOCIATION, rules.KIND_LABELS[rules.ASSOCIATION]
    SERVICE = rules.SERVICE, rules.KIND_LABELS[rules.SERVICE]
    FOUNDATION = rules.FOUNDATION, rules.KIND_LABELS[rules.FOUNDATION]


class Organisation(Audited):
    class Status(models.TextChoices):
        ACTIVE = "active", "正常"
        SUSPENDED = "suspended", "限期停止活动"
        REVOKED = "revoked", "已撤销登记"
        DEREGISTERED = "deregistered", "已注销"

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    authority = models.ForeignKey(
        Region, verbose_name="登记管理机关", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="住所所在地", on_delete=models.PROTECT, related_name="+")
    domicile = models.CharField("住所", max_length=200, blank=True)
    business_scope = models.TextField("业务范围")
    sponsor = models.CharField("业务主管单位", max_length=100, blank=True)
    legal_rep_name = models.CharField("法定代表人", max_length=50)
    legal_rep = models.ForeignKey(
        "registry.Person", verbose_name="法定代表人（人口库）", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    funds_fen = models.BigIntegerField("活动资金/开办资金（分）", default=0)
    registered_on = models.DateField("成立登记日期")
    status = models.CharField("登记状态", max_length=14, choices=Status.choices, default=Status.ACTIVE)
    status_on = models.DateField("状态变更日期", null=True, blank=True)
    suspended_until = models.DateField("停止活动至", null=True, blank=True)
    created_by = _user_fk("登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "社会组织"
        verbose_name_plural = "社会组织"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["uscc"], condition=~Q(uscc=""), name="orgs_uscc_unique"),
            models.UniqueConstraint(
                fields=["authority", "name"], condition=Q(status__in=["active", "suspended"]),
                name="orgs_name_unique_per_authority",
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["authority", "status"], name="orgs_org_authority_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.ACTIVE, self.Status.SUSPENDED)


class Application(Audited):
    """A 成立/变更/注销登记 application: a case of the case engine (``casetypes``)."""

    class Purpose(models.TextChoices):
        ESTABLISH = "establish", "成立登记"
        CHANGE = "change", "变更登记"
        DEREGISTER = "deregister", "注销登记"

    case = models.OneToOneField(
        "casework.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="orgs_application"
    )
    purpose = models.CharField("申请事项", max_length=12, choices=Purpose.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name="社会组织", null=True, blank=True, on_delete=models.PROTECT,
        related_name="applications",
    )  # fmt: skip
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    name = models.CharField("名称", max_length=100)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    authority = models.ForeignKey(
        Region, verbose_name="登记管理机关", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="住所所在地", on_delete=models.PROTECT, related_name="+")
    domicile = models.CharField("住所", max_length=200, blank=True)
    business_scope = models.TextField("业务范围", blank=True)
    sponsor = models.CharField("业务主管单位", max_length=100, blank=True)
    legal_rep_name = models.CharField("法定代表人", max_length=50, blank=True)
    legal_rep = models.ForeignKey(
        "registry.Person", verbose_name="法定代表人（人口库）", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    funds_fen = models.BigIntegerField("活动资金/开办资金（分）", default=0)
    approved = models.BooleanField("准予登记", null=True, blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decision_reason = models.TextField("决定理由", blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "社会组织登记申请"
        verbose_name_plural = "社会组织登记申请"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.name}{self.get_purpose_display()}申请"


class AnnualReport(Audited):
    class Result(models.TextChoices):
        PASS = "pass", "合格"
        BASIC = "basic", "基本合格"
        FAIL = "fail", "不合格"

    organisation = models.ForeignKey(
        Organisation, verbose_name="社会组织", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("报告年度")
    submitted_on = models.DateField("报送登记管理机关日期")
    sponsor_reviewed_on = models.DateField("业务主管单位初审日期", null=True, blank=True)
    result = models.CharField("年检结论", max_length=6, choices=Result.choices, blank=True)
    late = models.BooleanField("逾期报送", default=False)
    created_by = _user_fk("登记人")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "organisation__region"

    class Meta:
        verbose_name = "年度工作报告"
        verbose_name_plural = "年度工作报告"
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="orgs_one_report_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name}{self.year}年度工作报告"


class Penalty(Audited):
    class Kind(models.TextChoices):
        WARNING = rules.WARNING, rules.PENALTY_LABELS[rules.WARNING]
        FINE = rules.FINE, rules.PENALTY_LABELS[rules.FINE]
        SUSPEND = rules.SUSPEND, rules.PENALTY_LABELS[rules.SUSPEND]
        REVOKE = rules.REVOKE, rules.PENALTY_LABELS[rules.REVOKE]

    organisation = models.ForeignKey(
        Organisation, verbose_name="社会组织", on_delete=models.PROTECT, related_name="penalties"
    )
    kind = models.CharField("处罚种类", max_length=10, choices=Kind.choices)
    decided_on = models.DateField("决定日期")
    facts = models.TextField("违法事实")
    basis = models.CharField("处罚依据", max_length=200)
    fine_fen = models.BigIntegerField("罚款（分）", default=0)
    turnover_fen = models.BigIntegerField("违法经营额（分）", default=0)
    gain_fen = models.BigIntegerField("违法所得（分）", default=0)
    suspend_until = models.DateField("停止活动至", null=True, blank=True)
    created_by = _user_fk("决定人")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "organisation__region"

    class Meta:
        verbose_name = "行政处罚"
        verbose_name_plural = "行政处罚"
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation.name}{self.get_kind_display()}"


class Listing(Audited):
    """An entry of the 活动异常名录: listed with its grounds and date, removed with a reason and date."""

    class Reason(models.TextChoices):
        NO_ANNUAL_REPORT = rules.NO_ANNUAL_REPORT, rules.LISTING_REASONS[rules.NO_ANNUAL_REPORT]
        RECTIFICATION = rules.RECTIFICATION, rules.LISTING_REASONS[rules.RECTIFICATION]
        NO_CONTACT = rules.NO_CONTACT, rules.LISTING_REASONS[rules.NO_CONTACT]
        PENALISED = rules.PENALISED, rules.LISTING_REASONS[rules.PENALISED]
        OTHER = rules.OTHER, rules.LISTING_REASONS[rules.OTHER]

    organisation = models.ForeignKey(
        Organisation, verbose_name="社会组织", on_delete=models.PROTECT, related_name="listings"
    )
    reason = models.CharField("列入事由", max_length=20, choices=Reason.choices)
    detail = models.CharField("情况说明", max_length=300, blank=True)
    listed_on = models.DateField("列入日期")
    removed_on = models.DateField("移出日期", null=True, blank=True)
    removal_reason = models.CharField("移出理由", max_length=300, blank=True)
    created_by = _user_fk("列入人")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "organisation__region"

    class Meta:
        verbose_name = "活动异常名录"
        verbose_name_plural = "活动异常名录"
        ordering = ["-listed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(removed_on__isnull=True), name="orgs_one_open_listing"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name}（{self.get_reason_display()}）"


class Filing(Audited):
    """A 社区社会组织 filed (备案) at the town: not registered with 民政, managed by the 街道/乡镇."""

    class Status(models.TextChoices):
        FILED = "filed", "已备案"
        CANCELLED = "cancelled", "已撤销备案"

    name = models.CharField("名称", max_length=100)
    field = models.CharField("服务类别", max_length=50)
    town = models.ForeignKey(Region, verbose_name="备案镇街", on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(
        Region, verbose_name="活动社区", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    leader_name = models.CharField("负责人", max_length=50)
    leader = models.ForeignKey(
        "registry.Person", verbose_name="负责人（人口库）", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    members = models.PositiveIntegerField("成员人数", default=0)
    filed_on = models.DateField("备案日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.FILED)
    cancelled_on = models.DateField("撤销备案日期", null=True, blank=True)
    created_by = _user_fk("备案人")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "社区社会组织备案"
        verbose_name_plural = "社区社会组织备案"
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["town", "name"], condition=Q(status="filed"), name="orgs_filing_name_unique_per_town"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Station(Audited):
    """社工站: one a town (乡镇/街道社会工作服务站)."""

    town = models.OneToOneField(Region, verbose_name="镇街", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=100)
    opened_on = models.DateField("建站日期")
    operator = models.ForeignKey(
        Organisation,
        verbose_name="运营机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "town"

    class Meta:
        verbose_name = "社工站"
        verbose_name_plural = "社工站"
        ordering = ["town__code"]

    def __str__(self) -> str:
        return self.name


class Worker(Audited):
    """A social worker (社会工作者): 持证 level and certificate, where they work."""

    class Level(models.TextChoices):
        NONE = "none", rules.LEVEL_LABELS["none"]
        ASSISTANT = "assistant", rules.LEVEL_LABELS["assistant"]
        SOCIAL = "social", rules.LEVEL_LABELS["social"]
        SENIOR = "senior", rules.LEVEL_LABELS["senior"]

    person = models.ForeignKey(
        "registry.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField("职业水平", max_length=10, choices=Level.choices, default=Level.NONE)
    certificate_no = models.CharField("证书编号", max_length=40, blank=True)
    certified_year = models.PositiveSmallIntegerField("取证年度", null=True, blank=True)
    employer = models.ForeignKey(
        Organisation,
        verbose_name="所在机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    station = models.ForeignKey(
        Station,
        verbose_name="所在社工站",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workers",
    )
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "社会工作者"
        verbose_name_plural = "社会工作者"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], name="orgs_one_worker_a_person"),
            models.UniqueConstraint(
                fields=["certificate_no"], condition=~Q(certificate_no=""), name="orgs_certificate_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"社会工作者{self.person.name}"


class Training(Audited):
    title = models.CharField("培训名称", max_length=100)
    held_on = models.DateField("培训日期")
    hours = models.PositiveSmallIntegerField("学时")
    region = models.ForeignKey(Region, verbose_name="主办区划", on_delete=models.PROTECT, related_name="+")
    attendees = models.ManyToManyField(
        Worker, verbose_name="参训人员", through="Attendance", related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "社会工作者培训"
        verbose_name_plural = "社会工作者培训"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    training = models.ForeignKey(Training, verbose_name="培训", on_delete=models.CASCADE)
    worker = models.ForeignKey(Worker, verbose_name="社会工作者", on_delete=models.PROTECT)

    class Meta:
        verbose_name = "参训记录"
        verbose_name_plural = "参训记录"
        constraints = [models.UniqueConstraint(fields=["training", "worker"], name="orgs_attend_once")]

    def __str__(self) -> str:
        return f"参训记录{self.pk}"


class Project(Audited):
    """A government-purchased social-work service project (政府购买社会工作服务)."""

    class Status(models.TextChoices):
        RUNNING = "running", "实施中"
        EVALUATED = "evaluated", "已评估"

    title = models.CharField("项目名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(
        Region, verbose_name="购买主体区划", on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(
        Organisation, verbose_name="承接机构", on_delete=models.PROTECT, related_name="projects"
    )
    budget_fen = models.BigIntegerField("项目预算（分）")
    deliverables = models.TextField("服务内容与产出")
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期")
    evaluator = models.CharField("第三方评估机构", max_length=100, blank=True)
    score = models.DecimalField("评估得分", max_digits=5, decimal_places=1, null=True, blank=True)
    evaluated_on = models.DateField("评估日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.RUNNING)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "政府购买服务项目"
        verbose_name_plural = "政府购买服务项目"
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(budget_fen__gt=0), name="orgs_project_budget_positive"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)),
                name="orgs_project_score_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.title
