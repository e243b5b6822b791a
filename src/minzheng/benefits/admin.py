"""Read-mostly admin of the ledger: writes go through the services (pages and commands)."""

from django.contrib import admin

from minzheng.benefits.models import Enrollment, Payment, PayrollRun, Program, Standard


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


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    list_display = ("id", "program", "person", "region", "start_month", "end_month", "status")
    list_filter = ("program", "status")
    raw_id_fields = ("person", "household", "region", "case")


@admin.register(PayrollRun)
class PayrollRunAdmin(ReadOnlyAdmin):
    list_display = ("program", "month", "kind", "status", "payees", "lines", "amount_fen")
    list_filter = ("program", "status", "kind")


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("run", "enrollment", "month", "amount_fen", "status")
    list_filter = ("status", "kind")
    raw_id_fields = ("run", "enrollment", "person", "region", "reissue_of")
    show_full_result_count = False
