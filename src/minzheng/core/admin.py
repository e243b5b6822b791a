"""Accounts, the region tree and the holiday calendar in the Django admin (configuration only: see
``core.adminsite``). Audit entries and jobs are not here: they hold personal data (the audited rows'
values, searches, file names) and are read through the auditor's and the jobs' pages."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django_tasks_db.models import DBTaskResult

from minzheng.core.models import CalendarDay, Region, User

# Registered by Django and django-tasks, not configuration of this platform: roles (core.roles) replace
# groups, and a task result keeps a job's arguments and traceback.
for _model in (Group, DBTaskResult):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "region", "is_active", "locked_until")
    list_filter = ("role", "is_active")
    search_fields = ("username", "display_name")
    raw_id_fields = ("region",)
    actions = ["unlock"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("民政", {"fields": ("display_name", "phone", "role", "region", "failed_logins", "locked_until")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("民政", {"fields": ("display_name", "role", "region")}),
    )

    @admin.action(description="解锁所选账号")
    def unlock(self, request, queryset):
        from minzheng.core.auth import user_unlock

        for user in queryset.order_by("pk"):
            user_unlock(user=user)
        self.message_user(request, f"已解锁 {queryset.count()} 个账号")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "kind", "generated")
    list_filter = ("level", "kind", "generated")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("day", "is_workday", "name", "source")
    list_filter = ("is_workday",)
