"""The Django admin of the platform: the system administrator's tool for configuration, nothing else.

- Only the capability ``system.admin`` (系统管理员) reaches it; any other logged-in user gets the site's
  Chinese 403 page naming the capability (the site's own login is the only login: /admin/ is not public).
- It registers configuration only (accounts, the region tree, holidays, programs and standards, event
  categories, departments, API clients, weights). No model holding personal data is registered: persons,
  households, payments, enrollments, cases, events, audit entries and jobs are reached only through the
  scoped, masked and audited pages of their apps, so their admin URLs answer 404.
- It speaks Chinese: LANGUAGE_CODE is zh-hans (Django's own translation of the admin) and every registered
  model and field has a Chinese verbose name.

This module is loaded by ``INSTALLED_APPS`` (``PlatformAdminConfig`` in place of ``django.contrib.admin``)
before the models: it must not import any.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse

from minzheng.core.roles import can, require

ADMIN_CAPABILITY = "system.admin"


class PlatformAdminSite(admin.AdminSite):
    site_header = "民政综合业务平台 管理"
    site_title = "民政综合业务平台 管理"
    index_title = "系统配置"

    def has_permission(self, request: HttpRequest) -> bool:
        """The role decides (through its capability), not the ``is_staff`` flag. A logged-in user without it
        is refused with the 403 page saying what was refused, instead of the admin's own login form."""
        if request.user.is_authenticated:
            require(request.user, ADMIN_CAPABILITY)
        return can(request.user, ADMIN_CAPABILITY)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """Reached only logged in (the login middleware sends everyone else to the site's login): the
        system administrator goes on to the index, anyone else gets the 403 page."""
        require(request.user, ADMIN_CAPABILITY)
        return super().login(request, extra_context)


class PlatformAdminConfig(AdminConfig):
    default_site = "minzheng.core.adminsite.PlatformAdminSite"
