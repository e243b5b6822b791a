from django.apps import AppConfig


class GridConfig(AppConfig):
    """Grid governance. What it adds to the spine is registered by ``grid/contributions.py``."""

    name = "minzheng.grid"
    label = "grid"
    verbose_name = "网格化服务管理"
