"""网格化服务管理 (grid governance): grids and their workers, events on the shared casework engine,
responsible departments, Open311 clients, door-to-door campaigns and the performance weights.

Every region-owned table declares ``scope_region_field``; events are scoped through their case's region
(the grid where the event is located). Rules and their sources live in ``rules.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.casework.models import Case
from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet

# --- grids and workers -------------------------------------------------------------------------------


class GridProfile(Audited):
    """The management facts of one 网格 (a Region node of level grid): its type, its boundary and the
    workers assigned to it. Grid sizing (domain.md §9): urban 300–500 户, rural ~300 户, plus 专属网格."""

    class Type(models.TextChoices):
        URBAN = "urban", "城镇网格"
        RURAL = "rural", "农村网格"
        DEDICATED = "dedicated", "专属网格"

    region = models.OneToOneField(
        Region, verbose_name="网格", on_delete=models.PROTECT, related_name="grid_profile"
    )
    grid_type = models.CharField("网格类型", max_length=10, choices=Type.choices)
    boundary = models.JSONField(
        "边界（GeoJSON）", null=True, blank=True, help_text="WGS84 经纬度的 Polygon 或 MultiPolygon 几何"
    )
    # bounding box of the boundary: the pre-filter for "which grid is this point in" (geo.GridIndex)
    min_lat = models.FloatField("最小纬度", null=True, blank=True, editable=False)
    max_lat = models.FloatField("最大纬度", null=True, blank=True, editable=False)
    min_long = models.FloatField("最小经度", null=True, blank=True, editable=False)
    max_long = models.FloatField("最大经度", null=True, blank=True, editable=False)
    boundary_generated = models.BooleanField("边界为系统生成", default=False)
    note = models.CharField("备注", max_length=200, blank=True)
    workers = models.ManyToManyField(
        "GridWorker", through="GridAssignment", related_name="grids", verbose_name="网格员", blank=True
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "网格档案"
        verbose_name_plural = "网格档案"
        ordering = ["region__code"]

    def __str__(self) -> str:
        return self.region.name


class GridWorker(Audited):
    """A 网格员 on the roster: one account (role 网格员) whose region covers the grids assigned."""

    class Status(models.TextChoices):
        ACTIVE = "active", "在岗"
        LEFT = "left", "离岗"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.PROTECT, related_name="grid_worker"
    )
    employee_no = models.CharField("工号", max_length=20, blank=True)
    hired_on = models.DateField("入职日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    left_on = models.DateField("离岗日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "user__region"

    class Meta:
        verbose_name = "网格员"
        verbose_name_plural = "网格员"
        ordering = ["user__username"]

    def __str__(self) -> str:
        return str(self.user)


class GridAssignment(Audited):
    grid = models.ForeignKey(
        GridProfile, verbose_name="网格", on_delete=models.CASCADE, related_name="assignments"
    )
    worker = models.ForeignKey(
        GridWorker, verbose_name="网格员", on_delete=models.CASCADE, related_name="assignments"
    )
    since = models.DateField("负责起始日期")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "grid__region"

    class Meta:
        verbose_name = "网格分配"
        verbose_name_plural = "网格分配"
        constraints = [models.UniqueConstraint(fields=["grid", "worker"], name="grid_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.worker} @ {self.grid}"


class TrainingRecord(Audited):
    """One person-time of training (人次): 2,500 of them in Haikou in 2020 (seed document)."""

    worker = models.ForeignKey(
        GridWorker, verbose_name="网格员", on_delete=models.PROTECT, related_name="trainings"
    )
    title = models.CharField("培训内容", max_length=100)
    held_on = models.DateField("培训日期")
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1)
    organiser = models.CharField("组织单位", max_length=100, blank=True)
    passed = models.BooleanField("考核合格", default=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "worker__user__region"

    class Meta:
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"
        ordering = ["-held_on", "id"]
        indexes = [models.Index(fields=["held_on"], name="grid_training_date_idx")]

    def __str__(self) -> str:
        return f"{self.worker} {self.title}"


# --- departments and categories ---------------------------------------------------------------------


class Department(Audited):
    """A responsible unit (职能部门/处置单位) that events are dispatched to. Its accounts have the role
    机构经办人 (institution_operator) and sit at the department's region; only the accounts attached
    here may handle what is dispatched to it."""

    class Function(models.TextChoices):
        URBAN_MANAGEMENT = "urban_management", "综合行政执法（城管）"
        SANITATION = "sanitation", "环境卫生"
        MUNICIPAL = "municipal", "市政设施"
        GREENING = "greening", "园林绿化"
        HOUSING = "housing", "住房和城乡建设"
        TRAFFIC = "traffic", "交通运输"
        PUBLIC_SECURITY = "public_security", "公安"
        MARKET = "market", "市场监督管理"
        EMERGENCY = "emergency", "应急管理"
        CIVIL_AFFAIRS = "civil_affairs", "民政"
        HEALTH = "health", "卫生健康"
        MEDIATION = "mediation", "司法调解"
        OTHER = "other", "其他"

    name = models.CharField("单位名称", max_length=100)
    function = models.CharField("职能", max_length=20, choices=Function.choices)
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    phone = models.CharField("联系电话", max_length=20, blank=True)
    active = models.BooleanField("启用", default=True)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="经办账号", related_name="grid_departments", blank=True
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "处置单位"
        verbose_name_plural = "处置单位"
        ordering = ["region__code", "function", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="department_name_unique")]

    def __str__(self) -> str:
        return self.name


class EventCategory(Audited):
    """The event classification: 大类 (two digits) and 小类 (four digits), after GB/T 30428.2's event
    classes (domain.md §9) plus local extensions. A 小类 carries its routing: the function of the unit
    that handles it and the handling time limit."""

    class DeadlineUnit(models.TextChoices):
        WORK_HOURS = "work_hours", "工作小时"
        WORKDAYS = "workdays", "工作日"

    class PublicFeed(models.TextChoices):
        """What the public Open311 feed shows of the events a citizen or a hotline filed in this category
        (events filed by staff are never in it)."""

        FULL = "full", "公开描述和位置"
        DESCRIPTION = "description", "公开描述，不公开位置"
        STATUS = "status", "仅公开分类和办理状态"
        INTERNAL = "internal", "不公开（内部事项）"

    code = models.CharField("分类代码", max_length=8)
    name = models.CharField("名称", max_length=50)
    parent = models.ForeignKey(
        "self", verbose_name="大类", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.CharField("说明", max_length=300, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True, help_text="逗号分隔")
    handler_function = models.CharField(
        "处置职能", max_length=20, choices=Department.Function.choices, blank=True
    )
    deadline_amount = models.PositiveSmallIntegerField("处置时限", default=0)
    deadline_unit = models.CharField(
        "时限单位", max_length=10, choices=DeadlineUnit.choices, default=DeadlineUnit.WORK_HOURS
    )
    attributes = models.JSONField(
        "附加字段",
        default=list,
        blank=True,
        help_text="Open311 服务定义的 attributes（见 rules.check_attributes）",
    )
    source = models.CharField("依据", max_length=100, blank=True)
    active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    public_feed = models.CharField(
        "Open311公开范围",
        max_length=12,
        choices=PublicFeed.choices,
        default=PublicFeed.INTERNAL,
        help_text="市民或热线反映的此类事件在公开的 Open311 事件列表中显示什么；工作人员上报的事件一律不公开。"
        "涉及个人情况的事项（如独居老人关爱、困难群众求助）应为“不公开”。",
    )

    class Meta:
        verbose_name = "事件分类"
        verbose_name_plural = "事件分类"
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["code"], name="event_category_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_leaf(self) -> bool:
        return self.parent_id is not None


class Open311Client(Audited):
    """A system allowed to file events through Open311 (the 12345 hotline, an app). The key is shown
    once when created; only its SHA-256 is stored (keys are 32 random bytes, so a fast hash suffices)."""

    class Source(models.TextChoices):
        HOTLINE = "hotline", "12345热线"
        OPEN311 = "open311", "Open311客户端"

    name = models.CharField("客户端名称", max_length=100)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.HOTLINE)
    jurisdiction_id = models.CharField("辖区标识", max_length=100)
    key_prefix = models.CharField("密钥前缀", max_length=8, editable=False)
    key_hash = models.CharField("密钥哈希", max_length=64, editable=False)
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "Open311客户端"
        verbose_name_plural = "Open311客户端"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="open311_client_name_unique"),
            models.UniqueConstraint(fields=["key_hash"], name="open311_client_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name


# --- events -------------------------------------------------------------------------------------------


class Event(Audited):
    """A grid event (事件): the domain data of one case of type ``grid_event``.

    The milestones (filed, dispatched, handled, closed, evaluated) and their deadlines are kept here, set
    by the case type's transitions, so performance and indicators are plain set-based queries."""

    class Source(models.TextChoices):
        GRID_WORKER = "grid_worker", "网格员上报"
        HOTLINE = "hotline", "12345热线"
        OPEN311 = "open311", "Open311"
        API = "api", "系统接口"

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASIC = "basic", "基本满意"
        DISSATISFIED = "dissatisfied", "不满意"

    case = models.OneToOneField(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="grid_event"
    )
    category = models.ForeignKey(
        EventCategory, verbose_name="事件分类", on_delete=models.PROTECT, related_name="events"
    )
    source = models.CharField("来源", max_length=12, choices=Source.choices)
    client = models.ForeignKey(
        Open311Client,
        verbose_name="接入系统",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上报人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField("事件描述", max_length=4000)
    address = models.CharField("地址", max_length=200, blank=True)
    address_id = models.CharField("地址编号", max_length=64, blank=True)
    lat = models.FloatField("纬度", null=True, blank=True)
    long = models.FloatField("经度", null=True, blank=True)
    media_url = models.URLField("媒体链接", max_length=500, blank=True)
    attributes = models.JSONField("附加字段", default=dict, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    account_id = models.CharField("来电人账号", max_length=64, blank=True)

    department = models.ForeignKey(
        Department,
        verbose_name="处置单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    filed_at = models.DateTimeField("立案时间", null=True, blank=True)
    dispatched_at = models.DateTimeField("首次派遣时间", null=True, blank=True)
    handle_due_at = models.DateTimeField("处置时限", null=True, blank=True)
    close_due_at = models.DateTimeField("结案时限", null=True, blank=True)
    handled_at = models.DateTimeField("处置反馈时间", null=True, blank=True)
    handled_on_time = models.BooleanField("按期处置", null=True, blank=True)
    closed_at = models.DateTimeField("结案时间", null=True, blank=True)
    evaluated_at = models.DateTimeField("评价时间", null=True, blank=True)
    satisfaction = models.CharField("满意度", max_length=12, choices=Satisfaction.choices, blank=True)
    rework_count = models.PositiveSmallIntegerField("返工次数", default=0)
    returned_count = models.PositiveSmallIntegerField("退单次数", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "case__region"

    class Meta:
        verbose_name = "网格事件"
        verbose_name_plural = "网格事件"
        indexes = [
            models.Index(fields=["category"], name="grid_event_category_idx"),
            models.Index(fields=["reporter"], name="grid_event_reporter_idx"),
            models.Index(fields=["department"], name="grid_event_department_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.category.name}"


class Open311Request(models.Model):
    """A service request received through Open311, kept as received until the intake worker files it as
    an event (services/intake.py). Its public number (``service_request_id``) is given to the caller at
    once; the event's case number follows when it is filed."""

    PREFIX = "OR"

    client = models.ForeignKey(
        Open311Client, verbose_name="接入系统", on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField("接收时间")
    category = models.ForeignKey(
        EventCategory, verbose_name="事件分类", on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField("事件描述", max_length=4000)
    address = models.CharField("地址", max_length=200, blank=True)
    address_id = models.CharField("地址编号", max_length=64, blank=True)
    lat = models.FloatField("纬度", null=True, blank=True)
    long = models.FloatField("经度", null=True, blank=True)
    media_url = models.URLField("媒体链接", max_length=500, blank=True)
    attributes = models.JSONField("附加字段", default=dict, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    account_id = models.CharField("来电人账号", max_length=64, blank=True)
    event = models.OneToOneField(
        Event,
        verbose_name="事件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="open311_request",
    )
    filed_at = models.DateTimeField("登记时间", null=True, blank=True)

    class Meta:
        verbose_name = "Open311请求"
        verbose_name_plural = "Open311请求"
        indexes = [
            models.Index(
                fields=["id"], name="open311_request_pending_idx", condition=Q(filed_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return self.service_request_id

    @property
    def service_request_id(self) -> str:
        return f"{self.PREFIX}{self.pk:010d}"

    @classmethod
    def pk_from(cls, service_request_id: str) -> int | None:
        digits = service_request_id[len(cls.PREFIX) :]
        return int(digits) if service_request_id.startswith(cls.PREFIX) and digits.isdigit() else None


# --- campaigns ----------------------------------------------------------------------------------------


class Campaign(Audited):
    """排查任务: a door-to-door campaign (e.g. screening newly arrived people during an epidemic)."""

    class Kind(models.TextChoices):
        EPIDEMIC = "epidemic", "疫情防控排查"
        NEWCOMER = "newcomer", "新到人员排查"
        SAFETY = "safety", "安全隐患排查"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        ACTIVE = "active", "进行中"
        CLOSED = "closed", "已结束"

    title = models.CharField("任务名称", max_length=100)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    description = models.TextField("任务要求", blank=True)
    region = models.ForeignKey(Region, verbose_name="发起区划", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("截止日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "排查任务"
        verbose_name_plural = "排查任务"
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title


class CampaignGrid(Audited):
    """A grid assigned to a campaign, with the number of registry households it must visit."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="排查任务", on_delete=models.CASCADE, related_name="grids"
    )
    grid = models.ForeignKey(Region, verbose_name="网格", on_delete=models.PROTECT, related_name="+")
    households_target = models.PositiveIntegerField("应走访户数", default=0)
    assigned_at = models.DateTimeField("下达时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "grid"

    class Meta:
        verbose_name = "排查网格"
        verbose_name_plural = "排查网格"
        ordering = ["grid__code"]
        constraints = [models.UniqueConstraint(fields=["campaign", "grid"], name="campaign_grid_unique")]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.grid}"


class Visit(Audited):
    """入户走访: one visit to a registry household in a campaign (a household may be visited again
    when no one was at home)."""

    class Result(models.TextChoices):
        MET = "met", "已入户"
        ABSENT = "absent", "无人在家"
        REFUSED = "refused", "拒绝配合"

    campaign_grid = models.ForeignKey(
        CampaignGrid, verbose_name="排查网格", on_delete=models.CASCADE, related_name="visits"
    )
    household = models.ForeignKey(
        "registry.Household", verbose_name="户", on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="走访人", on_delete=models.PROTECT, related_name="+"
    )
    visited_at = models.DateTimeField("走访时间")
    result = models.CharField("结果", max_length=10, choices=Result.choices)
    people_seen = models.PositiveSmallIntegerField("见面人数", default=0)
    newcomers = models.PositiveSmallIntegerField("新到人员数", default=0)
    note = models.CharField("情况说明", max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "campaign_grid__grid"

    class Meta:
        verbose_name = "入户走访"
        verbose_name_plural = "入户走访"
        ordering = ["-visited_at", "-id"]
        indexes = [
            models.Index(fields=["campaign_grid", "household"], name="grid_visit_household_idx"),
            models.Index(fields=["visited_at"], name="grid_visit_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.household} {self.get_result_display()}"


class MedicalObservation(Audited):
    """居家医学观察: a person observed at home from ``starts_on`` to ``ends_on`` with a daily check-in."""

    class Status(models.TextChoices):
        ACTIVE = "active", "观察中"
        ENDED = "ended", "已解除"
        TRANSFERRED = "transferred", "已转送"

    campaign = models.ForeignKey(
        Campaign,
        verbose_name="排查任务",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name="观察对象", on_delete=models.PROTECT, related_name="+"
    )
    grid = models.ForeignKey(Region, verbose_name="网格", on_delete=models.PROTECT, related_name="+")
    place = models.CharField("观察地点", max_length=200)
    reason = models.CharField("观察原因", max_length=200)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("解除日期")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField("实际解除日期", null=True, blank=True)
    end_note = models.CharField("解除/转送说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "grid"

    class Meta:
        verbose_name = "居家医学观察"
        verbose_name_plural = "居家医学观察"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="active"), name="observation_one_active_per_person"
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="observation_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.starts_on}～{self.ends_on}"


class CheckIn(Audited):
    """One day's check-in of a person under home observation (temperature, symptoms)."""

    observation = models.ForeignKey(
        MedicalObservation, verbose_name="医学观察", on_delete=models.CASCADE, related_name="checkins"
    )
    day = models.DateField("日期")
    temperature = models.DecimalField("体温(℃)", max_digits=3, decimal_places=1)
    symptoms = models.BooleanField("有无异常症状", default=False)
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "observation__grid"

    class Meta:
        verbose_name = "观察打卡"
        verbose_name_plural = "观察打卡"
        ordering = ["observation", "day"]
        constraints = [models.UniqueConstraint(fields=["observation", "day"], name="checkin_one_per_day")]

    def __str__(self) -> str:
        return f"{self.observation_id} {self.day}"


# --- performance ------------------------------------------------------------------------------------


class PerformanceWeights(Audited):
    """绩效考核权重 (percent, summing to 100) and the monthly targets of the two counts, set by the city
    with an effective date. The weights of a month are those in effect on its first day."""

    effective_from = models.DateField("生效日期", unique=True)
    reported = models.PositiveSmallIntegerField("事件上报数", default=15)
    on_time_handling = models.PositiveSmallIntegerField("按期处置率", default=20)
    closure = models.PositiveSmallIntegerField("结案率", default=20)
    on_time_closure = models.PositiveSmallIntegerField("按期结案率", default=10)
    rework = models.PositiveSmallIntegerField("返工率（越低越好）", default=10)
    satisfaction = models.PositiveSmallIntegerField("满意度", default=15)
    visits = models.PositiveSmallIntegerField("走访户次", default=10)
    reported_target = models.PositiveIntegerField(
        "月上报目标数", default=20, help_text="上报数达到此数得满分（按比例计分）"
    )
    visits_target = models.PositiveIntegerField(
        "月走访目标户次", default=50, help_text="走访户次达到此数得满分"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="设置人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "绩效考核权重"
        verbose_name_plural = "绩效考核权重"
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from} 起"
