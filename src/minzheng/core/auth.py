"""Login with lockout: after ``LOGIN_MAX_FAILURES`` wrong passwords in a row the account is locked for
``LOGIN_LOCKOUT_MINUTES`` (等保 2.0 三级 身份鉴别: 登录失败处理功能). A locked account cannot log in even with
the right password until the lock expires or an administrator unlocks it."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from minzheng.core.audit import Action, audit_append
from minzheng.core.models import User


def user_is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > timezone.now()


def phantom_failure_record(username: str) -> datetime | None:
    """A wrong login for a username that has no account counts like one for a real account (in the cache), so
    the lockout message appears after the same number of tries: the login page never tells whether a username
    exists. Returns the moment the phantom lock ends once it is locked, else None."""
    key = f"login-phantom:{hashlib.sha256(username.encode()).hexdigest()}"
    state = cache.get(key) or {"failures": 0, "until": None}
    if state["until"] is not None and state["until"] > timezone.now():
        return state["until"]
    state["failures"] += 1
    if state["failures"] >= settings.LOGIN_MAX_FAILURES:
        state = {"failures": 0, "until": timezone.now() + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)}
    cache.set(key, state, timeout=settings.LOGIN_LOCKOUT_MINUTES * 60 * 2)
    return state["until"]


def user_unlock(*, user: User) -> None:
    user.failed_logins = 0
    user.locked_until = None
    user.save(update_fields=["failed_logins", "locked_until"])


def _record_failure(user: User, request: Any) -> None:
    User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
    user.refresh_from_db(fields=["failed_logins"])
    if user.failed_logins >= settings.LOGIN_MAX_FAILURES and not user_is_locked(user):
        user.locked_until = timezone.now() + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        user.save(update_fields=["locked_until"])
        audit_append(
            action=Action.LOCKED,
            obj=user,
            actor_name=user.username,
            ip=request.META.get("REMOTE_ADDR") if request is not None else None,
            detail=f"连续{user.failed_logins}次密码错误，锁定{settings.LOGIN_LOCKOUT_MINUTES}分钟",
        )


class LockoutModelBackend(ModelBackend):
    """The site's login (with lockout after repeated failures). Django's model permissions are used only by the
    admin, and there the role decides: a user holding ``system.admin`` (系统管理员) may view, add, change and
    delete what the admin registers — configuration only (core/adminsite.py) — whatever their account's
    ``is_superuser`` flag; nobody else gets a Django permission from their role."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if _admin_configures(user_obj) and _registered(perm.partition(".")[0], perm.partition("_")[2]):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        if _admin_configures(user_obj) and _registered(app_label):
            return True
        return super().has_module_perms(user_obj, app_label)

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username is None or password is None:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle for usernames
            return None
        if user_is_locked(user):
            return None
        if user.locked_until is not None:  # an expired lock starts a fresh count
            user_unlock(user=user)
        if user.check_password(password) and self.user_can_authenticate(user):
            if user.failed_logins:
                User.objects.filter(pk=user.pk).update(failed_logins=0)
            return user
        _record_failure(user, request)
        return None


def _admin_configures(user: Any) -> bool:
    from minzheng.core.roles import can

    return bool(user.is_active and can(user, "system.admin"))


def _registered(app_label: str, model_name: str | None = None) -> bool:
    """Whether the admin registers a model of ``app_label`` (named ``model_name``, if given)."""
    from django.contrib import admin

    return any(
        m._meta.app_label == app_label and (model_name is None or m._meta.model_name == model_name)
        for m in admin.site._registry
    )
