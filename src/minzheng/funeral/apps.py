from django.apps import AppConfig


class FuneralConfig(AppConfig):
    """殡葬管理. What it adds to the platform (navigation, the person-page panel, indicators, seed step) is
    registered in ``contributions.py``."""

    name = "minzheng.funeral"
    label = "funeral"
    verbose_name = "殡葬管理"
