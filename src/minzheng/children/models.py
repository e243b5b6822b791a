"""儿童福利: 孤儿 and 事实无人抚养儿童 (identification and support on the benefits ledger), 儿童主任/儿童督导员 and
their visits, the welfare institution's intake of abandoned infants, and outreach events (宣讲).

The children are registry persons (``registry.Person``): nothing of a child's identity is copied here. Money is
the ledger's (``benefits.Enrollment`` of programs ``orphan`` / ``de_facto_child``); states are casework's.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.children.rules import ChildCategory, EndReason, Kind, ParentSituation, Placement, Risk
from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet


class WelfareHome(Audited):
    """儿童福利机构 (e.g. 海口市社会福利院): where 集中养育 orphans live and abandoned infants are received."""

    name = models.CharField("机构名称", max_length=100, unique=True)
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField("运营中", default=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "儿童福利机构"
        verbose_name_plural = "儿童福利机构"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Support(Audited):
    """孤儿/事实无人抚养儿童 保障: the application with the facts of both parents, the case that decides it, and —
    once confirmed — the enrollment on the ledger, until it ends (age, adoption, return, death)."""

    case = models.OneToOneField(
        "casework.Case", verbose_name="认定案件", on_delete=models.PROTECT, related_name="child_support"
    )
    child = models.ForeignKey(
        "registry.Person", verbose_name="儿童", on_delete=models.PROTECT, related_name="child_supports"
    )
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("申请类别", max_length=10, choices=Kind.choices)
    placement = models.CharField(
        "养育方式", max_length=12, choices=Placement.choices, default=Placement.DISPERSED
    )
    home = models.ForeignKey(
        WelfareHome,
        verbose_name="儿童福利机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    father_situation = models.CharField("父亲情形", max_length=24, choices=ParentSituation.choices)
    father_months = models.PositiveSmallIntegerField("父亲情形持续/期限（月）", default=0)
    mother_situation = models.CharField("母亲情形", max_length=24, choices=ParentSituation.choices)
    mother_months = models.PositiveSmallIntegerField("母亲情形持续/期限（月）", default=0)
    applicant_name = models.CharField("申请人", max_length=50)
    applicant_relation = models.CharField("申请人与儿童关系", max_length=20)
    applied_on = models.DateField("申请日期")
    in_school_until = models.DateField(
        "在校就读至", null=True, blank=True, help_text="年满18周岁后仍在全日制学校就读的，预计毕业日期"
    )
    decided_on = models.DateField("认定日期", null=True, blank=True)
    pay_until = models.DateField(
        "发放至（含该月）", null=True, blank=True, help_text="按年龄、在校就读或终止事由算出的末次发放月"
    )
    enrollment = models.OneToOneField(
        "benefits.Enrollment",
        verbose_name="保障记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="child_support",
    )
    ended_on = models.DateField("终止事由发生日期", null=True, blank=True)
    end_reason = models.CharField("终止原因", max_length=12, choices=EndReason.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "孤儿/事实无人抚养儿童保障"
        verbose_name_plural = "孤儿/事实无人抚养儿童保障"
        ordering = ["-id"]
        indexes = [models.Index(fields=["child", "kind"], name="children_support_child_idx")]

    def __str__(self) -> str:
        return f"{self.child.name}（{self.get_kind_display()}）"

    @property
    def state_label(self) -> str:
        """What the list shows: the case's state, or the end of support."""
        from minzheng.children.casetypes import SUPPORT_STATES

        if self.ended_on is not None:
            return f"已终止（{self.get_end_reason_display()}）"
        return SUPPORT_STATES.get(self.case.state, self.case.state)


class Guardian(Audited):
    """A child's guardian or carer (监护人/实际抚养人): a registry person when known, else a name."""

    support = models.ForeignKey(
        Support, verbose_name="保障", on_delete=models.CASCADE, related_name="guardians"
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField("姓名", max_length=50)
    relation = models.CharField("与儿童关系", max_length=20)
    phone = models.CharField("联系电话", max_length=20, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "support__region"

    class Meta:
        verbose_name = "监护人"
        verbose_name_plural = "监护人"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.relation}）"


class Worker(Audited):
    """儿童主任 (one per 村/居) or 儿童督导员 (one per 乡镇/街道), 民发〔2019〕34号."""

    class Post(models.TextChoices):
        DIRECTOR = "director", "儿童主任"
        SUPERVISOR = "supervisor", "儿童督导员"

    person = models.ForeignKey(
        "registry.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="+"
    )
    post = models.CharField("岗位", max_length=12, choices=Post.choices)
    region = models.ForeignKey(Region, verbose_name="负责区划", on_delete=models.PROTECT, related_name="+")
    phone = models.CharField("联系电话", max_length=20, blank=True)
    appointed_on = models.DateField("任职日期")
    left_on = models.DateField("离任日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "儿童主任/督导员"
        verbose_name_plural = "儿童主任/督导员"
        ordering = ["region__code", "post"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "post"],
                condition=Q(left_on__isnull=True),
                name="children_worker_one_per_region",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_post_display()} {self.person.name}"


class Visit(Audited):
    """A 儿童主任's (or 督导员's) visit to a 留守/困境 child: what was found, the risk and the follow-up. A high risk
    opens a follow-up case (``case``)."""

    worker = models.ForeignKey(Worker, verbose_name="走访人", on_delete=models.PROTECT, related_name="visits")
    child = models.ForeignKey(
        "registry.Person", verbose_name="儿童", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    category = models.CharField("儿童类别", max_length=12, choices=ChildCategory.choices)
    visited_on = models.DateField("走访日期")
    risk = models.CharField("风险等级", max_length=8, choices=Risk.choices)
    findings = models.TextField("走访情况")
    follow_up = models.CharField("跟进措施", max_length=300, blank=True)
    case = models.OneToOneField(
        "casework.Case",
        verbose_name="跟进案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="child_visit",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录"
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["visited_on"], name="children_visit_day_idx")]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.child_id}"


class InfantIntake(Audited):
    """The welfare institution receives an abandoned infant or child (新接收孤残弃婴幼儿童)."""

    home = models.ForeignKey(
        WelfareHome, verbose_name="接收机构", on_delete=models.PROTECT, related_name="intakes"
    )
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField("接收日期")
    found_on = models.DateField("发现日期")
    found_place = models.CharField("发现地点", max_length=200)
    gender = models.CharField("性别", max_length=1, choices=[("M", "男"), ("F", "女")])
    estimated_birth = models.DateField("估计出生日期")
    disabled = models.BooleanField("残疾或患病", default=False)
    health_note = models.CharField("健康状况", max_length=200, blank=True)
    police_report = models.CharField("公安机关捡拾报案证明编号", max_length=50)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="户籍登记后的人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "弃婴接收"
        verbose_name_plural = "弃婴接收"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.received_on} {self.found_place}"


class Outreach(Audited):
    """A 宣讲 (关爱保护政策宣讲进村（居）) held in a village/community or town, with its audience."""

    region = models.ForeignKey(Region, verbose_name="宣讲地点", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("宣讲日期")
    title = models.CharField("主题", max_length=100)
    speaker = models.CharField("宣讲人", max_length=50)
    audience = models.PositiveIntegerField("参加人数")
    children = models.PositiveIntegerField("其中儿童及监护人", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "宣讲活动"
        verbose_name_plural = "宣讲活动"
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(children__lte=models.F("audience")), name="children_outreach_counts"
            )
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"
