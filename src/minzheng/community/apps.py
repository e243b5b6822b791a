from django.apps import AppConfig


class CommunityConfig(AppConfig):
    """基层治理与社区建设. What it adds to the platform (navigation, indicators, seed step) is registered in
    ``contributions.py``."""

    name = "minzheng.community"
    label = "community"
    verbose_name = "基层治理与社区建设"
