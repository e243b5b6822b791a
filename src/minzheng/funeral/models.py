"""殡葬管理: deaths of registry persons, cremations at the funeral homes, the 惠民殡葬 basic-service subsidy, cemeteries
and their plots, and 清明 tomb-sweeping (timed-slot bookings, check-in, proxy sweeping, online memorials, outreach).

A death belongs to a registry person (the registry keeps the person and, through its own service, their status
死亡); this app keeps what the death certificate and the informant said. A cremation is the funeral home's record,
linked to the death where the deceased is known. Money (the subsidy) is a one-off line on the benefits ledger.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet

# --- places ------------------------------------------------------------------------------------------------


class FuneralHome(models.Model):
    """殡仪馆 (with its cremators). Accounts of role 机构经办人 act for it through ``operators``."""

    name = models.CharField("殡仪馆名称", max_length=100, unique=True)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("地址", max_length=200, blank=True)
    active = models.BooleanField("运营中", default=True)
    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="经办人账号", blank=True, related_name="funeral_homes"
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "殡仪馆"
        verbose_name_plural = "殡仪馆"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Cemetery(models.Model):
    """公墓 (《殡葬管理条例》第八条: 公益性公墓 for villagers, 经营性公墓 by approval), a 清明 booking site."""

    class Kind(models.TextChoices):
        PUBLIC_WELFARE = "welfare", "公益性公墓"
        COMMERCIAL = "commercial", "经营性公墓"
        FUNERAL_HOME = "funeral_home", "殡仪馆骨灰堂"

    name = models.CharField("公墓名称", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=15, choices=Kind.choices)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("地址", max_length=200, blank=True)
    active = models.BooleanField("开放", default=True)
    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="经办人账号", blank=True, related_name="funeral_cemeteries"
    )

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "公墓"
        verbose_name_plural = "公墓"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# --- deaths, cremations, the subsidy ---------------------------------------------------------------------------


class Death(Audited):
    """死亡登记 of a registry person: when, where, the cause category and the certificate (《殡葬管理条例》第十三条:
    cremation needs a 死亡证明 from a medical institution or the police), and who reported it."""

    class Place(models.TextChoices):
        HOSPITAL = "hospital", "医疗机构"
        HOME = "home", "家中"
        INSTITUTION = "institution", "养老等服务机构"
        OTHER = "other", "其他场所"

    class Cause(models.TextChoices):
        DISEASE = "disease", "疾病（正常死亡）"
        ACCIDENT = "accident", "意外伤害"
        OTHER_UNNATURAL = "unnatural", "其他非正常死亡"
        UNKNOWN = "unknown", "不详"

    class Certificate(models.TextChoices):
        MEDICAL = "medical", "医学死亡证明（医疗卫生机构）"
        POLICE = "police", "死亡证明（公安机关）"

    person = models.OneToOneField(
        "registry.Person", verbose_name="死者", on_delete=models.PROTECT, related_name="+"
    )
    died_on = models.DateField("死亡日期")
    place = models.CharField("死亡地点类别", max_length=15, choices=Place.choices)
    place_detail = models.CharField("死亡地点", max_length=200, blank=True)
    cause = models.CharField("死亡原因类别", max_length=15, choices=Cause.choices)
    certificate_kind = models.CharField("死亡证明类别", max_length=10, choices=Certificate.choices)
    certificate_number = models.CharField("死亡证明编号", max_length=40, blank=True)
    reporter_name = models.CharField("报告人", max_length=50)
    reporter_relation = models.CharField("与死者关系", max_length=20)
    reporter_phone = models.CharField("报告人电话", max_length=20, blank=True)
    reporter = models.ForeignKey(
        "registry.Person", verbose_name="丧事承办人（人员库）", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    registered_at = models.DateTimeField("登记时间")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "死亡登记"
        verbose_name_plural = "死亡登记"
        ordering = ["-died_on", "-id"]
        indexes = [models.Index(fields=["died_on"], name="funeral_death_day_idx")]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.died_on:%Y-%m-%d}死亡）"


class Cremation(Audited):
    """火化记录 of a funeral home: the body, where it came from, the deceased's death registration where known."""

    class Source(models.TextChoices):
        HOSPITAL = "hospital", "医疗机构接运"
        HOME = "home", "家中接运"
        POLICE = "police", "公安机关移交"
        OTHER = "other", "其他"

    funeral_home = models.ForeignKey(
        FuneralHome, verbose_name="殡仪馆", on_delete=models.PROTECT, related_name="cremations"
    )
    number = models.CharField("火化证号", max_length=30, unique=True)
    cremated_on = models.DateField("火化日期")
    body_source = models.CharField("遗体来源", max_length=10, choices=Source.choices)
    death = models.OneToOneField(
        Death,
        verbose_name="死亡登记",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cremation",
    )
    deceased_name = models.CharField("死者姓名", max_length=50)
    deceased_id_number = models.CharField("死者身份证号", max_length=18, blank=True)
    region = models.ForeignKey(
        Region, verbose_name="殡仪馆所在区划", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "火化记录"
        verbose_name_plural = "火化记录"
        ordering = ["-cremated_on", "-id"]
        indexes = [models.Index(fields=["cremated_on"], name="funeral_cremation_day_idx")]

    def __str__(self) -> str:
        return f"火化证{self.number}（{self.deceased_name}）"


class Subsidy(Audited):
    """惠民殡葬补助: the basic-service subsidy for one deceased resident, paid once as a one-off line on the benefits
    ledger (``payment_id``) to the family's payee."""

    death = models.OneToOneField(
        Death, verbose_name="死亡登记", on_delete=models.PROTECT, related_name="subsidy"
    )
    cremation = models.OneToOneField(
        Cremation, verbose_name="火化记录", on_delete=models.PROTECT, related_name="subsidy"
    )
    payee = models.ForeignKey(
        "registry.Person", verbose_name="领取人", on_delete=models.PROTECT, related_name="+"
    )
    amount_fen = models.BigIntegerField("补助金额(分)")
    payment_id = models.BigIntegerField("发放明细编号")
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    granted_at = models.DateTimeField("发放时间")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "惠民殡葬补助"
        verbose_name_plural = "惠民殡葬补助"
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"惠民殡葬补助（{self.death.person.name}）"


class Plot(Audited):
    """墓穴/格位 of a cemetery: its status and holder (the family's registry person), the deceased interred."""

    class Status(models.TextChoices):
        AVAILABLE = "available", "空置"
        RESERVED = "reserved", "已预订"
        OCCUPIED = "occupied", "已安葬"

    cemetery = models.ForeignKey(
        Cemetery, verbose_name="公墓", on_delete=models.PROTECT, related_name="plots"
    )
    code = models.CharField("墓位编号", max_length=30)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.AVAILABLE)
    holder = models.ForeignKey(
        "registry.Person",
        verbose_name="使用权人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    death = models.OneToOneField(
        Death, verbose_name="安葬者", null=True, blank=True, on_delete=models.PROTECT, related_name="plot"
    )
    changed_at = models.DateTimeField("变更时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "cemetery__region"

    class Meta:
        verbose_name = "墓位"
        verbose_name_plural = "墓位"
        ordering = ["cemetery", "code"]
        constraints = [
            models.UniqueConstraint(fields=["cemetery", "code"], name="funeral_plot_code_unique"),
            models.CheckConstraint(
                condition=Q(status="available", holder__isnull=True) | ~Q(status="available"),
                name="funeral_plot_available_no_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cemetery.name}{self.code}"


# --- 清明 tomb-sweeping ------------------------------------------------------------------------------------------


class Season(models.Model):
    """清明祭扫季: the booking window and limits — parameters the city sets each year (domain.md §8: one booking per
    person per cemetery, up to 10 people a booking in Haikou's 2023 practice)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    sweep_from = models.DateField("祭扫开始日")
    sweep_to = models.DateField("祭扫结束日")
    booking_opens = models.DateTimeField("预约开放时间")
    booking_closes = models.DateTimeField("预约截止时间")
    max_visitors = models.PositiveSmallIntegerField("每单最多人数", default=10)
    source = models.CharField("依据", max_length=300, blank=True)

    class Meta:
        verbose_name = "清明祭扫季"
        verbose_name_plural = "清明祭扫季"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sweep_to__gte=F("sweep_from")), name="funeral_season_days_valid"
            ),
            models.CheckConstraint(condition=Q(max_visitors__gte=1), name="funeral_season_visitors_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年清明祭扫"


class Slot(models.Model):
    """One time slot of one cemetery on one day with its quota; ``left`` falls by one per booking, only while
    above zero (a conditional UPDATE: ``services.booking_create``), so the quota is never exceeded."""

    season = models.ForeignKey(Season, verbose_name="祭扫季", on_delete=models.PROTECT, related_name="slots")
    cemetery = models.ForeignKey(
        Cemetery, verbose_name="公墓", on_delete=models.PROTECT, related_name="slots"
    )
    day = models.DateField("日期")
    starts = models.TimeField("开始时间")
    ends = models.TimeField("结束时间")
    quota = models.PositiveIntegerField("预约名额（单）")
    left = models.IntegerField("剩余名额")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "cemetery__region"

    class Meta:
        verbose_name = "祭扫时段"
        verbose_name_plural = "祭扫时段"
        ordering = ["day", "starts", "cemetery"]
        constraints = [
            models.UniqueConstraint(fields=["cemetery", "day", "starts"], name="funeral_slot_unique"),
            # the target of the bookings' one foreign key (slot, season, cemetery): see Booking
            models.UniqueConstraint(
                fields=["id", "season", "cemetery"], name="funeral_slot_id_season_cemetery"
            ),
            models.CheckConstraint(
                condition=Q(left__gte=0) & Q(left__lte=F("quota")), name="funeral_slot_left"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cemetery.name} {self.day:%m月%d日} {self.starts:%H:%M}-{self.ends:%H:%M}"


class Booking(models.Model):
    """预约祭扫: one person (by ID number) at one cemetery per season (partial unique index), for up to the season's
    ``max_visitors`` people and one vehicle. ``code`` is shown as a QR code and scanned at the gate (check-in)."""

    class Status(models.TextChoices):
        BOOKED = "booked", "已预约"
        CHECKED_IN = "checked_in", "已入园"
        CANCELLED = "cancelled", "已取消"

    # Season, cemetery and slot: no index of their own (each index is work for every booking inserted): the
    # one-per-ID index leads with (season, cemetery), the slot index with the slot. And on PostgreSQL one foreign key
    # for the three, (slot, season, cemetery) → the slot's (id, season, cemetery), checked at each statement (INITIALLY IMMEDIATE, migration 0004):
    # a booking's season and cemetery are its slot's — a stronger rule than three separate keys — checked by one
    # lookup of the slot row the booking statement has just locked, at the end of the statement, instead of three
    # checks queued for the commit, two of which took a KEY SHARE lock on the season's and the cemetery's one row
    # shared by every concurrent booking. Django's own constraints on the three columns are therefore off
    # (``db_constraint=False``); SQLite keeps the rule in the booking path.
    season = models.ForeignKey(
        Season, verbose_name="祭扫季", on_delete=models.PROTECT, related_name="+", db_index=False,
        db_constraint=False,
    )  # fmt: skip
    cemetery = models.ForeignKey(
        Cemetery, verbose_name="公墓", on_delete=models.PROTECT, related_name="+", db_index=False,
        db_constraint=False,
    )  # fmt: skip
    slot = models.ForeignKey(
        Slot, verbose_name="时段", on_delete=models.PROTECT, related_name="bookings", db_index=False,
        db_constraint=False,
    )  # fmt: skip
    id_number = models.CharField("身份证号码", max_length=18)
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    visitors = models.PositiveSmallIntegerField("祭扫人数")
    plate = models.CharField("车牌号", max_length=10, blank=True)
    code = models.CharField("预约码", max_length=16, unique=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.BOOKED)
    booked_at = models.DateTimeField("预约时间")
    checked_in_at = models.DateTimeField("入园时间", null=True, blank=True)
    # indexed only where set (Meta.indexes)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="核验人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", db_index=False,
    )  # fmt: skip
    # the last change staff made on the day (booking.booking_reschedule / booking_refuse): when and why, shown to
    # the citizen; who, and the slot before, are in the audit entry (no key: nothing for the booking insert to check)
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    reason = models.CharField("处理原因", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "cemetery__region"

    class Meta:
        verbose_name = "祭扫预约"
        verbose_name_plural = "祭扫预约"
        ordering = ["-booked_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "cemetery", "id_number"],
                condition=~Q(status="cancelled"),
                name="funeral_booking_one_per_id",
            ),  # fmt: skip
            models.CheckConstraint(condition=Q(visitors__gte=1), name="funeral_booking_visitors_pos"),
        ]
        indexes = [
            models.Index(fields=["slot", "status"], name="funeral_booking_slot_idx"),
            # a booking is inserted unchecked: a partial index costs the insert nothing
            models.Index(
                fields=["checked_in_by"],
                name="funeral_booking_checker_idx",
                condition=Q(checked_in_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"预约{self.code}（{self.name}）"


class ProxyOrder(Audited):
    """代祭扫: the cemetery's staff tend a grave for a family who cannot come, and return photos to them."""

    class Status(models.TextChoices):
        ORDERED = "ordered", "待祭扫"
        DONE = "done", "已完成"
        CANCELLED = "cancelled", "已取消"

    cemetery = models.ForeignKey(Cemetery, verbose_name="公墓", on_delete=models.PROTECT, related_name="+")
    plot = models.ForeignKey(
        Plot, verbose_name="墓位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deceased_name = models.CharField("逝者姓名", max_length=50)
    requester_name = models.CharField("委托人", max_length=50)
    requester_id_number = models.CharField("委托人身份证号", max_length=18)
    requester_phone = models.CharField("委托人电话", max_length=20)
    day = models.DateField("祭扫日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ORDERED)
    ordered_at = models.DateTimeField("委托时间")
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="祭扫人员", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    note = models.CharField("祭扫说明", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "cemetery__region"

    class Meta:
        verbose_name = "代祭扫"
        verbose_name_plural = "代祭扫"
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["status", "done_at"], name="funeral_proxy_done_idx")]

    def __str__(self) -> str:
        return f"代祭扫（{self.deceased_name}，{self.day:%m月%d日}）"


class ProxyPhoto(models.Model):
    """A photo of a proxy sweeping returned to the family."""

    order = models.ForeignKey(
        ProxyOrder, verbose_name="代祭扫", on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField("照片", upload_to="funeral/proxy/%Y/%m/")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "代祭扫照片"
        verbose_name_plural = "代祭扫照片"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"代祭扫照片{self.pk}"


class Memorial(models.Model):
    """网上祭祀 page of a deceased person; ``death`` when the deceased is in the registry."""

    name = models.CharField("逝者姓名", max_length=50)
    death = models.ForeignKey(
        Death, verbose_name="死亡登记", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    born_on = models.DateField("出生日期", null=True, blank=True)
    died_on = models.DateField("逝世日期", null=True, blank=True)
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("建立时间", auto_now_add=True)
    active = models.BooleanField("开放", default=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "网上纪念馆"
        verbose_name_plural = "网上纪念馆"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.name}纪念馆"


class MemorialVisitDay(models.Model):
    """Online visits of a memorial on one day (one upsert per visit, ``services.memorial_visit``)."""

    memorial = models.ForeignKey(Memorial, verbose_name="纪念馆", on_delete=models.CASCADE, related_name="+")
    day = models.DateField("日期")
    visits = models.PositiveIntegerField("祭祀人次", default=0)

    class Meta:
        verbose_name = "网上祭祀人次"
        verbose_name_plural = "网上祭祀人次"
        constraints = [models.UniqueConstraint(fields=["memorial", "day"], name="funeral_visit_day_unique")]
        indexes = [models.Index(fields=["day"], name="funeral_visit_day_idx")]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.visits}人次"


class MemorialMessage(models.Model):
    """A message left on a memorial, shown once staff approve it (moderation)."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已发布"
        REJECTED = "rejected", "未通过"

    memorial = models.ForeignKey(
        Memorial, verbose_name="纪念馆", on_delete=models.CASCADE, related_name="messages"
    )
    author = models.CharField("留言人", max_length=50)
    text = models.CharField("留言", max_length=500)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField("留言时间")
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "memorial__region"

    class Meta:
        verbose_name = "纪念馆留言"
        verbose_name_plural = "纪念馆留言"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.author}的留言"


class Outreach(models.Model):
    """殡葬改革宣传: booklets handed out and banners hung on one day in one region."""

    day = models.DateField("日期")
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    booklets = models.PositiveIntegerField("宣传册（本）", default=0)
    banners = models.PositiveIntegerField("横幅（幅）", default=0)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "殡葬改革宣传"
        verbose_name_plural = "殡葬改革宣传"
        ordering = ["-day", "-id"]
        constraints = [models.UniqueConstraint(fields=["day", "region"], name="funeral_outreach_day_unique")]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}殡葬改革宣传"


class Channel(models.Model):
    """A booking channel (市民政局网站、微信、椰城市民云、海易办 — domain.md §8): it identifies citizens by real name itself
    and presents its key with each booking (``api.booking_post``); only the key's SHA-256 digest is stored."""

    name = models.CharField("渠道名称", max_length=50, unique=True)
    key_digest = models.CharField("密钥摘要", max_length=64, unique=True, editable=False)
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "预约渠道"
        verbose_name_plural = "预约渠道"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
