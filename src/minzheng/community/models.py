"""Community governance: 大社区 service centres and pilot sites, the 证明事项清单 and the certificates issued or
refused under it, 村（居）务公开 postings, and the committees' elections. Every record belongs to a node of the
region tree (a 村/社区 for most) and is read through ``visible_to(user)``."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.community import rules
from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet


def _user_fk(label: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=label, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip


class Project(Audited):
    """A 大社区综合服务中心 or a 示范点 (pilot site) of the 农村社区治理实验区, from the project library (项目库)
    to its completion."""

    class Kind(models.TextChoices):
        CENTRE = "centre", "大社区综合服务中心"
        PILOT = "pilot", "农村社区治理示范点"

    class Status(models.TextChoices):
        PLANNED = "planned", "入库待建"
        BUILDING = "building", "建设中"
        COMPLETED = "completed", "已建成"

    name = models.CharField("项目名称", max_length=100)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    region = models.ForeignKey(
        Region, verbose_name="所在村（社区）", on_delete=models.PROTECT, related_name="+"
    )
    facilities = models.TextField("设施（每行一项）", blank=True)
    services = models.TextField("服务项目（每行一项）", blank=True)
    area_m2 = models.PositiveIntegerField("建筑面积（平方米）", null=True, blank=True)
    budget_fen = models.BigIntegerField("投资（分）", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PLANNED)
    planned_on = models.DateField("入库日期")
    started_on = models.DateField("开工日期", null=True, blank=True)
    completed_on = models.DateField("建成日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = _user_fk("登记人")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "大社区与示范点项目"
        verbose_name_plural = "大社区与示范点项目"
        ordering = ["-planned_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "kind", "name"], name="community_project_unique_name"),
            models.CheckConstraint(
                condition=Q(status="completed", completed_on__isnull=False) | ~Q(status="completed"),
                name="community_project_completed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["kind", "completed_on"], name="community_project_done_idx")]

    def __str__(self) -> str:
        return self.name

    def facility_list(self) -> list[str]:
        return [line.strip() for line in self.facilities.splitlines() if line.strip()]

    def service_list(self) -> list[str]:
        return [line.strip() for line in self.services.splitlines() if line.strip()]


class CertificateItem(Audited):
    """One line of a 证明事项清单: a certificate the committees under ``region`` may issue (with its legal basis)
    or must refuse (with the reason). A line of the city applies to every village and community; a line of a
    district, town or community applies below it and overrides a line of the same name above."""

    region = models.ForeignKey(
        Region, verbose_name="清单所属区划", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("证明事项", max_length=60)
    allowed = models.BooleanField("可以出具")
    basis = models.CharField("设定依据", max_length=200)
    refuse_reason = models.CharField("不予出具的理由", max_length=200, blank=True)
    active = models.BooleanField("有效", default=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "证明事项"
        verbose_name_plural = "证明事项清单"
        ordering = ["-allowed", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="community_item_unique_name"),
            models.CheckConstraint(
                condition=Q(allowed=True) | ~Q(refuse_reason=""), name="community_item_refused_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IssuedCertificate(Audited):
    """A certificate a committee issued: numbered per committee and year (``（2020）<村居代码>证字第0001号``),
    with a verification code printed as the QR's link to the public page."""

    region = models.ForeignKey(Region, verbose_name="出具单位", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        CertificateItem, verbose_name="证明事项", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("年度序号")
    number = models.CharField("证明编号", max_length=40, unique=True)
    purpose = models.CharField("用途", max_length=100)
    content = models.TextField("证明内容")
    issued_on = models.DateField("出具日期")
    verify_code = models.CharField("核验码", max_length=24, unique=True)
    revoked_on = models.DateField("作废日期", null=True, blank=True)
    revoke_reason = models.CharField("作废原因", max_length=200, blank=True)
    issued_by = _user_fk("经办人")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "出具的证明"
        verbose_name_plural = "出具的证明"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "seq"], name="community_certificate_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item.name}{self.number}"


class Refusal(Audited):
    """A request for a certificate the committee may not issue, recorded with the reason given to the person."""

    region = models.ForeignKey(Region, verbose_name="村（社区）", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        CertificateItem,
        verbose_name="清单事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested = models.CharField("申请出具的证明", max_length=60)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="申请人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField("不予出具的理由", max_length=200)
    refer_to = models.CharField("告知办理渠道", max_length=200, blank=True)
    refused_on = models.DateField("日期")
    refused_by = _user_fk("经办人")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "不予出具证明记录"
        verbose_name_plural = "不予出具证明记录"
        ordering = ["-refused_on", "-id"]

    def __str__(self) -> str:
        return f"不予出具{self.requested}"


class PublicitySetting(models.Model):
    """Whether a village's collective finances are busy enough to post them monthly (《村民委员会组织法》第三十条)."""

    region = models.OneToOneField(
        Region, verbose_name="村（社区）", on_delete=models.CASCADE, related_name="+"
    )
    finance_monthly = models.BooleanField("财务收支按月公开", default=False)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "村务公开设置"
        verbose_name_plural = "村务公开设置"

    def __str__(self) -> str:
        return "财务收支按月公开" if self.finance_monthly else "财务收支按季度公开"


class Posting(Audited):
    """One 村（居）务公开 posting: a category for one period (a month or a quarter), with its photos."""

    class Category(models.TextChoices):
        PARTY = rules.PARTY, rules.CATEGORY_LABELS[rules.PARTY]
        AFFAIRS = rules.AFFAIRS, rules.CATEGORY_LABELS[rules.AFFAIRS]
        FINANCE = rules.FINANCE, rules.CATEGORY_LABELS[rules.FINANCE]

    region = models.ForeignKey(Region, verbose_name="村（社区）", on_delete=models.PROTECT, related_name="+")
    category = models.CharField("类别", max_length=10, choices=Category.choices)
    period_start = models.DateField("公开期间自")
    period_end = models.DateField("公开期间至")
    title = models.CharField("标题", max_length=100)
    content = models.TextField("公开内容")
    posted_on = models.DateField("公开日期")
    due_on = models.DateField("应公开日期")
    posted_by = _user_fk("登记人")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "村（居）务公开"
        verbose_name_plural = "村（居）务公开"
        ordering = ["-period_end", "category", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "category", "period_start"], name="community_posting_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}（{self.period_start:%Y-%m}）"

    @property
    def late(self) -> bool:
        return self.posted_on > self.due_on


def _photo_path(instance: PostingPhoto, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "jpg"
    return f"community/postings/{instance.posting_id}/{uuid.uuid4().hex[:12]}.{suffix}"


class PostingPhoto(models.Model):
    posting = models.ForeignKey(Posting, verbose_name="公开", on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField("照片", upload_to=_photo_path)
    caption = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "公开栏照片"
        verbose_name_plural = "公开栏照片"

    def __str__(self) -> str:
        return self.caption or "公开栏照片"


class Election(Audited):
    """A committee's 换届选举 (e.g. 第九届): the voters' list from the registry, candidates, the count and the
    备案 with the 乡镇（街道）."""

    class Kind(models.TextChoices):
        VILLAGE = "village", "村民委员会"
        RESIDENTS = "residents", "居民委员会"

    class Status(models.TextChoices):
        DRAFT = "draft", "筹备"
        REGISTERED = "registered", "选民名单已公布"
        COUNTED = "counted", "已计票"
        FILED = "filed", "已备案"

    region = models.ForeignKey(Region, verbose_name="村（社区）", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("委员会", max_length=10, choices=Kind.choices)
    term = models.PositiveSmallIntegerField("届次")
    election_day = models.DateField("选举日")
    seats = models.PositiveSmallIntegerField("应选名额")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    registered = models.PositiveIntegerField("登记选民数", default=0)
    voted = models.PositiveIntegerField("参加投票人数", default=0)
    ballots_returned = models.PositiveIntegerField("收回选票数", default=0)
    ballots_invalid = models.PositiveIntegerField("无效票数", default=0)
    valid = models.BooleanField("选举有效", null=True, blank=True)
    counted_at = models.DateTimeField("计票时间", null=True, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    filed_by = _user_fk("备案受理人")
    created_by = _user_fk("登记人")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "换届选举"
        verbose_name_plural = "换届选举"
        ordering = ["-election_day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "term"], name="community_election_one_per_term")
        ]

    def __str__(self) -> str:
        return f"第{self.term}届{self.get_kind_display()}选举"

    @property
    def term_label(self) -> str:
        digits = "零一二三四五六七八九"
        n = self.term
        text = (
            digits[n]
            if n < 10
            else ("十" if n // 10 == 1 else digits[n // 10] + "十") + (digits[n % 10] if n % 10 else "")
        )
        return f"第{text}届"


class Voter(models.Model):
    """A line of the voters' list (选民名单); ``voted`` is ticked when the voter takes a ballot. No line says
    how anyone voted: ballots are secret, only the count per candidate is recorded."""

    election = models.ForeignKey(
        Election, verbose_name="选举", on_delete=models.CASCADE, related_name="voters"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name="选民", on_delete=models.PROTECT, related_name="+"
    )
    voted = models.BooleanField("已领取选票", default=False)

    class Meta:
        verbose_name = "选民"
        verbose_name_plural = "选民名单"
        constraints = [models.UniqueConstraint(fields=["election", "person"], name="community_voter_once")]

    def __str__(self) -> str:
        return f"选民{self.person_id}"


class Candidate(Audited):
    election = models.ForeignKey(
        Election, verbose_name="选举", on_delete=models.CASCADE, related_name="candidates"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name="候选人", on_delete=models.PROTECT, related_name="+"
    )
    votes = models.PositiveIntegerField("得票数", null=True, blank=True)
    elected = models.BooleanField("当选", default=False)

    class Meta:
        verbose_name = "候选人"
        verbose_name_plural = "候选人"
        ordering = ["-elected", "-votes", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="community_candidate_once")
        ]

    def __str__(self) -> str:
        return f"候选人{self.person_id}"


class PowerList(Audited):
    """A village's (or community's) 小微权力清单: the small powers its committee exercises, each with its legal basis,
    its steps and the post responsible, published to the villagers. A list of the city (or a district, a town) is the
    指导清单 the committees below adopt and adapt (《海口市农村基层小微权力指导清单》)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "编制中"
        PUBLISHED = "published", "已公布"

    region = models.OneToOneField(
        Region, verbose_name="村（社区）或指导清单所属区划", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField("公布日期", null=True, blank=True)
    published_by = _user_fk("公布人")
    created_by = _user_fk("编制人")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "小微权力清单"
        verbose_name_plural = "小微权力清单"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="published", published_on__isnull=False) | ~Q(status="published"),
                name="community_power_list_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region.name}小微权力清单"


class PowerItem(models.Model):
    """One small power of a list: what, on which legal basis, through which steps, by which post."""

    power_list = models.ForeignKey(
        PowerList, verbose_name="清单", on_delete=models.CASCADE, related_name="items"
    )
    category = models.CharField("类别", max_length=12, choices=list(rules.POWER_CATEGORY_LABELS.items()))
    name = models.CharField("权力事项", max_length=80)
    basis = models.CharField("法律政策依据", max_length=300)
    steps = models.TextField("运行流程（每行一步）")
    post = models.CharField("责任岗位", max_length=60)
    order = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        verbose_name = "小微权力事项"
        verbose_name_plural = "小微权力事项"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["power_list", "name"], name="community_power_item_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class Award(Audited):
    """An honour given to a community worker (最美社区工作者 and the like): the title, the year, the person (from the
    registry) or the worker (a platform account), the region they serve, the citation."""

    class Title(models.TextChoices):
        MOST_BEAUTIFUL = "most_beautiful", "最美社区工作者"
        EXCELLENT_WORKER = "excellent_worker", "优秀社区工作者"
        EXCELLENT_SECRETARY = "excellent_secretary", "优秀村（社区）党组织书记"
        MODEL_COMMITTEE = "model_committee", "先进村（居）民委员会成员"

    title = models.CharField("荣誉称号", max_length=20, choices=Title.choices)
    year = models.PositiveSmallIntegerField("年度")
    edition = models.CharField("届次", max_length=20, blank=True, help_text="如：第二届")
    region = models.ForeignKey(
        Region, verbose_name="所在村（社区）", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="获奖人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    worker = _user_fk("获奖的工作人员")
    post = models.CharField("职务", max_length=60, blank=True)
    citation = models.TextField("事迹简介")
    conferred_by = models.CharField("授予单位", max_length=100)
    conferred_on = models.DateField("授予日期")
    created_by = _user_fk("登记人")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "表彰奖励"
        verbose_name_plural = "表彰奖励"
        ordering = ["-year", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, worker__isnull=True)
                | Q(person__isnull=True, worker__isnull=False),
                name="community_award_one_awardee",
            ),
        ]
        indexes = [models.Index(fields=["year", "title"], name="community_award_year_idx")]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_title_display()}"

    @property
    def awardee(self) -> str:
        if self.person_id:
            return self.person.name
        return str(self.worker) if self.worker_id else ""
