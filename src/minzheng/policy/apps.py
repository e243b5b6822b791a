from django.apps import AppConfig


class PolicyConfig(AppConfig):
    """政策文件库 (规范性文件 and other policy documents of the bureau). Its navigation, indicators and seed step are
    registered in ``contributions.py``."""

    name = "minzheng.policy"
    label = "policy"
    verbose_name = "政策文件库"
