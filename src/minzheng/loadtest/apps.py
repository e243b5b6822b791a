from django.apps import AppConfig


class LoadtestConfig(AppConfig):
    """``minzheng bench load``: a tool above every domain (it drives the whole site), no models."""

    name = "minzheng.loadtest"
    label = "loadtest"
    verbose_name = "压力测试"
