from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Statistics: the indicator registry, dashboards, indicator tables and the annual summary. What the app
    adds to the spine (navigation, the region tree's indicators, the snapshot seed step, the bench) is in
    ``contributions.py``."""

    name = "minzheng.reports"
    label = "reports"
    verbose_name = "统计报表"
