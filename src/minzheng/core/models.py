"""The spine's own tables: the region tree, accounts, the audit chain and background jobs."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from minzheng.core.audited import Audited
from minzheng.core.roles import Role, role_has_perm
from minzheng.core.scope import ScopedQuerySet


class Region(models.Model):
    """One node of the tree 市 → 区 → 镇/街道 → 村/社区 → 网格.

    Codes are the national statistical division codes (GB/T 2260 for 市/区, the NBS 9- and 12-digit
    统计用区划代码 below); grids are numbered under their community (12 + 3 = 15 digits, domain.md §9).
    ``path`` is the materialised chain of codes, so a subtree is one indexed prefix match.
    """

    class Level(models.TextChoices):
        CITY = "city", "市"
        DISTRICT = "district", "区县"
        TOWN = "town", "乡镇/街道"
        COMMUNITY = "community", "村/社区"
        GRID = "grid", "网格"

    class Kind(models.TextChoices):
        URBAN = "urban", "城镇"
        RURAL = "rural", "农村"
        NONE = "", "—"

    code = models.CharField("区划代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField("路径", max_length=200, editable=False)
    depth = models.PositiveSmallIntegerField("深度", editable=False)
    kind = models.CharField("城乡属性", max_length=5, choices=Kind.choices, blank=True, default="")
    generated = models.BooleanField("系统生成", default=False, help_text="网格无公开数据，由系统生成")

    objects = ScopedQuerySet.as_manager()
    scope_region_field = ""  # a region is scoped by itself

    class Meta:
        verbose_name = "区划/网格"
        verbose_name_plural = "区划/网格"
        ordering = ["code"]
        indexes = [
            models.Index(fields=["path"], name="region_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "code"], name="region_level_code_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Region]:
        codes = [c for c in self.path.split("/") if c][:-1]
        by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]

    def full_name(self) -> str:
        return "".join(r.name for r in [*self.ancestors(), self][1:]) or self.name

    def contains(self, other: Region) -> bool:
        return other.path.startswith(self.path)


class User(AbstractUser, Audited):
    """An account attached to one node of the region tree; it sees that node's subtree only.
    Changes to accounts (role, region, activation, unlock) are audited; the password hash is not copied."""

    audit_exclude = frozenset({"password", "last_login", "failed_logins"})

    role = models.CharField("角色", max_length=30, choices=Role.choices)
    region = models.ForeignKey(
        Region, verbose_name="所属区划", null=True, on_delete=models.PROTECT, related_name="users"
    )
    display_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    failed_logins = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    def has_role_perm(self, perm: str) -> bool:
        return self.is_active and role_has_perm(self.role, perm)


class AuditEntry(models.Model):
    """One append-only line of the audit log.

    ``seq`` is allocated by the database (an identity column: no lock other writers wait on) and ``mac`` is
    HMAC-SM3 of the entry's content under the audit key (kept outside the database). The sealer later
    chains committed entries in :class:`AuditSeal`; see ``core.audit``.
    """

    class Action(models.TextChoices):
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"
        LOGIN = "login", "登录"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKED = "locked", "账号锁定"
        LOGOUT = "logout", "退出"
        VIEW = "view", "查看"
        REVEAL = "reveal", "查看敏感信息"
        EXPORT = "export", "导出"
        IMPORT = "import", "导入"
        BULK = "bulk", "批量处理"

    seq = models.BigAutoField("序号", primary_key=True)
    # Indexed for the audit page's date search by migration 0007, outside Django's model state: a BRIN
    # index on PostgreSQL (entries are appended in time order, so a block range's summary is all it
    # needs, and an append costs it next to nothing, where a B-tree took an insert per entry), a B-tree
    # on SQLite.
    at = models.DateTimeField("时间")
    # No database foreign key: its check would lock the actor's account row (FOR KEY SHARE) in every
    # audited transaction. Accounts are never deleted (PROTECT, checked by Django), and the entry keeps
    # actor_name. Lookups by actor use audit_actor_idx (actor, at).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    actor_name = models.CharField("操作人账号", max_length=150, blank=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    ip = models.GenericIPAddressField("地址", null=True, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    detail = models.TextField("说明", blank=True)
    mac = models.CharField("校验码(HMAC-SM3)", max_length=64)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-seq"]
        # Every index costs each audited write an insert. No page or query reads entries by object (the
        # audit page searches object_id together with text that only a scan can match), so there is no
        # (object_type, object_id) index any more; (actor, at) stays for Django's PROTECT check when an
        # account is deleted (the admin's delete page), which would otherwise scan the whole log.
        indexes = [
            models.Index(fields=["actor", "at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermissionError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志只能追加，不能删除")


class AuditPending(models.Model):
    """An entry written but not yet sealed into the chain: the sealer's work list (it deletes what it seals).
    Writers only insert here, so they never wait on one another."""

    seq = models.BigIntegerField("序号", primary_key=True)

    class Meta:
        verbose_name = "待封存审计日志"
        verbose_name_plural = "待封存审计日志"

    def __str__(self) -> str:
        return f"序号{self.seq}"


class AuditSeal(models.Model):
    """An entry's place in the keyed chain: ``link = HMAC-SM3(key, pos | seq | entry mac | previous link)``.
    Written once by the sealer, in the order entries became visible (commit order), never changed."""

    pos = models.BigIntegerField("链上位置", primary_key=True)
    entry = models.OneToOneField(
        AuditEntry,
        verbose_name="日志",
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # a deleted entry must show up as a broken link, not be hidden by the database
        db_column="entry_seq",
        related_name="seal",
    )
    link = models.CharField("链校验码", max_length=64)
    sealed_at = models.DateTimeField("封存时间")

    class Meta:
        verbose_name = "审计链封存"
        verbose_name_plural = "审计链封存"
        ordering = ["pos"]

    def __str__(self) -> str:
        return f"第{self.pos}位 序号{self.entry_id}"


class AuditCheckpoint(models.Model):
    """The chain's head at a moment, signed with the audit key; exported copies kept elsewhere let
    ``minzheng audit verify --checkpoints`` detect a tail cut off together with its checkpoints."""

    pos = models.BigIntegerField("链上位置")
    entry_seq = models.BigIntegerField("末条序号")
    link = models.CharField("链校验码", max_length=64)
    at = models.DateTimeField("时间")
    key_id = models.CharField("密钥指纹", max_length=16)
    signature = models.CharField("签名(HMAC-SM3)", max_length=64)

    class Meta:
        verbose_name = "审计链检查点"
        verbose_name_plural = "审计链检查点"
        ordering = ["-pos"]
        indexes = [models.Index(fields=["pos"], name="audit_checkpoint_pos_idx")]

    def __str__(self) -> str:
        return f"第{self.pos}位（序号{self.entry_seq}）"


class Job(models.Model):
    """A long piece of work (import, payroll, report) run by the job worker, with visible progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "运行中"
        SUCCEEDED = "succeeded", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=50)
    title = models.CharField("名称", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name="区划", null=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.BigIntegerField("已处理", default=0)
    total = models.BigIntegerField("总数", null=True, blank=True)
    message = models.TextField("信息", blank=True)
    result = models.JSONField("结果", null=True, blank=True)
    task_id = models.CharField("任务编号", max_length=64, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_region_field = "region"

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, int(self.done * 100 / self.total))


class CalendarDay(models.Model):
    """A day of the State Council's annual holiday notice, entered by the administrator for years the
    chinese-calendar package does not cover yet (see ``core.workdays``)."""

    day = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否上班", help_text="调休上班的周末勾选；放假的工作日不勾选")
    name = models.CharField("说明", max_length=50, help_text="如：春节、调休上班")
    source = models.CharField("依据", max_length=200, blank=True, help_text="如：国办发明电〔2026〕X号")

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"
