from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "minzheng.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from minzheng.core import (
            signals,  # noqa: F401  (audit of Audited models, logins)
            workdays,
        )
        from minzheng.core.calendar import calendar_changed, entered_days
        from minzheng.core.models import CalendarDay

        workdays.calendar_loader_set(entered_days)
        post_save.connect(calendar_changed, sender=CalendarDay, dispatch_uid="calendar_saved")
        post_delete.connect(calendar_changed, sender=CalendarDay, dispatch_uid="calendar_deleted")
        # --- audit: ``minzheng bench audit`` (core.audit_bench) ---
        from minzheng.core.audit_bench import audit_bench_arguments, audit_bench_run
        from minzheng.core.bench import bench_register

        bench_register(
            "audit",
            audit_bench_run,
            help="审计日志的代价：N 个并发写入者（1、8、32）审计开与关的吞吐对比",
            arguments=audit_bench_arguments,
        )
        # --- end audit ---
        # importing the module registers core's own contributions; then every app's contributions.py
        from minzheng.core.contributions import contributions_discover

        contributions_discover()
