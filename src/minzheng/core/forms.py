from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from minzheng.core.auth import phantom_failure_record, user_is_locked
from minzheng.core.models import AuditEntry, User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。连续%(max)s次错误将锁定账号。",
        "inactive": "该账号已停用，请联系系统管理员。",
        "locked": "账号因连续登录失败已被锁定，请于%(until)s后再试，或联系系统管理员解锁。",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"

    def get_invalid_login_error(self) -> forms.ValidationError:
        from django.conf import settings

        username = self.cleaned_data.get("username") or ""
        user = User.objects.filter(username=username).first()
        locked_until = (
            (user.locked_until if user_is_locked(user) else None)
            if user is not None
            else phantom_failure_record(username)
        )
        if locked_until is not None:
            until = timezone.localtime(locked_until).strftime("%H:%M")
            return forms.ValidationError(self.error_messages["locked"] % {"until": until}, code="locked")
        return forms.ValidationError(
            self.error_messages["invalid_login"] % {"max": settings.LOGIN_MAX_FAILURES}, code="invalid_login"
        )


class AuditSearchForm(forms.Form):
    q = forms.CharField(label="对象/说明", required=False)
    actor = forms.CharField(label="操作人账号", required=False)
    action = forms.ChoiceField(
        label="操作", required=False, choices=[("", "全部"), *AuditEntry.Action.choices]
    )
    start = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
