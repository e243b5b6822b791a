"""养老服务 (elderly care): institutions and their beds, residents and staff; 12349 help requests; 长者饭堂
meals and their monthly settlement; ability assessments; service-quality and fire-safety inspections.

People are never copied: residents, staff, callers' elderly, diners and the assessed point at
:class:`~minzheng.registry.models.Person`. Every amount and every [U] cut-off lives in a dated,
region-scoped parameter table (``MealSubsidyRule``, ``AssessmentCutoff``, ``HelpTimeLimit``) edited by
the city manager and audited (domain.md, "How to treat unverified amounts").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet

# --- shared vocabularies -------------------------------------------------------------------------------


class CareLevel(models.TextChoices):
    """照料护理等级 (domain.md §2: 全自理 / 半护理 / 全护理, by the six self-care items)."""

    SELF_CARE = "self_care", "全自理"
    SEMI = "semi", "半护理"
    FULL = "full", "全护理"


class InstitutionKind(models.TextChoices):
    NURSING_HOME = "nursing_home", "养老院"
    TOWN_HOME = "town_home", "敬老院"
    DAY_CARE = "day_care", "日间照料中心"
    CANTEEN = "canteen", "长者饭堂"
    HOME_CARE = "home_care", "居家养老服务商"


class Ownership(models.TextChoices):
    PUBLIC = "public", "公办"
    PRIVATE = "private", "民办"
    PUBLIC_PRIVATE = "public_private", "公建民营"


class Rating(models.IntegerChoices):
    """养老机构等级 (GB/T 37276-2018: 一级 lowest … 五级 highest)."""

    NONE = 0, "未评定"
    ONE = 1, "一级"
    TWO = 2, "二级"
    THREE = 3, "三级"
    FOUR = 4, "四级"
    FIVE = 5, "五级"


# --- institutions ----------------------------------------------------------------------------------------


class Institution(Audited):
    """A nursing home, 敬老院, day-care centre, 长者饭堂 or home-care provider, in one region.

    A home-care provider's (or a day-care centre's, a canteen's) service area for 12349 dispatch is its
    region's subtree. Accounts of role 机构经办人 act for it through ``operators``."""

    name = models.CharField("机构名称", max_length=100)
    kind = models.CharField("机构类型", max_length=20, choices=InstitutionKind.choices)
    ownership = models.CharField("运营性质", max_length=20, choices=Ownership.choices)
    region = models.ForeignKey(
        Region, verbose_name="所在区划/服务范围", on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    chain = models.CharField("连锁品牌", max_length=50, blank=True, help_text="小型化、连锁化机构所属品牌")
    opened_on = models.DateField("开业日期", null=True, blank=True)
    active = models.BooleanField("运营中", default=True)
    rating = models.PositiveSmallIntegerField("等级评定", choices=Rating.choices, default=Rating.NONE)
    rated_on = models.DateField("评定日期", null=True, blank=True)
    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="机构经办人账号",
        blank=True,
        related_name="eldercare_institutions",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "养老服务机构"
        verbose_name_plural = "养老服务机构"
        ordering = ["region__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="eldercare_institution_name_unique")
        ]
        indexes = [models.Index(fields=["kind", "active"], name="eldercare_inst_kind_idx")]

    def __str__(self) -> str:
        return self.name


class BedCount(Audited):
    """Beds of one care level in an institution (床位数); occupied beds are counted from residents."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.CASCADE, related_name="bed_counts"
    )
    care_level = models.CharField("护理等级", max_length=10, choices=CareLevel.choices)
    beds = models.PositiveIntegerField("床位数")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "institution__region"

    class Meta:
        verbose_name = "床位"
        verbose_name_plural = "床位"
        constraints = [
            models.UniqueConstraint(fields=["institution", "care_level"], name="eldercare_bed_level_unique")
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.get_care_level_display()} {self.beds}张"


class Resident(Audited):
    """A person living in (入住) an institution. 特困 集中供养 residents carry their assistance enrollment."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="residents"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name="入住老人", on_delete=models.PROTECT, related_name="eldercare_stays"
    )
    care_level = models.CharField("护理等级", max_length=10, choices=CareLevel.choices)
    admitted_on = models.DateField("入住日期")
    left_on = models.DateField("离院日期", null=True, blank=True)
    leave_reason = models.CharField("离院原因", max_length=100, blank=True)
    tekun = models.BooleanField("特困集中供养", default=False)
    tekun_enrollment = models.ForeignKey(
        "benefits.Enrollment",
        verbose_name="特困供养保障记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "institution__region"

    class Meta:
        verbose_name = "入住老人"
        verbose_name_plural = "入住老人"
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(left_on__isnull=True), name="eldercare_one_open_stay"
            )
        ]
        indexes = [models.Index(fields=["institution", "left_on"], name="eldercare_resident_inst_idx")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.institution}"


class StaffPost(models.TextChoices):
    CAREGIVER = "caregiver", "养老护理员"
    MANAGER = "manager", "管理人员"
    MEDICAL = "medical", "医护人员"
    SOCIAL_WORKER = "social_worker", "社会工作者"
    OTHER = "other", "其他"


class SkillLevel(models.TextChoices):
    """《养老护理员国家职业技能标准（2019年版）》的五个等级."""

    NONE = "", "无"
    JUNIOR = "5", "五级/初级工"
    MIDDLE = "4", "四级/中级工"
    SENIOR = "3", "三级/高级工"
    TECHNICIAN = "2", "二级/技师"
    SENIOR_TECHNICIAN = "1", "一级/高级技师"


class Staff(Audited):
    """A worker of an institution (caregiver, manager…), a registry person."""

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="staff"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="eldercare_jobs"
    )
    post = models.CharField("岗位", max_length=20, choices=StaffPost.choices)
    skill_level = models.CharField("职业技能等级", max_length=2, choices=SkillLevel.choices, blank=True)
    hired_on = models.DateField("入职日期")
    left_on = models.DateField("离职日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "institution__region"

    class Meta:
        verbose_name = "机构工作人员"
        verbose_name_plural = "机构工作人员"
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "person"],
                condition=Q(left_on__isnull=True),
                name="eldercare_one_open_job",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}（{self.get_post_display()}）"


class Training(Audited):
    """A training course a worker attended (培训记录); ``passed`` with a certificate counts as trained."""

    staff = models.ForeignKey(Staff, verbose_name="人员", on_delete=models.PROTECT, related_name="trainings")
    course = models.CharField("培训项目", max_length=100)
    organiser = models.CharField("组织单位", max_length=100, blank=True)
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期")
    hours = models.PositiveSmallIntegerField("学时")
    passed = models.BooleanField("考核合格", default=True)
    certificate_no = models.CharField("证书编号", max_length=40, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "staff__institution__region"

    class Meta:
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"
        indexes = [models.Index(fields=["end_on"], name="eldercare_training_end_idx")]

    def __str__(self) -> str:
        return f"{self.staff} {self.course}"


# --- 12349 help requests ------------------------------------------------------------------------------------


class HelpCategory(models.TextChoices):
    """求助类别: the "五助" of domain.md §10 (助餐 助浴 助医 助急 助洁) plus consultation and complaint."""

    MEALS = "meals", "助餐"
    CLEANING = "cleaning", "助洁"
    BATHING = "bathing", "助浴"
    MEDICAL = "medical", "助医（就医陪护）"
    EMERGENCY = "emergency", "助急（紧急求助）"
    CONSULTATION = "consultation", "政策咨询"
    COMPLAINT = "complaint", "投诉建议"
    OTHER = "other", "其他"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"
    UNREACHABLE = "unreachable", "回访未接通"


class HelpRequest(Audited):
    """A 12349 call: who called, for which elderly person, what for; the case carries its states,
    deadlines and timeline (受理 → 派单 → 接单 → 到达 → 完成 → 回访)."""

    case = models.OneToOneField(
        "casework.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="help_request"
    )
    caller_name = models.CharField("来电人", max_length=50)
    caller_phone = models.CharField("来电号码", max_length=20)
    caller_relation = models.CharField("与老人关系", max_length=20, blank=True)
    elderly = models.ForeignKey(
        "registry.Person",
        verbose_name="服务对象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="help_requests",
    )
    category = models.CharField("求助类别", max_length=20, choices=HelpCategory.choices)
    emergency = models.BooleanField("紧急", default=False)
    description = models.TextField("诉求内容")
    address = models.CharField("服务地址", max_length=200, blank=True)
    provider = models.ForeignKey(
        Institution,
        verbose_name="承接服务商",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="help_requests",
    )
    satisfaction = models.CharField("回访满意度", max_length=20, choices=Satisfaction.choices, blank=True)
    received_at = models.DateTimeField("来电时间")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "case__region"

    class Meta:
        verbose_name = "12349求助"
        verbose_name_plural = "12349求助"
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["category", "received_at"], name="eldercare_help_cat_idx"),
            models.Index(fields=["provider", "received_at"], name="eldercare_help_provider_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.caller_name}"


class HelpTimeLimit(Audited):
    """A 12349 time limit in minutes (派单/接单/到达/完成/回访, normal or emergency) — Haikou's own limits are
    [U] (domain.md §10), so they are parameters the city manager edits; defaults in ``rules``."""

    key = models.CharField("环节", max_length=40, unique=True)
    minutes = models.PositiveIntegerField("时限（分钟）")
    note = models.CharField("依据/说明", max_length=200, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "12349办理时限"
        verbose_name_plural = "12349办理时限"
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} {self.minutes}分钟"


# --- 长者饭堂 meals ---------------------------------------------------------------------------------------


class MealType(models.TextChoices):
    BREAKFAST = "breakfast", "早餐"
    LUNCH = "lunch", "午餐"
    DINNER = "dinner", "晚餐"


class SubsidyCategory(models.TextChoices):
    """助餐补贴类别. A diner may fit several; the most favourable one applies (see ``rules``)."""

    TEKUN = "tekun", "特困供养人员"
    DIBAO = "dibao", "低保对象"
    DISABLED = "disabled", "失能老年人"
    AGE_80 = "age_80", "80周岁及以上"
    AGE_70 = "age_70", "70至79周岁"
    AGE_60 = "age_60", "60至69周岁"
    NONE = "none", "不享受补贴"


class MealSubsidyRule(Audited):
    """助餐补贴标准: amount per meal for one category in a region (and its subtree) from a date.

    Haikou's amounts are [U]; demo rows say so (``is_demo``). The most specific region wins, then the
    latest start; a new rule ends the previous one of the same region and category the day before."""

    region = models.ForeignKey(Region, verbose_name="适用区划", on_delete=models.PROTECT, related_name="+")
    category = models.CharField("补贴类别", max_length=10, choices=SubsidyCategory.choices)
    amount_fen = models.PositiveIntegerField("每餐补贴（分）")
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("截止日期", null=True, blank=True)
    is_demo = models.BooleanField("演示数据", default=False, help_text="演示值，不是海口市正式标准")
    note = models.CharField("依据/说明", max_length=200, blank=True)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "助餐补贴标准"
        verbose_name_plural = "助餐补贴标准"
        ordering = ["category", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "category", "effective_from"], name="eldercare_meal_rule_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.amount_fen / 100:.2f}元 自{self.effective_from}"


class MealSettlement(Audited):
    """One canteen's month (助餐月结算): meals, diners and the subsidy owed, from the meal records."""

    class Status(models.TextChoices):
        DRAFT = "draft", "待确认"
        CONFIRMED = "confirmed", "已确认"

    canteen = models.ForeignKey(
        Institution, verbose_name="长者饭堂", on_delete=models.PROTECT, related_name="settlements"
    )
    month = models.DateField("结算月份", help_text="当月1日")
    meals = models.PositiveIntegerField("餐次")
    diners = models.PositiveIntegerField("就餐人数")
    price_total_fen = models.BigIntegerField("餐费合计（分）")
    subsidy_total_fen = models.BigIntegerField("补贴合计（分）")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    computed_at = models.DateTimeField("计算时间")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    program = models.ForeignKey(
        "benefits.Program",
        verbose_name="资金项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="benefits 台账中的“长者饭堂助餐补贴”项目（确认时登记）",
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "canteen__region"

    class Meta:
        verbose_name = "助餐月结算"
        verbose_name_plural = "助餐月结算"
        ordering = ["-month", "canteen__name"]
        constraints = [
            models.UniqueConstraint(fields=["canteen", "month"], name="eldercare_settlement_month_unique")
        ]

    def __str__(self) -> str:
        return f"{self.canteen} {self.month:%Y-%m}"


class Meal(Audited):
    """One meal of one elderly person at a canteen on a day, with the subsidy applied at checkout
    (a snapshot: the category, the rule and the amount in force on that day)."""

    canteen = models.ForeignKey(
        Institution, verbose_name="长者饭堂", on_delete=models.PROTECT, related_name="meals"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name="就餐老人", on_delete=models.PROTECT, related_name="eldercare_meals"
    )
    served_on = models.DateField("就餐日期")
    meal_type = models.CharField("餐别", max_length=10, choices=MealType.choices)
    price_fen = models.PositiveIntegerField("餐费（分）")
    subsidy_fen = models.PositiveIntegerField("补贴（分）")
    paid_fen = models.PositiveIntegerField("个人支付（分）")
    category = models.CharField("补贴类别", max_length=10, choices=SubsidyCategory.choices)
    eligible = models.CharField("符合的类别", max_length=80, blank=True, help_text="逗号分隔")
    rule = models.ForeignKey(
        MealSubsidyRule,
        verbose_name="适用标准",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    settlement = models.ForeignKey(
        MealSettlement,
        verbose_name="月结算",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "canteen__region"

    class Meta:
        verbose_name = "助餐记录"
        verbose_name_plural = "助餐记录"
        ordering = ["-served_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "served_on", "meal_type"], name="eldercare_meal_once")
        ]
        indexes = [models.Index(fields=["canteen", "served_on"], name="eldercare_meal_canteen_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.served_on} {self.get_meal_type_display()}"


# --- ability assessment -------------------------------------------------------------------------------------


class AssessmentStandard(models.TextChoices):
    MZT_039_2013 = "mzt039", "MZ/T 039-2013 老年人能力评估"
    GBT_42195_2022 = "gbt42195", "GB/T 42195-2022 老年人能力评估规范"


class AssessmentCutoff(Audited):
    """GB/T 42195-2022 level cut-offs on the 90-point total — [U] in domain.md §10, so dated parameters.
    A total ≥ ``intact_min`` is 能力完好, ≥ ``mild_min`` 轻度失能, ≥ ``moderate_min`` 中度失能,
    ≥ ``severe_min`` 重度失能, below it 完全失能."""

    region = models.ForeignKey(Region, verbose_name="适用区划", on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField("生效日期")
    intact_min = models.PositiveSmallIntegerField("能力完好最低分", default=90)
    mild_min = models.PositiveSmallIntegerField("轻度失能最低分", default=66)
    moderate_min = models.PositiveSmallIntegerField("中度失能最低分", default=46)
    severe_min = models.PositiveSmallIntegerField("重度失能最低分", default=30)
    note = models.CharField("依据/说明", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "能力等级划分分值"
        verbose_name_plural = "能力等级划分分值"
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["region", "effective_from"], name="eldercare_cutoff_unique")
        ]

    def __str__(self) -> str:
        return f"{self.region} 自{self.effective_from}"


class Assessment(Audited):
    """老年人能力评估: the item scores as given, the derived domain scores, level and care level."""

    person = models.ForeignKey(
        "registry.Person",
        verbose_name="评估对象",
        on_delete=models.PROTECT,
        related_name="eldercare_assessments",
    )
    standard = models.CharField("评估标准", max_length=10, choices=AssessmentStandard.choices)
    assessed_on = models.DateField("评估日期")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评估人", on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name="评估时所在机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    items = models.JSONField("评估项目得分")
    domain_scores = models.JSONField("维度得分/分级")
    total = models.PositiveSmallIntegerField("总分", null=True, blank=True)
    level = models.PositiveSmallIntegerField("能力等级")
    level_label = models.CharField("能力等级名称", max_length=20)
    care_level = models.CharField("护理等级", max_length=10, choices=CareLevel.choices)
    cutoff = models.ForeignKey(
        AssessmentCutoff,
        verbose_name="适用分值",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "person__region"

    class Meta:
        verbose_name = "老年人能力评估"
        verbose_name_plural = "老年人能力评估"
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["person", "assessed_on"], name="eldercare_assess_person_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.assessed_on} {self.level_label}"


# --- inspections ---------------------------------------------------------------------------------------------


class InspectionKind(models.TextChoices):
    SERVICE_QUALITY = "service_quality", "服务质量检查"
    FIRE_SAFETY = "fire_safety", "消防安全检查"


class Inspection(Audited):
    """A service-quality or fire-safety inspection of an institution: the checklist as ticked and its
    findings; open until every finding is rectified and verified (销号)."""

    class Status(models.TextChoices):
        RECTIFYING = "rectifying", "整改中"
        CLOSED = "closed", "已销号"
        CLEAN = "clean", "未发现问题"

    institution = models.ForeignKey(
        Institution, verbose_name="被检查机构", on_delete=models.PROTECT, related_name="inspections"
    )
    kind = models.CharField("检查类型", max_length=20, choices=InspectionKind.choices)
    inspected_on = models.DateField("检查日期")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="检查人", on_delete=models.PROTECT, related_name="+"
    )
    team = models.CharField("检查组成员", max_length=200, blank=True)
    checklist = models.JSONField("检查表")
    summary = models.TextField("检查意见", blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "institution__region"

    class Meta:
        verbose_name = "机构检查"
        verbose_name_plural = "机构检查"
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return f"{self.institution} {self.get_kind_display()} {self.inspected_on}"


class Finding(Audited):
    """A problem found (隐患/问题) with its rectification deadline and follow-up."""

    class Severity(models.TextChoices):
        GENERAL = "general", "一般问题"
        MAJOR = "major", "重大隐患"

    class Status(models.TextChoices):
        OPEN = "open", "待整改"
        SUBMITTED = "submitted", "已报整改，待复查"
        CLOSED = "closed", "复查通过，已销号"

    inspection = models.ForeignKey(
        Inspection, verbose_name="检查", on_delete=models.CASCADE, related_name="findings"
    )
    item = models.CharField("检查项", max_length=40)
    description = models.CharField("问题描述", max_length=300)
    severity = models.CharField("严重程度", max_length=10, choices=Severity.choices)
    rectify_by = models.DateField("整改期限")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "inspection__institution__region"

    class Meta:
        verbose_name = "检查发现问题"
        verbose_name_plural = "检查发现问题"
        ordering = ["rectify_by", "id"]
        indexes = [
            models.Index(
                fields=["rectify_by"], name="eldercare_finding_open_idx", condition=~Q(status="closed")
            )
        ]

    def __str__(self) -> str:
        return self.description


class FindingEvent(models.Model):
    """The follow-up of one finding: 整改上报, 复查通过, 复查不通过 (append-only)."""

    finding = models.ForeignKey(Finding, verbose_name="问题", on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField("操作", max_length=40)
    note = models.TextField("说明", blank=True)
    rectify_by = models.DateField("整改期限", null=True, blank=True)

    class Meta:
        verbose_name = "整改跟踪记录"
        verbose_name_plural = "整改跟踪记录"
        ordering = ["finding", "at", "id"]

    def __str__(self) -> str:
        return f"{self.finding_id} {self.action}"


# --- works projects (敬老院升级改造) ---------------------------------------------------------------------------


def _user_fk(label: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=label, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip


class WorksProject(Audited):
    """A works project of an institution (敬老院 upgrades, figure 20): 立项 with a budget, progress reports and the
    acceptance (验收). Its region is the institution's, copied when it is approved."""

    class Status(models.TextChoices):
        PLANNED = "planned", "立项"
        BUILDING = "building", "施工中"
        ACCEPTED = "accepted", "已验收"

    institution = models.ForeignKey(
        Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("工程名称", max_length=100)
    scope_text = models.TextField("改造内容", blank=True)
    budget_fen = models.BigIntegerField("预算（分）")
    spent_fen = models.BigIntegerField("已支付（分）", default=0)
    progress = models.PositiveSmallIntegerField("形象进度（%）", default=0)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PLANNED)
    approved_on = models.DateField("立项日期")
    started_on = models.DateField("开工日期", null=True, blank=True)
    accepted_on = models.DateField("验收日期", null=True, blank=True)
    acceptance_note = models.CharField("验收意见", max_length=200, blank=True)
    created_by = _user_fk("登记人")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "机构改造工程"
        verbose_name_plural = "机构改造工程"
        ordering = ["-approved_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="eldercare_works_progress_max_100"),
            models.CheckConstraint(condition=Q(budget_fen__gt=0), name="eldercare_works_budget_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class WorksReport(models.Model):
    """One progress report of a works project (its history: the date, the progress, the money paid to date)."""

    project = models.ForeignKey(
        WorksProject, verbose_name="工程", on_delete=models.CASCADE, related_name="reports"
    )
    on = models.DateField("日期")
    progress = models.PositiveSmallIntegerField("形象进度（%）")
    spent_fen = models.BigIntegerField("累计支付（分）")
    note = models.CharField("说明", max_length=200, blank=True)
    by = _user_fk("填报人")

    class Meta:
        verbose_name = "工程进度"
        verbose_name_plural = "工程进度"
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.progress}%"
