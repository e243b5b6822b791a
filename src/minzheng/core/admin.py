from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from minzheng.core.models import AuditEntry, CalendarDay, Job, Region, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "region", "is_active", "locked_until")
    list_filter = ("role", "is_active")
    search_fields = ("username", "display_name")
    raw_id_fields = ("region",)
    actions = ["unlock"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
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
