from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from minzheng.core.models import AuditEntry, CalendarDay, Job, Region, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "region", "is_active", "locked_until")
    list_filter = ("role", "is_active")
    search_fields = ("username", "display_name")
    raw_id_fields = ("region",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("民政", {"fields": ("display_name", "phone", "role", "region", "failed_logins", "locked_until")}),
    )


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "kind", "generated")
    list_filter = ("level", "kind", "generated")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("seq", "at", "actor_name", "action", "object_type", "object_repr", "ip")
    list_filter = ("action",)

    def has_add_permission(self, request):  # append-only, written by the system
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "status", "done", "total", "created_by", "created_at")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("day", "is_workday", "name", "source")
    list_filter = ("is_workday",)
