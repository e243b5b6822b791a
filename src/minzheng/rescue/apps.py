from django.apps import AppConfig


class RescueConfig(AppConfig):
    """救助管理 (assistance to homeless people and beggars at the rescue station). What it adds to the platform
    (its case type, navigation, person-page panel, indicators, seed step) is registered in ``contributions.py``."""

    name = "minzheng.rescue"
    label = "rescue"
    verbose_name = "救助管理"
