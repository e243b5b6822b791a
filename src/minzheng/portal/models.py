"""The citizens' accounts, sign-in codes, sessions, consent records, inbox and SMS outbox.

A citizen is not a staff ``User``: the two never share a session (``portal.middleware``). A ``Citizen`` is keyed by
the 居民身份证号码; ``person`` links the registry's record when the ID and name match it. What the citizen may see
of the bureau's records depends on how the sign-in proved who they are (``CitizenSession.verified``).
"""

from __future__ import annotations

from django.db import models

from minzheng.core.masking import mask_citizen_id, mask_name, mask_phone


class Citizen(models.Model):
    id_number = models.CharField("身份证号码", max_length=18, unique=True)
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("绑定手机号", max_length=11)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="人口库人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("注册时间", auto_now_add=True)
    last_sign_in = models.DateTimeField("最近登录", null=True, blank=True)

    class Meta:
        verbose_name = "公众用户"
        verbose_name_plural = "公众用户"

    def __str__(self) -> str:
        return f"{mask_name(self.name)}（{mask_citizen_id(self.id_number)}）"

    @property
    def audit_name(self) -> str:
        """How the audit log names the citizen: no personal data, a stable reference."""
        return f"公众用户#{self.pk}"

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class SignInChallenge(models.Model):
    """One sign-in code sent: to whom, from where, and how it was used. The code itself is kept only as a
    keyed hash. The rows are also the counters of the per-phone, per-ID and per-address limits."""

    id_number = models.CharField("身份证号码", max_length=18, db_index=True)
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("发送手机号", max_length=11, db_index=True)
    phone_on_record = models.BooleanField("人口库登记手机号", default=False)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True, db_index=True)
    code_hash = models.CharField("验证码摘要", max_length=100, help_text="随机盐:HMAC-SHA256")
    consent_version = models.CharField("同意的告知书版本", max_length=20)
    created_at = models.DateTimeField("发送时间", auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField("失效时间")
    attempts = models.PositiveSmallIntegerField("错误次数", default=0)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "登录验证码"
        verbose_name_plural = "登录验证码"

    def __str__(self) -> str:
        return f"登录验证码（{mask_phone(self.phone)}，{self.created_at:%Y-%m-%d %H:%M}）"


class CitizenSession(models.Model):
    """A signed-in browser. The cookie holds a random token; the table only its SHA-256."""

    citizen = models.ForeignKey(
        Citizen, verbose_name="公众用户", on_delete=models.CASCADE, related_name="sessions"
    )
    token_hash = models.CharField("令牌摘要", max_length=64, unique=True)
    verified = models.BooleanField(
        "已与人口库实名核验", default=False, help_text="验证码发送到人口库登记的手机号时为真"
    )
    created_at = models.DateTimeField("登录时间", auto_now_add=True)
    last_seen = models.DateTimeField("最近访问")
    ip = models.GenericIPAddressField("登录地址", null=True, blank=True)
    ended_at = models.DateTimeField("退出时间", null=True, blank=True)

    class Meta:
        verbose_name = "公众登录会话"
        verbose_name_plural = "公众登录会话"

    def __str__(self) -> str:
        return f"{self.citizen}的登录（{self.created_at:%Y-%m-%d %H:%M}）"


class Consent(models.Model):
    """The citizen's consent to the personal-information notice (《个人信息保护法》第十四条、第十七条): which version,
    when, from where."""

    citizen = models.ForeignKey(
        Citizen, verbose_name="公众用户", on_delete=models.CASCADE, related_name="consents"
    )
    version = models.CharField("告知书版本", max_length=20)
    accepted_at = models.DateTimeField("同意时间", auto_now_add=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)

    class Meta:
        verbose_name = "个人信息处理同意记录"
        verbose_name_plural = "个人信息处理同意记录"
        constraints = [models.UniqueConstraint(fields=["citizen", "version"], name="portal_consent_once")]

    def __str__(self) -> str:
        return f"{self.citizen}同意告知书{self.version}"


class Notification(models.Model):
    """One message in a citizen's inbox (state changes, reminders); also sent by SMS when ``sms`` is set."""

    citizen = models.ForeignKey(
        Citizen, verbose_name="公众用户", on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField("标题", max_length=100)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    key = models.CharField(
        "去重键", max_length=120, blank=True, help_text="同一事件只通知一次（如：某申请的某次状态变化）"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "key"], condition=~models.Q(key=""), name="portal_notification_once"
            )
        ]

    def __str__(self) -> str:
        return self.title


class SmsMessage(models.Model):
    """The outbox of every text message the platform sent (a sign-in code is stored with the code hidden)."""

    class Status(models.TextChoices):
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    phone = models.CharField("手机号", max_length=11, db_index=True)
    text = models.CharField("内容", max_length=500)
    purpose = models.CharField("用途", max_length=20)
    backend = models.CharField("发送通道", max_length=100)
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    error = models.CharField("失败原因", max_length=300, blank=True)
    provider_id = models.CharField("通道消息编号", max_length=100, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "短信记录"
        verbose_name_plural = "短信记录"

    def __str__(self) -> str:
        return f"短信（{mask_phone(self.phone)}，{self.purpose}）"


from minzheng.portal.models_apply import ApplyDocument, ApplyDraft  # noqa: E402, F401
from minzheng.portal.models_civil import CivilFollow, MemorialMessageAuthor  # noqa: E402, F401
from minzheng.portal.models_report import CitizenReport, ReportPhoto  # noqa: E402, F401
