"""人房基础信息: the one registry of people, households and houses that every program reads.

Programs never copy a person: they hold a foreign key to :class:`Person` and read it here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from minzheng.core.audited import Audited
from minzheng.core.models import Region
from minzheng.core.scope import ScopedQuerySet


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class UrbanRural(models.TextChoices):
    URBAN = "urban", "城镇"
    RURAL = "rural", "农村"


class House(Audited):
    """A dwelling, always in a grid (grid workers collect houses grid by grid)."""

    class Type(models.TextChoices):
        APARTMENT = "apartment", "楼房"
        BUNGALOW = "bungalow", "平房"
        SELF_BUILT = "self_built", "自建房"
        OTHER = "other", "其他"

    class Use(models.TextChoices):
        OWN = "own", "自住"
        RENTED = "rented", "出租"
        MIXED = "mixed", "商住两用"
        VACANT = "vacant", "空置"
        OTHER = "other", "其他"

    code = models.CharField("房屋编号", max_length=32, unique=True)
    address = models.CharField("地址", max_length=200)
    grid = models.ForeignKey(Region, verbose_name="所属网格", on_delete=models.PROTECT, related_name="houses")
    house_type = models.CharField("房屋类型", max_length=12, choices=Type.choices, default=Type.APARTMENT)
    use = models.CharField("房屋用途", max_length=8, choices=Use.choices, default=Use.OWN)
    area = models.DecimalField("建筑面积(㎡)", max_digits=8, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField("采集时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "grid"

    class Meta:
        verbose_name = "房屋"
        verbose_name_plural = "房屋"
        indexes = [
            models.Index(fields=["address"], name="house_address_idx", opclasses=["varchar_pattern_ops"])
        ]

    def __str__(self) -> str:
        return self.address


class Person(Audited):
    """One natural person, keyed by the 18-digit citizen ID (GB 11643-1999).

    ``region`` is where the person is managed: the grid of the residence house, else the hukou
    community. It is what the data scope filters on. Gender and birth date are derived from the ID.
    """

    class Status(models.TextChoices):
        NORMAL = "normal", "正常"
        DECEASED = "deceased", "死亡"
        MOVED_OUT = "moved_out", "迁出"
        MERGED = "merged", "已合并"

    id_number = models.CharField("身份证号码", max_length=18, unique=True)
    id_reversed = models.CharField("身份证号码（倒序，尾号检索用）", max_length=18, editable=False)
    name = models.CharField("姓名", max_length=50)
    name_initials = models.CharField("拼音首字母", max_length=50, editable=False)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期")
    ethnicity = models.CharField("民族", max_length=20, blank=True, default="汉族")
    phone = models.CharField("联系电话", max_length=20, blank=True)
    hukou_region = models.ForeignKey(
        Region, verbose_name="户籍地", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hukou_address = models.CharField("户籍地址", max_length=200, blank=True)
    residence_house = models.ForeignKey(
        House,
        verbose_name="居住房屋",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occupants",
    )
    region = models.ForeignKey(
        Region, verbose_name="管理网格/社区", on_delete=models.PROTECT, related_name="+"
    )
    residence_permit_no = models.CharField("居住证号", max_length=30, blank=True)
    residence_permit_until = models.DateField("居住证有效期至", null=True, blank=True)
    status = models.CharField("人员状态", max_length=10, choices=Status.choices, default=Status.NORMAL)
    status_date = models.DateField("状态变更日期", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="合并至",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    created_at = models.DateTimeField("采集时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        # Search indexes: (key, id), so ``WHERE key LIKE 'p%' ORDER BY key USING ~<~, id LIMIT n`` is one
        # index range scan that stops after n rows (no Sort), however many people share the prefix.
        # ``varchar_pattern_ops`` for the prefix LIKE whatever the collation; ``int8_ops`` for the
        # bigint primary key (see ``selectors.person_search``).
        indexes = [
            models.Index(
                fields=["id_reversed", "id"],
                name="person_id_rev_id_idx",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
            models.Index(
                fields=["name", "id"],
                name="person_name_id_idx",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
            models.Index(
                fields=["name_initials", "id"],
                name="person_initials_id_idx",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
            models.Index(fields=["name", "birth_date"], name="person_name_birth_idx"),
            # The population figures count a region subtree's people by status and birth date (registry
            # indicators) or by when they were entered (grid.people_collected): an index-only scan per region
            # instead of a parallel scan of the whole table.
            models.Index(
                fields=["region", "created_at", "status", "birth_date"], name="person_region_created_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Household(Audited):
    """户: a registered household with its members and their relation to the head."""

    number = models.CharField("户号", max_length=32, unique=True)
    head = models.ForeignKey(
        Person, verbose_name="户主", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("城乡类别", max_length=5, choices=UrbanRural.choices)
    hukou_region = models.ForeignKey(
        Region, verbose_name="户籍地", on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField("户籍地址", max_length=200, blank=True)
    region = models.ForeignKey(
        Region, verbose_name="管理网格/社区", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("建档时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "户"
        verbose_name_plural = "户"

    def __str__(self) -> str:
        return f"户号{self.number}"


class Relation(models.TextChoices):
    """与户主关系: the two-digit codes of GB/T 4761-2008《家庭关系代码》 (table 2) that a household
    register needs — each class code (x0) plus 女婿 (28) and 儿媳 (38), which have no class of their own.

    The standard: 01 本人, 02 户主; 10 配偶 (11 夫, 12 妻); 20 子 (21–27 独生子…养子或继子, 28 女婿,
    29 其他儿子); 30 女 (31–37 …, 38 儿媳, 39 其他女儿); 40 孙子、孙女或外孙子、外孙女; 50 父母;
    60 祖父母或外祖父母; 70 兄、弟、姐、妹; 80 其他 (81–96 伯叔舅姨姑、堂表、侄甥…), 97 其他亲属; 99 非亲属.
    The head's own row is 02 户主 (01 本人 is for a person described by themself, not by a household).
    """

    HEAD = "02", "户主"
    SPOUSE = "10", "配偶"
    SON = "20", "子"
    SON_IN_LAW = "28", "女婿"
    DAUGHTER = "30", "女"
    DAUGHTER_IN_LAW = "38", "儿媳"
    GRANDCHILD = "40", "孙子、孙女或外孙子、外孙女"
    PARENT = "50", "父母"
    GRANDPARENT = "60", "祖父母或外祖父母"
    SIBLING = "70", "兄、弟、姐、妹"
    OTHER_RELATIVE = "97", "其他亲属"
    NON_RELATIVE = "99", "非亲属"

    @classmethod
    def child(cls, *, male: bool) -> Relation:
        """子 (20) or 女 (30): GB/T 4761 has no code for a child of either sex."""
        return cls.SON if male else cls.DAUGHTER


# Callers written before the GB/T 4761 fix (``Relation.CHILD``, "20 子女") get 20 子; pick
# ``Relation.child(male=...)`` instead. Not a member (the codes are unique), so not in the choices.
Relation.CHILD = Relation.SON  # type: ignore[attr-defined]


class Membership(Audited):
    """A person's membership of a household over time. A person is in at most one household at once
    (partial unique index on open memberships); leaving closes the row, so history is kept."""

    household = models.ForeignKey(
        Household, verbose_name="户", on_delete=models.PROTECT, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name="成员", on_delete=models.PROTECT, related_name="memberships"
    )
    relation = models.CharField("与户主关系", max_length=2, choices=Relation.choices)
    start_date = models.DateField("入户日期")
    end_date = models.DateField("离户日期", null=True, blank=True)
    end_reason = models.CharField("离户原因", max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "household__region"

    class Meta:
        verbose_name = "户成员"
        verbose_name_plural = "户成员"
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(end_date__isnull=True), name="membership_one_open_per_person"
            ),
        ]
        indexes = [models.Index(fields=["household", "end_date"], name="membership_household_idx")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.household}"


class PersonStatusChange(models.Model):
    """One change of a person's status (正常 → 死亡 / 迁出 …) with its date and reason: the status history
    shown on the person page. Written only by ``services.person_set_status`` and ``duplicate_merge``."""

    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="status_changes"
    )
    status_from = models.CharField("原状态", max_length=10, choices=Person.Status.choices)
    status_to = models.CharField("新状态", max_length=10, choices=Person.Status.choices)
    date = models.DateField("变更日期")
    reason = models.CharField("原因", max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "person__region"

    class Meta:
        verbose_name = "人员状态变更"
        verbose_name_plural = "人员状态变更"
        indexes = [models.Index(fields=["person", "at"], name="person_status_change_idx")]

    def __str__(self) -> str:
        return f"{self.person} {self.get_status_from_display()}→{self.get_status_to_display()}"


class DuplicateCandidate(models.Model):
    """A pair of person records that may be the same human, queued for a worker to merge or dismiss."""

    class Reason(models.TextChoices):
        SAME_NAME_BIRTH = "name_birth", "同名同出生日期、不同户"
        TRANSPOSED_ID = "transposed_id", "身份证号仅相邻两位颠倒"

    class Status(models.TextChoices):
        OPEN = "open", "待处理"
        MERGED = "merged", "已合并"
        DISMISSED = "dismissed", "非重复"

    person_a = models.ForeignKey(Person, verbose_name="人员A", on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey(Person, verbose_name="人员B", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("疑似原因", max_length=20, choices=Reason.choices)
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    note = models.CharField("处理说明", max_length=200, blank=True)
    found_at = models.DateTimeField("发现时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "疑似重复人员"
        verbose_name_plural = "疑似重复人员"
        constraints = [models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_unique")]

    def __str__(self) -> str:
        return f"{self.person_a} / {self.person_b}"


class ImportBatch(models.Model):
    """One uploaded file of people, households or houses, validated row by row, then committed all at
    once or not at all (the user chooses whether good rows go in when some are rejected)."""

    class Kind(models.TextChoices):
        PERSONS = "persons", "人员"
        HOUSEHOLDS = "households", "户"
        HOUSES = "houses", "房屋"

    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "all", "有错误则全部不导入"
        GOOD_ROWS = "good", "导入正确的行，跳过错误行"

    class Status(models.TextChoices):
        PENDING = "pending", "待处理"
        RUNNING = "running", "校验中"
        COMMITTED = "committed", "已导入"
        REJECTED = "rejected", "未导入（有错误）"
        FAILED = "failed", "失败"

    kind = models.CharField("导入类型", max_length=12, choices=Kind.choices)
    mode = models.CharField("导入方式", max_length=5, choices=Mode.choices, default=Mode.ALL_OR_NOTHING)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    file_name = models.CharField("文件名", max_length=200)
    stored_file = models.CharField("存储路径", max_length=300, blank=True)
    encoding = models.CharField("文件编码", max_length=20, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name="导入人所属区划", on_delete=models.PROTECT, related_name="+"
    )
    job = models.ForeignKey(
        "core.Job", verbose_name="后台任务", null=True, blank=True, on_delete=models.SET_NULL
    )
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows_rejected = models.PositiveIntegerField("错误行数", default=0)
    rows_written = models.PositiveIntegerField("已导入行数", default=0)
    warnings = models.PositiveIntegerField("警告数", default=0)
    message = models.TextField("说明", blank=True)
    runner = models.CharField("执行进程", max_length=100, blank=True)  # host:pid of the running import
    issue_summary = models.JSONField("问题统计", default=dict, blank=True)  # exact counts, all rows
    report_file = models.CharField("错误报告文件", max_length=300, blank=True)  # built by the import's job
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}导入 {self.file_name}"


class ImportIssue(models.Model):
    """A rejected row (or a warning on an accepted one): row number, field, value and reason."""

    class Severity(models.TextChoices):
        ERROR = "error", "错误"
        WARNING = "warning", "警告"

    batch = models.ForeignKey(
        ImportBatch, verbose_name="导入批次", on_delete=models.CASCADE, related_name="issues"
    )
    row_number = models.PositiveIntegerField("行号")
    field = models.CharField("字段", max_length=50, blank=True)
    value = models.CharField("内容", max_length=200, blank=True)
    reason = models.CharField("原因", max_length=300)
    severity = models.CharField("级别", max_length=7, choices=Severity.choices, default=Severity.ERROR)

    class Meta:
        verbose_name = "导入问题"
        verbose_name_plural = "导入问题"
        ordering = ["batch", "row_number", "id"]
        indexes = [models.Index(fields=["batch", "severity", "row_number"], name="import_issue_batch_idx")]

    def __str__(self) -> str:
        return f"第{self.row_number}行 {self.field}：{self.reason}"
