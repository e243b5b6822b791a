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
        # importing the module registers core's own contributions; then every app's contributions.py
        from minzheng.core.contributions import contributions_discover

        contributions_discover()
