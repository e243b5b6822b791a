"""The programs and their standards in the Django admin, read only: writes go through the services (the
standards page and commands). The ledger — enrollments, payroll runs, payments — is not here: it names the
people paid, and is read through the benefits pages, scoped and masked."""

from django.contrib import admin

from minzheng.benefits.models import Program, Standard


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(Program)
class ProgramAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "unit", "periodic", "active")


@admin.register(Standard)
class StandardAdmin(ReadOnlyAdmin):
    list_display = (
        "program",
        "region",
        "category",
        "effective_from",
        "effective_to",
        "amount_fen",
        "is_demo",
    )
    list_filter = ("program", "is_demo")
