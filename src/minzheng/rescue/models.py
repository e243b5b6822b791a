"""救助管理: the rescue station, the people it helps (受助人员, a registry person when identified, else a described
unidentified record), each stay (救助, a case on the casework engine), family tracing and its notices, the minors'
second classroom, the seasonal campaigns and the visits to minors in difficulty.

A person's identity is the registry's: nothing of an identified person is copied here. Rules: ``rules.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet
from minzheng.rescue.rules import CampaignKind, Gender, NoticeKind, Schooling, Source


class Station(Audited):
    """救助管理站 (or 未成年人救助保护中心): its staff are the 机构经办人 accounts of its region."""

    name = models.CharField("机构名称", max_length=100, unique=True)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("救助热线", max_length=20, blank=True)
    active = models.BooleanField("运营中", default=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "救助管理机构"
        verbose_name_plural = "救助管理机构"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Rescuee(Audited):
    """受助人员: one human across their stays. Identified: the registry person. Unidentified: what the station
    saw (sex, estimated age, 体貌特征, photo) until the identity is found (``identified_at``)."""

    station = models.ForeignKey(
        Station, verbose_name="救助管理机构", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    code = models.CharField("受助人员编号", max_length=20, unique=True)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="身份（人口信息）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rescue_records",
    )
    name = models.CharField("姓名（自述或代称）", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, default=Gender.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField("出生年份（估计）", null=True, blank=True)
    id_number = models.CharField("自述身份证号", max_length=18, blank=True)
    hukou_place = models.CharField("自述户籍地/住所地", max_length=200, blank=True)
    description = models.TextField("体貌特征", blank=True)
    photo = models.FileField("照片", upload_to="rescue/photos/%Y/", blank=True)
    identified_at = models.DateTimeField("身份查明时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"
    audit_exclude = frozenset({"photo"})  # a file, not a value: the audit keeps the rest of the row

    class Meta:
        verbose_name = "受助人员"
        verbose_name_plural = "受助人员"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "person"],
                condition=Q(person__isnull=False),
                name="rescue_rescuee_one_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def identified(self) -> bool:
        return self.identified_at is not None


class Intake(Audited):
    """One stay at the station (救助): how the person came, the voluntary-principle record, the stay limit, the
    medical referral, the notices and the way they left (hand-over record when escorted home or collected)."""

    class Leave(models.TextChoices):
        REFUSED = "refused", "不予救助"
        SELF = "self", "自行离站"
        RETURNED = "returned", "护送返乡/亲属接领"
        TRANSFERRED = "transferred", "移交"
        SETTLED = "settled", "长期滞留安置"
        DIED = "died", "死亡"

    case = models.OneToOneField(
        "casework.Case", verbose_name="救助案件", on_delete=models.PROTECT, related_name="rescue_intake"
    )
    station = models.ForeignKey(
        Station, verbose_name="救助管理机构", on_delete=models.PROTECT, related_name="intakes"
    )
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    rescuee = models.ForeignKey(
        Rescuee, verbose_name="受助人员", on_delete=models.PROTECT, related_name="intakes"
    )
    source = models.CharField("来站方式", max_length=10, choices=Source.choices)
    grid_case = models.ForeignKey(
        "casework.Case",
        verbose_name="网格事件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    found_place = models.CharField("发现/求助地点", max_length=200, blank=True)
    arrived_at = models.DateTimeField("入站时间")
    age = models.PositiveSmallIntegerField("入站时年龄（周岁，身份不明的为估计）")
    minor = models.BooleanField("未成年人", default=False)
    impaired = models.BooleanField("疑似精神障碍或智力残疾", default=False)
    voluntary = models.BooleanField("本人自愿求助", default=True)
    voluntary_note = models.CharField("求助意愿记录", max_length=300, blank=True)
    reason = models.CharField("流浪乞讨原因及经过", max_length=300, blank=True)
    belongings = models.CharField("随身物品登记", max_length=300, blank=True)
    stay_until = models.DateField("救助期限至", null=True, blank=True)
    family_notified_at = models.DateTimeField("通知亲属/户籍地时间", null=True, blank=True)
    guardian_notified_at = models.DateTimeField("通知监护人时间", null=True, blank=True)
    schooling = models.CharField("就学情况", max_length=12, choices=Schooling.choices, blank=True)
    school_plan = models.CharField("就学安排", max_length=200, blank=True)
    hospital = models.CharField("送医机构", max_length=100, blank=True)
    hospitalized_at = models.DateTimeField("送医时间", null=True, blank=True)
    left_at = models.DateTimeField("离站时间", null=True, blank=True)
    leave = models.CharField("离站方式", max_length=12, choices=Leave.choices, blank=True)
    handover_to = models.CharField("接收人", max_length=50, blank=True)
    handover_relation = models.CharField("接收人与受助人员关系/单位", max_length=50, blank=True)
    handover_place = models.CharField("交接地点", max_length=200, blank=True)
    handover_at = models.DateTimeField("交接时间", null=True, blank=True)
    transfer_to = models.CharField("移交机构", max_length=100, blank=True)
    death_note = models.CharField("死亡情况", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "救助登记"
        verbose_name_plural = "救助登记"
        ordering = ["-arrived_at", "-id"]
        indexes = [
            models.Index(fields=["arrived_at"], name="rescue_intake_arrived_idx"),
            models.Index(fields=["left_at"], name="rescue_intake_left_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["grid_case"], condition=Q(grid_case__isnull=False), name="rescue_intake_one_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.rescuee.name}"


class Notice(Audited):
    """寻亲与通知: a notice to the family, guardian or authorities, a 寻亲公告 (with where it was published) or a
    request to the police (DNA, a report of a suspected missing or trafficked person)."""

    intake = models.ForeignKey(
        Intake, verbose_name="救助登记", on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField("类别", max_length=12, choices=NoticeKind.choices)
    at = models.DateTimeField("时间")
    channel = models.CharField("方式/发布渠道", max_length=100)
    recipient = models.CharField("通知对象", max_length=100, blank=True)
    note = models.CharField("内容摘要", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "intake__region"

    class Meta:
        verbose_name = "寻亲与通知记录"
        verbose_name_plural = "寻亲与通知记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class ClassSession(Audited):
    """站内“第二课堂”: a session for the minors at the station, with those who attended."""

    station = models.ForeignKey(
        Station, verbose_name="救助管理机构", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("日期")
    topic = models.CharField("主题", max_length=100)
    teacher = models.CharField("授课人/志愿者", max_length=50)
    attendees = models.ManyToManyField(Intake, verbose_name="参加的未成年人", related_name="class_sessions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "第二课堂"
        verbose_name_plural = "第二课堂"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class Campaign(Audited):
    """夏季送清凉/寒冬送温暖: one outing of the seasonal campaigns, with the person-times it reached."""

    kind = models.CharField("专项活动", max_length=8, choices=CampaignKind.choices)
    region = models.ForeignKey(Region, verbose_name="开展区域", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("日期")
    place = models.CharField("地点", max_length=200)
    person_times = models.PositiveIntegerField("惠及人次")
    items = models.CharField("发放物资", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "专项救助活动"
        verbose_name_plural = "专项救助活动"
        ordering = ["-held_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(person_times__gt=0), name="rescue_campaign_reach")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class MinorVisit(Audited):
    """走访帮扶困境未成年人: the station's visit to a minor in difficulty (a registry person) and the help given."""

    station = models.ForeignKey(
        Station, verbose_name="救助管理机构", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        "registry.Person", verbose_name="未成年人", on_delete=models.PROTECT, related_name="rescue_visits"
    )
    visited_on = models.DateField("走访日期")
    situation = models.CharField("困境情况", max_length=300)
    help_given = models.CharField("帮扶措施", max_length=300)
    visitor = models.CharField("走访人", max_length=50)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "困境未成年人走访"
        verbose_name_plural = "困境未成年人走访"
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.child_id}"
