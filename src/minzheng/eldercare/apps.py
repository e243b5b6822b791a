from django.apps import AppConfig


class EldercareConfig(AppConfig):
    """Elderly care. What it adds to the platform (navigation, panels, case types, indicators, seed steps)
    is registered in ``contributions.py``."""

    name = "minzheng.eldercare"
    label = "eldercare"
    verbose_name = "养老服务"
