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
        from minzheng.core.home import home_panel_register
        from minzheng.core.navigation import nav_register
        from minzheng.core.panels import accounts_panel, audit_panel
        from minzheng.core.roles import Perm, Role

        home_panel_register(
            order=80, template="core/panels/audit.html", context=audit_panel, roles=(Role.AUDITOR,)
        )
        home_panel_register(
            order=80, template="core/panels/accounts.html", context=accounts_panel, roles=(Role.SYSADMIN,)
        )
        nav_register(section="平台", label="首页", url_name="core:home", order=0)
        nav_register(section="平台", label="区划与网格", url_name="core:region_home", order=1)
        nav_register(section="平台", label="后台任务", url_name="core:job_list", order=90)
        nav_register(
            section="平台", label="审计日志", url_name="core:audit_list", perm=Perm.VIEW_AUDIT, order=91
        )
        nav_register(
            section="平台", label="系统管理", url_name="admin:index", roles=(Role.SYSADMIN,), order=99
        )
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
        from minzheng.core.contributions import contributions_discover

        contributions_discover()
