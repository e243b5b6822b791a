from django.apps import AppConfig


class DisabilityConfig(AppConfig):
    """残疾人两项补贴. What it adds to the platform (navigation, the person-page panel, the case type, payroll
    sources, indicators, seed step) is registered in ``contributions.py``."""

    name = "minzheng.disability"
    label = "disability"
    verbose_name = "残疾人两项补贴"
